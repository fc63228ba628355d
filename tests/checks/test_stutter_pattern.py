"""The stutter pattern's possessive words (``repeat._PHRASE``) find exactly what the
same pattern finds when it may give characters back (the straightforward path), on
generated text full of repeats, hesitations and odd gaps."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.checks import repeat

_PHRASE = rf"[\w']+(?:[ \t]+[\w']+){{0,{repeat.MAX_WORDS - 1}}}"
"""One to ``MAX_WORDS`` words, each free to give characters back."""
_BACKTRACKING = re.compile(
    repeat._STUTTER.pattern.replace(repeat._PHRASE, _PHRASE, 1), re.IGNORECASE
)

_WORDS = st.sampled_from(
    [
        "I", "i", "we", "We", "the", "The", "theme", "them", "and", "more", "don't", "don",
        "'", "t", "um", "Uh", "uh", "er", "err", "ah", "1990", "19", "x_y", "café", "Café",
    ]
)  # fmt: skip
_GAPS = st.sampled_from([" ", " ", ", ", ",", "  ", "\t", " \t", "\n", ". ", " - ", ",\n", "'"])


@st.composite
def _text(draw: st.DrawFn) -> str:
    """Words in random gaps, often a phrase of one to five words said again."""
    words = draw(st.lists(_WORDS, max_size=6))
    if draw(st.booleans()):
        phrase = draw(st.lists(_WORDS, min_size=1, max_size=5))
        for _ in range(draw(st.integers(2, 3))):
            words += [*draw(st.lists(st.sampled_from(["um", "uh", "Uh"]), max_size=2)), *phrase]
    words += draw(st.lists(_WORDS, max_size=4))
    gaps = draw(st.lists(_GAPS, min_size=len(words), max_size=len(words)))
    return "".join(gap + word for gap, word in zip(gaps, words, strict=True))


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str, str]]:
    return [(m.span(), m["phrase"], m["again"]) for m in pattern.finditer(text)]


@settings(max_examples=1500, deadline=None)
@given(text=_text())
def test_possessive_words_find_what_backtracking_finds(text: str) -> None:
    assert _found(repeat._STUTTER, text) == _found(_BACKTRACKING, text)


def test_the_pattern_is_possessive() -> None:
    # The straightforward pattern above is this one with its words allowed to backtrack.
    assert repeat._PHRASE in repeat._STUTTER.pattern
    assert _BACKTRACKING.pattern != repeat._STUTTER.pattern
    assert _found(repeat._STUTTER, "we, we went") == [((0, 6), "we", ", we")]
