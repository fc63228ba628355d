"""Batch ``scan``/``apply`` over many files: a bad file does not stop the others,
two writers of one document both land, and overlapped suggestions are reported."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli.app import main
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]
WELINDER = ROOT / "corpus" / "welinder-gpt4-launch.txt"


def _rules(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    return folder


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder with a good transcript, a broken one and another good one."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(WELINDER, folder / "a.txt")
    (folder / "b.txt").write_text("[00:00:00.000 --> 00:00:xx.000]   broken\n", encoding="utf-8")
    shutil.copy(WELINDER, folder / "c.txt")
    return folder


def test_apply_goes_on_past_a_bad_file_and_exits_2(
    mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert main(["apply", "--store", str(store), str(mixed)]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        f"workbench: error: {mixed / 'b.txt'}:1: expected a timestamp HH:MM:SS.mmm, found '00:00:xx.000'"
    ]
    assert [v.number for v in Store(store).versions("a")] == [1]
    assert [v.number for v in Store(store).versions("c")] == [1]
    total = captured.out.splitlines()[-1]
    assert total.startswith("total: made") and total.endswith(
        " in 2 files (1 stopped by an error above)"
    )


def test_scan_goes_on_past_a_bad_file_and_exits_2(
    mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", "--json", "--store", str(tmp_path / "store"), str(mixed)]) == 2
    flags = json.loads(capsys.readouterr().out)
    assert {Path(flag["file"]).name for flag in flags} == {"a.txt", "c.txt"}


def test_a_scan_whose_only_file_fails_prints_no_empty_table(
    mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan", "--store", str(tmp_path / "store"), str(mixed / "b.txt")]) == 2
    assert capsys.readouterr().out.splitlines() == [
        "total: 0 flags (0 auto) in 0 files (1 stopped by an error above)"
    ]


def test_two_concurrent_applies_of_one_document_keep_both_changes(tmp_path: Path) -> None:
    source = tmp_path / "docs" / "talk.txt"
    source.parent.mkdir()
    source.write_text(
        "".join(
            f"[00:00:{n:02d}.000 --> 00:00:{n + 1:02d}.000]   we ate a banana and a cherry {n}\n"
            for n in range(40)
        ),
        encoding="utf-8",
    )
    banana = _rules(
        tmp_path / "r1",
        "a.yaml",
        "rules:\n  - {id: b, kind: replace, pattern: banana, replace: mango, auto: true}\n",
    )
    cherry = _rules(
        tmp_path / "r2",
        "a.yaml",
        "rules:\n  - {id: c, kind: replace, pattern: cherry, replace: plum, auto: true}\n",
    )
    store = tmp_path / "store"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "workbench",
                "apply",
                "--no-default-rules",
                "--rules",
                str(rules),
                "--store",
                str(store),
                str(source),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for rules in (banana, cherry)
    ]
    for run in runs:
        _, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
    versions = Store(store).versions("talk")
    assert [(v.number, v.manifest["parent"]) for v in versions] == [(1, 0), (2, 1)]
    latest = versions[-1].path.read_text(encoding="utf-8")
    assert "mango" in latest and "plum" in latest
    assert "banana" not in latest and "cherry" not in latest


def test_scan_reports_the_suggestion_that_lost_an_overlap(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("[00:00:00.000 --> 00:00:01.000]   we use gpd 4 daily\n", encoding="utf-8")
    rules = _rules(
        tmp_path / "r",
        "a.yaml",
        "rules:\n"
        "  - {id: short, kind: replace, pattern: gpd, replace: GPT}\n"
        "  - {id: long, kind: term, canonical: GPT-4, variants: [gpd 4]}\n",
    )
    args = ["scan", "--no-default-rules", "--rules", str(rules), "--store", str(tmp_path / "s")]
    assert main([*args, str(doc)]) == 0
    out = capsys.readouterr().out
    assert "  long " in out
    assert "overlapped: short lost to long once (line 1; --verbose lists each)" in out
    assert main([*args, "--verbose", str(doc)]) == 0
    out = capsys.readouterr().out
    assert (
        "overlapped: short at line 1 ('we use gpd 4 daily' → 'we use GPT 4 daily') lost to long"
        in out
    )


def test_a_pathological_pattern_is_an_error_for_its_rule_and_the_scan_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = _rules(
        tmp_path / "r",
        "a.yaml",
        "rules:\n  - id: slow\n    kind: replace\n    regex: true\n"
        '    pattern: "(\\\\w|\\\\w\\\\w)+$"\n    replace: x\n'
        "  - {id: fine, kind: replace, pattern: gpd, replace: GPT}\n",
    )
    docs = []
    for name in ("a.txt", "b.txt"):
        doc = tmp_path / name
        doc.write_text(f"[00:00:00.000 --> 00:00:01.000]   gpd {'a' * 40}!\n", encoding="utf-8")
        docs.append(str(doc))
    args = ["scan", "--no-default-rules", "--rules", str(rules), "--store", str(tmp_path / "s")]
    assert main([*args, *docs]) == 2
    captured = capsys.readouterr()
    expected = (
        f"workbench: error: {rules / 'a.yaml'}:2: pattern '(\\w|\\w\\w)+$' took longer than 2s "
        "in all, its limit for one run; simplify it (rule slow)"
    )
    assert captured.err.splitlines() == [expected]
    # both files scanned by the other rule
    assert "  fine                         replace          2      2     -" in captured.out


def test_scan_json_streams_the_same_array_json_dumps_would_print(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("[00:00:00.000 --> 00:00:01.000]   Hello there.\n", encoding="utf-8")
    store = str(tmp_path / "s")
    assert main(["scan", "--json", "--store", store, str(clean)]) == 0
    assert capsys.readouterr().out == "[]\n"
    assert main(["scan", "--json", "--store", store, str(WELINDER)]) == 0
    out = capsys.readouterr().out
    assert out == json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"


def test_terms_suggest_goes_on_past_a_bad_file_and_exits_2(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = mixed / "missing.txt"
    assert main(["terms", "suggest", "--json", str(missing), str(mixed)]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"workbench: error: {missing}: no such file or directory",
        f"workbench: error: {mixed / 'b.txt'}:1: expected a timestamp HH:MM:SS.mmm, found '00:00:xx.000'",
    ]
    examples = [example for cluster in json.loads(captured.out) for example in cluster["examples"]]
    assert {Path(example.split(":")[0]).name for example in examples} == {"a.txt", "c.txt"}


@pytest.mark.parametrize("command", ["scan", "apply"])
@pytest.mark.parametrize("where", ["option", "rule file"])
def test_a_missing_glossary_is_one_error_before_any_file(
    mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, where: str
) -> None:
    missing = tmp_path / "no-such-glossary.txt"
    if where == "option":
        options = ["--glossary", str(missing)]
    else:
        rule = f"rules:\n  - {{id: names, kind: glossary, file: {missing}}}\n"
        options = ["--rules", str(_rules(tmp_path / "rules", "names.yaml", rule))]
    store = tmp_path / "store"
    code = main(
        [command, "--store", str(store), *options, str(mixed / "a.txt"), str(mixed / "c.txt")]
    )
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.splitlines() == [f"workbench: error: {missing}: no such glossary file"]
    assert captured.out == ""
    assert not store.exists() or not list(store.glob("*/v*.json"))


@pytest.mark.parametrize("collect", [(), ("--collect",)], ids=["in the worker", "collected"])
def test_a_version_that_cannot_be_written_counts_no_changes(
    mixed: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    collect: tuple[str, ...],
) -> None:
    def disk_full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "write_version", disk_full)
    store = tmp_path / "store"
    assert (
        main(["apply", "--store", str(store), "--jobs", "1", *collect, str(mixed / "a.txt")]) == 2
    )
    captured = capsys.readouterr()
    assert "No space left on device" in captured.err
    assert captured.out.splitlines()[-1] == (
        "total: made 0 changes in 0 files (1 stopped by an error above)"
    )
