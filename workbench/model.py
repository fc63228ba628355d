"""Immutable value objects shared by every part of the workbench.

Times are integer milliseconds (``None`` where a format has no times). A
``Segment`` read from a file remembers the exact text it came from
(``Segment.source``) so that a writer can give back those bytes for every
segment that has not changed; any change to text, times or speaker makes
``Segment.unchanged`` false and the writer renders the segment anew.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from typing import Literal, NamedTuple

Verdict = Literal["accepted", "rejected", "edited", "skipped", "auto"]
"""What a person (or batch mode, ``auto``) decided about a suggestion."""

Target = Literal["segments", "header", "footer"]
"""What a suggestion changes: a span of segments, or a scrape's header or footer block."""


class Word(NamedTuple):
    """One recognised word as its file gives it (times in milliseconds, like segments)."""

    text: str
    start: int | None
    """Start in milliseconds, or None where the recogniser gave no time."""
    end: int | None
    confidence: float | None = None
    """The recogniser's confidence, 0..1, or None where it gives none."""
    speaker: str | None = None
    ref: object = None
    """Where the word lives in its file (a JSON path), for the writer; None for a word made here."""


class SourceBlock(NamedTuple):
    """The exact text a segment was parsed from, and what it parsed to.

    A named tuple, as ``Segment`` is and for the same reason: every segment read
    has one, and a frozen dataclass took twice as long to build (0.1 s of reading
    a 100,000-segment file).
    """

    raw: str
    """The segment's whole block in the file: timing line, text lines, separator."""
    text: str
    start: int | None
    end: int | None
    speaker: str | None
    words: tuple[Word, ...] = ()
    """The segment's words as read, in order (empty for formats without words)."""


class Segment(NamedTuple):
    """One timed (or untimed) piece of speech.

    A named tuple rather than a frozen dataclass: as frozen and as typed, and built
    three times faster — batch mode builds one per changed segment, a million for a
    large corpus. Equality and hashing leave out ``source``, as a dataclass field
    with ``compare=False`` would.
    """

    index: int  # type: ignore[assignment]  # the field hides ``tuple.index``
    """Position in the transcript, counting from 0."""
    start: int | None
    """Start time in milliseconds, or None for formats without times."""
    end: int | None
    """End time in milliseconds, or None for formats without times."""
    text: str
    """The spoken text; lines of a multi-line cue are joined with ``\\n``."""
    speaker: str | None = None
    """Who speaks, where the format says so."""
    line: int | None = None
    """1-based line of the segment's first text line in its file (None for JSON)."""
    source: SourceBlock | None = None
    """Where the segment came from in its file; None for a segment made by the tool."""

    @classmethod
    def read(
        cls,
        raw: str,
        *,
        index: int,
        start: int | None,
        end: int | None,
        text: str,
        speaker: str | None = None,
        line: int | None = None,
        words: tuple[Word, ...] = (),
    ) -> Segment:
        """A segment as a format read it: ``raw`` is its whole block in the file."""
        block = SourceBlock(raw, text, start, end, speaker, words)
        return cls(index, start, end, text, speaker, line, block)

    @classmethod
    def built(cls, *fields: Iterable[object]) -> Iterator[Segment]:
        """Segments from iterables of their fields, in field order (``index`` to
        ``source``): batch mode builds a million, here without a Python call each."""
        return map(tuple.__new__, repeat(cls), zip(*fields))

    @property
    def unchanged(self) -> bool:
        """True when text, times and speaker are still what the file said."""
        src = self.source
        return src is not None and (src.text, src.start, src.end, src.speaker) == (
            self.text,
            self.start,
            self.end,
            self.speaker,
        )

    @property
    def words(self) -> tuple[Word, ...]:
        """The words as read while the text is unchanged; none after a change of text."""
        src = self.source
        return src.words if src is not None and src.text == self.text else ()

    def changed(self, **values: object) -> Segment:
        """A copy with new values (text, start, end, speaker, index, line)."""
        return self._replace(**values)  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        return type(other) is Segment and self[:6] == other[:6]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:6])

    def __repr__(self) -> str:
        return (
            f"Segment(index={self.index!r}, start={self.start!r}, end={self.end!r}, "
            f"text={self.text!r}, speaker={self.speaker!r}, line={self.line!r})"
        )


