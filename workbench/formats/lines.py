"""Formats with one untimed segment per non-empty line: plain text and caption scrapes.

Blank lines belong to the block of the line before them (or to the header when
they come first). A segment's text is its line without surrounding whitespace;
a rewritten segment keeps the line's indentation, trailing spaces and ending.
"""

from __future__ import annotations

import re
from typing import ClassVar

from workbench.formats.base import BlockFormat
from workbench.formats.text import content, split_lines
from workbench.model import Segment, SourceBlock, Transcript


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
        header = "".join(lines[:head])
        blocks: list[list[str]] = []
        firsts: list[int] = []
        for number in range(head + 1, body_end + 1):
            line = lines[number - 1]
            if content(line).strip():
                blocks.append([line])
                firsts.append(number)
            elif blocks:
                blocks[-1].append(line)
            else:
                header += line
        segments = tuple(
            Segment.read(
                "".join(block),
                index=index,
                start=None,
                end=None,
                text=content(block[0]).strip(),
                line=number,
            )
            for index, (block, number) in enumerate(zip(blocks, firsts, strict=True))
        )
        return Transcript(
            doc_id=doc_id,
            format=self.name,
            segments=segments,
            header=header,
            footer="".join(lines[body_end:]),
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


_LRC = re.compile(r"\[(?:\d+:\d\d[.:]\d+|(?:ar|ti|al|au|by|length|offset|re|ve):[^\]]*)\]")
"""An LRC lyrics line: ``[mm:ss.xx]`` or an ``[ar:...]``-like tag (``[00:12]`` is a note in prose)."""
_DOCUMENT = re.compile(r"<(?:\?xml|!DOCTYPE|!--|html\b)", re.IGNORECASE)
_OPENING_TAG = re.compile(r"<([A-Za-z][\w:.-]*)[^>]*>")


class PlainText(LineFormat):
    """Plain text: every non-empty line is a segment."""

    name: ClassVar[str] = "txt"
    extensions: ClassVar[tuple[str, ...]] = ("txt", "text")

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Never claimed by content: plain text is what prose no other format claims is."""
        return False

    @classmethod
    def not_prose(cls, text: str, suffix: str) -> str | None:
        """What a file that no format claims is instead of prose; None when it is prose.

        Prose is in a ``.txt`` (or ``.text``) file or one without an extension, and
        is not LRC lyrics, XML or HTML (a first line that opens a tag the file closes).
        """
        first = next((line.strip() for line in text[:4000].split("\n") if line.strip()), "")
        first = first.lstrip("\ufeff")
        if _LRC.match(first):
            return "LRC lyrics"
        tag = _OPENING_TAG.match(first)
        if _DOCUMENT.match(first) or (tag and f"</{tag.group(1)}>" in text):
            return "XML or HTML"
        if suffix.lower() not in ("", ".txt", ".text"):
            return f"no format claims this {suffix} file"
        return None
