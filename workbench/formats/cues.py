"""Cue files (SRT, WebVTT): the workbench finds each cue's exact block, pysubs2 does the rest.

Blocks are located here (a cue runs from its identifier or timing line up to the
next cue), because writing back unchanged cues byte for byte needs each one's
source text. pysubs2 supplies the timestamp patterns, parses timestamps to
milliseconds and formats them for rewritten cues. Whatever follows a cue's text
up to the next cue (the blank line, a WebVTT ``NOTE`` block) is part of its block.

Most files are nothing but cues in the shape their writers use: such a block is
read by one regular expression (``fast_block_pattern``), and only the runs of
other blocks line by line, so a 100,000-cue file does not cost a Python step per
line. The two ways agree (``tests/formats/test_fast_paths.py``).

Where a timing line stands (a block's first line, or the line after a cue
identifier) a line that looks like one must be one: a broken timing line is an
error, never text silently glued onto the cue before it.

Conversions from other formats are rendered here too, cue by cue, rather than by
pysubs2's writers: those turn a literal ``\\N`` or ``\\h`` in the text into line
breaks and escape nothing, so the file would not read back as the same text.
Each format's ``write_text`` makes cue text safe: empty lines (which would end
the cue) are left out, and a line that would be read as a timing line is escaped
(WebVTT) or refused (SRT).
"""

from __future__ import annotations

import re
from abc import abstractmethod
from typing import ClassVar

from pysubs2.formats.subrip import SubripFormat

from workbench.errors import FormatError
from workbench.formats.base import (
    HOURS_MS,
    MILLIS,
    MINUTES_MS,
    SECONDS_MS,
    BlockFormat,
    Read,
    check_clock,
    check_order,
    read_segments,
)
from workbench.formats.text import content, ending, split_lines
from workbench.model import Segment, SourceBlock, Transcript

_SCAN = 200
"""Characters at the start of a line looked at for timestamps (long lines stay cheap)."""
_STAMP_START = re.compile(r"\s*\d+:\d\d[:.,]\d")
_TWO_STAMPS = re.compile(r"\s*\d+:\d\d[\d:.,]*\s*\S{0,4}\s*\d+:\d\d")


_BLANK_RUN = re.compile(r"(?:^\r?\n)+", re.MULTILINE)
"""Lines with nothing on them: after them a new block starts."""


def fast_block_pattern(stamp: str) -> re.Pattern[str]:
    """The pattern of a cue block in the plain shape, timestamps written as ``stamp``.

    An optional number line, a timing line (one space each side of the arrow, cue
    settings after a space), text lines and the blank lines after them (or the end).
    ``stamp`` has four groups: two-digit hours (may be optional), minutes, seconds and
    three-digit milliseconds, ASCII digits only, minutes and seconds 00-59. Read from
    a block start, such a block is a cue from its first line for every reader here:
    the number line is not a timing line, the timing line is one, and text lines
    without ``-->`` are text.
    """
    return re.compile(
        rf"([0-9]+\r?\n)?{stamp} --> {stamp}(?:[ \t][^\r\n]*)?\r?\n"
        r"((?:(?:[^\r\n]|\r[^\n])[^\n]*\n)*+)(?:(?:\r?\n)++|\Z)"
    )


def _first_words(lines: list[str]) -> int:
    """The index of the first line with words on it (0 when there is none)."""
    if not lines or lines[0].strip():
        return 0  # the usual case, without a generator
    return next((i for i, line in enumerate(lines) if line.strip()), 0)


def _looks_like_timing(line: str) -> bool:
    """Two timestamps with at most a short arrow between them (``00:01,000 -> 00:02,000``)."""
    return _TWO_STAMPS.match(line, 0, _SCAN) is not None


