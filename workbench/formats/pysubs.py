"""Subtitle formats that pysubs2 reads whole: MicroDVD, MPL2, TMP, SAMI and TTML.

pysubs2 parses these; the workbench adds what a reviewer needs around it:

- Recognised by content: MicroDVD's ``{start}{end}`` and MPL2's ``[start][end]``
  and TMP's ``H:MM:SS:`` at the start of the first line, SAMI's ``<SAMI>`` and
  TTML's namespace at the top of the file. In the line formats every line
  that is not blank must be such a line: pysubs2 skips the others, and a
  skipped line would be speech lost without a word, so it is an error naming
  its line. Segments of a line format point at their lines; SAMI and TTML
  segments have no line (as JSON's).
- Text is pysubs2's plain text: tags and styles dropped, line breaks kept.
  These formats have no speakers. An empty event (SAMI's ``&nbsp;`` that
  clears the screen) is no segment; a negative time (MPL2) is read as 0 with a
  warning, as in SRT.
- MicroDVD counts frames: a file must declare its frame rate in its first line
  (``{1}{1}23.976``), as pysubs2 requires; one without it is refused rather
  than timed by a guess. TMP gives start times only; its end times are
  pysubs2's estimate (from the text's length), so only starts are compared.
- Written by pysubs2. An unchanged file is its exact bytes; a changed one (or
  another format converted) is written whole by pysubs2 and read again, and
  refused naming the first segment that would not read back the same (a
  ``|`` in MicroDVD text, a time between MPL2's tenths of a second) or a file
  that would not be recognised. pysubs2 has no SAMI writer, so a changed SAMI
  document is refused; only a MicroDVD source has a frame rate, so nothing
  else is converted to MicroDVD.
"""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, ClassVar

import pysubs2
from pysubs2.exceptions import Pysubs2Error
from pysubs2.formats.microdvd import MICRODVD_LINE
from pysubs2.formats.mpl2 import MPL2_FORMAT
from pysubs2.formats.tmp import TMP_LINE

from workbench.errors import FormatError
from workbench.formats.base import Format, cannot_hold, clamped_negative
from workbench.formats.text import content, split_lines
from workbench.model import Segment, Transcript

# What pysubs2's readers raise on a file they cannot read.
_UNREADABLE = (Pysubs2Error, ValueError, KeyError, NotImplementedError, ET.ParseError)


@dataclass(frozen=True, slots=True)
class _Source:
    """A file as read: its text, how many segments it gave and its frame rate."""

    text: str
    count: int
    fps: float | None


def _first_line(text: str) -> str:
    """The first line that is not blank, stripped."""
    for line in split_lines(text[:4000]):
        if content(line).strip():
            return content(line).strip().lstrip("\ufeff")
    return ""


