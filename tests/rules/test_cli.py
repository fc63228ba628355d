"""``scan``, ``apply`` and ``rules check`` from the command line: exit codes, JSON, versions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbench.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
WELINDER = ROOT / "corpus" / "welinder-gpt4-launch.txt"
KEYS = [
    "file",
    "line",
    "last_line",
    "segment",
    "span",
    "rule",
    "kind",
    "original",
    "suggestion",
    "auto",
    "reason",
    "score",
]


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    """A copy of a corpus transcript in a scratch folder."""
    path = tmp_path / "docs" / WELINDER.name
    path.parent.mkdir()
    shutil.copy(WELINDER, path)
    return path


def test_scan_json_objects_in_document_then_line_order(
    doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", "--json", "--store", str(tmp_path / "store"), str(doc)]) == 0
    flags = json.loads(capsys.readouterr().out)
    assert flags and all(list(flag) == KEYS for flag in flags)
    assert {flag["file"] for flag in flags} == {str(doc)}
    lines = [flag["line"] for flag in flags]
    assert lines == sorted(lines)
    dppd4 = next(flag for flag in flags if "Dppd4" in flag["original"])
    assert (dppd4["rule"], dppd4["kind"], dppd4["line"], dppd4["auto"]) == (
        "gpt-4",
        "term",
        252,
        True,
    )
    assert "GPT-4." in dppd4["suggestion"]


def test_scan_table_and_fail_on_flags(
    doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = str(tmp_path / "store")
    assert main(["scan", "--per-file", "--store", store, str(doc.parent)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{doc}  (") and "gpt-4" in out and "total:" in out.splitlines()[-1]
    assert main(["scan", "--fail-on-flags", "--store", store, str(doc)]) == 1
    clean = tmp_path / "clean.txt"
    clean.write_text("[00:00:00.000 --> 00:00:01.000]   Hello there.\n", encoding="utf-8")
    assert main(["scan", "--fail-on-flags", "--store", store, str(clean)]) == 0


def test_scan_bad_rule_folder_is_one_line_and_exit_2(
    doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "rules" / "missing-field.yaml", bad / "x.yaml")
    assert main(["scan", "--rules", str(bad), str(doc)]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err
        == f"workbench: error: {bad / 'x.yaml'}:5:5: missing required field 'canonical' (rule gpt-4)"
    )


def test_apply_dry_run_writes_nothing(
    doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    before = doc.read_bytes()
    assert main(["apply", "--dry-run", "--store", str(store), str(doc)]) == 0
    out = capsys.readouterr().out
    assert f"{doc}:252: gpt-4:" in out and "[-Dppd4.-]{+GPT-4.+}" in out
    assert "would make" in out.splitlines()[-1]
    assert not store.exists() or not any(store.rglob("v001*"))
    assert doc.read_bytes() == before


def test_apply_writes_a_version_with_auto_fixes_only(
    doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert main(["apply", "--store", str(store), str(doc)]) == 0
    version = store / doc.stem / "v001.txt"
    text = version.read_text(encoding="utf-8")
    assert "build with GPT-4." in text and "Dppd4" not in text
    assert "Silicon\n" in text  # the fragment rule is review-only: not merged
    manifest = json.loads((store / doc.stem / "v001.json").read_text(encoding="utf-8"))
    assert {c["verdict"] for c in manifest["changes"]} == {"auto"}
    capsys.readouterr()
    # Scanning again works on the new version and reports its path.
    assert main(["scan", "--json", "--store", str(store), str(doc)]) == 0
    flags = json.loads(capsys.readouterr().out)
    assert {f["file"] for f in flags} == {str(version)} and not any(f["auto"] for f in flags)
    # Nothing auto is left: no second version.
    assert main(["apply", "--store", str(store), str(doc)]) == 0
    assert not (store / doc.stem / "v002.txt").exists()


def test_apply_all_takes_every_first_choice(doc: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert main(["apply", "--all", "--store", str(store), str(doc)]) == 0
    text = (store / doc.stem / "v001.txt").read_text(encoding="utf-8")
    assert "in Silicon Valley." in text


def test_rules_check_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    assert "every example holds" in capsys.readouterr().out
    shutil.copy(ROOT / "tests" / "data" / "rules" / "example-fails.yaml", tmp_path / "a.yaml")
    shutil.copy(ROOT / "tests" / "data" / "rules" / "bad-regex.yaml", tmp_path / "b.yaml")
    assert main(["rules", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{tmp_path / 'b.yaml'}:5:14: gpd-version: pattern: not a valid regular expression: missing ) at position 11",
        f"{tmp_path / 'a.yaml'}:8:9: gpt-4: example 2: expected 'built with GPT-4', got 'built with gbt4'",
    ]
