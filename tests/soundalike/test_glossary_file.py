"""Glossary files that real users hand in: case-different entries, repeats, huge lines."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.soundalike.conftest import DATA, rule, scan, transcript
from workbench.cli.app import main
from workbench.glossary import GlossaryWarning, read_glossary
from workbench.soundalike import SoundAlikeIndex, Term, tokenize


def test_entries_differing_only_in_case_are_two_terms(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text("Tensorflow Lite\ntensorflow lite\nWidgetron\n", encoding="utf-8")
    assert [e.term for e in read_glossary(path)] == [
        "Tensorflow Lite",
        "tensorflow lite",
        "Widgetron",
    ]
    found = scan(transcript("we shipped the widgitron build"), rule(file=str(path)))
    assert [s.after[0] for s in found] == ["we shipped the Widgetron build"]


def test_the_case_different_glossary_in_the_test_data_loads() -> None:
    assert [e.term for e in read_glossary(DATA / "duplicate-case.txt")] == [
        "GPT-4",
        "ChatGPT",
        "gpt-4",
    ]


def test_a_term_listed_twice_is_a_warning_and_kept_once() -> None:
    with pytest.warns(GlossaryWarning, match="'GPT-4' is already on line 1") as caught:
        entries = read_glossary(DATA / "duplicate.txt")
    assert [e.term for e in entries] == ["GPT-4", "ChatGPT"]
    assert caught[0].message.line == 3  # type: ignore[union-attr]


def test_scan_with_a_repeated_term_warns_in_one_line_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "talk.txt"
    doc.write_text("what you all build with Dppd4.\n", encoding="utf-8")
    code = main(
        ["scan", str(doc), "--no-default-rules", "--glossary", str(DATA / "duplicate.txt")]
        + ["--json", "--store", str(tmp_path / "store")]
    )
    out = capsys.readouterr()
    assert code == 0 and "GPT-4" in out.out
    warning = [line for line in out.err.splitlines() if line]
    where = DATA / "duplicate.txt"
    assert warning == [
        f"workbench: warning: {where}:3: term 'GPT-4' is already on line 1 (ignored)"
    ]


def test_a_term_of_two_thousand_words_costs_linear_work() -> None:
    huge = " ".join(f"word{n}" for n in range(2000))
    start = time.perf_counter()
    index = SoundAlikeIndex([Term(huge), Term("Widgetron")])
    found = index.find(tokenize([(0, "the widgitron build")]))
    assert time.perf_counter() - start < 5.0  # cubic work took 34 s and ran out of memory
    assert [m.term.canonical for m in found] == ["Widgetron"]
