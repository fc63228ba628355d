"""Whisper text: ``[HH:MM:SS.mmm --> HH:MM:SS.mmm]   text``, one segment per line.

Blank lines before the first segment are the header; blank lines after a
segment belong to its block, so the last block carries the file's trailing
blank lines. ``MM:SS.mmm`` timestamps (openai-whisper under an hour) are read
too and kept in that style when a segment is rewritten.

A bracket line as Whisper writes it is read by the groups of one regular
expression over the whole text; any other line the general way, which reads
those lines the same (``tests/formats/test_fast_paths.py``).
"""

from __future__ import annotations

import re
from typing import ClassVar

from workbench.errors import FormatError
from workbench.formats.base import (
    HOURS_MS,
    MILLIS,
    MINUTES_MS,
    SECONDS_MS,
    BlockFormat,
    check_clock,
    check_order,
    segments_from_columns,
)
from workbench.formats.text import content
from workbench.model import Segment, SourceBlock, Transcript

# Applied only to the short bracket, never to the whole line, so long lines stay linear.
_BRACKET = re.compile(r"\[\s*(\S+)\s+-->\s+(\S+)\s*\]")
_TIME = re.compile(r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})")
_SNIFF = re.compile(r"\[[^\]\n]{0,60}-->[^\]\n]{0,60}\]")
_LINE = re.compile(
    r"\[(?:([0-9]{2}):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})"
    r" --> (?:([0-9]{2}):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})\][ \t]*([^\n]*)\n?"
    r"|[^\n]+\n?|\n"
)
"""One line. A bracket line as Whisper writes it (two-digit hours or none, ASCII digits,
minutes and seconds in range, one space around the arrow) is read by this pattern's
groups; any other line goes the general way, which reads those lines the same."""
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


def _read_bracket(line_text: str, origin: str, line: int) -> tuple[int, int, str]:
    """Start, end and spoken text of a bracket line (without its line ending)."""
    bracket, _, body = _split(line_text)
    match = _BRACKET.fullmatch(bracket.strip())
    if match is None:
        raise FormatError(
            "expected a timestamp HH:MM:SS.mmm --> HH:MM:SS.mmm in brackets", path=origin, line=line
        )
    start = _parse_time(match.group(1), origin, line)
    end = _parse_time(match.group(2), origin, line)
    check_order(start, end, origin, line)
    return start, end, body.rstrip()


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
        """One segment per bracket line; blank lines attach to the block before them.

        A line that is neither blank nor a bracket line is reported first, wherever it
        is; otherwise the first bracket that does not read. Blocks are kept as offsets
        into ``text``: a segment's raw block runs up to the next bracket line.
        """
        # Column by column (``segments_from_columns``): no tuple per segment to take apart again.
        offsets: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        spokens: list[str] = []
        lines: list[int] = []
        broken: FormatError | None = None
        for number, match in enumerate(_LINE.finditer(text), start=1):
            h1, m1, s1, f1, h2, m2, s2, f2, spoken = match.groups()
            if spoken is not None:
                start = (HOURS_MS[h1] if h1 else 0) + MINUTES_MS[m1] + SECONDS_MS[s1] + MILLIS[f1]
                end = (HOURS_MS[h2] if h2 else 0) + MINUTES_MS[m2] + SECONDS_MS[s2] + MILLIS[f2]
                if end >= start:
                    offsets.append(match.start())
                    starts.append(start)
                    ends.append(end)
                    spokens.append(spoken.rstrip())
                    lines.append(number)
                    continue
            body = content(match.group())
            if not body.strip():
                continue
            if not (body.lstrip().startswith("[") and "]" in body):
                raise FormatError(
                    "expected a line [HH:MM:SS.mmm --> HH:MM:SS.mmm] text",
                    path=origin,
                    line=number,
                )
            try:
                start, end, spoken = _read_bracket(body, origin, number)
            except FormatError as exc:
                # A stray line further down is reported before a bad bracket.
                broken = broken or exc
                continue
            offsets.append(match.start())
            starts.append(start)
            ends.append(end)
            spokens.append(spoken)
            lines.append(number)
        if broken is not None:
            raise broken
        segments = segments_from_columns(
            text, offsets, starts, ends, spokens, [None] * len(offsets), lines
        )
        header = text[: offsets[0]] if offsets else text
        return Transcript(doc_id=doc_id, format=self.name, segments=segments, header=header)

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
