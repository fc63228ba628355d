"""Advanced SubStation Alpha (ASS/SSA): one segment per ``Dialogue:`` line.

Everything before the first ``Dialogue:`` line is the header; a dialogue's block
runs up to the next one (``Comment:`` lines and later sections included). The
fields are split by the ``[Events]`` ``Format:`` line. pysubs2 parses and formats
the timestamps and renders whole files for conversions. A rewritten dialogue
keeps its other fields (layer, style, margins, effect) and loses its override
tags. A negative ``Start`` or ``End`` is read as 0 with a warning, as in SRT.

Text: override blocks (``{\\i1}``) are dropped and ``\\N``/``\\n`` become line
breaks, ``\\h`` a space, as in pysubs2's ``SSAEvent.plaintext``. ASS has no
escape in its specification, so the writer uses the ones libass (mpv, VLC,
ffmpeg) renders: a ``{`` or ``}`` in the text is written ``\\{``/``\\}`` (VSFilter
shows a stray backslash instead); a backslash that would start ``\\N``, ``\\n``,
``\\h``, ``\\{`` or ``\\}`` (or that stands before a word joiner) is followed by
an invisible U+2060 WORD JOINER, the libass maintainers' advice, which works in
every renderer. The reader undoes both, so text that is written and read again
is the same text.

Name: only Text, the last field, may hold a comma; libass and Aegisub end the
Name field at the first one. The field has no escape, so the writer does what
Aegisub does: a comma in a speaker is written as a semicolon (and a line break,
which would end the ``Dialogue:`` line, as a space). The reader takes the field
as it stands, so a written speaker reads back as what the file shows.
"""

from __future__ import annotations

import re
from typing import ClassVar

import pysubs2
from pysubs2.formats.substation import SubstationFormat
from pysubs2.time import TIMESTAMP, timestamp_to_ms

from workbench.errors import FormatError
from workbench.formats.base import BlockFormat, check_clock, check_order, clamped_negative
from workbench.formats.text import content, ending, split_lines
from workbench.model import Segment, SourceBlock, Transcript

_DEFAULT_FIELDS = (
    "Layer",
    "Start",
    "End",
    "Style",
    "Name",
    "MarginL",
    "MarginR",
    "MarginV",
    "Effect",
    "Text",
)
_DEFAULTS = {"Layer": "0", "Style": "Default", "MarginL": "0", "MarginR": "0", "MarginV": "0"}
_JOINER = "\u2060"
# Leftmost first: an escape is taken before the brace it protects could open an override block.
_MARKUP = re.compile(r"\{[^}]*\}|\\(?:\u2060|[{}Nnh])")
_READ = {"\\\u2060": "\\", "\\{": "{", "\\}": "}", "\\N": "\n", "\\n": "\n", "\\h": " "}
_ESCAPES = re.compile(r"\\(?=[{}Nnh\u2060])|[{}\n]")
_WRITE = {"\\": "\\\u2060", "{": "\\{", "}": "\\}", "\n": "\\N"}
# A comma would end the Name field (Aegisub writes a semicolon for it), a line break the line.
_NAME = str.maketrans({",": ";", "\n": " ", "\r": " "})


def plain_text(text: str) -> str:
    """The spoken text of an ASS ``Text`` field: tags dropped, line breaks and escapes read."""
    return _MARKUP.sub(lambda m: "" if m.group().startswith("{") else _READ[m.group()], text)


def ass_text(plain: str) -> str:
    """Plain text as an ASS ``Text`` field that reads back as the same text."""
    return _ESCAPES.sub(lambda m: _WRITE[m.group()], plain)


def ass_name(speaker: str | None) -> str:
    """A speaker as an ASS ``Name`` field: commas become semicolons, line breaks spaces."""
    return (speaker or "").translate(_NAME)


def _fields(line: str, names: tuple[str, ...]) -> dict[str, str]:
    values = line.split(":", 1)[1].lstrip().split(",", len(names) - 1)
    return dict(zip(names, values, strict=False))


