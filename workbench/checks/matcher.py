"""One Aho-Corasick automaton for every whole-word phrase of every rule.

Text and phrases are lowercased and every non-word character becomes a space
(lengths are kept, so offsets map straight back), then each phrase is padded
with a space on both sides: a hit is then a whole-word hit by construction, and
the cost of a scan follows the number of hits, not the number of phrases.
Segments of a block are joined with ``\\n`` (a space after normalising), so a
phrase may run over a segment boundary; a gap between a phrase's words may also
be two characters wide ("chat, GBT" matches "chat GBT").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import ahocorasick  # type: ignore[import-not-found]

from workbench.checks.textfix import match_case, span_edits, text_suggestion
from workbench.model import Suggestion, TextEdit, Transcript

if TYPE_CHECKING:
    from workbench.checks.base import Check, Phrase

BLOCK_SEGMENTS = 10_000
"""Segments joined into one string per automaton pass (large enough to amortise the call)."""

MAX_WIDE_GAPS = 3
"""Gaps of a multi-word phrase that may also be two characters wide (a comma and a space)."""

_NON_WORD = re.compile(r"\W")


def normalize(text: str) -> str:
    """Lowercase ``text`` and turn non-word characters into spaces, keeping its length."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters lowercase to two (e.g. "İ"); keep those as they are.
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _NON_WORD.sub(" ", lowered)


def phrase_key(text: str) -> str:
    """The automaton key of a phrase: normalised, single-spaced words."""
    return " ".join(normalize(text).split())


def phrase_words(text: str) -> str:
    """The words of ``text`` with any separators as single spaces, case kept."""
    return " ".join(_NON_WORD.sub(" ", text).split())


def is_whole_word_phrase(text: str) -> bool:
    """True when ``text`` starts and ends with a word character (so it can match as whole words)."""
    stripped = text.strip()
    return bool(stripped) and bool(re.match(r"\w", stripped[0])) and bool(re.match(r"\w", stripped[-1]))


def _spellings(key: str) -> list[str]:
    """The key with each gap between words one or two characters wide ("chat GBT", "chat, GBT")."""
    words = key.split(" ")
    keys = [words[0]]
    for position, word in enumerate(words[1:]):
        # Beyond three gaps only single ones: the number of keys must stay small.
        gaps = (" ", "  ") if position < MAX_WIDE_GAPS else (" ",)
        keys = [f"{k}{gap}{word}" for k in keys for gap in gaps]
    return keys


_Entry = tuple[int, "Check[Any]", "Phrase", int]


class LiteralMatcher:
    """Matches the phrases of many checks at once; hits become suggestions."""

    def __init__(self, checks: Sequence[tuple[int, Check[Any]]]) -> None:
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[_Entry]] = {}
        for order, check in checks:
            for phrase in check.literals():
                for key in _spellings(phrase_key(phrase.text)):
                    entries.setdefault(key, []).append((order, check, phrase, len(key)))
        for key, values in entries.items():
            self._automaton.add_word(f" {key} ", values)
        self.size = len(entries)
        if entries:
            self._automaton.make_automaton()

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """Every phrase hit in ``transcript`` (overlapping hits included, unresolved)."""
        if not self.size:
            return
        segments = transcript.segments
        for first in range(0, len(segments), BLOCK_SEGMENTS):
            yield from self._find_block(transcript, first, min(first + BLOCK_SEGMENTS, len(segments)))

    def _find_block(self, transcript: Transcript, first: int, stop: int) -> Iterator[Suggestion]:
        segments = transcript.segments
        texts = [seg.text for seg in segments[first:stop]]
        block = "\n".join(texts)
        offsets = [0, *itertools.accumulate(len(text) + 1 for text in texts)]
        skipped: dict[int, bool] = {}
        # The loop body runs once per hit: it is kept free of per-rule work.
        for end, values in self._automaton.iter(f" {normalize(block)} "):
            for order, check, phrase, size in values:
                skip = skipped.get(order)
                if skip is None:
                    skip = skipped[order] = not check.rule.applies_to(transcript)
                if skip:
                    continue
                start = end - size - 1  # padded end → unpadded start of the words
                stop_at = start + size
                matched = block[start:stop_at]
                if phrase.exact_case and phrase_words(matched) != phrase_words(phrase.text):
                    continue
                replacement = (
                    match_case(phrase.replacement, matched) if phrase.fix_case else phrase.replacement
                )
                if replacement == matched:
                    continue
                a = bisect.bisect_right(offsets, start) - 1
                local = start - offsets[a]
                if stop_at <= offsets[a] + len(texts[a]):
                    # Within one segment (nearly every hit): build the suggestion directly.
                    text = texts[a]
                    seg = segments[first + a]
                    yield Suggestion(
                        check.rule.id, check.rule.kind, transcript.doc_id, (seg.index, seg.index),
                        (text,), (text[:local] + replacement + text[local + size :],),
                        check.reason(matched, replacement), 1.0, check.rule.auto, seg.line, seg.line,
                        "segments", (TextEdit(seg.index, local, local + size, replacement),),
                    )  # fmt: skip
                    continue
                b = bisect.bisect_right(offsets, stop_at) - 1
                edits = span_edits(
                    segments, first + a, local, first + b, stop_at - offsets[b], replacement
                )
                suggestion = text_suggestion(
                    transcript,
                    check.rule.id,
                    check.rule.kind,
                    edits,
                    reason=check.reason(matched, replacement),
                    auto=check.rule.auto,
                )
                if suggestion is not None:
                    yield suggestion
