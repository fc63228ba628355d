"""``review`` never silently drops a document or opens on a database it cannot
use: two files with one name, a damaged or garbage review database, or a store
that cannot be written are one line and exit 2 before the screen opens."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.hostile.conftest import assert_one_clear_error, tree_digest, workbench
from workbench.documents import open_latest
from workbench.errors import StoreError
from workbench.review.db import ReviewDB
from workbench.review.session import session_factory
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp


def test_two_files_with_one_name_are_refused(workdir: Path) -> None:
    (workdir / "elsewhere").mkdir()
    (workdir / "elsewhere" / "talk.txt").write_text("[00:00:00.000 --> 00:00:01.000]   Hi.\n")
    before = tree_digest(workdir)
    run = workbench("review", "talk.txt", "elsewhere/talk.txt", cwd=workdir)
    assert_one_clear_error(run, "talk.txt", "elsewhere/talk.txt", "'talk'")
    assert tree_digest(workdir) == before


def _damaged_database(path: Path) -> None:
    """A review database with decisions, some of whose pages are then overwritten."""
    ReviewDB(path).close()
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO state (name, value) VALUES (?, ?)",
            ((f"filler {n}", "x" * 200) for n in range(2000)),
        )
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 3 * page + 600] = bytes(range(256)) * 2 + bytes(88)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["pages", "garbage", "folder"])
def test_a_review_database_that_cannot_be_used_is_one_line(workdir: Path, damage: str) -> None:
    database = workdir / "corrected" / ".workbench.db"
    database.parent.mkdir()
    if damage == "pages":
        _damaged_database(database)
    elif damage == "garbage":
        database.write_bytes(b"not a database at all\n" * 100)
    else:
        database.mkdir()
    before = tree_digest(workdir)
    run = workbench("review", "talk.txt", cwd=workdir)
    assert_one_clear_error(run, ".workbench.db", "review database")
    assert tree_digest(workdir) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_store_is_one_line(workdir: Path) -> None:
    store = workdir / "corrected"
    ReviewDB(store / ".workbench.db").close()
    store.chmod(0o555)
    (store / ".workbench.db").chmod(0o444)
    try:
        run = workbench("review", "talk.txt", cwd=workdir)
    finally:
        store.chmod(0o755)
    assert_one_clear_error(run, ".workbench.db", "review database")


async def test_the_screen_ends_with_the_error_when_the_review_cannot_open(workdir: Path) -> None:
    store = Store(workdir / "corrected")
    documents = [open_latest(workdir / "talk.txt", store)]
    store.db_path.parent.mkdir()
    store.db_path.write_bytes(b"not a database at all\n" * 100)
    app = ReviewApp(
        session_factory(store, documents, lambda: load_rule_set([])), workdir / "learned.yaml"
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert isinstance(app.failure, StoreError) and "review database" in str(app.failure)
