"""How familiar a word is (``soundalike.familiar``): the table built once from wordfreq's
list answers as wordfreq does, for every kind of word a transcript holds; a table
that cannot be built or is damaged leaves wordfreq to answer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import get_frequency_dict, zipf_frequency

from workbench.soundalike import familiar

LIST = sorted(get_frequency_dict("en", wordlist="best"))

WORDS = st.one_of(
    st.sampled_from(LIST),  # words it knows, as listed
    st.sampled_from(LIST).map(str.title),  # capitalised: "Spain"
    st.from_regex(r"[A-Za-z]{1,8}(?:'[a-z]{1,3})?", fullmatch=True),  # made up, contractions
    st.from_regex(r"[A-Za-z]{0,4}\d{1,4}[A-Za-z]{0,3}", fullmatch=True),  # "gpt4", "2024"
    st.text(max_size=8),  # anything at all
)


@pytest.fixture(autouse=True)
def fresh_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test opens the table anew, from a cache folder of its own."""
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(familiar, "_opened", [])
    yield tmp_path / "familiarity"


@settings(max_examples=600, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=20))
def test_every_word_is_answered_as_wordfreq_answers_it(words: list[str]) -> None:
    assert [familiar.zipf(word) for word in words] == [zipf_frequency(w, "en") for w in words]


def test_plain_words_are_read_from_the_table_built_once(fresh_table: Path) -> None:
    assert familiar.zipf("Spain") == zipf_frequency("spain", "en") > 3
    (table,) = fresh_table.glob("*.sqlite")
    familiar._opened.clear()
    assert familiar.zipf("qzxv") == 0.0
    assert list(fresh_table.glob("*")) == [table]  # read again, not built again


def test_a_damaged_table_leaves_wordfreq_to_answer(fresh_table: Path) -> None:
    familiar.zipf("the")
    (table,) = fresh_table.glob("*.sqlite")
    familiar._opened.clear()
    table.write_bytes(b"not a database")
    assert familiar.zipf("Spain") == zipf_frequency("Spain", "en")


def test_a_cache_that_cannot_be_written_leaves_wordfreq_to_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(blocked / "cache"))
    assert familiar.zipf("Spain") == zipf_frequency("Spain", "en")
    assert familiar._opened == [None]


def test_a_forked_process_opens_the_table_anew() -> None:
    familiar.zipf("the")
    assert familiar._opened and familiar._opened[0] is not None
    child = os.fork()
    if child == 0:  # the child: its table is not the parent's connection
        os._exit(0 if not familiar._opened and familiar.zipf("Spain") > 3 else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