class Pysubs2Format(Format):
    """A subtitle format read (and written) whole by pysubs2."""

    pysubs2_name: ClassVar[str]
    """pysubs2's identifier of the format."""
    line: ClassVar[re.Pattern[str] | None] = None
    """For a format of one subtitle per line: what each non-blank line must match."""
    expected: ClassVar[str] = ""
    """How a line should look, for error messages."""
    keeps_end: ClassVar[bool] = True
    """False where the file has no end times (TMP): they are not compared when writing."""
    declaration: ClassVar[re.Pattern[str] | None] = None
    """A first line that must declare something (MicroDVD's frame rate) rather than be a subtitle."""
    declares: ClassVar[str] = ""
    """What ``declaration`` declares, for error messages."""

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """Segments from pysubs2's events, in file order."""
        numbers = self._lines(text, origin)
        try:
            subs = pysubs2.SSAFile.from_string(text, format_=self.pysubs2_name)
        except _UNREADABLE as exc:
            raise FormatError(
                f"cannot be read as {self.name}: {exc}; expected a {self.name} file", path=origin
            ) from None
        # An empty event is a clear-screen marker (SAMI's &nbsp;), not speech.
        events = [e for e in subs.events if not e.is_comment and e.plaintext.strip()]
        if numbers is not None and len(numbers) != len(events):
            numbers = None  # lines and events do not pair up: better no line than a wrong one
        segments = []
        for index, event in enumerate(events):
            line = numbers[index] if numbers is not None else None
            start, end = (
                ms if ms >= 0 else clamped_negative(f"{ms} ms", origin, line)
                for ms in (event.start, event.end)
            )
            segments.append(
                Segment.read(
                    event.text,
                    index=index,
                    start=start,
                    end=end,
                    text=_plain(event.plaintext),
                    line=line,
                )
            )
        return Transcript(
            doc_id=doc_id,
            format=self.name,
            segments=tuple(segments),
            extra=_Source(text, len(segments), subs.fps),
        )

    def _lines(self, text: str, origin: str) -> list[int] | None:
        """The numbers of the subtitle lines of a line format; an error for any other line."""
        if self.line is None:
            return None
        numbers = []
        for number, line in enumerate(split_lines(text), start=1):
            body = content(line).strip().lstrip("\ufeff")
            if not body:
                continue
            if self.line.match(body) is None:
                raise FormatError(f"expected a line {self.expected}", path=origin, line=number)
            numbers.append(number)
        if self.declaration is not None:
            first = _first_line(text)
            if self.declaration.match(first) is None:
                raise FormatError(
                    f"expected {self.name}'s first line to declare {self.declares}",
                    path=origin,
                    line=numbers[0] if numbers else 1,
                )
            numbers.pop(0)
        return numbers

    def dumps(self, transcript: Transcript) -> str:
        """The source when nothing changed; else pysubs2's file, if it reads back the same."""
        extra = transcript.extra
        source = extra if transcript.format == self.name and isinstance(extra, _Source) else None
        if (
            source is not None
            and len(transcript.segments) == source.count
            and all(seg.unchanged for seg in transcript.segments)
        ):
            return source.text
        written = self._write(transcript, source)
        if transcript.segments and not self.sniff(written):
            raise cannot_hold(
                transcript.segments[0],
                self.name,
                f"the file would not be recognised as {self.name}",
            )
        try:
            back = self.parse(written, doc_id=transcript.doc_id, origin="").segments
        except FormatError as exc:
            where = f" at line {exc.line}" if exc.line else ""
            raise FormatError(
                f"cannot be written as {self.name}: the file would not read back "
                f"({exc.message}{where}); expected text the format can hold"
            ) from None
        for segment, read in zip(transcript.segments, (*back, None), strict=False):
            if read is None or not self._same(segment, read):
                raise cannot_hold(segment, self.name, "it would not read back the same")
        if len(back) > len(transcript.segments):
            last = transcript.segments[-1]
            raise cannot_hold(last, self.name, "the file would read back with more subtitles")
        return written

    def _write(self, transcript: Transcript, source: _Source | None) -> str:
        """The whole file written by pysubs2 (``source``: the file it was read from, if any)."""
        subs = pysubs2.SSAFile()
        for segment in transcript.segments:
            assert segment.start is not None and segment.end is not None
            event = pysubs2.SSAEvent(start=segment.start, end=segment.end)
            event.plaintext = segment.text
            subs.append(event)
        try:
            with warnings.catch_warnings():
                # A time TMP cannot hold is clamped with a warning; reading back refuses it.
                warnings.simplefilter("ignore", RuntimeWarning)
                text = subs.to_string(self.pysubs2_name, **self.write_options(source))
        except NotImplementedError:
            raise FormatError(
                f"cannot be written as {self.name}: pysubs2 has no {self.name} writer; "
                "expected an unchanged file, or publish it --to srt or --to vtt"
            ) from None
        newline = transcript.newline if source is not None else "\n"
        return self.kept_head(source) + text.replace("\n", newline)

    def write_options(self, source: _Source | None) -> dict[str, Any]:
        """Keyword arguments for pysubs2's writer."""
        return {}

    def kept_head(self, source: _Source | None) -> str:
        """What of the source's top a rewritten file keeps (MicroDVD's frame rate line)."""
        return ""

    def _same(self, segment: Segment, read: Segment) -> bool:
        """True when ``read`` (from the written file) is ``segment`` again."""
        ends = not self.keeps_end or read.end == segment.end
        return read.text == _plain(segment.text) and read.start == segment.start and ends


