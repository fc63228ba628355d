"""Scraped YouTube transcripts: a page header, untimed caption lines, a page footer.

The header (title, ``id • date``, ``Transcript preview``, ``Open``, ``Kind:
captions``, ``Language: en``) and the footer (``Resume``, ``Read``, ``file
updated …``, ``Categories``, ``Manage``) are recognised by their marker lines,
not by position or exact wording, and kept as raw metadata: never segments,
written back unchanged unless a user removes them. ``Captions.metadata`` reads
the header's facts (title, video id, date, kind, language) for the JSON export.

Because they are found by their wording, a caption line that reads like a
marker (``Kind: captions`` near the top, ``Resume`` at the end) would be read
back as part of the header or footer: the writer refuses such a transcript
rather than write a file that loses speech when read again.
"""

from __future__ import annotations

import re
from typing import ClassVar

from workbench.formats.base import cannot_hold
from workbench.formats.lines import LineFormat
from workbench.formats.text import content, split_lines
from workbench.model import Transcript

_HEAD_SCAN = 12
"""The header is looked for in this many first lines only."""
_HEADER_MARK = re.compile(
    r"kind:\s*captions|language:\s*\S+|transcript preview|open|\S+\s+•\s+\d{4}-\d\d-\d\d.*",
    re.IGNORECASE,
)
_ID_DATE = re.compile(r"(?P<video_id>\S+)\s+•\s+(?P<date>\d{4}-\d\d-\d\d)(?:\s.*)?")
_FIELD = re.compile(r"(?P<key>kind|language):\s*(?P<value>\S.*)", re.IGNORECASE)
_FOOTER_MARK = re.compile(r"resume|read|categories|manage|file updated\b.*", re.IGNORECASE)
_TIMED = re.compile(r"\s*\[?\s*\d+:\d+\S*\s*-->")
"""A timing line of SRT or WebVTT, or a Whisper bracket: a timed file, not a scrape."""


def _header_length(lines: list[str]) -> int:
    """Lines up to the last header marker near the top, if there are at least two markers."""
    marks = [
        number
        for number, line in enumerate(lines[:_HEAD_SCAN], start=1)
        if _HEADER_MARK.fullmatch(content(line).strip())
    ]
    return marks[-1] if len(marks) >= 2 else 0


def _footer_length(lines: list[str]) -> int:
    """Lines in the trailing run of footer markers (and blank lines between them)."""
    run = 0
    marks = 0
    for line in reversed(lines):
        body = content(line).strip()
        if body and not _FOOTER_MARK.fullmatch(body):
            break
        run += 1
        marks += bool(body)
    # Blank lines before the first marker stay with the last caption line.
    while run and not content(lines[len(lines) - run]).strip():
        run -= 1
    return run if marks >= 2 else 0


class Captions(LineFormat):
    """A scraped caption transcript: header, one caption line per segment, footer."""

    name: ClassVar[str] = "captions"
    extensions: ClassVar[tuple[str, ...]] = ("txt",)

    @classmethod
    def sniff(cls, text: str) -> bool:
        """A header with ``Kind: captions`` (or two other header markers) and no timings."""
        # WebVTT headers hold "Kind: captions" too.
        if text.lstrip("\ufeff").startswith("WEBVTT"):
            return False
        top = split_lines(text[:4000])[:_HEAD_SCAN]
        kind = [
            number
            for number, line in enumerate(top, start=1)
            if content(line).strip().lower().startswith("kind: captions")
        ]
        end = max(_header_length(top), *kind[:1], 0)
        # A timing line above the header's markers means a timed file that mentions them.
        return end > 0 and not any(_TIMED.match(line) for line in top[:end])

    def split_metadata(self, lines: list[str]) -> tuple[int, int]:
        """The scrape's header and footer, found by their marker lines."""
        head = _header_length(lines)
        foot = _footer_length(lines[head:])
        return head, foot

    def metadata(self, transcript: Transcript) -> dict[str, str]:
        """The header's facts: ``title`` (its first line that is no marker), ``video_id``
        and ``date`` (from ``id • date``), ``kind`` and ``language``; none once removed."""
        facts: dict[str, str] = {}
        for line in split_lines(transcript.header):
            body = content(line).strip()
            id_date = _ID_DATE.fullmatch(body)
            field = _FIELD.fullmatch(body)
            if id_date:
                facts.update(id_date.groupdict())
            elif field:
                facts[field["key"].lower()] = field["value"].strip()
            elif body and not _HEADER_MARK.fullmatch(body):
                facts.setdefault("title", body)
        return facts

    def dumps(self, transcript: Transcript) -> str:
        """The file, refused when a caption line would be read back as header or footer."""
        text = super().dumps(transcript)
        written = [seg for seg in transcript.segments if seg.text.strip()]
        back = self.parse(text, doc_id=transcript.doc_id, origin=transcript.doc_id).segments
        for segment, read in zip(written, (*back, None), strict=False):
            if read is None or read.text != " ".join(segment.text.split("\n")).strip():
                where = "page footer" if read is None else "page header"
                raise cannot_hold(segment, self.name, f"it would be read as part of the {where}")
        return text
