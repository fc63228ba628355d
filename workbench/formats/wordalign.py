"""Words and the text they make: a segment's text from its pieces, and a changed text's
words realigned with the words it was read with.

A recogniser gives words (and, in some formats, punctuation as items of its own);
the workbench reviews and fixes text. ``layout`` makes the text of a segment
from its pieces; ``token_words`` finds which words stand in each token of a
text (tokens split at spaces). When a fix changes the text, ``realigned`` gives
the words of the new text, and the changes from the old words (and punctuation
items), that a writer patches into the file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple, cast

from workbench.formats.jsonbase import Path
from workbench.model import Segment, SourceBlock, Word

CHANGED_CONFIDENCE = 1.0
"""The confidence of a word a fix wrote: a rule or a person chose it, not the recogniser."""
_INITIAL = re.compile(r"[^\W\d_]\.")
"""A letter of a spelled-out acronym as recognisers write it: ``C.``."""


def is_initial(text: str) -> bool:
    """True for a letter of a spelled-out acronym as recognisers write it (``C.``)."""
    return _INITIAL.fullmatch(text) is not None


_EDGE_PUNCTUATION = re.compile(r"^[^\w<\[*]+|[^\w>\]*]+$")


class Piece(NamedTuple):
    """A token of a unit's text: a word, or punctuation (``word`` None) or glued text."""

    text: str
    word: Word | None
    glued: bool = False
    """True when it joins the text before it without a space (punctuation)."""
    ref: Path | None = None
    """Where a punctuation item lives in the JSON, for formats that write it back (AWS)."""


def layout(pieces: Sequence[Piece]) -> tuple[str, list[int]]:
    """The pieces' text and where each piece starts in it. A spelled-out acronym
    written as separate letters ("C." "E." "O.") stays one token ("C.E.O.")."""
    parts: list[str] = []
    starts: list[int] = []
    size = 0
    initial = False
    for piece in pieces:
        letter = _INITIAL.fullmatch(piece.text) is not None
        if parts and not piece.glued and not (initial and letter):
            parts.append(" ")
            size += 1
        starts.append(size)
        parts.append(piece.text)
        size += len(piece.text)
        initial = letter
    text = "".join(parts)
    lead = len(text) - len(text.lstrip())
    return text.strip(), [start - lead for start in starts]


def clean(text: str) -> str:
    """A word's text without the punctuation around it (``"four."`` → ``"four"``)."""
    return _EDGE_PUNCTUATION.sub("", text) or text


class Atom(NamedTuple):
    """A word or a punctuation mark of a segment, and where it lives in the file."""

    text: str
    word: Word | None
    """The word; None for a punctuation mark."""
    ref: Path | None


class Mark(NamedTuple):
    """A punctuation item of a segment: where it stands in the segment's text."""

    position: int
    text: str
    ref: Path


class Change(NamedTuple):
    """Old atoms ``old`` of a segment replaced by ``new`` (either may be empty)."""

    old: tuple[Atom, ...]
    new: tuple[Atom, ...]
    before: Atom | None
    """The old atom before the change (an insertion goes after it)."""
    after: Atom | None = None
    """The old atom after the change (an insertion at the start goes before it)."""


def marks_in(part: Sequence[Piece]) -> list[Mark]:
    """The punctuation items among ``part`` (pieces with a ``ref``) and where they stand."""
    _, starts = layout(part)
    return [
        Mark(start, piece.text, piece.ref)
        for piece, start in zip(part, starts, strict=True)
        if piece.ref is not None
    ]


def _spans(text: str, words: Sequence[Word]) -> list[tuple[int, int]]:
    """Where each word stands in ``text`` (found in order, ignoring case; an unfound word
    takes an empty place at the cursor)."""
    spans = []
    at = 0
    folded = text.casefold() if len(text.casefold()) == len(text) else text
    for word in words:
        found = folded.find(word.text.casefold(), at)
        if found < 0:
            spans.append((at, at))
            continue
        spans.append((found, found + len(word.text)))
        at = found + len(word.text)
    return spans


def token_words(text: str, words: Sequence[Word]) -> list[tuple[str, list[Word]]]:
    """The tokens of ``text`` (split at spaces), each with the words that stand in it."""
    spans = _spans(text, words)
    places = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    owner: list[list[Word]] = [[] for _ in places]
    t = 0
    for word, (begin, _end) in zip(words, spans, strict=True):
        while t < len(places) - 1 and places[t][1] <= begin:
            t += 1
        if places:
            owner[t].append(word)
    return [(text[a:b], run) for (a, b), run in zip(places, owner, strict=True)]


def current_words(segment: Segment) -> tuple[Word, ...]:
    """The segment's words: as read while its text is unchanged, else realigned with it."""
    if segment.source is None or segment.text == segment.source.text:
        return segment.words
    return realigned(segment)[0]


