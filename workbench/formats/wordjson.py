"""What the recognisers' JSON formats share: safe reading, words, segments, and writing back.

A recogniser's file (AWS Transcribe, AssemblyAI, Deepgram, ...) is read in three
steps. ``jsonbase.parse_json`` reads the text once (every JSON format's ``sniff``
asks the same cached result) and refuses what no transcript holds (NaN,
Infinity, nesting deeper than the recursion limit, ...). A format module
(a ``JsonReader``) then turns the object into ``Unit``s, its own
segments (speaker turns, utterances, results), each a list of ``Piece``s: a
word, or punctuation glued to the word before it. ``segments_of`` joins the
pieces into segment text and splits a unit too long to review at sentence ends
(``MAX_SEGMENT_MS``, ``MAX_SEGMENT_WORDS``).

Every word remembers where it lives in the JSON (``Word.ref``, a path of keys
and indices). Written back (``JsonReader.dumps``), an unchanged document is its
source text. Otherwise each changed segment's words are realigned with its new
text (``wordalign.realigned``, which also realigns the punctuation items of formats
that keep them apart), the changed objects are patched in place (the format's
``put_word`` and ``put_mark``), objects are removed or copied where the number of
words or marks changed, and the format rebuilds the transcript strings it repeats
(``rebuild``).
"""

from __future__ import annotations

import json
import re
from abc import abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, NamedTuple

from workbench.errors import FormatError
from workbench.formats.base import Format, cannot_hold
from workbench.formats.jsonbase import Path, Place, indent_of, parse_json, sniffed_json
from workbench.formats.wordalign import (
    Atom,
    Change,
    Mark,
    Piece,
    after,
    is_initial,
    layout,
    marks_in,
    realigned,
    ref_of,
)
from workbench.model import Segment, SourceBlock, Transcript, Word

MAX_SEGMENT_MS = 30_000
"""A unit longer than this is split at a sentence end."""
MAX_SEGMENT_WORDS = 60
"""A unit with more words than this is split at a sentence end."""

_SENTENCE_END = re.compile(r"[.!?…][\"')\]]*$")
_LOOKS_LIKE_JSON = re.compile(r'\s*(?:\{\s*(?:"|\})|\[\s*(?:[\[{"\]]|-?\d+\s*[,\]]))')


def refuse_unclaimed(text: str, origin: str, formats: Iterable[type[Format]]) -> None:
    """Raise for a JSON text that no format claimed: one line naming what we read and
    the keys we looked for (a JSON file is never read as plain text). A ``.json``
    file that is not valid JSON is reported as such; other text is plain text
    unless it is valid JSON."""
    if _LOOKS_LIKE_JSON.match(text[:200]) is None:
        return
    if origin.lower().endswith((".json", ".json3")):
        parse_json(text, origin)  # a broken JSON file is reported as such
    elif sniffed_json(text) is None:
        return  # text that only starts like JSON ("[1, 2] ..." in prose)
    json_formats = [fmt for fmt in formats if "json" in fmt.extensions]
    names = [fmt.name for fmt in json_formats]
    keys = ["segments"]
    keys += [key for fmt in json_formats if issubclass(fmt, JsonReader) for key in fmt.looks_for]
    raise FormatError(
        "JSON, but not a transcript format we know (read: "
        + ", ".join(names)
        + "; looked for "
        + ", ".join(dict.fromkeys(keys))
        + ")",
        path=origin,
    )


