"""Words and the text they make: a segment's text from its pieces, and a changed text's
words realigned with the words it was read with.

A recogniser gives words (and, in some formats, punctuation as items of its own);
the workbench reviews and fixes text. ``layout`` makes the text of a segment
from its pieces; ``token_words`` finds which words stand in each token of a
text (tokens split at spaces). When a fix changes the text, ``realigned`` gives
the words of the new text, and the changes from the old words, that a writer
patches into the file; ``mark_edits`` does the same for punctuation items.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, cast

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


class Change(NamedTuple):
    """Old words ``old`` of a segment replaced by ``new`` (either may be empty)."""

    old: tuple[Word, ...]
    new: tuple[Word, ...]
    before: Word | None
    """The old word before the change (an insertion goes after it)."""
    after: Word | None = None
    """The old word after the change (an insertion at the start goes before it)."""


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
    segment: Segment, absorbed: Sequence[SourceBlock] = (), *, marks_apart: bool = False
) -> tuple[tuple[Word, ...], list[Change]]:
    """The words of a changed segment, and the changes from its source words (and
    those of the ``absorbed`` segments a merge joined into it, in order).

    The source text and the new text are compared token by token (tokens split at
    spaces). An unchanged token keeps its words as they were. A changed run of tokens
    becomes one new word per token, spanning the times of the words it replaced
    (divided evenly when there are several), with confidence ``CHANGED_CONFIDENCE``
    and the segment's speaker; with ``marks_apart`` (a format that keeps punctuation
    in items of its own: AWS, Rev.ai, Speechmatics) its text loses the punctuation
    around it, which ``mark_edits`` writes. New text with no old words (an
    insertion) takes the gap between its neighbours.
    """
    blocks = [segment.source, *absorbed] if segment.source is not None else []
    tokens = [token for block in blocks for token in token_words(block.text, block.words)]
    owner = [run for _, run in tokens]
    new_tokens = segment.text.split()
    matcher = difflib.SequenceMatcher(
        None, [token for token, _ in tokens], new_tokens, autojunk=False
    )
    words: list[Word] = []
    changes: list[Change] = []
    previous: Word | None = None
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        replaced = tuple(word for run in owner[i1:i2] for word in run)
        if op == "equal":
            words.extend(replaced)
            previous = replaced[-1] if replaced else previous
            continue
        following = next((run[0] for run in owner[i2:] if run), None)
        start, end = _span_for(replaced, previous, following, segment)
        texts = [clean(token) if marks_apart else token for token in new_tokens[j1:j2]]
        made = tuple(_divided(texts, start, end, segment.speaker))
        words.extend(made)
        changes.append(Change(replaced, made, previous, following))
        previous = replaced[-1] if replaced else previous
    return tuple(words), changes


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


def mark_edits(
    segment: Segment,
    part: Sequence[Piece],
    template: Path,
    item_of: Callable[[Path], Path] = lambda ref: ref,
) -> list[tuple[str, Any, str | None]]:
    """How the punctuation items of a changed segment follow its new text.

    Tokens are compared as ``realigned`` compares them; in a changed run, the marks
    of the old tokens are paired in order with the punctuation at the edges of the
    new tokens: a pair that differs is rewritten, an old mark left over is removed,
    a new one is a copy of ``template`` after the item of the run's last word or mark
    (before the first one after the run, at a segment's start). ``item_of`` gives the
    item in the list of marks that holds a word (a Speechmatics entity's, for a word
    of its spoken form).
    """
    source = segment.source
    if source is None:
        return []
    _, starts = layout(part)
    places = [(m.start(), m.end()) for m in re.finditer(r"\S+", source.text)]
    token_marks: list[list[Piece]] = [[] for _ in places]
    token_last: list[Path | None] = [None for _ in places]
    token_first: list[Path | None] = [None for _ in places]
    t = 0
    for piece, start in zip(part, starts, strict=True):
        while t < len(places) - 1 and places[t][1] <= start:
            t += 1
        if not places:
            break
        if piece.ref is not None:
            token_marks[t].append(piece)
            token_last[t] = piece.ref
        elif piece.word is not None and isinstance(piece.word.ref, tuple):
            token_last[t] = item_of(ref_of(piece.word))
        token_first[t] = token_first[t] or token_last[t]
    old_tokens = [source.text[a:b] for a, b in places]
    new_tokens = segment.text.split()
    found: list[tuple[str, Any, str | None]] = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old = [piece for run in token_marks[i1:i2] for piece in run]
        new = [mark for token in new_tokens[j1:j2] for mark in _edge_marks(token)]
        for piece, mark in zip(old, new, strict=False):
            if piece.text != mark:
                found.append(("put", piece.ref, mark))
        found.extend(("del", piece.ref, None) for piece in old[len(new) :])
        last = next((ref for ref in reversed(token_last[:i2]) if ref is not None), None)
        following = next((ref for ref in token_first[i2:] if ref is not None), None)
        if last is not None:
            at = (*last[:-1], after(last))
        elif following is not None:
            at = following
        else:
            continue
        # Inserted at one place in turn, so given in reverse to come out in order.
        found.extend(("ins", (template, at), mark) for mark in reversed(new[len(old) :]))
    return found


def _edge_marks(token: str) -> list[str]:
    """The punctuation characters at the start and end of ``token`` (``"four."`` → ``["."]``)."""
    core = clean(token)
    at = token.find(core)
    return [*token[:at], *token[at + len(core) :]] if core != token else []


def ref_of(word: Word) -> Path:
    """A read word's place in its JSON (readers set ``Word.ref`` to a path)."""
    return cast(Path, word.ref)


def after(ref: Path) -> int:
    index = ref[-1]
    assert isinstance(index, int)
    return index + 1