def _plain(text: str) -> str:
    """A text's lines stripped, empty ones left out (what these formats can hold)."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


class MicroDvd(Pysubs2Format):
    """MicroDVD: ``{start frame}{end frame}text``, ``|`` between lines."""

    name: ClassVar[str] = "microdvd"
    extensions: ClassVar[tuple[str, ...]] = ("sub",)
    pysubs2_name: ClassVar[str] = "microdvd"
    line = MICRODVD_LINE
    expected = "{start frame}{end frame}text"
    declaration = re.compile(r"\{1\}\{1\}[0-9]+(?:\.[0-9]+)?\s*$")
    declares = "its frame rate, as {1}{1}23.976"

    def write_options(self, source: _Source | None) -> dict[str, Any]:
        """The source's frame rate; its declaration is kept as it was (``kept_head``)."""
        if source is None or source.fps is None:
            raise FormatError(
                "cannot be written as microdvd: it counts frames, and only a MicroDVD "
                "source has a frame rate; expected a MicroDVD source, or publish --to srt"
            )
        # pysubs2 would write the declaration as {0}{0}, which it does not read back.
        return {"fps": source.fps, "write_fps_declaration": False}

    def kept_head(self, source: _Source | None) -> str:
        """The source up to and including its frame rate line."""
        assert source is not None  # write_options refused a file without one
        lines = split_lines(source.text)
        first = next(i for i, line in enumerate(lines) if content(line).strip())
        return "".join(lines[: first + 1])

    @classmethod
    def sniff(cls, text: str) -> bool:
        """The first line starts with ``{number}{number}``."""
        return MICRODVD_LINE.match(_first_line(text)) is not None


class Mpl2(Pysubs2Format):
    """MPL2: ``[start][end]text`` in tenths of a second."""

    name: ClassVar[str] = "mpl2"
    extensions: ClassVar[tuple[str, ...]] = ("txt",)
    pysubs2_name: ClassVar[str] = "mpl2"
    line = MPL2_FORMAT
    expected = "[start][end]text (tenths of a second)"

    @classmethod
    def sniff(cls, text: str) -> bool:
        """The first line starts with ``[number][number]``."""
        return MPL2_FORMAT.match(_first_line(text)) is not None


class Tmp(Pysubs2Format):
    """TMPlayer: ``H:MM:SS:text``, start times only."""

    name: ClassVar[str] = "tmp"
    extensions: ClassVar[tuple[str, ...]] = ("txt",)
    pysubs2_name: ClassVar[str] = "tmp"
    line = TMP_LINE
    expected = "H:MM:SS:text"
    keeps_end = False

    @classmethod
    def sniff(cls, text: str) -> bool:
        """The first line starts with ``H:MM:SS:`` (and is no SRT timing line)."""
        first = _first_line(text)
        return TMP_LINE.match(first) is not None and "-->" not in first


class Sami(Pysubs2Format):
    """SAMI (``.smi``): HTML-like ``<SYNC Start=ms>`` blocks."""

    name: ClassVar[str] = "sami"
    extensions: ClassVar[tuple[str, ...]] = ("smi", "sami")
    pysubs2_name: ClassVar[str] = "sami"

    @classmethod
    def sniff(cls, text: str) -> bool:
        """The file starts with ``<SAMI>``."""
        return _first_line(text).upper().startswith("<SAMI")


class Ttml(Pysubs2Format):
    """TTML / DFXP: XML in the ``http://www.w3.org/ns/ttml`` namespace."""

    name: ClassVar[str] = "ttml"
    extensions: ClassVar[tuple[str, ...]] = ("ttml", "dfxp")
    pysubs2_name: ClassVar[str] = "ttml"

    @classmethod
    def sniff(cls, text: str) -> bool:
        """An XML file whose top names the TTML namespace."""
        return _first_line(text).startswith("<") and "http://www.w3.org/ns/ttml" in text[:4000]
