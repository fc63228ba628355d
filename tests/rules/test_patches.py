"""Patching a rule from a later folder: one field changed, the result validated whole."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from workbench.cli.app import main
from workbench.errors import RuleFileError
from workbench.resources import shipped_rules_dir
from workbench.rulecheck import check_rule_dirs
from workbench.ruleset import load_rule_set, rule_files, schema_text

SHIPPED = [shipped_rules_dir()]


def _folder(tmp_path: Path, text: str, name: str = "mine") -> Path:
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "patch.yaml").write_text(text, encoding="utf-8")
    return folder


def test_one_field_of_a_shipped_rule_is_changed_and_the_rest_kept(tmp_path: Path) -> None:
    mine = _folder(
        tmp_path,
        "rules:\n  - {id: chatgpt, auto: false}\n  - id: fillers\n    enabled: true\n",
    )
    shipped = load_rule_set()
    rules = load_rule_set([mine])
    chatgpt = rules.get("chatgpt")
    assert chatgpt is not None and not chatgpt.auto
    assert chatgpt.model_dump(exclude={"auto"}) == shipped.get("chatgpt").model_dump(  # type: ignore[union-attr]
        exclude={"auto"}
    )
    assert shipped.get("fillers") is None and rules.get("fillers") is not None
    # the patched rules keep their place in load order
    assert [rule.id for rule in rules.rules if rule.id != "fillers"] == [
        rule.id for rule in shipped.rules
    ]


def test_a_list_is_replaced_and_name_plus_adds_to_it(tmp_path: Path) -> None:
    replaced = _folder(tmp_path, "rules:\n  - {id: gpt-4, variants: [gee pee tee four]}\n", "a")
    assert load_rule_set([replaced]).get("gpt-4").variants == ["gee pee tee four"]  # type: ignore[union-attr]
    added = _folder(tmp_path, "rules:\n  - {id: gpt-4, variants+: [gee pee tee four]}\n", "b")
    shipped = load_rule_set().get("gpt-4").variants  # type: ignore[union-attr]
    assert load_rule_set([added]).get("gpt-4").variants == [*shipped, "gee pee tee four"]  # type: ignore[union-attr]
    # two layers: each patch applies to what the layers before it made
    again = _folder(tmp_path, "rules:\n  - {id: gpt-4, variants+: [gpt four]}\n", "c")
    assert load_rule_set([added, again]).get("gpt-4").variants[-2:] == [  # type: ignore[union-attr]
        "gee pee tee four",
        "gpt four",
    ]


@pytest.mark.parametrize(
    ("entry", "where", "message"),
    [
        ("{id: chatgpt, auto: maybe}", "2:25", "auto: Input should be a valid boolean"),
        ("{id: spelling, auto: true}", "2:5", "kind 'spelling' only suggests"),
        ("{id: chatgpt, pattern: x}", "2:19", "unknown field 'pattern' for kind 'term'"),
        ("{id: chatgpt, variants: [c++]}", "2:29", "variants: variant 'c++' must start and end"),
        ("{id: sentence-fragment, max_words+: [2]}", "2:29", "'max_words+' adds to a list, but"),
        (
            "{id: gpt-4, variants+: gbt}",
            "2:17",
            "'variants+' adds to the list 'variants': expected",
        ),
        ("{id: nothing-like-it, auto: true}", "2:5", "no rule 'nothing-like-it' to patch, and"),
    ],
)
def test_a_patch_is_validated_as_a_whole_and_reported_at_the_patch(
    tmp_path: Path, entry: str, where: str, message: str
) -> None:
    mine = _folder(tmp_path, f"rules:\n  - {entry}\n")
    path = mine / "patch.yaml"
    with pytest.raises(RuleFileError) as caught:
        load_rule_set([mine])
    assert str(caught.value).startswith(f"{path}:{where}: {message}")
    (problem,) = check_rule_dirs([mine], SHIPPED)
    assert str(problem).startswith(f"{path}:{where}: ")


def test_turning_off_a_rule_that_is_not_loaded_is_no_error(tmp_path: Path) -> None:
    mine = _folder(tmp_path, "rules:\n  - {id: stutter, enabled: false}\n")
    assert load_rule_set([mine], use_default=False).rules == ()
    assert check_rule_dirs([mine]) == []


def test_a_path_a_patch_gives_is_relative_to_the_patch_file(tmp_path: Path) -> None:
    (tmp_path / "base" / "lists").mkdir(parents=True)
    (tmp_path / "base" / "lists" / "names.txt").write_text("Welinder\n", encoding="utf-8")
    (tmp_path / "base" / "g.yaml").write_text(
        "rules:\n  - {id: g, kind: glossary, file: lists/names.txt}\n", encoding="utf-8"
    )
    kept = _folder(tmp_path, "rules:\n  - {id: g, description: Our names}\n", "keep")
    rules = load_rule_set([tmp_path / "base", kept], use_default=False)
    assert rules.get("g").file == tmp_path / "base" / "lists" / "names.txt"  # type: ignore[union-attr]
    moved = _folder(tmp_path, "rules:\n  - {id: g, file: other.txt}\n", "move")
    rules = load_rule_set([tmp_path / "base", moved], use_default=False)
    assert rules.get("g").file == moved / "other.txt"  # type: ignore[union-attr]


def test_rules_check_runs_a_patched_rules_examples_at_the_patch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fine = _folder(tmp_path, "rules:\n  - {id: chatgpt, auto: false}\n", "fine")
    assert main(["rules", "check", str(fine)]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 rule file,")
    # without the shipped pack there is nothing to patch
    assert main(["rules", "check", "--no-default-rules", str(fine)]) == 1
    assert "no rule 'chatgpt' to patch" in capsys.readouterr().out
    # a canonical form changed: the inherited examples no longer hold
    broken = _folder(tmp_path, "rules:\n  - {id: chatgpt, canonical: Chat GPT}\n", "broken")
    assert main(["rules", "check", str(broken)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{broken / 'patch.yaml'}:2:5: chatgpt: example 1: expected")
    # examples the patch gives are reported at their own line
    given = _folder(
        tmp_path,
        "rules:\n  - id: chatgpt\n    examples:\n      - {text: chat GBT, fixed: chat GBT}\n",
        "given",
    )
    assert main(["rules", "check", str(given)]) == 1
    assert capsys.readouterr().out.startswith(f"{given / 'patch.yaml'}:4:9: chatgpt: example 1:")


def test_a_new_rule_without_kind_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = _folder(tmp_path, "rules:\n  - {id: my-term, canonical: Foo, variants: [fu]}\n")
    doc = tmp_path / "talk.txt"
    doc.write_text("[00:00:00.000 --> 00:00:01.000]   Hello fu.\n", encoding="utf-8")
    assert main(["scan", "--rules", str(mine), "--store", str(tmp_path / "st"), str(doc)]) == 2
    assert capsys.readouterr().err == (
        f"workbench: error: {mine / 'patch.yaml'}:2:5: no rule 'my-term' to patch, "
        "and a new rule needs 'kind' (rule my-term)\n"
    )


def test_the_schema_accepts_patches_and_every_shipped_file() -> None:
    schema = json.loads(schema_text())
    validator = jsonschema.Draft202012Validator(schema)
    patches = {
        "rules": [
            {"id": "chatgpt", "auto": False},
            {"id": "fillers", "enabled": True},
            {"id": "gpt-4", "variants+": ["gee pee tee four"]},
        ]
    }
    validator.validate(patches)
    for path in rule_files(shipped_rules_dir()):
        validator.validate(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    assert not validator.is_valid({"rules": [{"auto": False}]})  # neither id nor kind
    assert not validator.is_valid({"rules": [{"id": "x", "kind": "nope"}]})


def test_the_readme_patch_example_holds(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("# my-rules/tune.yaml\n", 1)[1].split("```", 1)[0]
    mine = _folder(tmp_path, example)
    assert check_rule_dirs([mine], SHIPPED) == []
    rules = load_rule_set([mine])
    assert rules.get("gpt").variants == ["gbt", "gee bee tee"]  # type: ignore[union-attr]


def test_a_patch_that_keeps_a_rule_to_a_topic_keeps_its_inherited_examples(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The shipped examples of gpt-4 hold no AI word: they run without the patch's context.
    topic = _folder(tmp_path, "rules:\n  - {id: gpt-4, context: [OpenAI, model]}\n", "topic")
    assert main(["rules", "check", str(topic)]) == 0
    assert capsys.readouterr().out.startswith("ok: 1 rule file,")
    # Examples the patch adds run on the whole patched rule: off topic, nothing is fixed.
    added = _folder(
        tmp_path,
        "rules:\n  - id: gpt-4\n    context: [OpenAI]\n"
        "    examples+:\n      - {text: the GPD four sprayer, fixed: the GPT-4 sprayer}\n",
        "added",
    )
    assert main(["rules", "check", str(added)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and "gpt-4: example 5: expected 'the GPT-4 sprayer'" in out[0]
