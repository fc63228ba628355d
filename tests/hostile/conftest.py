"""The hostile-input suite's tools: run ``workbench`` as a user would, and prove
that nothing outside what a command may write has changed.

Each hostile test runs the real command in a subprocess (so a traceback, a hang
or a wrong exit code is seen as a user sees it) and compares a digest of the
whole working tree before and after.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Run:
    """What one ``workbench`` process did: its exit code and its two streams."""

    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        """The non-empty lines written to stderr."""
        return [line for line in self.stderr.splitlines() if line.strip()]


def workbench(*args: str | os.PathLike[str], cwd: Path, timeout: float = TIMEOUT_SECONDS) -> Run:
    """Run ``python -m workbench ARGS`` in ``cwd`` without a terminal or input."""
    completed = subprocess.run(
        [sys.executable, "-m", "workbench", *map(str, args)],
        check=False,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def tree_digest(top: Path) -> dict[str, str]:
    """Every entry below ``top`` mapped to what it is: a file's sha256, a link's
    target, or the kind of a special file. Reading never opens a special file."""
    digest: dict[str, str] = {}
    for path in sorted(top.rglob("*")):
        relative = path.relative_to(top).as_posix()
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            digest[relative] = "link:" + os.readlink(path)
        elif stat.S_ISREG(mode):
            digest[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif stat.S_ISDIR(mode):
            digest[relative] = "dir"
        else:
            digest[relative] = f"special:{stat.S_IFMT(mode):o}"
    return digest


def assert_one_clear_error(run: Run, *needles: str) -> None:
    """Exit 2, no traceback, and exactly one stderr line holding every needle."""
    assert run.code == 2, (run.code, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    assert len(run.error_lines) == 1, run.stderr
    for needle in needles:
        assert needle in run.error_lines[0], (needle, run.error_lines[0])


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """An empty folder to run in, holding a copy of one corpus transcript as ``talk.txt``."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "talk.txt").write_bytes((ROOT / "corpus" / "welinder-gpt4-launch.txt").read_bytes())
    return folder


def start_workbench(*args: str | os.PathLike[str], cwd: Path) -> subprocess.Popen[str]:
    """Start ``python -m workbench ARGS`` in ``cwd`` and return at once (see ``finish``)."""
    return subprocess.Popen(
        [sys.executable, "-m", "workbench", *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
    )


def finish(process: subprocess.Popen[str], timeout: float = TIMEOUT_SECONDS) -> Run:
    """Wait for a process from ``start_workbench`` and collect what it did."""
    stdout, stderr = process.communicate(timeout=timeout)
    return Run(process.returncode, stdout, stderr)


def whisper_lines(count: int, text: str) -> str:
    """A Whisper transcript of ``count`` one-second segments, each ``text`` and its number."""
    lines = []
    for n in range(count):
        stamp = f"{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}"
        lines.append(f"[{stamp}.000 --> {stamp}.900]   {text} {n}.")
    return "\n".join(lines) + "\n"


def auto_rule_folder(folder: Path, rule_id: str, pattern: str, replace: str) -> Path:
    """A rule folder holding one auto ``replace`` rule."""
    folder.mkdir(parents=True)
    (folder / "rule.yaml").write_text(
        f"rules:\n  - id: {rule_id}\n    kind: replace\n    pattern: {pattern}\n"
        f"    replace: {replace}\n    auto: true\n",
        encoding="utf-8",
    )
    return folder


def write_version(source: Path, store: Path) -> Path:
    """Write the next version of ``source``'s document in the store folder ``store``,
    its first segment's text changed, as a reviewer's write would; the version file."""
    from workbench.documents import open_latest
    from workbench.store import Store

    versions = Store(store)
    doc = open_latest(source, versions)
    first = doc.transcript.segments[0]
    changed = doc.transcript.replace_segments(
        (first.changed(text="Changed."), *doc.transcript.segments[1:])
    )
    return versions.write_version(source, changed, [], parent=doc.version, rule_files=[]).path
