"""How the ``workbench`` process ends (``app.leave``): with its exit code and all of its
output, without Python's teardown when the work was done by the main thread alone, and
with it when another thread still runs or process machinery (a pool) was loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TALK = "[00:00:00.000 --> 00:00:01.000]   we use the the chat gpt daily\n"

# The console script's ``run``, with an object that says when the interpreter frees it.
SCRIPT = """
import sys, threading
from workbench.cli.app import run

class Torn:
    def __del__(self):
        sys.stderr.write("torn down\\n")

kept = Torn()
if sys.argv[1] == "thread":
    # Runs until the main thread is done: alive when the command ends, whatever its speed.
    threading.Thread(target=threading.main_thread().join).start()
if sys.argv[1] == "pool":
    import multiprocessing  # as --jobs does, with the exit handlers it registers
if sys.argv[1] == "folder":
    import tempfile  # kept to the end, as review keeps a folder of decoded audio
    folder = tempfile.TemporaryDirectory()
    sys.stderr.write(f"folder {folder.name}\\n")
sys.argv = ["workbench", *sys.argv[2:]]
run()
"""


def _run(tmp_path: Path, thread: str, *args: str) -> subprocess.CompletedProcess[str]:
    talk = tmp_path / "talk.txt"
    talk.write_text(TALK, encoding="utf-8")
    command = ["scan", str(talk), "--store", str(tmp_path / "store"), *args]
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, thread, *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_command_leaves_without_the_teardown_with_its_code_and_output(tmp_path: Path) -> None:
    done = _run(tmp_path, "alone", "--json", "--fail-on-flags")
    assert done.returncode == 1  # flags found
    assert [flag["rule"] for flag in json.loads(done.stdout)] == ["chatgpt", "stutter"]
    assert "torn down" not in done.stderr


@pytest.mark.parametrize("other", ["thread", "pool"])
def test_with_another_thread_or_a_pool_python_exits_its_own_way(tmp_path: Path, other: str) -> None:
    done = _run(tmp_path, other, "--quiet")
    assert done.returncode == 0
    assert "total: 2 flags" in done.stdout
    assert "torn down" in done.stderr


def test_a_temporary_folder_kept_to_the_end_is_removed(tmp_path: Path) -> None:
    done = _run(tmp_path, "folder", "--quiet")
    assert done.returncode == 0 and "torn down" not in done.stderr
    folder = Path(done.stderr.split("folder ", 1)[1].splitlines()[0])
    assert folder.name and not folder.exists()


@pytest.mark.parametrize("closed", [1, 2], ids=["stdout", "stderr"])
def test_a_command_started_with_a_stream_closed_runs_to_its_end(
    tmp_path: Path, closed: int
) -> None:
    """``workbench scan ... >&-`` (or ``2>&-``): the other stream says all, exit 0."""
    talk = tmp_path / "talk.txt"
    talk.write_text(TALK, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", "from workbench.cli.app import run; run()", "scan", str(talk)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.close(closed),
    )
    assert done.returncode == 0, done.stderr
    if closed == 1:
        assert done.stderr == ""
    else:
        assert done.stdout.splitlines()[-1] == "total: 2 flags (1 auto) in 1 file"


def test_a_profiled_run_still_writes_its_profile(tmp_path: Path) -> None:
    talk = tmp_path / "talk.txt"
    talk.write_text(TALK, encoding="utf-8")
    profile = tmp_path / "scan.prof"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cProfile",
            "-o",
            str(profile),
            "-m",
            "workbench",
            "scan",
            str(talk),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert profile.stat().st_size > 0
