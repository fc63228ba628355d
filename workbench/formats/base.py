"""The base classes of a transcript format.

To add a format: write one module in ``workbench/formats/`` with a subclass of
``Format`` (set ``name``, ``extensions``, ``timed``; implement ``sniff``,
``parse`` and ``dumps``), then add one line to ``FORMATS`` in
``workbench/formats/__init__.py``. A format whose file is a header, one block
of text per segment and a footer subclasses ``BlockFormat`` instead and
implements ``render`` (one segment's block) rather than ``dumps``. Formats turn
strings into transcripts and back; only ``load``/``save`` in ``__init__`` touch
paths.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from itertools import count, repeat
from typing import ClassVar

from workbench.errors import FormatError
from workbench.model import Segment, SourceBlock, Transcript


class Format(ABC):
    """One transcript format: a reader and a byte-preserving writer."""

    name: ClassVar[str]
    """The registered name (``whisper``, ``srt``, ...), as used by ``--to``."""
    extensions: ClassVar[tuple[str, ...]]
    """File name endings, without the dot; the first is used when writing."""
    timed: ClassVar[bool] = True
    """False for formats that carry no times (caption scrapes, plain text)."""
    convertible: ClassVar[bool] = True
    """False for formats written only for a document read from one (a recogniser's JSON)."""
    speakers: ClassVar[bool] = False
    """True when the format has a place for a segment's speaker (a voice tag, a field)."""

    @classmethod
    @abstractmethod
    def sniff(cls, text: str) -> bool:
        """True when ``text`` looks like this format (content, not file name)."""

    @abstractmethod
    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """Read a whole file's decoded text; ``origin`` names the file in errors."""

    @abstractmethod
    def dumps(self, transcript: Transcript) -> str:
        """Write a transcript: unchanged segments of this format keep their bytes."""

    @classmethod
    def plain_text(cls, text: str) -> str:
        """A segment's text without this format's markup: what a conversion carries."""
        return text

    def metadata(self, transcript: Transcript) -> dict[str, str]:
        """What the file says about the recording outside its segments (a scrape's
        title, video id, date), for the JSON export; none by default."""
        return {}

    def check_read_back(self, transcript: Transcript, text: str) -> None:
        """Refuse ``text``, written from ``transcript``, where reading the whole file would
        give its segments back otherwise (plain text's speaker labels); nothing here."""

    def renumbered(self, transcript: Transcript) -> Transcript:
        """The transcript with its blocks numbered afresh after a split or merge, for a
        format that numbers them (SRT); as it is here."""
        return transcript


class BlockFormat(Format):
    """A format whose file is a header, one block per segment, and a footer."""

    blank_between: ClassVar[bool] = False
    """True when blocks are separated by an empty line (SRT, WebVTT)."""

    def dumps(self, transcript: Transcript) -> str:
        """Unchanged segments of this format as their source blocks; others rendered anew."""
        own = transcript.format == self.name
        newline = transcript.newline if own else "\n"
        # A transcript made by the tool has no header; the format may need one (WEBVTT).
        parts = [transcript.header if own and transcript.header else self.fresh_header(newline)]
        for segment in transcript.segments:
            source = segment.source if own else None
            if source is not None and segment.unchanged:
                block = source.raw
            else:
                block = self.render(segment, source, newline)
                parts[-1] = self._separated(parts[-1], newline)
            parts.append(block)
        parts.append(transcript.footer if own else "")
        return "".join(parts)

    def _separated(self, before: str, newline: str) -> str:
        """``before`` ended so that a new block can follow (it may have ended the file)."""
        if before and not before.endswith("\n"):
            before += newline
        if self.blank_between and before and not before.endswith(("\n\n", "\n\r\n")):
            before += newline
        return before

    def fresh_header(self, newline: str) -> str:
        """What a file of this format starts with when written from another format."""
        return ""

    @abstractmethod
    def render(self, segment: Segment, source: SourceBlock | None, newline: str) -> str:
        """One segment's block, in the style of ``source`` (the block it replaces) if any."""


def _to_ms(count: int, width: int, unit: int) -> dict[str, int]:
    """Zero-padded numbers below ``count``, ``width`` digits, to ``unit`` times their value."""
    return {f"{n:0{width}d}": n * unit for n in range(count)}


# A timestamp in the plain shape (ASCII digits, minutes and seconds 00-59) is read with four
# look-ups: on a 100,000-segment file, int() of each field was the largest cost after the regex.
HOURS_MS = _to_ms(100, 2, 3_600_000)
"""Two-digit hours (``"00"``-``"99"``) in milliseconds."""
MINUTES_MS = _to_ms(60, 2, 60_000)
"""Two-digit minutes (``"00"``-``"59"``) in milliseconds."""
SECONDS_MS = _to_ms(60, 2, 1000)
"""Two-digit seconds (``"00"``-``"59"``) in milliseconds."""
MILLIS = _to_ms(1000, 3, 1)
"""Three-digit milliseconds (``"000"``-``"999"``)."""

Read = tuple[int | None, int | None, str, str | None, int]
"""What a reader found in one block: start, end, text, speaker and 1-based line."""


def read_segments(text: str, offsets: list[int], found: Sequence[Read]) -> tuple[Segment, ...]:
    """Segments whose blocks run from each offset in ``text`` to the next (the last to the
    end), from what a reader found in each block (``segments_from_columns``, column by column)."""
    if len(offsets) != len(found):
        raise ValueError(f"{len(offsets)} offsets for {len(found)} segments")
    if not offsets:
        return ()
    starts, ends, spoken, speakers, lines = zip(*found, strict=True)
    return segments_from_columns(text, offsets, starts, ends, spoken, speakers, lines)


def segments_from_columns(
    text: str,
    offsets: list[int],
    starts: Sequence[int | None],
    ends: Sequence[int | None],
    spoken: Sequence[str],
    speakers: Sequence[str | None],
    lines: Sequence[int],
) -> tuple[Segment, ...]:
    """Segments whose blocks run from each offset in ``text`` to the next (the last to the
    end), with these starts, ends, texts, speakers and lines (one of each per offset).

    Readers keep offsets rather than build each block's text: slicing the file once
    per segment is cheaper than joining its lines. The segments and their source
    blocks are built column by column, without a Python call each (``Segment.built``).
    """
    if not offsets:
        return ()
    stops = offsets[1:]
    stops.append(len(text))
    raws = map(text.__getitem__, map(slice, offsets, stops))
    blocks = map(
        tuple.__new__,
        repeat(SourceBlock),
        zip(raws, spoken, starts, ends, speakers, repeat(())),
    )
    return tuple(Segment.built(count(), starts, ends, spoken, speakers, lines, blocks))


def check_order(start: int, end: int, origin: str, line: int | None) -> None:
    """Refuse a segment that ends before it starts."""
    if end < start:
        raise FormatError(
            f"end time {end} ms is before start time {start} ms; expected end >= start",
            path=origin,
            line=line,
        )


def check_clock(minutes: str, seconds: str, stamp: str, origin: str, line: int) -> None:
    """Refuse a timestamp whose minutes or seconds are 60 or more (``00:99:03.000``)."""
    if int(minutes) >= 60 or int(seconds) >= 60:
        raise FormatError(
            f"timestamp {stamp.strip()[:40]!r} is out of range; expected minutes and seconds 00-59",
            path=origin,
            line=line,
        )


_log = logging.getLogger(__name__)


def clamped_negative(stamp: str, origin: str, line: int | None) -> int:
    """0 for a negative timestamp, with a warning naming file and line (SRT, ASS, MPL2)."""
    where = origin if line is None else f"{origin}:{line}"
    _log.warning("%s: warning: negative time in %r read as 0", where, stamp.strip()[:60])
    return 0


def cannot_hold(segment: Segment, format_name: str, why: str) -> FormatError:
    """The error for a segment text that a format cannot write so that it reads back the same."""
    return FormatError(
        f"segment {segment.index} cannot be written as {format_name}: {why}; "
        "expected text the format can hold"
    )
