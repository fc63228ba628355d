"""A long transcript: the first block's flags show at once, then the whole list replaces them."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from types import ModuleType

import pytest
from textual.widgets import Static

from tests.tui.test_keys import SIZE, stored
from workbench.documents import open_latest
from workbench.review.db import ReviewDB
from workbench.review.session import RestScan, ReviewSession, session_factory
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.screen import FIRST_BLOCK, ReviewScreen

ROOT = Path(__file__).resolve().parents[2]
SEGMENTS = 20_000


def _bench_tui() -> ModuleType:
    """bench/tui.py, whose generator of long transcripts this test shares."""
    spec = importlib.util.spec_from_file_location("bench_tui", ROOT / "bench" / "tui.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def long_transcript(folder: Path) -> Path:
    """A Whisper text file of SEGMENTS segments, cycling through a corpus transcript."""
    path: Path = _bench_tui().build(folder, SEGMENTS)
    return path


def _header(app: ReviewApp) -> str:
    return str(app.screen.query_one("#progress", Static).render())


async def test_first_block_shows_before_the_full_scan_and_a_decision_survives_the_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = long_transcript(tmp_path)
    store = Store(tmp_path / "corrected")
    # The rest of the document is scanned only when the test lets it: no timing involved.
    go = threading.Event()
    scan_rest = ReviewSession.scan_rest

    def gated(session: ReviewSession) -> RestScan:
        assert go.wait(60)
        return scan_rest(session)

    monkeypatch.setattr(ReviewSession, "scan_rest", gated)

    open_session = session_factory(store, [open_latest(source, store)], lambda: load_rule_set([]))

    app = ReviewApp(open_session, tmp_path / "learned.yaml")
    async with app.run_test(size=SIZE) as pilot:
        while not (isinstance(app.screen, ReviewScreen) and app.screen.session is not None):
            await pilot.pause(0.01)
        await pilot.pause()
        session = app.screen.session
        assert session.partial == {"long": FIRST_BLOCK}
        assert f"scanning… {FIRST_BLOCK:,} of {SEGMENTS:,} segments" in _header(app)
        partial = [item.key for item in session.items]
        assert partial and all(key.segment < FIRST_BLOCK - 1 for key in partial)
        first, second = (session.items[i].key for i in session.visible[:2])
        await pilot.press("a")  # decided in the partial view
        assert session.current is not None and session.current.key == second

        go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not session.partial
        assert "scanning" not in _header(app)
        keys = [item.key for item in session.items]
        normal = ReviewSession(
            ReviewDB(store.db_path), store, [open_latest(source, store)], lambda: load_rule_set([])
        )
        assert keys == [item.key for item in normal.items]
        assert len(set(keys)) == len(keys) > len(partial)
        assert (
            keys[: len(partial) - 5] == partial[: len(partial) - 5]
        )  # the block's flags are the full scan's
        assert session.current is not None and session.current.key == second  # the cursor stayed
        assert session.decisions[first].verdict == "accepted"
        assert session.progress().reviewed == 1 and session.stale_count() == 0
        await pilot.press("a")  # keys go on working on the whole list
    assert [(row[1], row[3]) for row in stored(store)] == [
        (first.segment, "accepted"),
        (second.segment, "accepted"),
    ]
