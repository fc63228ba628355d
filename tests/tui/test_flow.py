"""Whole sessions: a version's text and manifest, and a review killed with SIGKILL and resumed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from tests.tui.test_keys import (
    ACCEPTED_LAMDA,
    SIZE,
    accept_lambda_then_change_its_rule,
    open_group,
    ready,
    stored,
)
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.dialogs import PromptInput
from workbench.tui.flaglist import FlagList


async def test_accept_edit_undo_write_gives_this_version_and_manifest(
    make_app: Callable[[], ReviewApp], store: Store, corpus: list[Path]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, await ready(app, pilot), "chatgpt")
        await pilot.press("a", "e")  # accept segment 0's fix; edit segment 4's
        app.screen.query_one(
            PromptInput
        ).value = "Before ChatGPT, OpenAI had instruction-following models."
        await pilot.press("enter", "a", "u", "w")  # the fragment merge is accepted, then undone
    source = corpus[0].read_text(encoding="utf-8").splitlines(keepends=True)
    version = (store.root / "schulman-chatgpt-origins" / "v001.txt").read_text(encoding="utf-8")
    expected = list(source)
    expected[1] = expected[1].replace("ChatGBT", "ChatGPT")
    expected[5] = (
        "[00:00:10.160 --> 00:00:13.800]   Before ChatGPT, OpenAI had instruction-following models.\n"
    )
    assert version.splitlines(keepends=True) == expected
    manifest = json.loads((store.root / "schulman-chatgpt-origins" / "v001.json").read_text())
    assert (manifest["version"], manifest["parent"], manifest["file"]) == (1, 0, "v001.txt")
    assert manifest["source"]["path"] == str(corpus[0].resolve())
    assert [Path(f["path"]).name for f in manifest["rule_files"]][:1] == ["ai-terms.yaml"]
    changes = [
        (c["rule"], c["span"], c["line"], c["verdict"], c["final"]) for c in manifest["changes"]
    ]
    assert changes == [
        ("chatgpt", [0, 0], 2, "accepted", ["You led the creation of ChatGPT."]),
        (
            "chatgpt",
            [4, 4],
            6,
            "edited",
            ["Before ChatGPT, OpenAI had instruction-following models."],
        ),
    ]
    assert len(stored(store)) == 2  # the undone merge is gone from the database too


_CHILD = """
import asyncio, sys, time
from pathlib import Path
from workbench.documents import open_latest
from workbench.review.db import ReviewDB
from workbench.review.session import ReviewSession
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp

store = Store(Path(sys.argv[1]))
sources = [Path(p) for p in sys.argv[2:]]

def open_session(first_block=None):
    docs = [open_latest(s, store) for s in sources]
    return ReviewSession(
        ReviewDB(store.db_path), store, docs, lambda: load_rule_set([]), first_block=first_block
    )

async def main():
    app = ReviewApp(open_session, store.root / "learned.yaml")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("a", "r", "j")
        print("decided", flush=True)
        time.sleep(600)  # killed here, mid-session, never closing anything

asyncio.run(main())
"""


async def test_sigkill_loses_no_decision_and_resumes_at_the_same_place(
    make_app: Callable[[], ReviewApp], store: Store, corpus: list[Path]
) -> None:
    child = subprocess.Popen(  # noqa: ASYNC220 (the child must be a real process to SIGKILL)
        [sys.executable, "-c", _CHILD, str(store.root), *map(str, corpus)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "decided"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert child.returncode == -signal.SIGKILL
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        # The fourth flag to decide on (the first three rows were a, r and j), where we were.
        assert session.current is not None and session.cursor == 3
        assert [session.verdict_of(session.items[i]) for i in session.visible[:3]] == [
            "accepted",
            "rejected",
            None,
        ]
        await pilot.press("u")  # the undo log survived too
        assert [row[3] for row in stored(store)] == ["accepted"]


async def test_a_decision_the_changed_rules_no_longer_suggest_shows_stale_with_its_verdict(
    make_app: Callable[[], ReviewApp], store: Store, rules_dir: Path
) -> None:
    await accept_lambda_then_change_its_rule(make_app, rules_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        stale = [row for row, index in enumerate(session.visible) if session.items[index].stale]
        assert len(stale) == 1
        session.go(stale[0])
        await pilot.press("j", "k")
        flags = app.screen.query_one(FlagList)
        line = flags.render_line(flags.line_of_row(stale[0]) - int(flags.scroll_y)).text
        assert line.startswith("!✓ ") and "lamda" in line
        head = str(app.screen.query_one("#rule", Static).render())
        assert "STALE — you accepted this, but the rules no longer suggest this" in head
        progress = str(app.screen.query_one("#progress", Static).render())
        assert "1 not written" not in progress and "1 stale" in progress
        await pilot.press("w")
    assert ACCEPTED_LAMDA in stored(store)
    assert not (store.root / "schulman-chatgpt-origins").exists()  # nothing live to write


async def test_a_restart_scrolls_the_list_to_where_the_review_stood(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = await ready(app, pilot)
        session.go(len(session.visible) - 3)
        key = session.current.key if session.current else None
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = await ready(app, pilot)
        assert session.current is not None and session.current.key == key
        flags = app.screen.query_one(FlagList)
        line = flags.line_of_row(session.cursor) - int(flags.scroll_y)
        assert flags.scroll_y > 0 and 0 <= line < flags.scrollable_content_region.height
        cursor_style = flags.get_component_rich_style("flag-list--cursor")
        assert any(seg.style == cursor_style for seg in flags.render_line(line))
