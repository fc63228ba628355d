"""``review`` never silently drops a document, opens on a database it cannot use,
or loses an edit to learning: two files with one name, a damaged or garbage
review database, or a store that cannot be written are one line and exit 2
before the screen opens; ``l`` learns from one edited place at a time, in the
list and in the document view, and the edit stays to be written."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from tests.hostile.conftest import (
    ROOT,
    assert_one_clear_error,
    tree_digest,
    workbench,
    workbench_unprivileged,
)
from tests.tui.test_keys import ready
from workbench.documents import open_latest
from workbench.errors import StoreError
from workbench.review.db import ReviewDB
from workbench.review.session import ReviewSession, session_factory
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.dialogs import ConfirmScreen, PromptInput
from workbench.tui.docview import DocumentScreen
from workbench.tui.screen import ReviewScreen


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


def test_a_read_only_store_is_one_line(workdir: Path) -> None:
    store = workdir / "corrected"
    ReviewDB(store / ".workbench.db").close()
    (store / ".workbench.db").chmod(0o444)
    store.chmod(0o555)
    try:
        before = tree_digest(workdir)
        run = workbench_unprivileged("review", "talk.txt", cwd=workdir)
        assert tree_digest(workdir) == before
    finally:
        store.chmod(0o755)
    assert_one_clear_error(run, ".workbench.db", "review database", "readonly")
    assert "move the file aside" not in run.stderr  # nothing is wrong with the file


async def test_the_screen_ends_with_the_error_when_the_review_cannot_open(workdir: Path) -> None:
    store = Store(workdir / "corrected")
    documents = [open_latest(workdir / "talk.txt", store)]
    store.db_path.parent.mkdir()
    store.db_path.write_bytes(b"not a database at all\n" * 100)
    app = ReviewApp(
        session_factory(store, documents, lambda: load_rule_set([])), workdir / "learned.yaml"
    )
    async with app.run_test(size=(100, 30)) as pilot:
        with contextlib.suppress(WorkerCancelled):  # the app may exit before the worker ends
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2
    assert isinstance(app.failure, StoreError) and "review database" in str(app.failure)


SIZE = (100, 30)
DOC = "schulman-chatgpt-origins"
FLAGGED = "Before ChatGBT, OpenAI had these instruction following models."
"""Segment 4 of the document: flagged by ``chatgpt`` (ChatGBT → ChatGPT)."""


@pytest.fixture
def learning_app(tmp_path: Path) -> tuple[ReviewApp, Store, Path]:
    """A review app over one corpus copy, an empty store and an empty rule folder."""
    source = tmp_path / f"{DOC}.txt"
    source.write_bytes((ROOT / "corpus" / f"{DOC}.txt").read_bytes())
    rules = tmp_path / "rules"
    rules.mkdir()
    store = Store(tmp_path / "corrected")
    documents = [open_latest(source, store)]
    factory = session_factory(store, documents, lambda: load_rule_set([rules]))
    return ReviewApp(factory, rules / "learned.yaml"), store, rules


async def _open_on_flag(app: ReviewApp, pilot: Pilot[None]) -> ReviewSession:
    """Wait for the list, then put the cursor on segment 4's chatgpt flag (its group of
    auto flags expanded)."""
    session = await ready(app, pilot)
    index = next(
        index
        for index, item in enumerate(session.items)
        if item.key.segment == 4 and item.key.rule == "chatgpt"
    )
    group = session.group_of(session.items[index])
    if group is not None and not group.expanded:
        session.go(session.visible.index(group.members[0]))
        session.toggle_group()
    session.go(session.visible.index(index))
    return session


async def _save_rule(app: ReviewApp, pilot: Pilot[None]) -> str:
    """Confirm the learned rule shown; the question it asked."""
    screen = app.screen
    assert isinstance(screen, ConfirmScreen)
    await pilot.click("#save")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return screen.question


async def _edit(app: ReviewApp, pilot: Pilot[None], text: str) -> None:
    await pilot.press("e")
    app.screen.query_one(PromptInput).value = text
    await pilot.press("enter")


async def test_learning_takes_one_place_of_an_edit_and_never_loses_the_edit(
    learning_app: tuple[ReviewApp, Store, Path],
) -> None:
    app, store, rules = learning_app
    edited = "Before ChatGPT, OpenAI had these instruction-following models."
    async with app.run_test(size=SIZE) as pilot:
        session = await _open_on_flag(app, pilot)
        await _edit(app, pilot, edited)
        # Another segment, edited in the document view (segment 1, unflagged).
        await pilot.press("k", "d")
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("home", "j", "e")
        app.screen.query_one(PromptInput).value = "At what point did you realise, first of all,"
        await pilot.press("enter", "escape")
        assert isinstance(app.screen, ReviewScreen)
        await _open_on_flag(app, pilot)
        await pilot.press("l")
        question = await _save_rule(app, pilot)
        # The flag's own fix (ChatGBT → ChatGPT) teaches nothing new: the rule is the other place.
        assert "pattern: instruction following" in question and "ChatGBT" not in question
        assert not [item for item in session.items if item.stale]
        await pilot.press("w")
        await pilot.pause()
    learned = (rules / "learned.yaml").read_text(encoding="utf-8")
    assert "pattern: instruction following" in learned and "realise" not in learned
    version = (store.root / DOC / "v001.txt").read_text(encoding="utf-8")
    assert f"]   {edited}\n" in version
    assert "]   At what point did you realise, first of all,\n" in version


async def test_an_edit_of_several_places_is_not_glued_into_one_rule(
    learning_app: tuple[ReviewApp, Store, Path],
) -> None:
    app, _, rules = learning_app
    edited = "Before ChatGBT, OpenAI's team had these instruction-following models."
    async with app.run_test(size=SIZE) as pilot:
        session = await _open_on_flag(app, pilot)
        await _edit(app, pilot, edited)
        await _open_on_flag(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # no rule offered
        messages = [n.message for n in app._notifications]
        assert any("changes 2 places" in m and "learn it, then the next" in m for m in messages)
        assert session.unwritten() == 1
    assert not (rules / "learned.yaml").exists()


async def test_learn_in_the_document_view_learns_from_the_segment_edit_or_says_why_not(
    learning_app: tuple[ReviewApp, Store, Path],
) -> None:
    app, _, rules = learning_app
    async with app.run_test(size=SIZE) as pilot:
        await _open_on_flag(app, pilot)
        await pilot.press("d", "home", "j", "l")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)  # nothing edited there yet
        assert any("edit it first" in n.message for n in app._notifications)
        await pilot.press("e")
        app.screen.query_one(PromptInput).value = "At what point did you realise, first of all,"
        await pilot.press("enter", "l")
        question = await _save_rule(app, pilot)
        assert "pattern: realize" in question and "replace: realise" in question
    assert "replace: realise" in (rules / "learned.yaml").read_text(encoding="utf-8")
