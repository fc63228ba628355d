"""Two writers of one document, in real processes, are serialised by the lock file."""

from __future__ import annotations

import fcntl
import hashlib
import json
import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

from workbench import formats
from workbench.errors import StaleVersionError
from workbench.store import Store

# fork keeps the child cheap and lets it run this module's function without re-importing tests.
_CONTEXT = multiprocessing.get_context("fork")


def _write(source: Path, root: Path, text: str, barrier: Barrier | None) -> None:
    """Child process: read the latest version, change segment 0, write a version.

    A writer that finds its parent outdated reads the latest version again,
    as ``apply`` does, so every writer's version lands on top of the others.
    """
    store = Store(root)
    for _ in range(10):
        latest = store.latest(source)
        transcript = formats.load(latest.path, doc_id=source.stem, format=latest.format)
        first = transcript.segments[0]
        changed = transcript.replace_segments((first.changed(text=text), *transcript.segments[1:]))
        if barrier is not None:
            barrier.wait(timeout=30)
            barrier = None
        try:
            store.write_version(source, changed, [], parent=latest.number, rule_files=[])
            return
        except StaleVersionError:
            continue
    raise RuntimeError("never got a turn")


def test_concurrent_writers_make_distinct_intact_versions(source: Path, store_root: Path) -> None:
    texts = [f"Writer number {n}." for n in range(4)]
    barrier = _CONTEXT.Barrier(len(texts))
    workers = [
        _CONTEXT.Process(target=_write, args=(source, store_root, text, barrier)) for text in texts
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * len(texts)

    versions = Store(store_root).versions(source.stem)
    assert [info.number for info in versions] == [1, 2, 3, 4]
    written = set()
    for info in versions:
        data = info.path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == info.manifest["sha256"]
        manifest = json.loads(info.manifest_path.read_text(encoding="utf-8"))
        assert manifest["version"] == info.number and manifest["parent"] == info.number - 1
        written.add(formats.load(info.path).segments[0].text)
    assert written == set(texts)


def test_a_writer_waits_while_the_document_is_locked(source: Path, store_root: Path) -> None:
    folder = store_root / source.stem
    folder.mkdir(parents=True)
    with (folder / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        worker = _CONTEXT.Process(target=_write, args=(source, store_root, "Waited.", None))
        worker.start()
        worker.join(timeout=1.0)
        assert worker.is_alive(), "the writer did not wait for the lock"
        assert not list(folder.glob("v*"))
        fcntl.flock(lock, fcntl.LOCK_UN)
    worker.join(timeout=30)
    assert worker.exitcode == 0
    assert [p.name for p in sorted(folder.glob("v*"))] == ["v001.json", "v001.txt"]
