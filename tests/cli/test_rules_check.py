"""``rules check`` counts what it found in words that agree with the number."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
BAD_RULES = ROOT / "tests" / "data" / "rules"


@pytest.mark.parametrize(
    ("files", "summary"),
    [
        (["bad-regex.yaml"], "1 problem in 1 rule file"),
        (["bad-regex.yaml", "example-fails.yaml"], "2 problems in 2 rule files"),
    ],
)
def test_the_count_of_problems_and_files_is_singular_for_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: list[str], summary: str
) -> None:
    for name in files:
        (tmp_path / name).write_bytes((BAD_RULES / name).read_bytes())
    assert main(["rules", "check", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines() == [summary]


def test_one_good_rule_file_is_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "one.yaml").write_text(
        "rules:\n  - {id: x, kind: replace, pattern: gpd, replace: GPT}\n", encoding="utf-8"
    )
    assert main(["rules", "check", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "ok: 1 rule file, every example holds\n"


def test_a_folder_without_rule_files_is_an_error_not_ok(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("not a rule file\n", encoding="utf-8")
    assert main(["rules", "check", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"workbench: error: {tmp_path}: no rule files here; expected *.yaml or *.yml rule files"
    ]


@pytest.mark.parametrize(
    ("args", "takes"),
    [(["rules", "check"], "rules check"), (["rules", "check", "--rules"], "--rules")],
)
def test_a_rule_file_given_for_a_folder_is_an_error_naming_the_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], takes: str
) -> None:
    rule_file = tmp_path / "one.yaml"
    rule_file.write_text(
        "rules:\n  - {id: x, kind: replace, pattern: gpd, replace: GPT}\n", encoding="utf-8"
    )
    assert main([*args, str(rule_file)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    expected = (
        f"{rule_file} is a file; {takes} takes a rule folder (the folder holding it is {tmp_path})"
    )
    assert captured.err.splitlines() == [f"workbench: error: {expected}"]


def test_a_link_to_a_rule_file_names_the_folder_of_its_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "team" / "rules"
    folder.mkdir(parents=True)
    (folder / "one.yaml").write_text("rules: []\n", encoding="utf-8")
    link = tmp_path / "mine.yaml"
    link.symlink_to(folder / "one.yaml")
    assert main(["rules", "check", str(link)]) == 2
    expected = (
        f"{link} is a file; rules check takes a rule folder"
        f" (the folder holding it is {folder.resolve()})"
    )
    assert capsys.readouterr().err.splitlines() == [f"workbench: error: {expected}"]
