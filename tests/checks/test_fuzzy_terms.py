"""``term`` rules with ``fuzzy: true``: sound-alike detection without a glossary rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.engine import Engine
from workbench.errors import RuleFileError
from workbench.model import Segment, Transcript
from workbench.rulecheck import check_rule_dirs
from workbench.ruleset import load_rule_set


def _transcript(*texts: str) -> Transcript:
    segments = tuple(Segment(i, None, None, text, line=i + 1) for i, text in enumerate(texts))
    return Transcript("doc", "txt", segments)


def _folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "names.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_fuzzy_term_alone_flags_what_sounds_like_it(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        "rules:\n  - id: ilya\n    kind: term\n    canonical: Ilya Sutskever\n    fuzzy: true\n",
    )
    rules = load_rule_set([folder], use_default=False)
    assert [rule.kind for rule in rules.rules] == ["term"]  # no glossary rule loaded
    found = Engine(rules).scan(_transcript("and then Elias at skever joined us")).suggestions
    (flag,) = found
    assert (flag.rule_id, flag.kind, flag.auto) == ("ilya", "term", False)
    assert flag.after == ("and then Ilya Sutskever joined us",)
    assert "sounds like" in flag.reason
    assert check_rule_dirs([folder]) == []


def test_a_fuzzy_term_with_variants_and_no_glossary(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        "rules:\n"
        "  - id: karpathy\n"
        "    kind: term\n"
        "    canonical: Andrej Karpathy\n"
        "    variants: [Andre Karpati]\n"
        "    auto: true\n"
        "    fuzzy: true\n",
    )
    engine = Engine(load_rule_set([folder], use_default=False))
    found = engine.scan(_transcript("with Andre Karpati", "and Andrea karpathy")).suggestions
    assert [(s.rule_id, s.auto, s.after) for s in found] == [
        ("karpathy", True, ("with Andrej Karpathy",)),  # the variant: as listed, auto
        ("karpathy", False, ("and Andrej Karpathy",)),  # the sound-alike: review only
    ]


def test_a_term_needs_variants_or_fuzzy(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, "rules:\n  - id: ilya\n    kind: term\n    canonical: Ilya Sutskever\n"
    )
    with pytest.raises(RuleFileError, match="'variants'.*'fuzzy: true'") as caught:
        load_rule_set([folder], use_default=False)
    assert caught.value.line == 2
    (problem,) = check_rule_dirs([folder])
    assert problem.rule_id == "ilya" and "fuzzy" in problem.message
