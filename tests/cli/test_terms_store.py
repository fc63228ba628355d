"""``terms suggest`` takes ``--store`` like every command and reads the latest versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli.app import main

TALK = "[00:00:00.000 --> 00:00:02.000]   we asked Zorblax and then Zorblax again.\n"
FIX = "rules:\n  - {id: zorb, kind: term, canonical: Zorbex, variants: [Zorblax], auto: true}\n"


def _suggested(capsys: pytest.CaptureFixture[str], *args: str) -> set[str]:
    assert main(["terms", "suggest", "--json", "--min-count", "1", *args]) == 0
    clusters = json.loads(capsys.readouterr().out)
    return {member["text"] for cluster in clusters for member in cluster["members"]}


def test_terms_suggest_reads_each_document_at_its_latest_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    talk = tmp_path / "talk.txt"
    talk.write_text(TALK, encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "fix.yaml").write_text(FIX, encoding="utf-8")
    store = tmp_path / "store"
    assert main(["apply", str(talk), "--store", str(store), "--rules", str(rules)]) == 0
    capsys.readouterr()
    assert "Zorblax" in _suggested(capsys, str(talk), "--store", str(tmp_path / "empty"))
    latest = _suggested(capsys, str(talk), "--store", str(store))
    assert "Zorblax" not in latest and "Zorbex" in latest
