"""bench/quality.py's scoring, pinned: a flag counts only where it changes the wrong text."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Any

import pytest

from tests.soundalike.conftest import ROOT


def _load_quality() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_quality", ROOT / "bench" / "quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


quality = _load_quality()


def flag(original: str, suggestion: str, line: int = 10, last: int | None = None) -> Any:
    """A ``scan --json`` object with just what the scoring reads."""
    return {
        "file": "a.txt",
        "line": line,
        "last_line": last if last is not None else line,
        "original": original,
        "suggestion": suggestion,
    }


def gold(wrong: str, right: str, line: int = 10) -> Any:
    """One annotation."""
    return {"file": "a.txt", "line": line, "wrong": wrong, "right": right}


@pytest.mark.parametrize(
    ("original", "suggestion", "ranges"),
    [
        ("so open Ai and x", "so OpenAI and x", [(3, 4), (7, 8), (9, 10)]),
        ("a gpt4 b", "a GPT-4 b", [(2, 5)]),
        ("GPT 4", "GPT-4", [(3, 4)]),
        ("same", "same", []),
        ("ab cd", "ab", [(2, 5)]),
    ],
)
def test_changed_ranges_are_only_what_differs(
    original: str, suggestion: str, ranges: list[tuple[int, int]]
) -> None:
    assert quality.changed_ranges(original, suggestion) == ranges


def test_a_flag_on_another_word_of_the_line_does_not_count() -> None:
    # Before: any flag on the line counted, so fixing "deepmind" "found" "open Ai".
    other = flag("so open Ai and deepmind was", "so open Ai and DeepMind was")
    assert not quality.flags_annotation(other, gold("open Ai", "OpenAI"))
    assert quality.flags_annotation(other, gold("deepmind", "DeepMind"))


def test_a_flag_must_be_in_the_same_file_and_line() -> None:
    hit = flag("the deepmind", "the DeepMind")
    assert not quality.flags_annotation(hit, gold("deepmind", "DeepMind", line=11))
    assert not quality.flags_annotation(hit, {**gold("deepmind", "DeepMind"), "file": "b.txt"})


def test_two_line_annotation_counts_either_part() -> None:
    annotation = gold("Ways\nand Biases", "Weights & Biases", line=495)
    first = flag("like Ways\nand Biases do", "like Weights & Biases\ndo", 495, 496)
    second_only = flag("like Ways\nand Biases do", "like Ways\nand Bias do", 495, 496)
    neither = flag("like Ways\nand Biases do", "liked Ways\nand Biases do", 495, 496)
    assert quality.flags_annotation(first, annotation)
    assert quality.flags_annotation(second_only, annotation)
    assert not quality.flags_annotation(neither, annotation)


def test_wrong_text_is_looked_for_on_its_own_line_of_a_span() -> None:
    # "AD" is on line 11 only; the flag's change on line 10 does not touch it.
    span = flag("AD was\nthen AD", "AI was\nthen AD", 10, 11)
    assert not quality.flags_annotation(span, gold("AD", "AI", line=11))
    assert quality.flags_annotation(span, gold("AD", "AI", line=10))


def test_score_counts_recall_accuracy_and_precision() -> None:
    annotations = [gold("open Ai", "OpenAI"), gold("deepmind", "DeepMind"), gold("x", "y", 20)]
    flags = [
        flag("so open Ai and deepmind", "so OpenAI and deepmind"),
        flag("so open Ai and deepmind", "so open Ai and Deep Mind"),  # found, not right
        flag("a chat bot", "a ChatGPT", line=30),  # matches nothing
    ]
    result = quality.score(flags, annotations)
    assert (result.found, result.right, result.true_flags, result.flags) == (2, 1, 2, 3)
    assert result.recall == pytest.approx(2 / 3)
    assert result.accuracy == pytest.approx(1 / 2)
    assert result.precision == pytest.approx(2 / 3)


def test_a_left_out_scan_carries_its_fitted_weights(tmp_path: Any) -> None:
    # Leave-one-file-out scans with weights fitted without the file: the scan's
    # glossary rule must carry them, and the rule folder must load.
    from workbench.ruleset import load_rule_set

    weights = tmp_path / "w.json"
    weights.write_text("{}", encoding="utf-8")
    args = quality.rules_args(quality.fitting.CORPUS, weights, tmp_path)
    assert args == ["--no-default-rules", "--rules", str(tmp_path)]
    (loaded,) = load_rule_set([tmp_path], use_default=False).rules
    assert loaded.weights == weights and loaded.file == quality.fitting.CORPUS.glossary
    plain = quality.rules_args(quality.fitting.DEV, None, tmp_path)
    assert plain == ["--glossary", str(quality.fitting.DEV.glossary)]


def test_the_devset_report_sets_the_rolling_captions_apart() -> None:
    assert not quality._settled("gaming_x.en.vtt")
    assert quality._settled("finance_x.vtt") and quality._settled("a.srt")


def test_the_devset_listing_names_misses_wrong_fixes_and_false_flags() -> None:
    # Built on the dev set's own annotations (read, never copied into the package).
    first, second = quality.fitting.DEV.annotations()[:2]
    name = str(first["file"])
    wrong_fix = {**flag(str(first["wrong"]), "zzz", line=int(str(first["line"]))), "file": name}
    false = {**flag("plain words here", "plain wordz here", line=1), "file": name}
    for made in (wrong_fix, false):
        made["kind"] = "glossary"
    unproposed = {(str(second["file"]), int(str(second["line"])), str(second["wrong"]))}
    listing = quality.devset_listing([wrong_fix, false], unproposed)
    assert name in listing
    assert any(line.startswith("  WRONG") and "'zzz'" in line for line in listing)
    assert "  FALSE 1: 'plain words here' -> 'plain wordz here' [glossary]" in listing
    assert any(line.startswith(f"  MISS-NC {second['line']}:") for line in listing)
    assert not any(line.startswith(f"  MISS {first['line']}:") for line in listing)