class CueFormat(BlockFormat):
    """A file of cues: optional identifier line, ``start --> end`` line, text lines, blank line."""

    blank_between: ClassVar[bool] = True
    timing: ClassVar[re.Pattern[str]]
    """Matches a whole timing line: start groups, end groups, then cue settings."""
    pysubs2_format: ClassVar[type[SubripFormat]]
    """The pysubs2 format class that parses and formats this format's timestamps."""
    expected: ClassVar[str]
    """How a timing line should look, for error messages."""
    fast_block: ClassVar[re.Pattern[str]]
    """Cue blocks in the plain shape, read at once (see ``fast_block_pattern``)."""
    arrow: ClassVar[re.Pattern[str]] = re.compile("-->")
    """The arrow between a timing line's timestamps (SRT readers accept variants of it)."""
    text_past_blank: ClassVar[bool] = False
    """True when lines after an empty line, up to the next cue, are still the cue's text (SRT)."""
    has_header: ClassVar[bool] = True
    """False when nothing but blank lines may come before the first cue (SRT)."""

    @abstractmethod
    def read_text(self, lines: list[str]) -> tuple[str, str | None]:
        """A cue's text lines as segment text and speaker."""

    @abstractmethod
    def write_text(self, segment: Segment) -> list[str]:
        """A segment's text and speaker as cue text lines that read back as the same text."""

    def _times(self, line: str, origin: str, number: int) -> tuple[int, int, str]:
        match = self.timing.fullmatch(content(line))
        if match is None:
            raise FormatError(f"expected a timing line {self.expected}", path=origin, line=number)
        groups = match.groups()
        half = (len(groups) - 1) // 2
        start = self.stamp_ms(groups[:half], content(line), origin, number)
        end = self.stamp_ms(groups[half:-1], content(line), origin, number)
        check_order(start, end, origin, number)
        return start, end, groups[-1]

    def stamp_ms(self, fields: tuple[str | None, ...], line: str, origin: str, number: int) -> int:
        """One timestamp of a timing line (its groups: hours, minutes, seconds, fraction)."""
        check_clock(fields[1] or "", fields[2] or "", line, origin, number)
        return self.pysubs2_format.timestamp_to_ms([field or "" for field in fields])

    def is_cue_block(self, first_line: str) -> bool:
        """False for a block that is never a cue, by its first line (WebVTT's ``NOTE`` and such)."""
        return True

    def is_id_line(self, line: str) -> bool:
        """True when ``line`` is a cue identifier wherever it stands (SRT's cue numbers)."""
        return False

    def is_timing_in_text(self, line: str) -> bool:
        """True when ``line``, met among a cue's text lines, starts the next cue."""
        return self.arrow.search(line) is not None

    def _timing_lines(self, lines: list[str]) -> list[int]:
        """Indices of the lines that are (or, in a cue's place, try to be) timing lines.

        A block's first line, or its second after an identifier, is where a timing
        line stands: there a line that looks like one counts as one, so that a broken
        timing line is an error (``_times``) instead of text glued onto the cue before.
        """
        timings: list[int] = []
        first: int | None = None  # the current block's first line
        for i, line in enumerate(lines):
            body = content(line)
            if body == "":
                first = None
                continue
            if first is None:
                first = i
            opening = content(lines[first])
            has_timing = bool(timings) and timings[-1] >= first
            arrow = self.arrow.search(body) is not None
            # Where text goes on past empty lines (SRT), "A --> B" opening a block is text.
            opens = self.is_timing_in_text(body) if self.text_past_blank else arrow
            if not self.is_cue_block(opening):
                timing = arrow
            elif not has_timing and i == first:
                timing = opens or _looks_like_timing(body)
            elif not has_timing and i == first + 1:
                timing = (
                    opens
                    or _STAMP_START.match(body, 0, _SCAN) is not None
                    or self.is_id_line(opening)
                )
            else:
                timing = self.is_timing_in_text(body)
            if timing:
                timings.append(i)
        return timings

    def _cue_start(self, lines: list[str], timing: int, previous: int) -> int:
        """Where the cue of the timing line at ``timing`` starts: its identifier, if it has one."""
        before = timing - 1
        if before <= previous or content(lines[before]) == "":
            return timing
        opens_block = before == 0 or content(lines[before - 1]) == ""
        return before if opens_block or self.is_id_line(content(lines[before])) else timing

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """Cues and their blocks; everything before the first cue is the header.

        A block in the plain shape (``fast_block``) is read at once; a run of other
        blocks is read line by line (``_read_lines``). Both start after a blank line,
        where nothing before can change how a line is read, so they agree.
        """
        offsets: list[int] = []
        found: list[Read] = []
        fast = self.fast_block.match
        pos, number, size = 0, 0, len(text)  # number: lines before pos
        odd, odd_number = -1, 0  # where a run of blocks to read line by line began
        while pos < size:
            match = fast(text, pos)
            read = None if match is None else self._read_fast(match, number)
            if match is None or read is None:
                if odd < 0:
                    odd, odd_number = pos, number
                blank = _BLANK_RUN.search(text, pos)
                stop = size if blank is None else blank.end()
            else:
                if odd >= 0:
                    self._read_lines(text, odd, pos, odd_number, origin, offsets, found)
                    odd = -1
                offsets.append(pos)
                found.append(read)
                stop = match.end()
            number += text.count("\n", pos, stop)
            pos = stop
        if odd >= 0:
            self._read_lines(text, odd, size, odd_number, origin, offsets, found)
        header = text[: offsets[0]] if offsets else text
        if not self.has_header and header.strip(" \t\r\n\ufeff"):
            # Words before the first cue would be no segment: speech lost without a word.
            stray = len(header) - len(header.lstrip(" \t\r\n\ufeff"))
            raise FormatError(
                f"expected a cue number or a timing line {self.expected}",
                path=origin,
                line=header.count("\n", 0, stray) + 1,
            )
        return Transcript(
            doc_id=doc_id,
            format=self.name,
            segments=read_segments(text, offsets, found),
            header=header,
        )

    def _read_fast(self, match: re.Match[str], number: int) -> Read | None:
        """A block matched by ``fast_block`` (its first line is line ``number``, from 0).

        None when a text line holds an arrow (it may be a timing line) or the cue ends
        before it starts: such a block is read line by line, which reports the error.
        """
        ident, h1, m1, s1, f1, h2, m2, s2, f2, cue_text = match.groups()
        if "-" in cue_text and self.arrow.search(cue_text):
            return None
        start = (HOURS_MS[h1] if h1 else 0) + MINUTES_MS[m1] + SECONDS_MS[s1] + MILLIS[f1]
        end = (HOURS_MS[h2] if h2 else 0) + MINUTES_MS[m2] + SECONDS_MS[s2] + MILLIS[f2]
        if end < start:
            return None
        # Every text line ends with "\n"; content() drops one "\r" before it.
        cue_lines = cue_text.replace("\r\n", "\n").split("\n")
        cue_lines.pop()
        spoken, speaker = self.read_text(cue_lines)
        first = _first_words(cue_lines)
        timing = number + (ident is not None)
        return start, end, spoken, speaker, timing + 2 + first

    def _read_lines(
        self,
        text: str,
        begin: int,
        stop: int,
        number: int,
        origin: str,
        offsets: list[int],
        found: list[Read],
    ) -> None:
        """The cues of ``text[begin:stop]`` (``number`` lines before it), read line by line."""
        lines = split_lines(text[begin:stop])
        timings = self._timing_lines(lines)
        starts = [
            self._cue_start(lines, t, timings[n - 1] if n else -1) for n, t in enumerate(timings)
        ]
        if self.text_past_blank and found:
            # Lines before this run's first cue follow the last cue read: they are its text.
            self._add_text(found, lines[: starts[0] if starts else len(lines)], number)
        offset, at = begin, 0  # the offset of line `at`
        for index, t in enumerate(timings):
            start, end, _ = self._times(lines[t], origin, number + t + 1)
            block_end = starts[index + 1] if index + 1 < len(starts) else len(lines)
            text_end = self._text_end(lines, t, block_end)
            cue_lines = [content(line) for line in lines[t + 1 : text_end]]
            spoken, speaker = self.read_text(cue_lines)
            first = _first_words(cue_lines)
            offset += sum(map(len, lines[at : starts[index]]))
            at = starts[index]
            offsets.append(offset)
            found.append((start, end, spoken, speaker, number + t + 2 + first))

    def _add_text(self, found: list[Read], lines: list[str], number: int) -> None:
        """Add ``lines`` (the first is line ``number + 1``) to the text of the last cue found."""
        more, _ = self.read_text([content(line) for line in lines])
        if not more:
            return
        start, end, spoken, speaker, line = found[-1]
        if not spoken:
            line = number + 1 + _first_words(lines)
        found[-1] = (start, end, f"{spoken}\n{more}" if spoken else more, speaker, line)

    def _text_end(self, lines: list[str], timing: int, stop: int) -> int:
        """The index after the last text line of the cue timed at ``timing``, before ``stop``.

        The text ends at the first empty line, or, where text goes on past empty
        lines (SRT), at the last line with something on it.
        """
        end = timing + 1
        if self.text_past_blank:
            filled = [i + 1 for i in range(end, stop) if content(lines[i]) != ""]
            return filled[-1] if filled else end
        while end < stop and content(lines[end]) != "":
            end += 1
        return end

    def text_line_numbers(self, segment: Segment) -> tuple[int, ...]:
        """The 1-based file line of each line of ``segment.text``, as read from its block.

        A cue line that reads as nothing (blank, or only markup) has no text line, so
        the text's lines need not be consecutive file lines. A segment not read from
        a file (or since changed) is taken to have consecutive lines from ``line``.
        """
        first = segment.line or 0
        source = segment.source
        count = segment.text.count("\n") + 1
        if source is None or not segment.unchanged:
            return tuple(range(first, first + count))
        lines = [content(line) for line in split_lines(source.raw)]
        timing = next((i for i, line in enumerate(lines) if self.arrow.search(line)), -1)
        end = self._text_end(lines, timing, len(lines))
        spoken = [i for i in range(timing + 1, end) if self.read_text([lines[i]])[0]]
        if len(spoken) != count:
            return tuple(range(first, first + count))
        return tuple(first + i - spoken[0] for i in spoken)

    def timing_line(self, segment: Segment, settings: str = "") -> str:
        """``start --> end`` (plus cue settings) for a segment."""
        assert segment.start is not None and segment.end is not None
        to_stamp = self.pysubs2_format.ms_to_timestamp
        return f"{to_stamp(segment.start)} --> {to_stamp(segment.end)}{settings}"

    def render(self, segment: Segment, source: SourceBlock | None, newline: str) -> str:
        """A cue; a rewritten one keeps its identifier, cue settings and what follows its text."""
        body = newline.join(self.write_text(segment))
        if source is None:
            return f"{self.fresh_id(segment, newline)}{self.timing_line(segment)}{newline}{body}{newline}{newline}"
        lines = split_lines(source.raw)
        t = next(i for i, line in enumerate(lines) if self.arrow.search(line))
        timing = lines[t]
        if (segment.start, segment.end) != (source.start, source.end):
            settings = self.timing.fullmatch(content(timing))
            assert settings is not None
            timing = self.timing_line(segment, settings.groups()[-1]) + ending(timing)
        end = self._text_end(lines, t, len(lines))
        last_ending = ending(lines[end - 1]) if end > t + 1 else newline
        return "".join(lines[:t]) + timing + body + last_ending + "".join(lines[end:])

    def fresh_id(self, segment: Segment, newline: str) -> str:
        """The identifier line of a new cue (none by default)."""
        return ""
