"""Stage 1a: a transcript's words as tokens, with where they are and how they normalise."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.model import Segment, Word

WORD = re.compile(r"(?:[A-Za-z]\.){2,}(?![A-Za-z])|\w+(?:['’.\-]\w+)*")
"""A word: a dotted acronym with its final dot ("G.P.T."), or letters and digits
joined by apostrophes, dots or hyphens ("we'll", "3.5", "pre-training")."""
_POSSESSIVE = re.compile(r"\w\w['’]s$")
CONTRACTING = frozenset(
    [
        "let",
        "it",
        "that",
        "what",
        "there",
        "here",
        "he",
        "she",
        "who",
        "where",
        "how",
        "when",
        "why",
        "this",
        "everyone",
        "everybody",
        "everything",
        "someone",
        "somebody",
        "something",
        "nobody",
        "nothing",
    ]
)
"""Words whose "'s" is "is", "has" or "us" ("Let's", "that's", "she's"), never a possessive."""


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a segment's text, with where it is."""

    segment: int
    """Index of the segment the word is in."""
    start: int
    """Offset of the word's first character in the segment's text."""
    end: int
    """Offset just past the word's last character."""
    text: str
    sentence_start: bool = False
    """True for the first word of a sentence (a capital there says nothing)."""
    confidence: float | None = None
    """The recogniser's confidence in the word (0..1; the lowest of the words it
    overlaps), or None where the format gives none."""

    @property
    def name_like(self) -> bool:
        """True for a capitalised word inside a sentence ("Main" in "Andrew Main")."""
        return (
            not self.sentence_start
            and self.text[:1].isupper()
            and not self.text.isupper()
            and "'" not in self.text  # "I'm", "I've": the pronoun, not a name
            and "’" not in self.text
        )

    @property
    def norm(self) -> str:
        """The word lowercased: letters, digits, apostrophes and decimal points only."""
        return normalise(self.text)


@functools.lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lowercase, keeping letters, digits, apostrophes (for the dictionary) and decimal points."""
    kept = "".join(ch for ch in text.lower().replace("’", "'") if ch.isalnum() or ch in ".'")
    return kept.strip(".'")


def bare(word: str) -> str:
    """A normalised word without apostrophes and dots ("g.p.t" -> "gpt")."""
    return word.replace("'", "").replace(".", "")


def kept(word: str) -> str:
    """A word as a token keeps it: a possessive "'s" left out ("Brockman's" -> "Brockman"),
    a contraction kept whole ("Let's" is not "Let" owning something)."""
    if _POSSESSIVE.search(word) and word[:-2].lower() not in CONTRACTING:
        return word[:-2]
    return word


def possessive_at(text: str, offset: int) -> int:
    """How many characters of a possessive "'s" stand at ``offset`` of ``text`` (0 or 2)."""
    return 2 if text[offset : offset + 2] in ("'s", "’s") else 0


def tokenize(texts: Iterable[tuple[int, str]]) -> list[Token]:
    """The words of each (segment index, text), in order; punctuation is not a token.

    A possessive "'s" stays outside its word, so "Brockman's" is the word
    "Brockman" and a fix of the name keeps the "'s".
    """
    tokens = []
    stop = True
    for segment, text in texts:
        previous = 0
        for found in WORD.finditer(text):
            stop = stop or any(ch in ".?!" for ch in text[previous : found.start()])
            end = found.start() + len(kept(found.group()))
            tokens.append(Token(segment, found.start(), end, text[found.start() : end], stop))
            stop = False
            previous = found.end()
        stop = any(ch in ".?!" for ch in text[previous:])
    return tokens


def tokenize_segments(segments: Iterable[Segment]) -> list[Token]:
    """The words of a transcript's segments, each with the recogniser's confidence where
    the segment's words carry one (Whisper JSON ``probability``, WhisperX ``score``)."""
    listed = list(segments)
    tokens = tokenize((segment.index, segment.text) for segment in listed)
    heard = {
        segment.index: spans
        for segment in listed
        if (spans := _word_spans(segment.text, segment.words))
    }
    if not heard:
        return tokens
    return [_with_confidence(token, heard.get(token.segment, ())) for token in tokens]


def _word_spans(text: str, words: Sequence[Word]) -> list[tuple[int, int, float]]:
    """Where each recognised word with a confidence stands in ``text``: (start, end, confidence).

    Words are found in order from where the previous one ended; a word the text
    does not hold (the reader kept it, the text lost it) is passed over.
    """
    spans = []
    cursor = 0
    for word in words:
        said = word.text.strip()
        at = text.find(said, cursor) if said else -1
        if at < 0:
            continue
        cursor = at + len(said)
        if word.confidence is not None:
            spans.append((at, cursor, word.confidence))
    return spans


def _with_confidence(token: Token, spans: Sequence[tuple[int, int, float]]) -> Token:
    """The token with the lowest confidence of the recognised words it overlaps."""
    found = [p for start, end, p in spans if start < token.end and token.start < end]
    return dataclasses.replace(token, confidence=min(found)) if found else token
