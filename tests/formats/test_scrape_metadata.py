"""A caption scrape's header is the recording's metadata: kept in versions, exported in JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbench import formats
from workbench.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
SCRAPE = ROOT / "corpus" / "lex-fridman-altman-367.txt"
METADATA = {
    "title": "Sam Altman: OpenAI CEO on GPT-4, ChatGPT, and the Future of AI | Lex Fridman Podcast #367",
    "video_id": "L_Guz73e6fw",
    "date": "2023-03-25",
    "kind": "captions",
    "language": "en",
}


def test_the_json_export_carries_the_headers_facts() -> None:
    exported = json.loads(formats.dumps(formats.load(SCRAPE), "json"))
    assert list(exported) == ["source", "format", "metadata", "segments"]
    assert exported["metadata"] == METADATA


def test_a_format_without_a_header_exports_no_metadata() -> None:
    exported = json.loads(
        formats.dumps(formats.load(ROOT / "corpus" / "welinder-gpt4-launch.txt"), "json")
    )
    assert "metadata" not in exported


def test_a_changed_export_keeps_its_metadata() -> None:
    text = formats.dumps(formats.load(SCRAPE), "json")
    export = formats.loads(text, doc_id="lex", origin="lex.json")
    first = export.segments[0]
    changed = export.replace_segments((first.changed(text="changed"), *export.segments[1:]))
    again = json.loads(formats.dumps(changed))
    assert again["metadata"] == METADATA and again["segments"][0]["text"] == "changed"


@pytest.fixture
def scrape(tmp_path: Path) -> Path:
    copy = tmp_path / SCRAPE.name
    shutil.copy(SCRAPE, copy)
    return copy


def _published(
    tmp_path: Path, scrape: Path, capsys: pytest.CaptureFixture[str]
) -> dict[str, object]:
    out = tmp_path / "out.json"
    store = str(tmp_path / "store")
    assert main(["publish", str(scrape), "--to", "json", "--out", str(out), "--store", store]) == 0
    capsys.readouterr()
    exported: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return exported


def test_apply_keeps_the_header_and_drops_the_page_footer(
    tmp_path: Path, scrape: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apply", str(scrape), "--store", str(tmp_path / "store")]) == 0
    version = (tmp_path / "store" / scrape.stem / "v001.txt").read_text(encoding="utf-8")
    assert version.startswith(SCRAPE.read_text(encoding="utf-8").split("\n", 6)[0] + "\n")
    assert not version.rstrip().endswith("Manage")
    assert _published(tmp_path, scrape, capsys)["metadata"] == METADATA


def test_the_header_goes_only_when_the_user_asks(
    tmp_path: Path, scrape: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apply", str(scrape), "--all", "--store", str(tmp_path / "store")]) == 0
    version = (tmp_path / "store" / scrape.stem / "v001.txt").read_text(encoding="utf-8")
    assert "L_Guz73e6fw" not in version
    assert "metadata" not in _published(tmp_path, scrape, capsys)
