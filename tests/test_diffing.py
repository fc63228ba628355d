"""Word diffs: table-driven cases, both renderings, and transcript alignment."""

from __future__ import annotations

import re

import pytest
from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from workbench.diffing import DiffRow, render_html, render_terminal, transcript_rows, word_diff
from workbench.model import Segment, Transcript

WORD_CASES = [
    ("same", "same", [(0, "same")]),
    ("", "", []),
    ("", "new words", [(1, "new words")]),
    ("old words", "", [(-1, "old words")]),
    (
        "what you all build with Dppd4.",
        "what you all build with GPT-4.",
        [(0, "what you all build with "), (-1, "Dppd4."), (1, "GPT-4.")],
    ),
    (
        "Peter Wellender is here",
        "Peter Welinder is here",
        [(0, "Peter "), (-1, "Wellender"), (1, "Welinder"), (0, " is here")],
    ),
    # Whole words change, never letters inside a word.
    ("the cat sat", "the cap sat", [(0, "the "), (-1, "cat"), (1, "cap"), (0, " sat")]),
    ("the the dog", "the dog", [(-1, "the "), (0, "the dog")]),
    ("a  b", "a b", [(0, "a"), (-1, "  "), (1, " "), (0, "b")]),
]


@pytest.mark.parametrize(("before", "after", "expected"), WORD_CASES)
def test_word_diff(before: str, after: str, expected: list[tuple[int, str]]) -> None:
    assert word_diff(before, after) == expected


@given(st.text(), st.text())
def test_word_diff_rebuilds_both_sides(before: str, after: str) -> None:
    ops = word_diff(before, after)
    assert "".join(text for op, text in ops if op <= 0) == before
    assert "".join(text for op, text in ops if op >= 0) == after


def test_diff_timeout_is_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []
    original = diff_match_patch.diff_main

    def spy(self: diff_match_patch, *args: object, **kwargs: object) -> object:
        seen.append(self.Diff_Timeout)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(diff_match_patch, "diff_main", spy)
    word_diff("one two three", "one four three")
    assert seen and seen[0] == 0


TERMINAL_CASES = [
    ("the quick brown fox", "the slow brown dog", "the [-quick-]{+slow+} brown [-fox-]{+dog+}"),
    ("keep", "keep", "keep"),
    ("gone", "", "[-gone-]"),
]


@pytest.mark.parametrize(("before", "after", "expected"), TERMINAL_CASES)
def test_render_terminal_plain(before: str, after: str, expected: str) -> None:
    assert render_terminal(word_diff(before, after), color=False) == expected


def test_render_terminal_colour_marks_deletions_red_struck_and_insertions_green() -> None:
    out = render_terminal(word_diff("a b", "a c"), color=True)
    deleted = re.search(r"((?:\x1b\[[0-9;]*m)+)b\x1b\[0m", out)
    inserted = re.search(r"((?:\x1b\[[0-9;]*m)+)c\x1b\[0m", out)
    assert deleted and "31" in deleted.group(1) and "9" in deleted.group(1)
    assert inserted and "32" in inserted.group(1)
    assert "[-" not in out
    assert re.sub(r"\x1b\[[0-9;]*m", "", out) == "a bc"


def test_render_html_is_self_contained_and_escaped() -> None:
    page = render_html("doc <v1>", [DiffRow("line 3", "x <b> & y", "x <i> & y")])
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "<script" not in page and "http" not in page
    assert "<del>&lt;b&gt;</del><ins>&lt;i&gt;</ins>" in page
    assert "doc &lt;v1&gt;" in page
    assert "line 3" in page


def test_render_html_without_rows_says_so() -> None:
    assert "No differences." in render_html("t", [])


def _transcript(*texts: str, header: str = "", footer: str = "") -> Transcript:
    segments = tuple(
        Segment(index=i, start=None, end=None, text=text, line=i + 1)
        for i, text in enumerate(texts)
    )
    return Transcript("doc", "txt", segments, header=header, footer=footer)


ROW_CASES = [
    (("a", "b", "c"), ("a", "b", "c"), []),
    (("a", "b x", "c"), ("a", "b y", "c"), [("line 2", "b x", "b y")]),
    (("a", "b", "c", "d"), ("A", "b", "c", "D"), [("line 1", "a", "A"), ("line 4", "d", "D")]),
    # A merge of two segments is one row spanning both lines.
    (
        ("one two", "three", "four"),
        ("one two three", "four"),
        [("lines 1-2", "one two\nthree", "one two three")],
    ),
    (("a", "dup", "dup", "b"), ("a", "dup", "b"), [("line 3", "dup", "")]),
    (("a", "b"), ("a", "new", "b"), [("line 2 (new)", "", "new")]),
]


@pytest.mark.parametrize(("before", "after", "expected"), ROW_CASES)
def test_transcript_rows(
    before: tuple[str, ...], after: tuple[str, ...], expected: list[tuple[str, str, str]]
) -> None:
    rows = transcript_rows(_transcript(*before), _transcript(*after))
    assert [(row.label, row.before, row.after) for row in rows] == expected


def test_transcript_rows_include_header_and_footer_changes() -> None:
    before = _transcript("a", header="Title\nKind: captions\n", footer="Resume\n")
    after = _transcript("a")
    rows = transcript_rows(before, after)
    assert [row.label for row in rows] == ["header", "footer"]
    assert rows[0].ops == [(-1, "Title\nKind: captions\n")]


def test_rows_without_lines_name_segments() -> None:
    before = Transcript("d", "json", (Segment(0, 0, 1, "x"), Segment(1, 1, 2, "y")))
    after = Transcript("d", "json", (Segment(0, 0, 1, "x"), Segment(1, 1, 2, "z")))
    assert [row.label for row in transcript_rows(before, after)] == ["segment 1"]


def test_row_ops_are_the_word_diff() -> None:
    assert DiffRow("x", "a b", "a c").ops == word_diff("a b", "a c")
