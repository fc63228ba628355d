"""The hostile-input suite's tools: run ``workbench`` as a user would, and prove
that nothing outside what a command may write has changed.

``workbench`` runs a command in this process, through ``main`` as the console
script calls it, with its own stdin (empty, not a terminal), stdout, stderr,
environment and working folder (click's ``CliRunner`` isolation): exit code,
streams and files are what a user would see, and an exception that escapes is
caught and shown as the traceback a user would get. A new interpreter per
command would cost half a second of start-up each. ``workbench_process`` runs
it in a forked child, for what only a process shows: a hang (it has a timeout)
and a read without bound; ``start_workbench`` starts ``python -m workbench``,
for writers running at once.
Every test compares a digest of the whole working tree before and after.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import shutil
import stat
import subprocess
import sys
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_SECONDS = 60
ENVIRONMENT = {"NO_COLOR": "1", "COLUMNS": "120"}


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


@contextlib.contextmanager
def _logging_as_in_a_new_process() -> Iterator[None]:
    """No handler on the root logger, as in a new interpreter: a warning logged by
    the workbench goes to (the isolated) stderr, not to pytest's log capture."""
    handlers = logging.root.handlers[:]
    logging.root.handlers.clear()
    try:
        yield
    finally:
        logging.root.handlers[:] = handlers


def workbench(*args: str | os.PathLike[str], cwd: Path) -> Run:
    """Run ``workbench ARGS`` in ``cwd`` in this process, without a terminal or input."""
    with (
        contextlib.chdir(cwd),
        _logging_as_in_a_new_process(),
        CliRunner().isolation(env=ENVIRONMENT) as (stdout, stderr, _),
    ):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        except Exception:  # noqa: BLE001  # what a user would see: a traceback, exit 1
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    return Run(code, stdout.getvalue().decode(), stderr.getvalue().decode())


_FORK = multiprocessing.get_context("fork")


def workbench_process(
    *args: str | os.PathLike[str], cwd: Path, timeout: float = TIMEOUT_SECONDS
) -> Run:
    """Run ``workbench ARGS`` in ``cwd`` as ``workbench`` does, in a child process
    forked from this one (so with every module already imported): one that has not
    finished after ``timeout`` seconds is killed and the test fails; its memory
    is its own."""
    results, sender = _FORK.Pipe(duplex=False)
    child = _FORK.Process(target=_run_and_send, args=(sender, args, cwd))
    child.start()
    sender.close()
    if not results.poll(timeout):
        child.kill()
        child.join()
        pytest.fail(f"workbench {' '.join(map(str, args))} did not finish in {timeout} s")
    try:
        run: Run | None = results.recv()
    except EOFError:  # the child died without a word (a signal, out of memory)
        run = None
    child.join()
    return run or Run(child.exitcode or 1, "", f"the process died: exit {child.exitcode}\n")


def _run_and_send(sender: Connection, args: Sequence[str | os.PathLike[str]], cwd: Path) -> None:
    """In the forked child: run the command, send back what it did, and end."""
    try:
        sender.send(workbench(*args, cwd=cwd))
    finally:
        os._exit(0)


ROOTS_OVERRIDES = "-dac_override,-dac_read_search"
"""The capabilities that let root read, write and enter any file or folder."""


def workbench_unprivileged(*args: str | os.PathLike[str], cwd: Path) -> Run:
    """``workbench ARGS`` without the power to read and write files whatever their
    permissions: as root, ``python -m workbench`` started by ``setpriv`` without
    root's override capabilities (the kernel's permission checks then hold, as for
    any user); as any other user, ``workbench``."""
    if os.geteuid() != 0:
        return workbench(*args, cwd=cwd)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("as root, this needs setpriv (util-linux) to drop root's file overrides")
    return finish(start_workbench(*args, cwd=cwd, via=[setpriv, "--bounding-set", ROOTS_OVERRIDES]))


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


def start_workbench(
    *args: str | os.PathLike[str], cwd: Path, via: Sequence[str] = ()
) -> subprocess.Popen[str]:
    """Start ``python -m workbench ARGS`` in ``cwd`` (run by the command ``via``, if
    given) and return at once (see ``finish``)."""
    return subprocess.Popen(
        [*via, sys.executable, "-m", "workbench", *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **ENVIRONMENT},
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
