"""SubRip (SRT): numbered cues, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``, text lines, blank line.

SRT has no speakers. Cue text is kept as written (``<i>`` tags included), so an
unchanged cue keeps its bytes and a fixed one its tags; converted to another
format the text is plain: HTML-like tags and ``{\\an8}``-like override blocks
are dropped, as pysubs2 drops them when it reads SRT.

Timing lines are read as the ``srt`` library reads them: the arrow may be
written ``-->``, ``- >`` or ``-- >`` (spaces around it or not), the parts of a
timestamp may be separated by ``,``, ``.``, ``:`` or their full-width forms
(``，．。：``), and the fraction may be missing or shorter than three digits (it is
a fraction of a second, as pysubs2 reads it). A negative timestamp
(``-00:00:01,000``) is read as 0, with a warning naming the line. Any other
timing line that is not one of these is an error naming its line; a file whose
first lines hold one is never taken for plain text.

Nothing but blank lines may come before the first cue (as for the ``srt``
library): words there are an error naming their line, never a silent header.

Lines after an empty line inside a cue, up to the next cue (a cue number and
timing line), are still the cue's text, as ``srt`` and pysubs2 read them: rules
see them and conversions keep them. Unchanged, the cue keeps its bytes,
empty line and all; rewritten, its empty lines are left out.

SRT has no escapes: a text line such as ``A --> B`` is written as it is (SRT
readers, ours, pysubs2's, ffmpeg's and VLC's, take only a line of timestamps for
a timing line), but a text line that starts with a timestamp and holds ``-->``,
or holds two timestamps, would be read as a new cue and is refused when writing.
"""

from __future__ import annotations

import re
from typing import ClassVar

from pysubs2.formats.subrip import SubripFormat

from workbench.formats.base import cannot_hold, check_clock, clamped_negative
from workbench.formats.cues import CueFormat, fast_block_pattern
from workbench.formats.text import split_lines
from workbench.model import Segment, SourceBlock, Transcript

_SEP = "[,.:，．。：]"
_TS = rf"(-?)([0-9]+){_SEP}([0-9]+){_SEP}([0-9]+)(?:{_SEP}([0-9]{{0,3}}))?"
"""A timestamp as the ``srt`` library takes it (groups: sign, hours, minutes, seconds, fraction)."""
_LOOSE_TIMING = re.compile(r"\s*-?\d+[:：]\d+\S*\s*(?:-->|[-－=]+\s*[>＞]\s*-?\d+[:：]\d+)")
"""Something like a timing line (a timestamp, then ``-->`` or another arrow and a timestamp):
a file with one near its top is SRT, read or refused, never plain text."""
_NUMBERED_CUE = re.compile(
    r"^[ \t]*[0-9]+[ \t]*\r?\n[ \t]*-?[0-9]+[:：][0-9]+[:：][0-9]+\S*[ \t]+\S", re.MULTILINE
)
"""A cue number, then a line that starts with a timestamp: SRT, whatever its arrow."""
_STAMP = re.compile(r"\s*-?\d+[:：]\d")
# pysubs2's pattern for the HTML tags of SRT, and ASS override blocks (some SRT files use them).
_MARKUP = re.compile(r"< */? *[a-zA-Z][^>]*>|\{\\[^}]*\}")


