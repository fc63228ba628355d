"""Formats with one untimed segment per non-empty line: plain text and caption scrapes.

Blank lines belong to the block of the line before them (or to the header when
they come first). A segment's text is its line without surrounding whitespace;
a rewritten segment keeps the line's indentation, trailing spaces and ending.
"""

from __future__ import annotations

import re
from typing import ClassVar

from workbench.formats.base import BlockFormat, cannot_hold
from workbench.formats.speakers import label, labelled, split_label
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
        spoken = self.read_speakers([content(block[0]).strip() for block in blocks])
        segments = tuple(
            Segment.read(
                "".join(block),
                index=index,
                start=None,
                end=None,
                text=text,
                speaker=speaker,
                line=number,
            )
            for index, (block, number, (speaker, text)) in enumerate(
                zip(blocks, firsts, spoken, strict=True)
            )
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

    def read_speakers(self, lines: list[str]) -> list[tuple[str | None, str]]:
        """Each stripped line's speaker and text (no speakers here)."""
        return [(None, line) for line in lines]

    def line_text(self, segment: Segment, source: SourceBlock | None) -> str:
        """What a segment's line says (no speaker here)."""
        return segment.text

    def render(self, segment: Segment, source: SourceBlock | None, newline: str) -> str:
        """The text on its own line, in the place and with the spacing of the line it replaces."""
        # One line per segment: the lines of a multi-line cue are joined by spaces.
        text = self.line_text(segment, source).replace("\n", " ")
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

    def read_speakers(self, lines: list[str]) -> list[tuple[str | None, str]]:
        """Speakers from ``Name:`` labels when the file is labelled (see ``speakers``);
        a line without a label goes on with the speaker before it."""
        if not labelled(lines):
            return super().read_speakers(lines)
        read: list[tuple[str | None, str]] = []
        speaker: str | None = None
        for line in lines:
            name, text = split_label(line)
            speaker = name or speaker
            read.append((speaker, text))
        return read

    def line_text(self, segment: Segment, source: SourceBlock | None) -> str:
        """The text, opened with its speaker's label where the line had one, or where the
        speaker was changed; a line without one, and a new line, have none (plain text
        has no speaker field: ``publish --speakers prefix`` writes labels)."""
        if source is None or not segment.speaker:
            return segment.text
        had_label = split_label(source.raw.lstrip())[0] is not None
        if had_label or segment.speaker != source.speaker:
            return label(segment.speaker, segment.text)
        return segment.text

    def check_read_back(self, transcript: Transcript, text: str) -> None:
        """Refuse a written file that would read back labelled otherwise than ``transcript``
        says: a line ``Kind: captions`` of a segment without a speaker would become words
        of speaker ``Kind`` (plain text has no escape for it)."""
        first = next((line.strip() for line in text.split("\n", 64)[:64] if line.strip()), "")
        if split_label(first)[0] is None:
            return  # the usual case, decided without reading the whole file again
        lines = [content(line).strip() for line in split_lines(text) if content(line).strip()]
        if len(lines) != len(transcript.segments) or not labelled(lines):
            return
        for segment, (speaker, said) in zip(
            transcript.segments, self.read_speakers(lines), strict=True
        ):
            if (speaker, said) != (segment.speaker, segment.text.replace("\n", " ").strip()):
                raise cannot_hold(
                    segment,
                    self.name,
                    f"{said[:40]!r} would be read as words of speaker {speaker!r} "
                    "(publish --speakers prefix writes speakers as labels)",
                )

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