class Ass(BlockFormat):
    """SubStation Alpha subtitles."""

    name: ClassVar[str] = "ass"
    extensions: ClassVar[tuple[str, ...]] = ("ass", "ssa")
    speakers: ClassVar[bool] = True

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """One segment per ``Dialogue:`` line."""
        lines = split_lines(text)
        names: tuple[str, ...] = _DEFAULT_FIELDS
        dialogues: list[int] = []
        for i, line in enumerate(lines):
            if line.startswith("Format:") and not dialogues:
                names = tuple(name.strip() for name in line.split(":", 1)[1].split(","))
            elif line.startswith("Dialogue:"):
                dialogues.append(i)
        if not {"Start", "End", "Text"} <= set(names):
            raise FormatError("expected a Format: line with Start, End and Text", path=origin)
        segments = []
        for index, i in enumerate(dialogues):
            fields = _fields(content(lines[i]), names)
            start, end = (
                self._time(fields.get(key, ""), origin, i + 1) for key in ("Start", "End")
            )
            check_order(start, end, origin, i + 1)
            spoken = plain_text(fields.get("Text", ""))
            speaker = fields.get("Name", "").strip() or None
            block_end = dialogues[index + 1] if index + 1 < len(dialogues) else len(lines)
            raw = "".join(lines[i:block_end])
            segments.append(
                Segment.read(
                    raw,
                    index=index,
                    start=start,
                    end=end,
                    text=spoken,
                    speaker=speaker,
                    line=i + 1,
                )
            )
        header = "".join(lines[: dialogues[0]] if dialogues else lines)
        return Transcript(doc_id=doc_id, format=self.name, segments=tuple(segments), header=header)

    @staticmethod
    def _time(stamp: str, origin: str, line: int) -> int:
        """A ``Start``/``End`` field in milliseconds; a negative one is read as 0 (warned)."""
        negative = stamp.strip().startswith("-")
        match = TIMESTAMP.fullmatch(stamp.strip().removeprefix("-"))
        if match is None:
            raise FormatError(
                f"expected a timestamp H:MM:SS.cc, found {stamp.strip()[:40]!r}",
                path=origin,
                line=line,
            )
        check_clock(match.group(2), match.group(3), stamp, origin, line)
        if negative:
            return clamped_negative(stamp, origin, line)
        return timestamp_to_ms(match.groups())

    @classmethod
    def sniff(cls, text: str) -> bool:
        """The file starts with a ``[Script Info]`` section (comment lines may come first)."""
        for line in split_lines(text[:2000]):
            body = content(line).strip().lstrip("\ufeff")
            if body and not body.startswith(";"):
                return body.lower() == "[script info]"
        return False

    def dumps(self, transcript: Transcript) -> str:
        """Own format block by block; any other format converted by pysubs2."""
        if transcript.format == self.name and transcript.header:
            return super().dumps(transcript)
        subs = pysubs2.SSAFile()
        for segment in transcript.segments:
            assert segment.start is not None and segment.end is not None
            subs.append(
                pysubs2.SSAEvent(
                    start=segment.start,
                    end=segment.end,
                    text=ass_text(segment.text),
                    name=ass_name(segment.speaker),
                )
            )
        return subs.to_string(self.name)

    def render(self, segment: Segment, source: SourceBlock | None, newline: str) -> str:
        """A ``Dialogue:`` line; a rewritten one keeps its other fields and following lines."""
        assert segment.start is not None and segment.end is not None
        new = {
            "Start": SubstationFormat.ms_to_timestamp(segment.start),
            "End": SubstationFormat.ms_to_timestamp(segment.end),
            "Name": ass_name(segment.speaker),
            "Text": ass_text(segment.text),
        }
        if source is None:
            fields = {name: _DEFAULTS.get(name, "") for name in _DEFAULT_FIELDS}
            tail = newline
        else:
            first = split_lines(source.raw)[0]
            # Start, End, Name and Text sit at the same places in ASS and SSA lines.
            fields = _fields(content(first), _DEFAULT_FIELDS)
            tail = ending(first) + source.raw[len(first) :]
        fields.update((key, value) for key, value in new.items() if key in fields)
        return "Dialogue: " + ",".join(fields.values()) + tail