class Srt(CueFormat):
    """SubRip subtitles; a rewritten cue keeps its number unless ``renumbered``."""

    name: ClassVar[str] = "srt"
    extensions: ClassVar[tuple[str, ...]] = ("srt",)
    timing = re.compile(rf"\s*{_TS} *-[ -] *> *{_TS}((?:\s.*)?)")
    pysubs2_format = SubripFormat
    expected = "HH:MM:SS,mmm --> HH:MM:SS,mmm"
    fast_block = fast_block_pattern(r"([0-9]{2}):([0-5][0-9]):([0-5][0-9]),([0-9]{3})")
    arrow = re.compile("-[ -] *>")
    text_past_blank = True
    has_header = False

    @classmethod
    def sniff(cls, text: str) -> bool:
        """Something like a timing line among the first lines, and no ``WEBVTT`` or bracket lines."""
        if text.lstrip().startswith(("WEBVTT", "[")):
            return False
        # Loose on purpose: a malformed timing line should be reported as SRT, not read as text.
        top = text[:2000]
        return (
            any(_LOOSE_TIMING.match(line) for line in split_lines(top)[:8])
            or _NUMBERED_CUE.search(top) is not None
        )

    def stamp_ms(self, fields: tuple[str | None, ...], line: str, origin: str, number: int) -> int:
        """A timestamp in milliseconds; a negative one is read as 0, with a warning."""
        sign, hours, minutes, seconds, fraction = (field or "" for field in fields)
        check_clock(minutes, seconds, line, origin, number)
        if sign:
            return clamped_negative(line, origin, number)
        millis = int(fraction.ljust(3, "0"))
        return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis

    def is_id_line(self, line: str) -> bool:
        """A cue number: the line after it must be a timing line."""
        return line.strip().isdigit()

    def is_timing_in_text(self, line: str) -> bool:
        """A line among cue text starts a new cue only if it begins with a timestamp.

        ``A --> B`` is text (as for pysubs2, ffmpeg and VLC, which look for timestamps).
        """
        return self.arrow.search(line) is not None and _STAMP.match(line, 0, 200) is not None

    def read_text(self, lines: list[str]) -> tuple[str, str | None]:
        """The cue's lines, stripped, without empty ones."""
        return "\n".join(filter(None, map(str.strip, lines))), None

    def write_text(self, segment: Segment) -> list[str]:
        """The segment's non-empty lines (SRT has no speaker field); timing-like lines refused."""
        lines = [line for line in segment.text.split("\n") if line.strip()]
        for line in lines:
            # pysubs2 takes any line with two timestamps for a timing line.
            if self.is_timing_in_text(line) or len(SubripFormat.TIMESTAMP.findall(line)) >= 2:
                raise cannot_hold(
                    segment, self.name, f"{line[:60]!r} would be read as a timing line"
                )
        return lines

    @classmethod
    def plain_text(cls, text: str) -> str:
        """The text without ``<i>``-like tags and ``{\\an8}``-like override blocks."""
        lines = _MARKUP.sub("", text).split("\n")
        return "\n".join(line.strip() for line in lines if line.strip())

    def renumbered(self, transcript: Transcript) -> Transcript:
        """Cues numbered 1, 2, 3… when a change left them otherwise (a split cue's halves
        share a number, a merge leaves a gap); an unchanged file keeps its numbers.

        Only the number line of a cue changes: an unchanged cue keeps its other bytes.
        """
        segments = transcript.segments
        sources = [seg.source for seg in segments]
        if all(seg.unchanged for seg in segments) and len(set(map(id, sources))) == len(sources):
            return transcript
        numbered = [self._number(seg.source) for seg in segments]
        if numbered == list(range(1, len(segments) + 1)):
            return transcript
        made = []
        for seg, number in zip(segments, numbered, strict=True):
            source = seg.source
            if source is not None and number is not None and number != seg.index + 1:
                first, rest = source.raw.split("\n", 1)
                raw = first.replace(str(number), str(seg.index + 1), 1) + "\n" + rest
                seg = seg._replace(source=source._replace(raw=raw))
            made.append(seg)
        return transcript.changed(segments=tuple(made))

    def _number(self, source: SourceBlock | None) -> int | None:
        """The cue number a block starts with (None for a new cue, or one without)."""
        if source is None:
            return None
        first = source.raw.split("\n", 1)[0]
        return int(first.strip()) if self.is_id_line(first) else None

    def fresh_id(self, segment: Segment, newline: str) -> str:
        """A new cue is numbered by its position."""
        return f"{segment.index + 1}{newline}"
