"""The fast paths of candidate generation change nothing: on generated glossaries and
windows, ``SoundIndex.close`` (one C call rules most spellings out, pools gathered
once) finds exactly what comparing the window with every spelling that shares a
blocking key finds, in the same order; a window's sound key, joined from its
words' keys, is the straightforward one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.soundalike.features import SHORT_PENALTY, Evidence, compare
from workbench.soundalike.forms import Form, joined_key, squeeze, term_form, window_form, word_key
from workbench.soundalike.index import CANDIDATE_FLOOR, UNKNOWN_LIFT, SoundIndex, blocking_keys

# Few syllables, so that windows and terms often sound alike; letters spelled out
# and number words, so that acronyms and versions come up.
_SYLLABLES = st.sampled_from(
    ["ka", "ri", "to", "mu", "sen", "zha", "vel", "dor", "pix", "gee", "pee", "tea", "x"]
)
_WORD = st.lists(_SYLLABLES, min_size=1, max_size=3).map("".join)
_VERSION = st.sampled_from(["", "", "", " 4", "-4", " 3.5", "4"])


@st.composite
def _case(draw: st.DrawFn) -> tuple[list[Form], list[Form]]:
    """Spellings and windows made of a few words, a word of a window now and then
    another: most windows sound like some spelling, a few only just."""
    vocabulary = draw(st.lists(_WORD, min_size=2, max_size=6, unique=True))
    phrase = st.lists(st.sampled_from(vocabulary) | _WORD, min_size=1, max_size=3)
    spellings = []
    for words in draw(st.lists(phrase, min_size=1, max_size=40)):
        if draw(st.booleans()):
            words[0] = words[0].upper()[:4]  # an acronym now and then
        spellings.append(term_form(" ".join(words) + draw(_VERSION)))
    windows = []
    for words in draw(st.lists(phrase, max_size=8)):
        ending = draw(
            st.sampled_from([[], [], ["4"], ["for"], ["four"], ["three", "point", "five"]])
        )
        form = window_form(words + ending)
        assert form is not None
        windows.append(form)
    return spellings, windows


def _straightforward(spellings: list[Form], window: Form) -> list[tuple[int, Evidence]]:
    """Compare the window with every spelling filed under one of its blocking keys
    (each key's spellings grouped by key and letters lengths, in the order first
    filed) or its version, once each, and keep those that reach the floor."""
    order: list[int] = []
    for block in blocking_keys(window):
        filed = [n for n, form in enumerate(spellings) if block in blocking_keys(form)]
        lengths = [(len(spellings[n].key), len(spellings[n].letters)) for n in filed]
        for group in dict.fromkeys(lengths):
            order += [n for n, length in zip(filed, lengths, strict=True) if length == group]
    if window.version is not None:
        order += [n for n, form in enumerate(spellings) if form.version == window.version]
    found = []
    for n in dict.fromkeys(order):
        if spellings[n].version != window.version:
            continue
        evidence = compare(window, spellings[n])
        lift = UNKNOWN_LIFT + (SHORT_PENALTY if evidence.short_key else 0.0)
        if evidence.score + lift >= CANDIDATE_FLOOR:
            found.append((n, evidence))
    return found


@settings(max_examples=400, deadline=None)
@given(case=_case())
def test_close_finds_what_comparing_every_filed_spelling_finds(
    case: tuple[list[Form], list[Form]],
) -> None:
    spellings, windows = case
    index: SoundIndex[int] = SoundIndex()
    for number, form in enumerate(spellings):
        index.add(form, number)
    for window in [*windows, *spellings]:  # a term's own spelling finds at least itself
        assert index.close(window) == _straightforward(spellings, window)


def test_a_spelling_filed_twice_is_found_twice_and_one_filed_later_is_found() -> None:
    index: SoundIndex[str] = SoundIndex()
    index.add(term_form("Kamusen"), "first")
    index.add(term_form("Kamusen"), "second")
    window = window_form(["kamu", "sen"])
    assert window is not None
    assert [item for item, _ in index.close(window)] == ["first", "second"]
    index.add(term_form("Kamusen"), "third")
    assert [item for item, _ in index.close(window)] == ["first", "second", "third"]


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.text("abcdkgptsxzhy'", min_size=0, max_size=6), max_size=5))
def test_a_joined_key_is_the_words_keys_run_together_and_squeezed(words: list[str]) -> None:
    assert joined_key(map(word_key, words)) == squeeze("".join(map(word_key, words)))
