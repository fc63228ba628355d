"""Stage 2: how alike a window and a term are, as numbers a fitted scorer weighs."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.soundalike.forms import Form, letter_names

VERSION_BONUS = 0.1
"""Added when the window ends in the term's version number ("GPD 4", "GPT for")."""

ACRONYM_SPLIT_PENALTY = 0.3
"""Taken off when several words sound like a (one-word) acronym but do not spell it."""

SHORT_PENALTY = 0.1
"""Taken off for a term whose sound key is two symbols or fewer (DALL-E: ``TL``)."""


SOUND_WEIGHT = 0.6
"""Share of the base score from the sound keys; the rest is the letters (sound matters more:
recognisers keep the sound and lose the spelling)."""

LETTER_NAME_WEIGHT = 0.8
"""How much a rhyme of spelled letters ("dee" for "gee") counts, against the same letters."""

ALIGNED_WORD_SIMILARITY = 60
"""How alike (0..100) each word's key must be to its partner's for ``ALIGNED_BONUS``."""

ALIGNED_BONUS = 0.05
"""Added when the window has the term's number of words and each sounds like its partner."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """How alike a window and a term are, part by part, and the score that results."""

    score: float
    sound: float
    """Similarity of the sound keys, 0..1."""
    spelling: float
    """Similarity of the letters, 0..1."""
    term_key: str
    window_key: str
    version_matched: bool = False
    short_key: bool = False
    """True when ``SHORT_PENALTY`` was taken (the term's key has two symbols or fewer)."""


def compare(window: Form, term: Form) -> Evidence:
    """Score how alike a window and a term form are, before word-commonness is weighed."""
    sound = fuzz.ratio(window.key, term.key) / 100
    spelling = fuzz.ratio(window.letters, term.letters) / 100
    if term.acronym and window.acronym:
        # Spelled letters are misheard by rhyme ("dee pee" for "gee pee"), not by spelling.
        names = fuzz.ratio(letter_names(window.letters), letter_names(term.letters)) / 100
        spelling = max(spelling, names * LETTER_NAME_WEIGHT)
    score = SOUND_WEIGHT * sound + (1 - SOUND_WEIGHT) * spelling
    if (
        term.acronym
        and len(window.word_keys) > 1
        and term.letters
        not in (
            window.letters,
            window.spelled,
        )
    ):
        # "AGI but" sounds KPT too: an acronym is one word, or its letters spelled apart.
        score -= ACRONYM_SPLIT_PENALTY
    short = len(term.key) <= 2
    if short:
        # Two consonants ("TL" of DALL-E) are shared by too many ordinary words.
        score -= SHORT_PENALTY
    matched = window.version is not None and window.version == term.version
    if matched and window.spoken == "for" and window.key != term.key:
        # "for" is nearly always just "for": only an exact-sounding stem makes it a "4".
        score = 0.0
    elif matched:
        score += VERSION_BONUS
    if aligned(window, term):
        score += ALIGNED_BONUS
    clamped = max(0.0, min(score, 1.0))
    return Evidence(clamped, sound, spelling, term.key, window.key, matched, short)


def aligned(window: Form, term: Form) -> bool:
    """True when both have the same words (two or more) and each sounds like its partner."""
    return len(window.word_keys) == len(term.word_keys) > 1 and all(
        fuzz.ratio(a, b) >= ALIGNED_WORD_SIMILARITY
        for a, b in zip(window.word_keys, term.word_keys, strict=True)
    )
