"""Glossaries given on the command line: rule ids, and errors when loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.soundalike.conftest import DATA, scan, transcript
from workbench.cli.app import main
from workbench.errors import RuleFileError
from workbench.rulecheck import check_rule_dirs
from workbench.ruleset import load_rule_set


def test_two_glossaries_with_one_file_name_both_load(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "names.txt").write_text("Ilya Sutskever\n", encoding="utf-8")
    (tmp_path / "b" / "names.txt").write_text("Lex Fridman\n", encoding="utf-8")
    rules = load_rule_set(
        use_default=False, glossaries=[tmp_path / "a" / "names.txt", tmp_path / "b" / "names.txt"]
    )
    assert [rule.id for rule in rules.rules] == ["glossary:names", "glossary:names-2"]
    found = scan(transcript("with Elias at skever on the Lux Friedman podcast"), *rules.rules)
    assert {s.after[0] for s in found} == {
        "with Ilya Sutskever on the Lux Friedman podcast",
        "with Elias at skever on the Lex Fridman podcast",
    }


def test_a_missing_glossary_stops_loading_with_one_clear_error(tmp_path: Path) -> None:
    rules = load_rule_set(use_default=False, glossaries=[tmp_path / "absent.txt"])
    with pytest.raises(RuleFileError, match="no such glossary file") as caught:
        scan(transcript("anything"), *rules.rules)
    assert str(caught.value).startswith(str(tmp_path / "absent.txt"))


@pytest.mark.parametrize(
    ("folder", "where", "message"),
    [
        ("check-missing", "check-missing/rules.yaml:2:", "no such glossary file"),
        ("check-duplicate", "duplicate.txt:3:", "already on line 1"),
    ],
)
def test_rules_check_reports_a_broken_glossary(
    folder: str, where: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    problems = check_rule_dirs([DATA / folder])
    assert len(problems) == 1
    assert where in str(problems[0]) and message in str(problems[0])
    assert main(["rules", "check", str(DATA / folder)]) == 1
    out = capsys.readouterr()
    assert where in out.out + out.err and message in out.out + out.err


def test_a_glossary_rule_has_the_sound_alike_index_default_threshold() -> None:
    """The rule's default is written out where the rule is defined (which does not import
    the sound-alike package); it must stay the package's own."""
    from workbench.checks.glossary import GlossaryRule
    from workbench.soundalike import DEFAULT_MIN_SCORE

    assert GlossaryRule(id="g").min_score == DEFAULT_MIN_SCORE
