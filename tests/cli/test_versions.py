"""``workbench log``, ``diff`` and ``publish`` on real corpus files and real versions."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import formats
from workbench.cli.app import main
from workbench.store import Store

WORKBENCH = [sys.executable, "-c", "from workbench.cli.app import run; run()"]
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
DOC = "welinder-gpt4-launch"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the corpus, so no test can touch the real one."""
    return Path(shutil.copytree(CORPUS, tmp_path / "corpus"))


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """An empty store folder."""
    return tmp_path / "corrected"


def _write_versions(source: Path, store: Path, *texts: str) -> list[Path]:
    """Write one version per text, each replacing segment 0 of the one before."""
    paths = []
    transcript = formats.load(source)
    for parent, text in enumerate(texts):
        first = transcript.segments[0]
        transcript = transcript.replace_segments(
            (first.changed(text=text), *transcript.segments[1:])
        )
        paths.append(
            Store(store).write_version(source, transcript, [], parent=parent, rule_files=[]).path
        )
    return paths


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_log_without_versions(
    corpus: Path, store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "log", corpus / f"{DOC}.txt", "--store", store)
    assert code == 0
    assert "no versions yet" in out


def test_log_lists_versions_with_time_parent_and_changes(
    corpus: Path, store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_versions(corpus / f"{DOC}.txt", store, "All right, everyone.", "All right, all.")
    code, out, _ = _run(capsys, "log", corpus / f"{DOC}.txt", "--store", store)
    lines = out.splitlines()
    assert code == 0
    assert lines[1].startswith("v001  ") and "parent v000 (source)" in lines[1]
    assert lines[2].startswith("v002  ") and "parent v001" in lines[2]
    assert "0 changes" in lines[2]
    created = Store(store).versions(DOC)[0].manifest["created"]
    assert created in lines[1]


def test_log_by_name_from_another_directory(
    corpus: Path,
    store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _write_versions(corpus / f"{DOC}.txt", store, "All right, everyone.")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, _ = _run(capsys, "log", DOC, "--store", store)
    assert code == 0 and "v001" in out and str(corpus / f"{DOC}.txt") in out


def test_diff_defaults_to_source_against_latest(
    corpus: Path, store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_versions(corpus / f"{DOC}.txt", store, "All right, everyone.", "All right, all.")
    code, out, _ = _run(capsys, "diff", corpus / f"{DOC}.txt", "--store", store)
    assert code == 0
    assert "line 2: All [-right.-]{+right, all.+}" in out
    assert "\x1b[" not in out
    assert out.count("line ") == 1


def test_diff_between_named_versions(
    corpus: Path, store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_versions(corpus / f"{DOC}.txt", store, "All right, everyone.", "All right, all.")
    code, out, _ = _run(capsys, "diff", DOC, "v1", "2", "--store", store)
    assert code == 0
    assert "line 2: All right, [-everyone.-]{+all.+}" in out
    code, out, _ = _run(capsys, "diff", DOC, "1", "v001", "--store", store)
    assert code == 0 and "no differences" in out


def test_diff_is_coloured_at_a_terminal(corpus: Path, store: Path) -> None:
    _write_versions(corpus / f"{DOC}.txt", store, "All right, everyone.")
    primary, secondary = pty.openpty()
    process = subprocess.run(
        [*WORKBENCH, "diff", str(corpus / f"{DOC}.txt"), "--store", str(store)],
        stdout=secondary,
        stderr=subprocess.PIPE,
        check=False,
    )
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # Linux reports the closed pty as EIO once drained.
            break
        if not chunk:
            break
        out += chunk
    os.close(primary)
    assert process.returncode == 0, process.stderr
    assert b"\x1b[31m" in out and b"\x1b[32m" in out and b"[-" not in out


def test_diff_html_writes_a_page(
    corpus: Path, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_versions(corpus / f"{DOC}.txt", store, "All right, everyone.")
    page = tmp_path / "diff.html"
    code, _, _ = _run(capsys, "diff", DOC, "--html", page, "--store", store)
    assert code == 0
    html = page.read_text(encoding="utf-8")
    assert "<del>right.</del><ins>right, everyone.</ins>" in html
    assert "line 2" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "corrected", "diff.html"]


def test_outputs_never_overwrite_the_source(
    corpus: Path, store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = corpus / f"{DOC}.txt"
    version = _write_versions(source, store, "All right, everyone.")[0]
    before = source.read_bytes(), version.read_bytes()
    assert _run(capsys, "diff", source, "--html", source, "--store", store)[0] == 2
    assert _run(capsys, "publish", source, "--out", version, "--store", store)[0] == 2
    assert (source.read_bytes(), version.read_bytes()) == before


def test_publish_defaults_to_the_latest_version(
    corpus: Path, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latest = _write_versions(corpus / f"{DOC}.txt", store, "One.", "Two.")[-1]
    out = tmp_path / "published.txt"
    code, _, _ = _run(capsys, "publish", DOC, "--out", out, "--store", store)
    assert code == 0 and out.read_bytes() == latest.read_bytes()
    code, _, _ = _run(
        capsys, "publish", DOC, "--version", "v001", "--out", out, "--force", "--store", store
    )
    assert code == 0 and b"One." in out.read_bytes() and b"Two." not in out.read_bytes()


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_publish_unchanged_source_gives_its_own_bytes(
    name: str, corpus: Path, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, _, err = _run(capsys, "publish", corpus / name, "--out", out, "--store", store)
    assert code == 0, err
    assert out.read_bytes() == (corpus / name).read_bytes()


def test_publish_to_json(
    corpus: Path, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    code, _, err = _run(
        capsys, "publish", corpus / f"{DOC}.txt", "--to", "json", "--out", out, "--store", store
    )
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "whisper"
    assert DOC in data["source"]
    first = data["segments"][0]
    assert {"index", "line", "start", "end", "text"} <= first.keys()
    assert (first["index"], first["line"], first["start"], first["end"], first["text"]) == (
        0,
        2,
        0.0,
        6.24,
        "All right.",
    )


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*WORKBENCH, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log", "no-such-doc"), "no-such-doc: no such file"),
        (("diff", "corpus/welinder-gpt4-launch.txt", "vx"), "'vx' is not a version"),
        (("diff", "corpus/welinder-gpt4-launch.txt", "0", "5"), "no version 5"),
        (
            ("publish", "corpus/welinder-gpt4-launch.txt", "--to", "nope", "--out", "x"),
            "unknown format",
        ),
        (
            ("publish", "corpus/lex-fridman-altman-367.txt", "--to", "srt", "--out", "x.srt"),
            "no times",
        ),
        (("publish", "corpus/welinder-gpt4-launch.txt"), "--out"),
        (
            ("publish", "corpus/welinder-gpt4-launch.txt", "--out", "missing/dir/x.txt"),
            "missing/dir/x.txt",
        ),
    ],
)
def test_errors_are_one_line_and_exit_2(corpus: Path, args: tuple[str, ...], message: str) -> None:
    done = _cli(*args, cwd=corpus.parent)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert message in done.stderr
    assert not (corpus.parent / "x.srt").exists() and not (corpus.parent / "x").exists()


@pytest.mark.parametrize("command", ["log", "diff", "publish"])
def test_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, command, "--help")
    assert code == 0 and "--store" in out and "DOC" in out
