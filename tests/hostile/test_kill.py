"""A killed writer loses nothing written and leaves nothing the next one trips on:
``apply`` is SIGKILLed at random points twenty times, then runs to the end; the
store is then clean (every file a listed version or its manifest, numbers and
parents in a row, every hash true) and no byte outside it changed."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import time
from pathlib import Path

from tests.hostile.conftest import auto_rule_folder, tree_digest, whisper_lines
from workbench.cli.app import main
from workbench.store import Store

KILLS = 20
SEGMENTS = 3_000

_FORK = multiprocessing.get_context("fork")


def _apply(folder: Path, rules: Path) -> None:
    """Child process: ``workbench apply`` in ``folder``, as from the command line."""
    os.chdir(folder)
    os._exit(main(["apply", "talk.txt", "--no-default-rules", "--rules", str(rules)]))


def _run_apply(folder: Path, kill_after: float | None) -> float:
    """Run apply in a forked child (pinging a pong or ponging a ping, whichever the latest
    version holds); kill it after ``kill_after`` seconds. How long it ran."""
    latest = Store(folder / "corrected").latest(folder / "talk.txt")
    rules = folder / ("ping" if b"ping" in latest.path.read_bytes() else "pong")
    child = _FORK.Process(target=_apply, args=(folder, rules))
    started = time.perf_counter()
    child.start()
    child.join(timeout=kill_after)
    if child.is_alive():
        child.kill()
        child.join()
    else:
        assert child.exitcode == 0
    return time.perf_counter() - started


def test_apply_killed_at_random_points_leaves_a_clean_store(tmp_path: Path) -> None:
    (tmp_path / "talk.txt").write_text(whisper_lines(SEGMENTS, "ping"), encoding="utf-8")
    auto_rule_folder(tmp_path / "ping", "ping", "ping", "pong")
    auto_rule_folder(tmp_path / "pong", "pong", "pong", "ping")
    before = tree_digest(tmp_path)
    full = _run_apply(tmp_path, None)
    chance = random.Random(KILLS)
    for _ in range(KILLS):
        _run_apply(tmp_path, chance.uniform(0, full * 1.1))
    _run_apply(tmp_path, None)

    after = tree_digest(tmp_path)
    assert {
        path: kind for path, kind in after.items() if not path.startswith("corrected")
    } == before
    folder = tmp_path / "corrected" / "talk"
    versions = Store(tmp_path / "corrected").versions("talk")
    numbers = [info.number for info in versions]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 2
    listed = {".lock"}
    for info in versions:
        manifest = json.loads(info.manifest_path.read_text(encoding="utf-8"))
        assert manifest["parent"] == info.number - 1
        assert manifest["sha256"] == hashlib.sha256(info.path.read_bytes()).hexdigest()
        listed |= {info.path.name, info.manifest_path.name}
    assert {path.name for path in folder.iterdir()} == listed
