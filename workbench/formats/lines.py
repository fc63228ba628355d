"""Formats with one untimed segment per non-empty line: plain text and caption scrapes.

Blank lines belong to the block of the line before them (or to the header when
they come first). A segment's text is its line without surrounding whitespace;
a rewritten segment keeps the line's indentation, trailing spaces and ending.
"""

from __future__ import annotations

import re
from typing import ClassVar

from workbench.formats.base import BlockFormat, Read, read_segments
from workbench.formats.text import content, split_lines
from workbench.model import Segment, SourceBlock, Transcript

_WORDS = re.compile(r"^[^\S\n]*\S[^\n]*", re.MULTILINE)
"""A line with something on it: the start of a block (blank lines after it join it)."""


class LineFormat(BlockFormat):
    """Untimed text, one segment per non-empty line, between an optional header and footer."""

    timed: ClassVar[bool] = False

    def split_metadata(self, lines: list[str]) -> tuple[int, int]:
        """How many lines at the start are a header and at the end a footer (none here)."""
        return 0, 0

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """Segments from the lines between header and footer."""
        lines = split_lines(text)
        head, foot = self.split_metadata(lines)
        body_end = len(lines) - foot
        begin = sum(map(len, lines[:head]))
        stop = len(text) - sum(map(len, lines[body_end:]))
        offsets: list[int] = []
        found: list[Read] = []
        number, counted = head + 1, begin  # the line at offset `counted`
        for match in _WORDS.finditer(text, begin, stop):
            offset = match.start()
            number += text.count("\n", counted, offset)
            counted = offset
            offsets.append(offset)
            found.append((None, None, match.group().strip(), None, number))
        return Transcript(
            doc_id=doc_id,
            format=self.name,
            segments=read_segments(text, offsets, found, stop),
            # Blank lines before the first segment belong to the header.
            header=text[: offsets[0] if offsets else stop],
            footer=text[stop:],
            header_lines=(1, head) if head else None,
            footer_lines=(body_end + 1, len(lines)) if foot else None,
        )

    def render(self, segment: Segment, source: SourceBlock | None, newline: str) -> str:
        """The text on its own line, in the place and with the spacing of the line it replaces."""
        # One line per segment: the lines of a multi-line cue are joined by spaces.
        text = segment.text.replace("\n", " ")
        if source is None:
            return text + newline
        first = content(source.raw.split("\n", 1)[0])
        indent = first[: len(first) - len(first.lstrip())]
        return indent + text + source.raw[len(first.rstrip()) :]


class PlainText(LineFormat):
    """Plain text: every non-empty line is a segment."""

    name: ClassVar[str] = "txt"
    extensions: ClassVar[tuple[str, ...]] = ("txt", "text")

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Never claimed by content: plain text is what a file is when nothing else fits."""
        return False
