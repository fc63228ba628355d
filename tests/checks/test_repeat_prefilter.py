"""The stutter check's pre-filter (``repeat._repeated_runs``, over the transcript's
coded words) rules out only segments where the check would find nothing: on
generated text, the check finds exactly what it finds when its pattern runs over
every segment and every boundary (the straightforward path)."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_transcript
from workbench.checks import repeat, wordcodes
from workbench.checks.base import CheckContext
from workbench.checks.repeat import RepeatCheck, RepeatRule
from workbench.checks.wordcodes import CodedWords
from workbench.model import Suggestion, Transcript

# Few words, so that repeats are common: emphatic, grammatical and conjunction words,
# hesitations in several cases, a number; now and then a non-ASCII word or the filter's
# separator (a segment holding one goes to the pattern unfiltered).
_ASCII = [
    "I", "i", "we", "We", "could", "try", "the", "The", "cat", "and", "or", "more",
    "that", "is", "very", "so", "no", "thank", "you", "um", "uh", "Uh", "er", "ah",
    "1990", "don't", "'", "_",
]  # fmt: skip
_WORDS = st.sampled_from(_ASCII * 10 + ["café", "Café", "naïve", "\x00", "x\x00"])
_ENDS = st.sampled_from(["", "", ",", ".", " ", "?"])
_GAPS = st.sampled_from([" ", " ", " ", ", ", ". ", "  ", "\t", "\n", " - ", ",  ", "; ", "! "])


def _joined(draw: st.DrawFn, words: list[str]) -> str:
    gaps = draw(st.lists(_GAPS, min_size=len(words), max_size=len(words)))
    return "".join(gap + word for gap, word in zip(gaps, words, strict=True))


@st.composite
def _text(draw: st.DrawFn) -> str:
    """Words in random gaps, often with a phrase of one to five words said two or three
    times (commas, hesitations or other gaps between the copies)."""
    before, after = draw(st.lists(_WORDS, max_size=5)), draw(st.lists(_WORDS, max_size=5))
    middle = ""
    if draw(st.booleans()):
        phrase = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=5)))
        copies = draw(st.integers(2, 3))
        between = st.sampled_from([" ", ", ", " um ", ", uh, ", " uh um ", ". ", " and "])
        middle = phrase + "".join(draw(between) + phrase for _ in range(copies - 1))
    text = _joined(draw, before) + " " + middle + _joined(draw, after)
    return text[draw(st.integers(0, 2)) :] + draw(_ENDS)


@st.composite
def _transcript(draw: st.DrawFn) -> Transcript:
    """Often the next segment opens with the last words of the one before."""
    texts = [draw(_text())]
    for _ in range(draw(st.integers(0, 7))):
        opening = ""
        if draw(st.booleans()):
            opening = " ".join(draw(st.lists(_WORDS, min_size=1, max_size=5)))
            texts[-1] += draw(st.sampled_from([" ", ". "])) + opening + draw(_ENDS)
        texts.append(opening + " " + draw(_text()))
    speakers = draw(
        st.lists(st.sampled_from([None, None, "Ann"]), min_size=len(texts), max_size=len(texts))
    )
    plain = make_transcript(texts)
    return plain.replace_segments(
        tuple(seg._replace(speaker=who) for seg, who in zip(plain.segments, speakers, strict=True))
    )


def _everywhere(words: CodedWords, count: int) -> tuple[list[int], list[int]]:
    """Every segment and every boundary: no pre-filter."""
    return list(range(count)), list(range(count - 1))


def _found(transcript: Transcript) -> list[Suggestion]:
    return list(RepeatCheck(RepeatRule(id="stutter"), CheckContext()).find(transcript))


@settings(max_examples=600, deadline=None)
@given(transcript=_transcript(), few_codes=st.booleans())
def test_the_prefilter_changes_nothing(transcript: Transcript, few_codes: bool) -> None:
    # With few codes, words share them (as past 1,114,111 distinct words).
    with mock.patch.object(wordcodes, "_CODES", 3 if few_codes else wordcodes._CODES):
        fast = _found(transcript)
    with mock.patch.object(repeat, "_repeated_runs", _everywhere):
        assert fast == _found(transcript)


def test_the_prefilter_rules_out_segments() -> None:
    texts = ["we went home", "I, I would", "no repeat here", "and then I,", "I left", "café café"]
    within, across = repeat._repeated_runs(
        wordcodes.coded_words(make_transcript(texts).segments), 6
    )
    # the stutter, and the non-ASCII segment left to the pattern
    assert within == [1, 5]
    # "I," | "I left"; and both boundaries of the non-ASCII segment
    assert across == [3, 4]
