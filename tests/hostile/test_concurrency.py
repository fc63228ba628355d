"""Writers of one document all land: four ``apply`` runs at once on the same
large documents each write their version, on top of the others'; a writer
waits for a lock a bounded time and names its holder."""

from __future__ import annotations

import json
import multiprocessing
import os
import select
from collections.abc import Iterator
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    TIMEOUT_SECONDS,
    assert_one_clear_error,
    auto_rule_folder,
    finish,
    start_workbench,
    tree_digest,
    whisper_lines,
    workbench,
    workbench_unprivileged,
)
from workbench.store import Store

WORDS = ("one", "two", "three", "four")
SEGMENTS = 20_000
EVERY = 10
"""Every tenth segment holds the four misheard words (fewer changes keep the test fast)."""


def _document() -> str:
    lines = whisper_lines(SEGMENTS, "said").splitlines(keepends=True)
    wrong = " ".join(f"wrong{word}" for word in WORDS)
    for n in range(0, SEGMENTS, EVERY):
        lines[n] = lines[n].replace("said", wrong)
    return "".join(lines)


def test_four_concurrent_apply_runs_all_land(tmp_path: Path) -> None:
    for name in ("alpha", "beta"):
        (tmp_path / f"{name}.txt").write_text(_document(), encoding="utf-8")
    folders = [
        auto_rule_folder(tmp_path / f"rules-{word}", f"fix-{word}", f"wrong{word}", f"right{word}")
        for word in WORDS
    ]
    before = tree_digest(tmp_path)

    runs = [
        start_workbench(
            "apply", "alpha.txt", "beta.txt", "--no-default-rules", "--rules", folder, cwd=tmp_path
        )
        for folder in folders
    ]
    results = [finish(run) for run in runs]

    assert [r.code for r in results] == [0] * len(WORDS), [r.stderr for r in results]
    assert all("Traceback" not in r.stderr for r in results)
    for name in ("alpha", "beta"):
        folder = tmp_path / "corrected" / name
        manifests = [json.loads((folder / f"v{n:03d}.json").read_text()) for n in range(1, 5)]
        assert [m["parent"] for m in manifests] == [0, 1, 2, 3]
        assert sorted(change["rule"] for m in manifests for change in m["changes"][:1]) == sorted(
            f"fix-{word}" for word in WORDS
        )
        assert all(len(m["changes"]) == SEGMENTS // EVERY for m in manifests)
        assert not (folder / "v005.json").exists()
        latest = (folder / "v004.txt").read_text(encoding="utf-8")
        assert "wrong" not in latest
        assert latest.count("rightone righttwo rightthree rightfour") == SEGMENTS // EVERY
    # Sources, rule files: no byte outside the store changed.
    after = tree_digest(tmp_path)
    assert {
        path: kind for path, kind in after.items() if not path.startswith("corrected")
    } == before


_FORK = multiprocessing.get_context("fork")


def _hold_lock(store: Path, doc: str, held: Event, release: Event) -> None:
    """Child process: hold a document's lock as a writer does, until told to let go."""
    with Store(store).lock(doc):
        held.set()
        release.wait(timeout=30)


@pytest.fixture
def held_lock(workdir: Path) -> Iterator[tuple[int, Event]]:
    """Another live process holding the lock of ``talk``: its pid and the event that releases it."""
    held, release = _FORK.Event(), _FORK.Event()
    holder = _FORK.Process(target=_hold_lock, args=(workdir / "corrected", "talk", held, release))
    holder.start()
    assert held.wait(timeout=10)
    assert holder.pid is not None
    yield holder.pid, release
    release.set()
    holder.join(timeout=10)


def test_a_held_lock_is_waited_for_then_named_in_a_clear_error(
    workdir: Path, held_lock: tuple[int, Event]
) -> None:
    pid, _ = held_lock
    before = tree_digest(workdir)
    run = workbench("apply", "talk.txt", "--wait", "0.5", cwd=workdir)
    assert run.code == 2 and "Traceback" not in run.stderr
    waiting, error = run.error_lines
    assert f"locked by pid {pid}" in waiting and "waiting up to 0.5 s" in waiting
    assert error.startswith("workbench: error: ") and f"locked by pid {pid}" in error
    assert "--wait" in error
    assert tree_digest(workdir) == before


def test_a_writer_waiting_for_a_lock_lands_once_it_is_released(
    workdir: Path, held_lock: tuple[int, Event]
) -> None:
    pid, release = held_lock
    waiting = start_workbench("apply", "talk.txt", cwd=workdir)
    assert waiting.stderr is not None
    # Its first word on stderr is that it waits (select: never block the test for good).
    assert select.select([waiting.stderr], [], [], TIMEOUT_SECONDS)[0], "apply said nothing"
    told = waiting.stderr.readline()
    assert f"locked by pid {pid}" in told and "waiting up to 60 s" in told
    assert waiting.poll() is None, "apply did not wait for the lock"
    assert not (workdir / "corrected" / "talk" / "v001.json").exists()
    release.set()
    run = finish(waiting)
    assert run.code == 0, run.stderr
    assert (workdir / "corrected" / "talk" / "v001.json").is_file()


def test_a_lock_that_is_a_folder_is_one_clear_error(workdir: Path) -> None:
    (workdir / "corrected" / "talk" / ".lock").mkdir(parents=True)
    before = tree_digest(workdir)
    run = workbench("apply", "talk.txt", cwd=workdir)
    assert_one_clear_error(run, "talk/.lock", "lock")
    assert tree_digest(workdir) == before


@pytest.mark.parametrize("target", ["../../talk.txt", "../../outside.txt"])
def test_a_lock_that_is_a_link_is_refused_and_its_target_kept(workdir: Path, target: str) -> None:
    """A planted ``.lock`` link (to the source, or any file) was followed and emptied."""
    (workdir / "outside.txt").write_text("keep me\n")
    lock = workdir / "corrected" / "talk" / ".lock"
    lock.parent.mkdir(parents=True)
    lock.symlink_to(target)
    source, outside = (workdir / "talk.txt").read_bytes(), (workdir / "outside.txt").read_bytes()
    run = workbench("apply", "talk.txt", cwd=workdir)
    assert_one_clear_error(run, "talk/.lock", "is a link; refusing to follow it")
    assert (workdir / "talk.txt").read_bytes() == source
    assert (workdir / "outside.txt").read_bytes() == outside


def test_a_lock_that_is_a_pipe_is_one_clear_error(workdir: Path) -> None:
    lock = workdir / "corrected" / "talk" / ".lock"
    lock.parent.mkdir(parents=True)
    os.mkfifo(lock)
    before = tree_digest(workdir)
    run = workbench("apply", "talk.txt", cwd=workdir)
    assert_one_clear_error(run, "talk/.lock", "not a regular file")
    assert tree_digest(workdir) == before


@pytest.mark.parametrize("wait", ["nan", "inf", "-1", "1e308"])
def test_a_wait_that_is_no_finite_time_is_refused(workdir: Path, wait: str) -> None:
    """``--wait nan`` was taken, then waited for ever on a held lock."""
    before = tree_digest(workdir)
    run = workbench("apply", "talk.txt", "--wait", wait, cwd=workdir)
    assert run.code == 2 and "--wait" in run.stderr and "Traceback" not in run.stderr
    assert tree_digest(workdir) == before


def test_an_unreadable_lock_is_one_clear_error(workdir: Path) -> None:
    lock = workdir / "corrected" / "talk" / ".lock"
    lock.parent.mkdir(parents=True)
    lock.touch(mode=0)
    before = tree_digest(workdir)
    run = workbench_unprivileged("apply", "talk.txt", cwd=workdir)
    assert_one_clear_error(run, "talk/.lock", "lock", "Permission denied")
    assert tree_digest(workdir) == before
