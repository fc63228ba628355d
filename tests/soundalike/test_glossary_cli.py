"""``scan``, ``apply`` and ``rules`` with ``--glossary``, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli.app import main

WHISPER = (
    "[00:00:00.000 --> 00:00:04.000]   this is the Lux Friedman podcast\n"
    "[00:00:04.000 --> 00:00:08.000]   with Brockman Elias at skever today\n"
)
SRT = (
    "1\n00:00:00,000 --> 00:00:04,000\nthis is the Lux Friedman podcast\n\n"
    "2\n00:00:04,000 --> 00:00:08,000\nwith Brockman Elias at skever today\n"
)
VTT = (
    "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nthis is the Lux Friedman podcast\n\n"
    "00:00:04.000 --> 00:00:08.000\nwith Brockman Elias at skever today\n"
)


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with a glossary; transcripts are added per test."""
    (tmp_path / "names.txt").write_text("Lex Fridman\nIlya Sutskever\n", encoding="utf-8")
    return tmp_path


def _scan(work: Path, name: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    args = ["scan", str(work / name), "--no-default-rules", "--glossary", str(work / "names.txt")]
    assert main([*args, "--json", "--store", str(work / "store")]) == 0
    flags: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return flags


@pytest.mark.parametrize(
    ("name", "text", "lines"),
    [("talk.txt", WHISPER, [1, 2]), ("talk.srt", SRT, [3, 7]), ("talk.vtt", VTT, [4, 7])],
)
def test_scan_with_a_glossary_flags_each_format_on_its_lines(
    work: Path, name: str, text: str, lines: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    (work / name).write_text(text, encoding="utf-8")
    flags = _scan(work, name, capsys)
    assert [f["line"] for f in flags] == lines
    assert [f["kind"] for f in flags] == ["glossary", "glossary"]
    assert "Lex Fridman" in str(flags[0]["suggestion"])
    assert "Ilya Sutskever" in str(flags[1]["suggestion"])
    assert all(f["auto"] is False and str(f["reason"]).startswith("sounds like") for f in flags)


def test_apply_leaves_glossary_suggestions_to_review_unless_all(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "talk.txt").write_text(WHISPER, encoding="utf-8")
    base = ["apply", str(work / "talk.txt"), "--no-default-rules"]
    base += ["--glossary", str(work / "names.txt"), "--store", str(work / "store")]
    assert main(base) == 0
    assert not (work / "store" / "talk").exists()
    assert main([*base, "--all"]) == 0
    written = (work / "store" / "talk" / "v001.txt").read_text(encoding="utf-8")
    assert "Lex Fridman podcast" in written and "Brockman Ilya Sutskever today" in written
    assert (work / "talk.txt").read_text(encoding="utf-8") == WHISPER


@pytest.mark.parametrize("command", ["scan", "apply"])
def test_a_broken_glossary_is_one_line_on_stderr_and_exit_2(
    work: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "talk.txt").write_text(WHISPER, encoding="utf-8")
    (work / "bad.txt").write_text("GPT-4\nChatGPT\n---\n", encoding="utf-8")
    args = [command, str(work / "talk.txt"), "--glossary", str(work / "bad.txt")]
    assert main([*args, "--store", str(work / "store")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{work / 'bad.txt'}:3" in err[0] and "expected a term" in err[0]


def test_learned_variants_in_the_store_strengthen_detection(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "names.txt").write_text("Wojciech Zaremba\n", encoding="utf-8")
    (work / "talk.txt").write_text(
        "[00:00:00.000 --> 00:00:04.000]   we'll check da Rumba and others\n", encoding="utf-8"
    )
    assert _scan(work, "talk.txt", capsys) == []
    (work / "store").mkdir(exist_ok=True)
    (work / "store" / "learned.yaml").write_text(
        "rules:\n"
        "  - id: learned-zaremba\n"
        "    kind: term\n"
        "    canonical: Wojciech Zaremba\n"
        "    variants: [check the Rumba]\n",
        encoding="utf-8",
    )
    (flag,) = _scan(work, "talk.txt", capsys)
    assert flag["kind"] == "glossary" and "known variant" in str(flag["reason"])
    assert "Wojciech Zaremba" in str(flag["suggestion"])
