"""Kind ``duplicate``: a segment that repeats the one before it (the shapes of rolling captions)."""

from __future__ import annotations

import operator
from collections.abc import Iterator, Sequence
from itertools import compress
from typing import Literal

import regex
from pydantic import Field

from workbench.checks.base import Check, RuleModel
from workbench.checks.textfix import structural_suggestion, text_suggestion
from workbench.checks.wordcodes import SEPARATOR, CodedWords
from workbench.model import Segment, Suggestion, TextEdit, Transcript

_WORD = regex.compile(r"[\w']+")
_SEPARATOR = "\x00"
_ASCII_NOT_WORD = {
    code: " " for code in range(128) if chr(code) != _SEPARATOR and not _WORD.match(chr(code))
}
"""``str.translate`` table: ASCII characters outside ``[\\w']`` become spaces."""


def words_of(text: str) -> list[str]:
    """The lowercased ``[\\w']+`` words of ``text``."""
    return [word.lower() for word in _WORD.findall(text)]


def spaced_words(texts: Sequence[str]) -> list[str]:
    """For each text, its ``words_of`` joined by spaces (any number of them).

    ASCII text (nearly all of it) is lowercased and has every other character
    turned into a space as one string, in C; a text beyond ASCII goes through the
    pattern, whose ``\\w`` knows Unicode.
    """
    joined = _SEPARATOR.join(texts)
    parts = joined.lower().translate(_ASCII_NOT_WORD).split(_SEPARATOR)
    if len(parts) != len(texts):  # a text holds the separator itself
        return [" ".join(words_of(text)) for text in texts]
    if joined.isascii():
        return parts
    return [
        part if text.isascii() else " ".join(words_of(text))
        for part, text in zip(parts, texts, strict=True)
    ]


def _candidates(words: CodedWords, least: int) -> list[int]:
    """The segments that may repeat words of the one before, in order: every shape of
    repeat opens with ``least`` words of the previous segment in a row, which in the
    coded words (``wordcodes``) is a substring test, all in C; and the uncoded
    segments and those after them, for the words to decide."""
    parts = words.text.split(SEPARATOR)
    heads = list(map(operator.itemgetter(slice(0, least)), parts))
    opening = compress(range(1, len(parts)), map(operator.contains, parts, heads[1:]))
    found = {index for index in opening if len(heads[index]) == least}
    found.update(i for index in words.uncoded for i in (index, index + 1) if 0 < i < len(parts))
    return sorted(found)


def nth_word_start(text: str, n: int) -> int:
    """Where the word after the first ``n`` words of ``text`` starts."""
    for position, match in enumerate(_WORD.finditer(text)):
        if position == n:
            return match.start()
    raise ValueError(f"{text!r} has no word {n}")


class DuplicateRule(RuleModel):
    """Flag a segment that repeats the previous one exactly, is contained in it, or starts
    with its tail; the first two are deleted, the third loses the repeated words."""

    kind: Literal["duplicate"] = "duplicate"
    """Always ``duplicate``."""
    min_words: int = Field(default=3, ge=1)
    """The fewest repeated words that count, so that real speech ("yeah, yeah") survives."""
    header_contains: str | None = None
    """Run only on transcripts whose header contains this text (e.g. YouTube's "Kind: captions")."""


class DuplicateCheck(Check[DuplicateRule]):
    """Compares each segment's words with the previous segment's."""

    model = DuplicateRule

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """Deletions for exact and contained repeats, trims for repeated tails."""
        wanted = self.rule.header_contains
        if not self.rule.applies_to(transcript) or (wanted and wanted not in transcript.header):
            return
        least = self.rule.min_words
        segments = transcript.segments
        for index in _candidates(self.context.words.of(transcript), least):
            seg = segments[index]
            words, before = words_of(seg.text), words_of(segments[index - 1].text)
            if len(words) >= least and len(before) >= least:
                found = self._compare(transcript, seg, before, words)
                if found is not None:
                    yield found

    def _compare(
        self,
        transcript: Transcript,
        seg: Segment,
        previous: list[str],
        words: list[str],
    ) -> Suggestion | None:
        index = seg.index
        overlap = repeated_lead(previous, words, self.rule.min_words)
        if overlap == len(words):
            shape = "repeats" if words == previous else "is contained in"
            return structural_suggestion(
                transcript,
                self.rule.id,
                self.rule.kind,
                (index, index),
                (),
                reason=self.rule.description or f"this segment {shape} the previous one",
                auto=self.rule.auto,
                confidence=0.9,
            )
        if not overlap:
            return None
        cut = nth_word_start(seg.text, overlap)  # the first word that is new
        return text_suggestion(
            transcript,
            self.rule.id,
            self.rule.kind,
            [TextEdit(index, 0, cut, "")],
            reason=self.rule.description
            or f"the first {overlap} words repeat the end of the previous segment",
            auto=self.rule.auto,
            confidence=0.8,
        )


def repeated_lead(previous: list[str], words: list[str], least: int) -> int:
    """How many leading ``words`` a segment repeats of the ``previous`` one's: all of
    them when it repeats it or is contained in it, else the most that end ``previous``
    (0 when under ``least``). Both are lists of ``words_of``."""
    if words == previous or _contains(previous, words):
        return len(words)
    return _tail_overlap(previous, words, least)


SHORT = 64
"""Up to this many words, segments are compared by slicing (faster than the linear
methods below for the few words of a caption line; those keep a whole talk on one
line from taking quadratic time)."""


def _contains(outer: list[str], inner: list[str]) -> bool:
    """True when ``inner`` occurs as a contiguous run of ``outer``."""
    size = len(inner)
    if len(outer) <= SHORT:
        return any(outer[i : i + size] == inner for i in range(len(outer) - size + 1))
    # Words hold no spaces, so a run of words is a run of space-separated text.
    return f" {' '.join(inner)} " in f" {' '.join(outer)} "


def _tail_overlap(previous: list[str], words: list[str], least: int) -> int:
    """The most leading words of ``words`` (fewer than all) that end ``previous``; 0 if under ``least``."""
    if len(words) <= SHORT:
        for size in range(min(len(previous), len(words) - 1), least - 1, -1):
            if previous[-size:] == words[:size]:
                return size
        return 0
    # Knuth-Morris-Pratt: run ``previous`` through the automaton of ``words``.
    border = [0] * len(words)
    """border[i]: the longest proper prefix of words[:i + 1] that also ends it."""
    k = 0
    for i in range(1, len(words)):
        while k and words[i] != words[k]:
            k = border[k - 1]
        if words[i] == words[k]:
            k += 1
        border[i] = k
    k = 0
    for word in previous:
        while k and (k == len(words) or word != words[k]):
            k = border[k - 1]
        if word == words[k]:
            k += 1
    if k == len(words):  # ``previous`` ends with all of ``words``: fewer than all are wanted
        k = border[k - 1]
    return k if k >= least else 0
