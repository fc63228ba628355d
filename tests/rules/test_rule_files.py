"""Rule files: bad files name file:line:column, layering, editing in place, the schema."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.errors import RuleFileError, UsageError
from workbench.resources import shipped_rules_dir
from workbench.rulecheck import check_rule_dirs
from workbench.ruleset import add_variant, append_rule, load_rule_set, schema_text

BAD = Path(__file__).resolve().parents[1] / "data" / "rules"

EXPECTED = {
    "yaml-syntax.yaml": "5:14: invalid YAML: expected ',' or ']'",
    "not-a-mapping.yaml": "1:1: expected a mapping with a 'rules' list",
    "unknown-top-key.yaml": "1:1: unknown top-level key 'rule'; expected only 'rules'",
    "rules-not-a-list.yaml": "2:3: 'rules' must be a list of rules",
    "unknown-kind.yaml": "3:11: gpt-4: 'kind' must be one of: replace, term,",
    "missing-field.yaml": "5:5: gpt-4: missing required field 'canonical'",
    "unknown-field.yaml": "6:5: gpt-4: unknown field 'replace' for kind 'term'; expected one of: id,",
    "wrong-type.yaml": "4:16: fragments: max_words: Input should be a valid integer",
    "bad-regex.yaml": "5:14: gpd-version: pattern: not a valid regular expression",
    "bad-variant.yaml": "5:15: cpp: variants: variant 'c++' must start and end with a letter or digit",
    "auto-spelling.yaml": "2:5: spelling: kind 'spelling' only suggests; 'auto: true' is not allowed",
    "duplicate-id.yaml": "6:5: gpt-4: duplicate rule id (first defined on line 2)",
    "example-fails.yaml": "8:9: gpt-4: example 2: expected 'built with GPT-4', got 'built with gbt4'",
    "patch-without-kind.yaml": "2:5: gpt-4: no rule 'gpt-4' to patch, and a new rule needs 'kind'",
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_rule_file_is_reported_at_its_line(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    shutil.copy(BAD / name, path)
    problems = check_rule_dirs([tmp_path])
    assert [str(p) for p in problems if not str(p).startswith(f"{path}:{EXPECTED[name]}")] == []
    assert len(problems) == 1
    if name.startswith("example-"):
        load_rule_set([tmp_path], use_default=False)  # examples run in check mode only
        return
    with pytest.raises(RuleFileError) as caught:
        load_rule_set([tmp_path], use_default=False)
    line, column = (int(n) for n in EXPECTED[name].split(":")[:2])
    assert (caught.value.path, caught.value.line, caught.value.column) == (str(path), line, column)


def test_check_mode_collects_every_problem_of_every_file(tmp_path: Path) -> None:
    for name in ("missing-field.yaml", "bad-regex.yaml", "example-fails.yaml"):
        shutil.copy(BAD / name, tmp_path / name)
    assert len(check_rule_dirs([tmp_path])) == 3


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_layers_override_by_id_and_disable(tmp_path: Path) -> None:
    base = _write(
        tmp_path / "base",
        "a.yaml",
        "rules:\n"
        "  - {id: one, kind: term, canonical: One, variants: [won]}\n"
        "  - {id: two, kind: repeat}\n"
        "  - {id: three, kind: filler}\n",
    )
    top = _write(
        tmp_path / "top",
        "b.yml",
        "rules:\n"
        "  - {id: one, kind: term, canonical: ONE, variants: [wan]}\n"
        "  - {id: two, enabled: false}\n"
        "  - {id: four, kind: fragment}\n",
    )
    _write(tmp_path / "top", "notes.txt", "not a rule file")
    rules = load_rule_set([base.parent, top.parent], use_default=False)
    assert [r.id for r in rules.rules] == ["one", "three", "four"]  # the override keeps its place
    assert rules.get("one").canonical == "ONE"  # type: ignore[union-attr]
    assert rules.get("two") is None
    assert rules.files == (base, top)
    assert rules.sources["one"] == top


def test_a_duplicate_id_within_one_folder_names_both_files(tmp_path: Path) -> None:
    first = _write(
        tmp_path / "mine",
        "a.yaml",
        "rules:\n  - {id: one, kind: term, canonical: One, variants: [won]}\n  - {id: off, enabled: false}\n",
    )
    second = _write(
        tmp_path / "mine",
        "b.yaml",
        "rules:\n"
        "  - {id: two, kind: repeat}\n"
        "  - {id: one, kind: term, canonical: ONE, variants: [wan]}\n"
        "  - {id: off, enabled: false}\n",  # switching off twice defines nothing twice
    )
    with pytest.raises(RuleFileError) as caught:
        load_rule_set([first.parent], use_default=False)
    error = caught.value
    assert (error.path, error.line, error.rule_id) == (str(second), 3, "one")
    assert f"{first}:2" in str(error) and str(second) in str(error)
    # rules check reports it too
    (problem,) = check_rule_dirs([first.parent])
    assert (problem.path, problem.line, problem.rule_id) == (second, 3, "one")
    assert str(first) in problem.message
    # the same id in a later folder is an override, not a duplicate
    _write(
        tmp_path / "top",
        "c.yaml",
        "rules:\n  - {id: one, kind: term, canonical: Uno, variants: [won]}\n",
    )
    second.unlink()
    rules = load_rule_set([first.parent, tmp_path / "top"], use_default=False)
    assert rules.get("one").canonical == "Uno"  # type: ignore[union-attr]


def test_shipped_pack_loads_first_unless_disabled(tmp_path: Path) -> None:
    top = _write(tmp_path, "x.yaml", "rules:\n  - {id: stutter, enabled: false}\n")
    with_default = load_rule_set([top.parent])
    assert with_default.files[0].parent == shipped_rules_dir()
    assert with_default.get("stutter") is None and with_default.get("repeated-segment") is not None
    assert load_rule_set([top.parent], use_default=False).rules == ()


def test_missing_rule_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such rule folder"):
        load_rule_set([tmp_path / "nope"])


def test_append_rule_keeps_comments_and_order(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "learned.yaml",
        "# learned in review\nrules:\n  - id: one  # the first\n    kind: repeat\n",
    )
    append_rule(path, {"id": "gpt-4", "kind": "term", "canonical": "GPT-4", "variants": ["gbt4"]})
    add_variant(path, "gpt-4", "Dppd4")
    add_variant(path, "gpt-4", "dppd4")  # already there, whatever the case
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# learned in review\nrules:\n  - id: one  # the first\n")
    rules = load_rule_set([tmp_path], use_default=False)
    assert [r.id for r in rules.rules] == ["one", "gpt-4"]
    assert rules.get("gpt-4").variants == ["gbt4", "Dppd4"]  # type: ignore[union-attr]
    assert not list(tmp_path.glob(".*tmp"))


def test_append_rule_creates_the_file_and_refuses_bad_rules(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "learned.yaml"
    append_rule(path, {"id": "x", "kind": "replace", "pattern": "mode", "replace": "moat"})
    assert [r.id for r in load_rule_set([path.parent], use_default=False).rules] == ["x"]
    with pytest.raises(RuleFileError, match="already exists"):
        append_rule(path, {"id": "x", "kind": "repeat"})
    with pytest.raises(RuleFileError, match="not a valid rule"):
        append_rule(path, {"id": "y", "kind": "term"})
    append_rule(path, {"id": "cpp", "kind": "term", "canonical": "C++", "variants": ["see plus"]})
    with pytest.raises(RuleFileError, match="letter or digit"):
        add_variant(path, "cpp", "c++")
    with pytest.raises(RuleFileError, match="no term rule"):
        add_variant(path, "nope", "word")


def test_relative_paths_in_rule_files_are_relative_to_the_file(tmp_path: Path) -> None:
    _write(tmp_path / "lists", "names.txt", "Welinder\n")
    _write(
        tmp_path / "rules",
        "g.yaml",
        "rules:\n  - {id: g, kind: glossary, file: ../lists/names.txt}\n",
    )
    rule = load_rule_set([tmp_path / "rules"], use_default=False).get("g")
    assert rule.file == tmp_path / "rules" / "../lists/names.txt"  # type: ignore[union-attr]


def test_schema_json_is_current() -> None:
    shipped = shipped_rules_dir() / "schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(), (
        "rules/schema.json is stale: python -c 'from pathlib import Path; "
        'from workbench.ruleset.models import write_schema; write_schema(Path("rules/schema.json"))\''
    )


def test_schema_explains_every_field() -> None:
    import json

    schema = json.loads(schema_text())
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"
