"""The ``workbench`` group: options before the command, usage errors, the map of commands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbench.cli.app import main
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]
WELINDER = ROOT / "corpus" / "welinder-gpt4-launch.txt"


def test_options_before_the_command_are_its_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    doc = Path(shutil.copy(WELINDER, tmp_path / WELINDER.name))
    assert main(["--store", "elsewhere", "apply", str(doc)]) == 0
    assert [v.number for v in Store(tmp_path / "elsewhere").versions(doc.stem)] == [1]
    assert not (tmp_path / "corrected").exists()
    assert main(["--rules", "missing-folder", "scan", str(doc)]) == 2
    assert "missing-folder" in capsys.readouterr().err


def test_an_option_after_the_command_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    doc = Path(shutil.copy(WELINDER, tmp_path / WELINDER.name))
    assert main(["--store", "outer", "apply", "--store", "inner", str(doc)]) == 0
    assert (tmp_path / "inner").is_dir() and not (tmp_path / "outer").exists()


def test_unknown_option_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", "--nonsense", "x"]) == 2
    assert capsys.readouterr().err == "workbench: error: No such option '--nonsense'.\n"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("review", "scan", "apply", "diff", "log", "publish", "rules", "terms"):
        assert f"\n  {command} " in out


def test_review_without_a_terminal_is_one_line_not_a_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = Path(shutil.copy(WELINDER, tmp_path / WELINDER.name))
    assert main(["review", "--store", str(tmp_path / "s"), str(doc)]) == 2
    assert capsys.readouterr().err.startswith(
        "workbench: error: the review screen needs a terminal"
    )


def test_review_reports_a_bad_transcript_before_the_screen_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("[00:00:0x.000 --> 00:00:01.000]   hi\n", encoding="utf-8")
    assert main(["review", "--store", str(tmp_path / "s"), str(bad)]) == 2
    assert capsys.readouterr().err == (
        f"workbench: error: {bad}:1: expected a timestamp HH:MM:SS.mmm, found '00:00:0x.000'\n"
    )
