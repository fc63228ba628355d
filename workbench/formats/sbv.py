"""YouTube SBV captions: a ``H:MM:SS.mmm,H:MM:SS.mmm`` line, text lines, a blank line.

SBV (SubViewer as YouTube writes it) has no cue numbers, no speakers and no
markup: a cue is its timing line and the text lines up to the next blank (empty
or whitespace-only) line. Segment text is those lines stripped (YouTube ends
many with a no-break space), joined with ``\\n``. Everything after a cue's
text up to the next cue (the blank lines) is part of its block, so an unchanged
file is given back byte for byte.

Every block must start with a timing line: a line of text after a blank line
is not glued onto the cue before it (SBV has no way to hold an empty line in a
cue), it is an error naming its line. Written, a cue's empty lines are left out
so that it reads back as the same text.
"""

from __future__ import annotations

import re
from typing import ClassVar

from workbench.errors import FormatError
from workbench.formats.base import BlockFormat, check_clock, check_order
from workbench.formats.text import content, ending, split_lines
from workbench.model import Segment, SourceBlock, Transcript

_STAMP = r"([0-9]+):([0-9]{2}):([0-9]{2})\.([0-9]{3})"
_TIMING = re.compile(rf"\s*{_STAMP},{_STAMP}\s*")
_SNIFF = re.compile(r"\s*\d+:\d\d:\d\d\.\d+\s*,\s*\d+:\d\d:\d\d\.\d+\s*$")
"""A timing line as the first line: loose, so that a bad one is reported as SBV, not read as text."""
_EXPECTED = "expected a timing line H:MM:SS.mmm,H:MM:SS.mmm"


def format_time(ms: int) -> str:
    """``H:MM:SS.mmm``, as YouTube writes it."""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _times(line: str, origin: str, number: int) -> tuple[int, int]:
    """Start and end of a timing line, in milliseconds."""
    match = _TIMING.fullmatch(content(line))
    if match is None:
        raise FormatError(_EXPECTED, path=origin, line=number)
    h1, m1, s1, f1, h2, m2, s2, f2 = match.groups()
    check_clock(m1, s1, content(line), origin, number)
    check_clock(m2, s2, content(line), origin, number)
    start = ((int(h1) * 60 + int(m1)) * 60 + int(s1)) * 1000 + int(f1)
    end = ((int(h2) * 60 + int(m2)) * 60 + int(s2)) * 1000 + int(f2)
    check_order(start, end, origin, number)
    return start, end


class Sbv(BlockFormat):
    """YouTube SBV captions."""

    name: ClassVar[str] = "sbv"
    extensions: ClassVar[tuple[str, ...]] = ("sbv",)
    blank_between: ClassVar[bool] = True

    @classmethod
    def sniff(cls, text: str) -> bool:
        """The first non-blank line is an SBV timing line."""
        first = content(split_lines(text.lstrip("\ufeff \t\r\n")[:200])[0]) if text.strip() else ""
        return _SNIFF.match(first) is not None

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """One segment per cue; blank lines before the first cue are the header."""
        lines = split_lines(text)
        filled = [bool(content(line).strip()) for line in lines]
        starts = [i for i, full in enumerate(filled) if full and (i == 0 or not filled[i - 1])]
        header = "".join(lines[: starts[0]] if starts else lines)
        segments = []
        for index, first in enumerate(starts):
            start, end = _times(lines[first], origin, first + 1)
            stop = starts[index + 1] if index + 1 < len(starts) else len(lines)
            text_end = first + 1
            while text_end < stop and filled[text_end]:
                text_end += 1
            cue = [content(line).strip() for line in lines[first + 1 : text_end]]
            spoken = "\n".join(filter(None, cue))
            words = next((n for n, line in enumerate(cue) if line), 0)
            segments.append(
                Segment.read(
                    "".join(lines[first:stop]),
                    index=index,
                    start=start,
                    end=end,
                    text=spoken,
                    line=first + 2 + words,
                )
            )
        return Transcript(doc_id=doc_id, format=self.name, segments=tuple(segments), header=header)

    def render(self, segment: Segment, source: SourceBlock | None, newline: str) -> str:
        """A cue; a rewritten one keeps its timing line if the times did not change, and its blank lines."""
        assert segment.start is not None and segment.end is not None
        timing = f"{format_time(segment.start)},{format_time(segment.end)}"
        body = [line for line in segment.text.split("\n") if line.strip()]
        if source is None:
            return newline.join([timing, *body]) + newline + newline
        lines = split_lines(source.raw)
        if (segment.start, segment.end) == (source.start, source.end):
            timing = content(lines[0])
        text_end = 1
        while text_end < len(lines) and content(lines[text_end]).strip():
            text_end += 1
        last = ending(lines[text_end - 1]) or newline
        return newline.join([timing, *body]) + last + "".join(lines[text_end:])
