"""``rules show`` (the effective rules and where each field comes from) and ``scan --rule``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from workbench.cli.app import main
from workbench.resources import shipped_rules_dir

AI_TERMS = shipped_rules_dir() / "ai-terms.yaml"
STRUCTURE = shipped_rules_dir() / "structure.yaml"


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """A user folder that patches two shipped rules and adds one."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "tune.yaml").write_text(
        "rules:\n"
        "  - {id: chatgpt, auto: false}\n"
        "  - id: fillers\n"
        "    enabled: true\n"
        "  - {id: gpt-4, variants+: [gee pee tee four]}\n"
        "  - {id: moat, kind: replace, pattern: mode, replace: moat, enabled: false}\n",
        encoding="utf-8",
    )
    return folder


def _line(path: Path, text: str) -> int:
    """The 1-based line of ``path`` where ``text`` first occurs."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def test_rules_show_names_the_origin_of_every_field(
    mine: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "show", "--rules", str(mine), "chatgpt", "fillers"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    start = _line(AI_TERMS, "- id: chatgpt")
    assert lines[1].startswith('  - id: "chatgpt"') and lines[1].endswith(f"# {AI_TERMS}:{start}")
    assert next(line for line in lines if "canonical:" in line).endswith(
        f"# {AI_TERMS}:{start + 3}"
    )
    assert next(line for line in lines if "auto:" in line).endswith(f"# {mine / 'tune.yaml'}:2")
    enabled = next(line for line in lines if "enabled:" in line)
    assert enabled.startswith("    enabled: true") and enabled.endswith(f"{mine / 'tune.yaml'}:4")
    # the output is itself a rule file: the effective rules, patched
    rules = YAML(typ="safe").load(out)["rules"]
    assert [(rule["id"], rule.get("auto"), rule.get("enabled")) for rule in rules] == [
        ("chatgpt", False, None),
        ("fillers", None, True),
    ]


def test_rules_show_json_lists_every_rule_on_or_off(
    mine: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rules", "show", "--json", "--rules", str(mine)]) == 0
    shown = {rule["id"]: rule for rule in json.loads(capsys.readouterr().out)}
    assert "stutter" in shown and shown["moat"]["enabled"] is False
    gpt4 = shown["gpt-4"]
    assert gpt4["rule"]["variants"][-1] == "gee pee tee four"
    assert gpt4["origins"]["variants"] == {"file": str(mine / "tune.yaml"), "line": 5}
    assert gpt4["origins"]["canonical"] == {
        "file": str(AI_TERMS),
        "line": _line(AI_TERMS, "canonical: GPT-4"),
    }


def test_rules_show_of_an_unknown_id_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "show", "chatgpt", "no-such-rule"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "workbench: error: no rule 'no-such-rule' (`workbench rules show` lists the rules)\n"
    )


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    """A transcript with a filler, a misheard ChatGPT, a stutter and a name in lower case."""
    path = tmp_path / "talk.txt"
    path.write_text(
        "[00:00:00.000 --> 00:00:02.000]   So, um, we asked ChatGBT about it.\n"
        "[00:00:02.000 --> 00:00:04.000]   And the the answer was long.\n"
        "[00:00:04.000 --> 00:00:06.000]   Then we talked about ilya today.\n",
        encoding="utf-8",
    )
    return path


def _flags(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["scan", "--json", *args]) == 0
    flags: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return flags


def test_scan_rule_runs_only_those_rules_even_one_turned_off(
    talk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ["--store", str(tmp_path / "store")]
    everything = {flag["rule"] for flag in _flags([*store, str(talk)], capsys)}
    assert {"chatgpt", "stutter"} <= everything and "fillers" not in everything
    only = _flags([*store, "--rule", "fillers", "--rule", "chatgpt", str(talk)], capsys)
    assert sorted(flag["rule"] for flag in only) == ["chatgpt", "fillers"]
    # the other rules' terms are still the spell checker's vocabulary ("ilya" is Ilya)
    assert _flags([*store, "--rule", "spelling", str(talk)], capsys) == []


def test_scan_rule_with_an_unknown_id_is_one_line_and_exit_2(
    talk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["scan", "--store", str(tmp_path / "store"), "--rule", "chatgpt", "--rule", "nope"]
    assert main([*args, str(talk)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == "workbench: error: no rule 'nope' (`workbench rules show` lists the rules)\n"
    )


def test_rules_show_names_a_glossary_file_as_the_origin_of_its_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Welinder\n", encoding="utf-8")
    assert main(["rules", "show", "--glossary", str(names), "glossary:names"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["- id", "kind", "file"]
    assert all(line.endswith(f"# {names}") for line in lines[1:])
