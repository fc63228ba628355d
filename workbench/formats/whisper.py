"""Whisper text: ``[HH:MM:SS.mmm --> HH:MM:SS.mmm]   text``, one segment per line.

Blank lines before the first segment are the header; blank lines after a
segment belong to its block, so the last block carries the file's trailing
blank lines. ``MM:SS.mmm`` timestamps (openai-whisper under an hour) are read
too and kept in that style when a segment is rewritten.
"""

from __future__ import annotations

import re
from typing import ClassVar

from workbench.errors import FormatError
from workbench.formats.base import BlockFormat, check_clock, check_order
from workbench.formats.text import content, split_lines
from workbench.model import Segment, SourceBlock, Transcript

# Applied only to the short bracket, never to the whole line, so long lines stay linear.
_BRACKET = re.compile(r"\[\s*(\S+)\s+-->\s+(\S+)\s*\]")
_TIME = re.compile(r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})")
_SNIFF = re.compile(r"\[[^\]\n]{0,60}-->[^\]\n]{0,60}\]")
_GAP = "   "


def _parse_time(stamp: str, origin: str, line: int) -> int:
    match = _TIME.fullmatch(stamp)
    if match is None:
        raise FormatError(
            f"expected a timestamp HH:MM:SS.mmm, found {stamp[:40]!r}", path=origin, line=line
        )
    hours, minutes, seconds, millis = match.groups()
    check_clock(minutes, seconds, stamp, origin, line)
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def format_time(ms: int, hours: bool = True) -> str:
    """``HH:MM:SS.mmm`` (or ``MM:SS.mmm`` when ``hours`` is false and it fits)."""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hour, minutes = divmod(minutes, 60)
    if hours or hour:
        return f"{hour:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{minutes:02d}:{seconds:02d}.{millis:03d}"


def _split(line_text: str) -> tuple[str, str, str]:
    """A bracket line's bracket, the spaces after it, and the rest."""
    close = line_text.index("]") + 1
    rest = line_text[close:]
    body = rest.lstrip(" \t")
    return line_text[:close], rest[: len(rest) - len(body)], body


class Whisper(BlockFormat):
    """Whisper's bracketed text output."""

    name: ClassVar[str] = "whisper"
    extensions: ClassVar[tuple[str, ...]] = ("txt",)

    @classmethod
    def sniff(cls, text: str) -> bool:
        """The first non-blank line starts with a ``[... --> ...]`` bracket."""
        first = text.lstrip()[:200]
        return _SNIFF.match(first) is not None

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """One segment per bracket line; blank lines attach to the block before them."""
        lines = split_lines(text)
        header: list[str] = []
        blocks: list[list[str]] = []
        firsts: list[int] = []
        for number, line in enumerate(lines, start=1):
            body = content(line)
            if not body.strip():
                (blocks[-1] if blocks else header).append(line)
            elif body.lstrip().startswith("[") and "]" in body:
                blocks.append([line])
                firsts.append(number)
            else:
                raise FormatError(
                    "expected a line [HH:MM:SS.mmm --> HH:MM:SS.mmm] text",
                    path=origin,
                    line=number,
                )
        segments = []
        for index, (block, number) in enumerate(zip(blocks, firsts, strict=True)):
            bracket, _, body = _split(content(block[0]))
            match = _BRACKET.fullmatch(bracket.strip())
            if match is None:
                raise FormatError(
                    "expected a timestamp HH:MM:SS.mmm --> HH:MM:SS.mmm in brackets",
                    path=origin,
                    line=number,
                )
            start = _parse_time(match.group(1), origin, number)
            end = _parse_time(match.group(2), origin, number)
            check_order(start, end, origin, number)
            spoken = body.rstrip()
            raw = "".join(block)
            segments.append(
                Segment.read(raw, index=index, start=start, end=end, text=spoken, line=number)
            )
        return Transcript(
            doc_id=doc_id, format=self.name, segments=tuple(segments), header="".join(header)
        )

    def render(self, segment: Segment, source: SourceBlock | None, newline: str) -> str:
        """A bracket line; a rewritten segment keeps its spacing, time style and line end."""
        assert segment.start is not None and segment.end is not None
        # One line per segment: the lines of a multi-line cue are joined by spaces.
        text = segment.text.replace("\n", " ")
        if source is None:
            return f"[{format_time(segment.start)} --> {format_time(segment.end)}]{_GAP}{text}{newline}"
        first = source.raw.split("\n", 1)[0].removesuffix("\r")
        bracket, gap, body = _split(first)
        if (segment.start, segment.end) != (source.start, source.end):
            hours = bracket.count(":") >= 4
            bracket = f"[{format_time(segment.start, hours)} --> {format_time(segment.end, hours)}]"
        # Everything after the spoken text (trailing spaces, line end, blank lines) stays.
        tail = source.raw[len(first) - (len(body) - len(body.rstrip())) :]
        return f"{bracket}{gap}{text}{tail}"
