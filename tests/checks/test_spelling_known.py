"""The spelling check's look-up of a word in the dictionary (``SpellingCheck._known_form``)
answers what pyspellchecker's ``known`` answers (the straightforward path), for the
words the check asks about: lowercase letters with inner apostrophes, inflected or not."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.checks.base import CheckContext
from workbench.checks.spelling import SpellingCheck, SpellingRule, _stems

# Real words and their inflections, words one letter off, the spell checker's own
# special cases ("nan", "inf"), and a word longer than any in the dictionary.
_STARTS = st.sampled_from(
    [
        "meme", "else", "that", "system", "colour", "color", "randomization", "walk",
        "happy", "stud", "nan", "inf", "infinity", "welinder", "minut", "verus", "a",
        "supercalifragilisticexpialidociousness",
    ]
)  # fmt: skip
_ENDINGS = st.sampled_from(["", "", "s", "es", "ies", "'s", "'d", "'ll", "ed", "ied", "ing", "x"])


@cache
def _check(inflections: bool) -> SpellingCheck:
    return SpellingCheck(SpellingRule(id="sp", inflections=inflections), CheckContext())


def _straightforward(check: SpellingCheck, word: str) -> bool:
    speller = check._speller()
    if speller.known([word]):
        return True
    return check.rule.inflections and bool(speller.known(_stems(word)))


@settings(max_examples=500, deadline=None)
@given(start=_STARTS, cut=st.integers(0, 3), ending=_ENDINGS, inflections=st.booleans())
def test_a_look_up_answers_what_known_answers(
    start: str, cut: int, ending: str, inflections: bool
) -> None:
    word = start[: len(start) - cut] + ending
    check = _check(inflections)
    assert check._known_form(word) == _straightforward(check, word)