@dataclass(frozen=True, slots=True)
class Transcript:
    """A whole document: its segments plus whatever surrounds them in the file."""

    doc_id: str
    """The document's name in the store: the source file's stem."""
    format: str
    """Registered format name (``whisper``, ``captions``, ``srt``, ...)."""
    segments: tuple[Segment, ...]
    header: str = ""
    """Raw text before the first segment (a scrape's title block, a WEBVTT header)."""
    footer: str = ""
    """Raw text after the last segment (a scrape's web-page footer)."""
    source_sha256: str = ""
    """sha256 of the bytes of the file this transcript was read from."""
    encoding: str = "utf-8"
    """How to encode the text when writing (``utf-8-sig`` keeps a BOM)."""
    newline: str = "\n"
    """Line ending used for segments the writer renders anew."""
    header_lines: tuple[int, int] | None = None
    """First and last 1-based line of a metadata header block (scrapes), if any."""
    footer_lines: tuple[int, int] | None = None
    """First and last 1-based line of a metadata footer block (scrapes), if any."""
    extra: object = field(default=None, compare=False, repr=False)
    """Format-private data needed to write the file back (e.g. the parsed JSON)."""

    def replace_segments(self, segments: tuple[Segment, ...]) -> Transcript:
        """A copy with new segments, renumbered from 0."""
        renumbered = tuple(
            seg if seg.index == i else seg.changed(index=i) for i, seg in enumerate(segments)
        )
        return dataclasses.replace(self, segments=renumbered)

    def changed(self, **values: object) -> Transcript:
        """A copy with other top-level values (header, footer, ...)."""
        return dataclasses.replace(self, **values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class TextEdit:
    """A replacement of characters ``start:end`` in one segment's text."""

    segment: int
    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed change to a span of segments (or to the header/footer block)."""

    rule_id: str
    kind: str
    doc_id: str
    span: tuple[int, int]
    """First and last segment index affected (inclusive)."""
    before: tuple[str, ...]
    """The texts of the affected segments as they are."""
    after: tuple[str, ...]
    """The texts that replace them: as many (a text fix), one (a merge), or none (a deletion)."""
    reason: str
    """Why the rule fired, in words a user understands."""
    confidence: float = 1.0
    """How sure the rule is, 0..1 (the ``score`` of ``scan --json``)."""
    auto: bool = False
    """True when batch ``apply`` may make this change without review."""
    line: int | None = None
    """1-based file line of the first changed word (the engine places it, see
    ``workbench.flaglines``), or of the header/footer block."""
    last_line: int | None = None
    """1-based file line of the last changed word, or of the header/footer block's end."""
    target: Target = "segments"
    """``segments`` for a span, or ``header``/``footer`` for a scrape's metadata block."""
    edits: tuple[TextEdit, ...] = ()
    """For in-text fixes: the exact character edits, so that several accepted fixes
    in one segment compose; empty for structural changes (merge, delete)."""
    copies: tuple[TextEdit, ...] = ()
    """The same change at the repeats of its words that a ``duplicate`` rule would
    remove (the rolling copies of a caption line): not shown, and made with the
    suggestion when it is accepted, where nothing else changed those words."""
    times: tuple[int, int] | None = None
    """For a timing flag: the start and end (ms) of the flagged span as it is."""
    retimed: tuple[tuple[int, int], ...] = ()
    """For a timing fix: the new (start, end) in ms of each segment of ``after``;
    empty for every change that keeps the times."""
    speakers: tuple[tuple[str | None, str | None], ...] = ()
    """For a change of speaker: (old, new) speaker of each segment of the span, in
    order (``after`` is ``before``); empty for every change that keeps the speakers."""

    @property
    def original(self) -> str:
        """The affected texts joined with ``\\n``."""
        return "\n".join(self.before)

    @property
    def suggestion(self) -> str:
        """The replacement texts joined with ``\\n``."""
        return "\n".join(self.after)


@dataclass(frozen=True, slots=True)
class Decision:
    """What was decided about one suggestion, and when."""

    suggestion: Suggestion
    verdict: Verdict
    final: tuple[str, ...]
    """The texts written for the span (the suggestion's ``after``, or the user's edit)."""
    at: datetime

    @property
    def changes_text(self) -> bool:
        """True when this decision changes the transcript when applied."""
        return self.verdict in ("accepted", "edited", "auto")
