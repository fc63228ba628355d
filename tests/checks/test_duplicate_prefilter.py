"""The ``duplicate`` check's pre-filter (``duplicate._candidates``, over the
transcript's coded words) rules out only segments where the check would find
nothing: on generated text, the check finds exactly what it finds when it
compares every segment with the one before (the straightforward path)."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_transcript
from workbench.checks import duplicate, wordcodes
from workbench.checks.base import CheckContext
from workbench.checks.duplicate import DuplicateCheck, DuplicateRule
from workbench.checks.wordcodes import CodedWords
from workbench.model import Suggestion, Transcript

# Few words, so that runs recur; now and then a non-ASCII word or the separator.
_WORDS = st.sampled_from(
    ["we", "We", "went", "home", "the", "cat", "uh", "don't", "1990", "_", "a"] * 6
    + ["café", "naïve", "\x00", "x\x00"]
)
_GAPS = st.sampled_from([" ", " ", ", ", ". ", "  ", "\n", " - ", "?"])


def _joined(draw: st.DrawFn, words: list[str]) -> str:
    gaps = draw(st.lists(_GAPS, min_size=len(words), max_size=len(words)))
    return "".join(gap + word for gap, word in zip(gaps, words, strict=True)).strip(" ")


@st.composite
def _transcript(draw: st.DrawFn) -> Transcript:
    """Segments that often repeat the one before, a run of it or its tail, then go on."""
    words = [draw(st.lists(_WORDS, max_size=8))]
    for _ in range(draw(st.integers(0, 7))):
        before = words[-1]
        start = draw(st.integers(0, len(before)))
        stop = draw(st.integers(start, len(before)))
        kept = draw(st.sampled_from([[], before, before[start:stop], before[start:]]))
        words.append(kept + draw(st.lists(_WORDS, max_size=4)))
    return make_transcript([_joined(draw, segment) for segment in words])


def _everywhere(words: CodedWords, least: int) -> list[int]:
    """Every segment after the first: no pre-filter."""
    return list(range(1, words.text.count(wordcodes.SEPARATOR) + 1))


def _found(transcript: Transcript, least: int) -> list[Suggestion]:
    rule = DuplicateRule(id="repeated-segment", min_words=least)
    return list(DuplicateCheck(rule, CheckContext()).find(transcript))


@settings(max_examples=500, deadline=None)
@given(transcript=_transcript(), least=st.integers(1, 4), few_codes=st.booleans())
def test_the_prefilter_changes_nothing(transcript: Transcript, least: int, few_codes: bool) -> None:
    # With few codes, words share them (as past 1,114,111 distinct words).
    with mock.patch.object(wordcodes, "_CODES", 3 if few_codes else wordcodes._CODES):
        fast = _found(transcript, least)
    with mock.patch.object(duplicate, "_candidates", _everywhere):
        assert fast == _found(transcript, least)


def test_the_prefilter_rules_out_segments() -> None:
    texts = ["we went home", "went home, then", "the cat", "the cat sat", "café", "a b"]
    words = wordcodes.coded_words(make_transcript(texts).segments)
    # "went home" opens the second and "the cat" the fourth (two words, not three);
    # the non-ASCII segment and the one after it go to the words
    assert duplicate._candidates(words, 2) == [1, 3, 4, 5]
    assert duplicate._candidates(words, 3) == [4, 5]
