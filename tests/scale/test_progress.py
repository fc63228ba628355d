"""The progress bar: on a terminal it counts files and segments with a rate and an ETA;
with ``--quiet``, or when stderr is no terminal, nothing is drawn."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.hostile.conftest import ROOT, workbench


def _stderr_on_a_terminal(*args: str | Path, cwd: Path) -> tuple[int, str, str]:
    """Run ``workbench ARGS`` with stderr on a pseudo-terminal: exit code, stdout, what
    the terminal showed."""
    leader, follower = pty.openpty()
    # stdout to a file, not a pipe: a long stdout never waits for a reader.
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "workbench", *map(str, args)],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=follower,
            env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        os.close(leader)
        code = child.wait(timeout=60)
        out.seek(0)
        return code, out.read().decode(), shown.decode(errors="replace")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_terminal_sees_files_segments_rate_and_eta(corpus: Path, jobs: str) -> None:
    code, stdout, shown = _stderr_on_a_terminal("scan", corpus, "--jobs", jobs, cwd=corpus.parent)
    assert code == 0
    assert "scanning" in shown
    assert "files 11/11" in shown
    total = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in corpus.iterdir())
    segments = int(shown.split("files 11/11")[1].split()[0].split("/")[0].replace(",", ""))
    assert 0.9 * total < segments <= total  # every segment counted (blank lines are none)
    assert "segments/s" in shown and "100%" in shown
    assert "total:" in stdout and "scanning" not in stdout


def test_quiet_draws_nothing_even_on_a_terminal(corpus: Path) -> None:
    code, _, shown = _stderr_on_a_terminal("apply", corpus, "--quiet", cwd=corpus.parent)
    assert code == 0
    assert shown == ""


def test_no_terminal_no_bar(corpus: Path) -> None:
    run = workbench("apply", corpus, "--jobs", "2", cwd=corpus.parent)
    assert run.code == 0 and run.stderr == ""