def realigned(
    segment: Segment,
    absorbed: Sequence[SourceBlock] = (),
    marks: Sequence[Mark] = (),
) -> tuple[tuple[Word, ...], list[Change]]:
    """The words of a changed segment, and the changes from its source words and marks
    (and those of the ``absorbed`` segments a merge joined into it, in order; ``marks``
    stand in the source texts joined by spaces).

    The source text and the new text are compared token by token (tokens split at
    spaces). An unchanged token keeps its words and marks as they were. In a changed
    run, the old atoms (words, and marks where the format keeps punctuation in items
    of its own) are compared with the new tokens' atoms (with marks: the punctuation
    at a token's edges, each a mark, and the rest a word). A new word spans the
    times of the words it replaced (divided evenly when there are several), with
    confidence ``CHANGED_CONFIDENCE`` and the segment's speaker; a word with no old
    words to replace takes the gap between its neighbours.
    """
    blocks = [segment.source, *absorbed] if segment.source is not None else []
    text = " ".join(block.text for block in blocks)
    placed: list[tuple[int, Atom]] = []
    offset = 0
    for block in blocks:
        for word, (start, _end) in zip(block.words, _spans(block.text, block.words), strict=True):
            placed.append((offset + start, Atom(word.text, word, cast(Path | None, word.ref))))
        offset += len(block.text) + 1
    placed += [(mark.position, Atom(mark.text, None, mark.ref)) for mark in marks]
    placed.sort(key=lambda pair: pair[0])
    places = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    owner: list[list[Atom]] = [[] for _ in places]
    t = 0
    for position, atom in placed:
        while t < len(places) - 1 and places[t][1] <= position:
            t += 1
        if places:
            owner[t].append(atom)
    new_tokens = segment.text.split()
    words: list[Word] = []
    changes: list[Change] = []
    flat = [atom for run in owner for atom in run]
    firsts = list(accumulate((len(run) for run in owner), initial=0))
    matcher = difflib.SequenceMatcher(
        None, [text[a:b] for a, b in places], new_tokens, autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old = flat[firsts[i1] : firsts[i2]]
        if op == "equal":
            words.extend(atom.word for atom in old if atom.word is not None)
            continue
        new = [atom for token in new_tokens[j1:j2] for atom in _atoms(token, bool(marks))]
        inner = difflib.SequenceMatcher(
            None, [a.text for a in old], [a.text for a in new], autojunk=False
        )
        for sub, k1, k2, n1, n2 in inner.get_opcodes():
            first, stop = firsts[i1] + k1, firsts[i1] + k2
            if sub == "equal":
                words.extend(atom.word for atom in flat[first:stop] if atom.word is not None)
                continue
            before = flat[first - 1] if first > 0 else None
            after_ = flat[stop] if stop < len(flat) else None
            made = _timed(new[n1:n2], flat[first:stop], flat, first, stop, segment)
            words.extend(atom.word for atom in made if atom.word is not None)
            changes.append(Change(tuple(flat[first:stop]), made, before, after_))
    return tuple(words), changes


def _atoms(token: str, marks_apart: bool) -> list[Atom]:
    """A new token as atoms: with marks apart, its edge punctuation marks and its word."""
    if not marks_apart or clean(token) == token:
        return [Atom(token, Word(token, None, None), None)]
    core = clean(token)
    at = token.find(core)
    lead = [Atom(char, None, None) for char in token[:at]]
    trail = [Atom(char, None, None) for char in token[at + len(core) :]]
    return [*lead, Atom(core, Word(core, None, None), None), *trail]


def _timed(
    new: Sequence[Atom],
    replaced: Sequence[Atom],
    flat: Sequence[Atom],
    first: int,
    stop: int,
    segment: Segment,
) -> tuple[Atom, ...]:
    """The new atoms, their words timed over the words they replace (or the gap)."""
    old_words = [atom.word for atom in replaced if atom.word is not None]
    previous = next((a.word for a in reversed(flat[:first]) if a.word is not None), None)
    following = next((a.word for a in flat[stop:] if a.word is not None), None)
    start, end = _span_for(old_words, previous, following, segment)
    texts = [atom.text for atom in new if atom.word is not None]
    timed = iter(_divided(texts, start, end, segment.speaker))
    return tuple(atom._replace(word=next(timed)) if atom.word is not None else atom for atom in new)


def _span_for(
    replaced: Sequence[Word], previous: Word | None, following: Word | None, segment: Segment
) -> tuple[int | None, int | None]:
    if replaced:
        starts = [w.start for w in replaced if w.start is not None]
        ends = [w.end for w in replaced if w.end is not None]
        return (min(starts) if starts else None, max(ends) if ends else None)
    start = previous.end if previous is not None else segment.start
    end = following.start if following is not None else segment.end
    return start, end


def _divided(
    texts: Sequence[str], start: int | None, end: int | None, speaker: str | None
) -> Iterator[Word]:
    for k, text in enumerate(texts):
        if start is None or end is None:
            yield Word(text, start, end, CHANGED_CONFIDENCE, speaker)
            continue
        step = (end - start) / len(texts)
        yield Word(
            text,
            round(start + k * step),
            round(start + (k + 1) * step),
            CHANGED_CONFIDENCE,
            speaker,
        )


def ref_of(word: Word) -> Path:
    """A read word's place in its JSON (readers set ``Word.ref`` to a path)."""
    return cast(Path, word.ref)


def after(ref: Path) -> int:
    index = ref[-1]
    assert isinstance(index, int)
    return index + 1
