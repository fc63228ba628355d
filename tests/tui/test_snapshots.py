"""What the review app looks like: main screen (80, 100 and 200 wide), help, edit input
(blink frozen), unsure words and a group of auto flags."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.checks.test_confidence import TALK, whisper_json
from workbench.documents import open_latest
from workbench.review.session import session_factory
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.dialogs import PromptInput

SIZE = (100, 30)


async def _loaded(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen(snap_compare: Any, make_app: Callable[[], ReviewApp]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _loaded(pilot)
        await pilot.press("a", "r")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_main_screen_at_80_by_24(snap_compare: Any, make_app: Callable[[], ReviewApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_loaded)


def test_main_screen_at_200_by_50(snap_compare: Any, make_app: Callable[[], ReviewApp]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _loaded(pilot)
        await pilot.press("a", "j", "j")

    assert snap_compare(make_app(), terminal_size=(200, 50), run_before=run_before)


def test_help_screen(snap_compare: Any, make_app: Callable[[], ReviewApp]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _loaded(pilot)
        await pilot.press("question_mark")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_edit_input(snap_compare: Any, make_app: Callable[[], ReviewApp]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _loaded(pilot)
        await pilot.press("e")
        pilot.app.screen.query_one(PromptInput).cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_help_screen_at_80_by_24(snap_compare: Any, make_app: Callable[[], ReviewApp]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _loaded(pilot)
        await pilot.press("question_mark")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_unsure_words_and_a_group_of_auto_flags(snap_compare: Any, tmp_path: Path) -> None:
    """The capture README shows: unsure words underlined, and a collapsed group."""
    source = tmp_path / "talk.json"
    segments = [
        *TALK,
        [(" We", 0.98), (" launched", 0.97), (" Dppd4", 0.41), (" today.", 0.95)],
        [(" It", 0.99), (" was", 0.99), (" built", 0.97), (" on", 0.98), (" Dppd4.", 0.88)],
    ]
    source.write_text(json.dumps(whisper_json(segments), indent=2), encoding="utf-8")
    store = Store(tmp_path / "store")
    factory = session_factory(store, [open_latest(source, store)], lambda: load_rule_set([]))
    app = ReviewApp(factory, tmp_path / "learned.yaml")
    assert snap_compare(app, terminal_size=SIZE, run_before=_loaded)
