"""What the review app looks like: main screen (80, 100 and 200 wide), help, edit input (blink frozen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

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
