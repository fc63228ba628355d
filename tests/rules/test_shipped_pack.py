"""The shipped rule pack itself: valid, unique, every example holds, no fix is flagged again."""

from __future__ import annotations

from collections import Counter

import pytest
import regex

from workbench.checks import RuleModel
from workbench.engine import Engine, canonical_words
from workbench.model import Segment
from workbench.resources import shipped_rules_dir
from workbench.rulecheck import check_rule_dirs, example_failures, example_transcript
from workbench.ruleset import load_rule_set
from workbench.ruleset.parsing import read_rule_file

PACK = load_rule_set()
ALL_RULES: list[RuleModel] = [
    entry.rule
    for path in sorted(shipped_rules_dir().glob("*.y*ml"))
    for entry in read_rule_file(path)[0]
    if isinstance(entry.rule, RuleModel)
]
VOCABULARY = canonical_words(ALL_RULES)


def test_pack_checks_clean() -> None:
    assert [str(p) for p in check_rule_dirs([shipped_rules_dir()])] == []


def test_ids_are_unique_across_the_pack() -> None:
    repeated = [rule_id for rule_id, n in Counter(r.id for r in ALL_RULES).items() if n > 1]
    assert repeated == []


def test_every_kind_is_in_the_pack() -> None:
    kinds = {rule.kind for rule in ALL_RULES}
    assert {"duplicate", "fragment", "repeat", "filler", "spelling", "boilerplate"} <= kinds
    assert not next(r for r in ALL_RULES if r.kind == "filler").enabled


def test_only_safe_structure_is_auto() -> None:
    auto = {r.id for r in ALL_RULES if r.auto and r.kind in ("duplicate", "fragment", "repeat")}
    assert auto == {"rolling-captions"}
    rolling = PACK.get("rolling-captions")
    assert rolling is not None and rolling.formats == ["vtt"]


@pytest.mark.parametrize(
    "rule", [r for r in ALL_RULES if getattr(r, "regex", False)], ids=lambda r: r.id
)
def test_every_pattern_compiles(rule: RuleModel) -> None:
    regex.compile(rule.pattern)  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if r.examples], ids=lambda r: r.id)
def test_every_example_holds(rule: RuleModel) -> None:
    assert example_failures(rule, VOCABULARY) == []


ENGINE = Engine(PACK)


def _changed_region(before: str, after: str) -> tuple[int, int]:
    """Where ``after`` differs from ``before``: the fix's characters in ``after``."""
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(before), len(after)) - prefix and before[-1 - suffix] == after[-1 - suffix]
    ):
        suffix += 1
    return prefix, len(after) - suffix


@pytest.mark.parametrize(
    "rule", [r for r in ALL_RULES if r.enabled and r.examples], ids=lambda r: r.id
)
def test_no_fix_is_flagged_by_any_rule(rule: RuleModel) -> None:
    for example in rule.examples:
        if example.fixed is None:
            continue
        transcript = example_transcript(rule, example)
        texts = example.expected()
        fixed = transcript.replace_segments(
            tuple(Segment(i, i * 2000, i * 2000 + 1900, t, line=i + 1) for i, t in enumerate(texts))
        )
        flagged = ENGINE.scan(fixed).suggestions
        if len(texts) == 1 == len(example.segments()):
            # One segment: only a flag on the fixed words counts (the rest is the example's context).
            start, end = _changed_region(example.segments()[0], texts[0])
            flagged = tuple(
                s for s in flagged if any(e.start <= end and start <= e.end for e in s.edits)
            )
        assert [(s.rule_id, s.original) for s in flagged] == [], f"{rule.id}: its fix is flagged"