def dig(data: Any, path: Path) -> Any:
    """The value at ``path`` in ``data``, or None where the path does not lead."""
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or not -len(data) <= part < len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def items(data: Any, path: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The objects of the list at ``path`` with their paths ([] when there is none)."""
    found = dig(data, path)
    if not isinstance(found, list):
        return []
    return [((*path, i), item) for i, item in enumerate(found) if isinstance(item, dict)]


class Unit(NamedTuple):
    """A format's own segment: its pieces, speaker and (if the format gives them) times."""

    pieces: list[Piece]
    speaker: str | None = None
    start: int | None = None
    end: int | None = None
    ref: Path = ()
    """Where the unit's object lives in the JSON (given to ``put_text`` when its text changes)."""
    whole: bool = False
    """True for a unit never split (its text is not made of its words' texts)."""


def _chunks(pieces: list[Piece]) -> Iterator[list[Piece]]:
    """``pieces`` cut after sentence ends so that each part keeps within the limits when it can."""
    chunk: list[Piece] = []
    cut = 0  # pieces of ``chunk`` up to its last sentence end
    words = 0
    first: int | None = None
    for piece in pieces:
        word = piece.word
        time = word.end if word is not None else None
        if word is not None and chunk and cut:
            too_long = first is not None and time is not None and time - first > MAX_SEGMENT_MS
            if too_long or words >= MAX_SEGMENT_WORDS:
                yield chunk[:cut]
                chunk = chunk[cut:]
                words = sum(1 for kept in chunk if kept.word is not None)
                starts = [kept.word.start for kept in chunk if kept.word and kept.word.start]
                first = starts[0] if starts else None
                cut = 0
        chunk.append(piece)
        if word is not None:
            words += 1
            if first is None:
                first = word.start
        if _SENTENCE_END.search(piece.text) and not is_initial(piece.text):
            cut = len(chunk)
    if chunk:
        yield chunk


def _bounds(pieces: Sequence[Piece]) -> tuple[int | None, int | None]:
    starts = [p.word.start for p in pieces if p.word is not None and p.word.start is not None]
    ends = [p.word.end for p in pieces if p.word is not None and p.word.end is not None]
    return (min(starts) if starts else None, max(ends) if ends else None)


def segments_of(units: Iterable[Unit]) -> tuple[Segment, ...]:
    """The segments of ``units``: one per unit, a long unit split at sentence ends.

    A unit's own times bound its first and last part; a part's other bounds come from
    its words. A unit without text (an empty result) gives no segment.
    """
    return tuple(segment for segment, _ in _segment_parts(units))


def _segment_parts(units: Iterable[Unit]) -> Iterator[tuple[Segment, list[Piece]]]:
    """Each segment of ``units`` (see ``segments_of``) with the pieces it was made of."""
    index = 0
    for unit in units:
        parts = [unit.pieces] if unit.whole else list(_chunks(unit.pieces))
        for number, part in enumerate(parts):
            text, _ = layout(part)
            if not text:
                continue
            start, end = _bounds(part)
            if number == 0 and unit.start is not None:
                start = unit.start if start is None else min(start, unit.start)
            if number == len(parts) - 1 and unit.end is not None:
                end = unit.end if end is None else max(end, unit.end)
            if start is not None and end is not None and end < start:
                end = start
            words = tuple(piece.word for piece in part if piece.word is not None)
            raw = json.dumps(unit.ref)
            yield (
                Segment.read(
                    raw,
                    index=index,
                    start=start,
                    end=end,
                    text=text,
                    speaker=unit.speaker,
                    words=words,
                ),
                part,
            )
            index += 1


class JsonReader(Format):
    """A recogniser's JSON format: chosen by its keys, read into words, written back in place.

    A subclass sets ``name`` and ``looks_for`` and implements ``claims`` (is this
    JSON value ours?), ``units`` (the format's segments with their words) and, to
    write back, ``put_word`` and ``rebuild``.
    """

    extensions: ClassVar[tuple[str, ...]] = ("json",)
    convertible: ClassVar[bool] = False
    speakers: ClassVar[bool] = True
    timed: ClassVar[bool] = False
    """Not every segment has times (a Google result without words): the file's own
    times are kept in place, never written from segments, so none is required."""
    looks_for: ClassVar[tuple[str, ...]]
    """The keys that mark the format, for the error about a JSON file nobody claims."""
    spacer: ClassVar[dict[str, Any] | None] = None
    """An object written before each added word where the format spells out spaces (Rev.ai)."""

    @classmethod
    def sniff(cls, text: str) -> bool:
        """A JSON value this format claims (see ``claims``)."""
        data = sniffed_json(text)
        return data is not None and cls.claims(data)

    @classmethod
    @abstractmethod
    def claims(cls, data: Any) -> bool:
        """True when the JSON value ``data`` is this format's."""

    @abstractmethod
    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """The format's own segments, in order."""

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """Segments with their words, from ``units``."""
        data = parse_json(text, origin)
        segments = segments_of(self.units(data, Place(origin)))
        return Transcript(doc_id, self.name, segments, extra=text)

    @abstractmethod
    def put_word(self, item: Any, word: Word) -> None:
        """Write ``word``'s text, times and confidence into its JSON object ``item``."""

    @abstractmethod
    def rebuild(self, data: Any) -> None:
        """Recompute the transcript strings the format repeats from its (patched) words."""

    def put_text(self, item: dict[str, Any], text: str) -> None:
        """Write a changed unit's new ``text`` into its object (for text the words do not give)."""

    def dumps(self, transcript: Transcript) -> str:
        """The source text when nothing changed; else the source with its words patched."""
        source = transcript.extra
        if transcript.format != self.name or not isinstance(source, str):
            raise FormatError(
                f"{transcript.doc_id} is {transcript.format}; a {self.name} file is written "
                "only for a document read from one (publish --to json, srt or vtt instead)"
            )
        place = Place(transcript.doc_id)
        read = list(_segment_parts(self.units(parse_json(source, transcript.doc_id), place)))
        original = tuple(segment for segment, _ in read)
        if transcript.segments == original and all(seg.unchanged for seg in transcript.segments):
            return source
        data = json.loads(source)
        self._put_speakers(data, transcript)
        self._put_texts(data, transcript)
        self._patch(data, transcript, read)
        self.rebuild(data)
        end = source[len(source.rstrip()) :]
        indent = indent_of(source)
        text = json.dumps(data, ensure_ascii=False, indent=indent)
        if indent is None and ", " not in source[:2000]:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return text.replace("\n", transcript.newline) + end

    def put_speaker(self, item: dict[str, Any], speaker: str | None) -> bool:
        """Write a unit's new speaker into its object; False where the format cannot
        (a recogniser keeps speakers on its words and turns in ways of its own)."""
        return False

    def _put_speakers(self, data: Any, transcript: Transcript) -> None:
        """Each segment's changed speaker into its unit's object, or one clear error."""
        for seg in transcript.segments:
            if seg.source is None or seg.speaker == seg.source.speaker:
                continue
            item = dig(data, tuple(json.loads(seg.source.raw)))
            if not isinstance(item, dict) or not self.put_speaker(item, seg.speaker):
                raise cannot_hold(
                    seg,
                    self.name,
                    f"its speaker changed ({seg.source.speaker!r} → {seg.speaker!r}), and "
                    f"{self.name} keeps its speakers as read (publish --to json or vtt, "
                    "and rename them there)",
                )

    def _put_texts(self, data: Any, transcript: Transcript) -> None:
        """Each changed unit's text (its segments' texts joined) into its object."""
        texts: dict[str, list[str]] = {}
        changed: set[str] = set()
        for seg in transcript.segments:
            if seg.source is None:
                continue
            texts.setdefault(seg.source.raw, []).append(seg.text)
            if seg.text != seg.source.text:
                changed.add(seg.source.raw)
        for raw in changed:
            item = dig(data, tuple(json.loads(raw)))
            if isinstance(item, dict):
                self.put_text(item, " ".join(texts[raw]))

    def _patch(
        self, data: Any, transcript: Transcript, read: list[tuple[Segment, list[Piece]]]
    ) -> None:
        kept = {seg.source for seg in transcript.segments if seg.source is not None}
        removed = [seg.source for seg, _ in read if seg.source not in kept]
        pieces = {seg.source: part for seg, part in read}
        marks = [piece.ref for _, part in read for piece in part if piece.ref is not None]
        words = [ref_of(w) for seg, _ in read for w in seg.words if isinstance(w.ref, tuple)]
        templates = (words[0] if words else None, marks[0] if marks else None)
        edits: list[tuple[Path, str, Any]] = []  # (item path, "del"|"ins", new item)
        for seg in transcript.segments:
            if seg.source is None or seg.text == seg.source.text:
                continue
            # A merge: the removed segments within this one's time are part of it now.
            absorbed = [block for block in removed if block and _within(block, seg)]
            removed = [block for block in removed if block not in absorbed]
            _, changes = realigned(seg, absorbed, _marks(seg.source, absorbed, pieces))
            for change in changes:
                edits.extend(self._edits(data, change, templates))
        for block in removed:
            assert block is not None
            edits.extend((ref_of(w), "del", None) for w in block.words if isinstance(w.ref, tuple))
            edits.extend((ref, "del", None) for ref in _marks_of(pieces.get(block, [])))
        # Later places first, so that earlier paths stay valid; an item is removed once.
        edits.sort(key=lambda e: _order(e[0], e[1]), reverse=True)
        gone: set[Path] = set()
        for path, op, value in edits:
            if op == "del":
                if path in gone:
                    continue
                gone.add(path)
            parent = dig(data, path[:-1])
            index = path[-1]
            if not isinstance(parent, list) or not isinstance(index, int):
                continue
            if op == "del":
                del parent[index]
            else:
                parent.insert(index, value)

    def item_of(self, ref: Path) -> Path:
        """The item, in the list the words and punctuation items are in, holding ``ref``."""
        return ref

    def put_mark(self, item: Any, text: str) -> None:
        """Write a punctuation mark's ``text`` into its object (formats with ``Piece.ref``)."""

    def _edits(
        self, data: Any, change: Change, templates: tuple[Path | None, Path | None]
    ) -> Iterator[tuple[Path, str, Any]]:
        """The edits of one change: old words and marks rewritten in order by new ones of
        their kind, the rest removed, and the new ones left over added next to the atom
        paired with their neighbour, as copies of an old one of their kind (else of
        ``templates``: a word, a mark). Words and marks in another order than before
        ("Hi <laugh>." → "Hi, zork") are all removed and added anew."""
        old_words = [a for a in change.old if a.word is not None and a.ref is not None]
        old_marks = [a for a in change.old if a.word is None and a.ref is not None]
        new_words = [a for a in change.new if a.word is not None]
        new_marks = [a for a in change.new if a.word is None]
        first = next((a.ref for a in change.old if a.ref is not None), None)
        kinds = [a.word is None for a in change.old], [a.word is None for a in change.new]
        if (old_marks or new_marks) and (old_words or new_words) and kinds[0] != kinds[1]:
            for old in change.old:
                if old.ref is not None:
                    yield old.ref, "del", None
                    if self.spacer is not None and old.word is not None:
                        yield from self._spacer_of(data, old.ref)
            templates = (
                old_words[0].ref if old_words else templates[0],
                old_marks[0].ref if old_marks else templates[1],
            )
            change = change._replace(old=())
            old_words, old_marks = [], []
        for old, new in zip(old_words, new_words, strict=False):
            assert old.ref is not None and new.word is not None
            self.put_word(dig(data, old.ref), new.word)
        for old, new in zip(old_marks, new_marks, strict=False):
            assert old.ref is not None
            if old.text != new.text:
                self.put_mark(dig(data, old.ref), new.text)
        for old in [*old_words[len(new_words) :], *old_marks[len(new_marks) :]]:
            assert old.ref is not None
            yield old.ref, "del", None
            if self.spacer is not None and old.word is not None:
                yield from self._spacer_of(data, old.ref)
        paired = {id(new): old.ref for old, new in zip(old_words, new_words, strict=False)}
        paired |= {id(new): old.ref for old, new in zip(old_marks, new_marks, strict=False)}
        groups = _placements(change, paired, first)
        templates = (
            old_words[0].ref if old_words else templates[0],
            old_marks[0].ref if old_marks else templates[1],
        )
        for side, ref, atoms in groups:
            if ref is None:
                continue
            item = self.item_of(ref)
            at = (*item[:-1], after(item)) if side == "after" else item
            run = self._copies(data, atoms, templates, before_next=side == "before")
            # Inserts at one place are made in turn there, so they are given in reverse.
            for made in reversed(run):
                yield at, "ins", made

    def _copies(
        self,
        data: Any,
        atoms: list[Atom],
        templates: tuple[Path | None, Path | None],
        *,
        before_next: bool,
    ) -> list[Any]:
        """New objects for ``atoms`` (copies of the templates of their kind), with the
        format's spacer between words (and after the last, when they go before a word)."""
        run: list[Any] = []
        for atom in atoms:
            template = templates[0] if atom.word is not None else templates[1]
            if template is None:
                continue
            copy = json.loads(json.dumps(dig(data, template)))
            if atom.word is not None:
                self.put_word(copy, atom.word)
                if self.spacer is not None and (run or not before_next):
                    run.append(dict(self.spacer))
            else:
                self.put_mark(copy, atom.text)
            run.append(copy)
        if self.spacer is not None and before_next and run:
            run.append(dict(self.spacer))
        return run

    def _spacer_of(self, data: Any, word: Path) -> Iterator[tuple[Path, str, Any]]:
        """The removal of the spacer after a removed word (else of the one before it)."""
        index = word[-1]
        assert isinstance(index, int)
        for side in (index + 1, index - 1):
            if side >= 0 and dig(data, (*word[:-1], side)) == self.spacer:
                yield (*word[:-1], side), "del", None
                return


def _placements(
    change: Change, paired: dict[int, Path | None], first: Path | None
) -> list[tuple[str, Path | None, list[Atom]]]:
    """Where the new atoms that replace no old one go: each ``("after", ref, atoms)``
    after the old atom paired with the new one before them (or the atom before the
    change), else ``("before", ref, atoms)`` the old atom paired with the next one (or
    the atom after the change, or in the place of the first old one)."""
    anchor = change.before.ref if change.before is not None else None
    groups: list[tuple[str, Path | None, list[Atom]]] = []
    leading: list[Atom] = []  # left-over atoms before any anchor
    for atom in change.new:
        ref = paired.get(id(atom))
        if ref is not None:
            if leading:
                groups.append(("before", ref, leading))
                leading = []
            anchor = ref
        elif anchor is None:
            leading.append(atom)
        elif groups and groups[-1][:2] == ("after", anchor):
            groups[-1][2].append(atom)
        else:
            groups.append(("after", anchor, [atom]))
    if leading:
        groups.append(("before", change.after.ref if change.after else first, leading))
    return groups


def _marks(
    source: SourceBlock, absorbed: Sequence[SourceBlock], pieces: dict[Any, list[Piece]]
) -> list[Mark]:
    """The punctuation items of a segment and those it absorbed, placed in their texts
    joined by spaces (as ``realigned`` joins them)."""
    found: list[Mark] = []
    offset = 0
    for block in (source, *absorbed):
        found += [m._replace(position=m.position + offset) for m in marks_in(pieces.get(block, []))]
        offset += len(block.text) + 1
    return found


def _marks_of(part: Sequence[Piece]) -> list[Path]:
    return [piece.ref for piece in part if piece.ref is not None]


def _within(block: SourceBlock, segment: Segment) -> bool:
    """True when ``block``'s time lies inside ``segment``'s (and both have times)."""
    if None in (block.start, block.end, segment.start, segment.end):
        return False
    assert block.start is not None and block.end is not None
    assert segment.start is not None and segment.end is not None
    return segment.start <= block.start and block.end <= segment.end


def _order(path: Path, op: str) -> tuple[Any, ...]:
    """The sort key of an edit; edits are made from the highest key down, so that a
    removal at index k is made before an insertion at k (which lands in its place)."""
    return (tuple((0, p) if isinstance(p, int) else (1, p) for p in path), op == "del")
