"""Every key of the review screen, driven by Pilot, checked against SQLite and the files written."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Select

from workbench.review.session import ReviewSession
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.dialogs import ConfirmScreen, FilterScreen, HelpScreen, PromptInput
from workbench.tui.docview import DocumentScreen, SegmentList
from workbench.tui.screen import ReviewScreen

SIZE = (100, 30)


def stored(store: Store) -> list[tuple[str, int, str, str, str]]:
    """Every decision in the review database: (doc, segment, rule, verdict, final)."""
    with sqlite3.connect(store.db_path) as db:
        rows = db.execute(
            "SELECT doc, segment, rule, verdict, final FROM decisions ORDER BY doc, segment, rule"
        ).fetchall()
    return [(doc, seg, rule, verdict, "\n".join(json.loads(final))) for doc, seg, rule, verdict, final in rows]


async def ready(app: ReviewApp, pilot: Pilot[None]) -> ReviewSession:
    """Wait until the documents are scanned and the screen shows them."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen) and screen.session is not None
    return screen.session


async def test_accept_reject_skip_each_store_a_verdict(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        first3 = [session.items[i].suggestion for i in session.visible[:3]]
        await pilot.press("a", "r", "s")
    assert stored(store) == sorted(
        (s.doc_id, s.span[0], s.rule_id, verdict, s.suggestion)
        for s, verdict in zip(first3, ("accepted", "rejected", "skipped"), strict=True)
    )


async def test_edit_saves_on_enter_and_escape_cancels(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        first = session.current
        assert first is not None
        await pilot.press("e")
        prompt = app.screen.query_one(PromptInput)
        assert prompt.has_focus and prompt.value == first.suggestion.suggestion
        await pilot.press("backspace", "!", "escape")
        await pilot.pause()
        assert not prompt.has_class("open") and stored(store) == []
        await pilot.press("e", "backspace", "!", "enter")
    assert stored(store) == [
        (first.doc_id, first.suggestion.span[0], first.suggestion.rule_id, "edited",
         first.suggestion.suggestion[:-1] + "!")
    ]


async def test_undo_goes_back_step_by_step_to_the_first_decision(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a", "r", "s")
        await pilot.press("u")
        assert [row[3] for row in stored(store)] == ["accepted", "rejected"]
        await pilot.press("u", "u", "u")
        assert stored(store) == []
        # Undo put the cursor back on the first flag: accepting again decides it.
        await pilot.press("a")
    assert [row[3] for row in stored(store)] == ["accepted"]


async def test_next_previous_keys_move_the_cursor(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        third = session.items[session.visible[2]].suggestion
        await pilot.press("j", "down", "j", "k")
        assert session.cursor == 2
        await pilot.press("up", "down", "a")
    assert stored(store) == [(third.doc_id, third.span[0], third.rule_id, "accepted", third.suggestion)]


async def test_n_jumps_to_the_next_unreviewed_flag(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("a", "a", "k", "k")
        assert session.cursor == 0
        await pilot.press("n")
        assert session.cursor == 2
        await pilot.press("r")
    assert [row[3] for row in stored(store)] == ["accepted", "accepted", "rejected"]


async def test_accept_all_of_a_rule_in_this_document_after_confirmation(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        item = session.current
        assert item is not None
        rule, doc = item.suggestion.rule_id, item.doc_id
        expected = sum(i.suggestion.rule_id == rule and i.doc_id == doc for i in session.items)
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"all {expected} undecided" in app.screen.question
        await pilot.click("#here")
        await pilot.pause()
    rows = stored(store)
    assert len(rows) == expected >= 2
    assert all(r[0] == doc and r[2] == rule and r[3] == "accepted" for r in rows)


async def test_accept_all_in_every_document(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        rule = "sentence-fragment"
        everywhere = sum(i.suggestion.rule_id == rule for i in session.items)
        await pilot.press("f")
        app.screen.query_one("#filter-rule", Select).value = rule
        await pilot.click("#apply")
        await pilot.press("A")
        await pilot.click("#everywhere")
        await pilot.pause()
    rows = stored(store)
    assert len(rows) == everywhere and {r[2] for r in rows} == {rule}
    assert {r[0] for r in rows} == {"schulman-chatgpt-origins", "welinder-gpt4-launch"}


async def test_filter_by_rule_shows_only_that_rule(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#filter-rule", Select).value = "sentence-fragment"
        app.screen.query_one("#filter-document", Select).value = "welinder-gpt4-launch"
        await pilot.click("#apply")
        await pilot.pause()
        shown = list(session)
        assert shown and all(
            i.suggestion.rule_id == "sentence-fragment" and i.doc_id == "welinder-gpt4-launch" for i in shown
        )
        await pilot.press("a", "a")
        await pilot.press("f")
        app.screen.query_one("#filter-verdict", Select).value = "accepted"
        app.screen.query_one("#filter-rule", Select).clear()
        await pilot.click("#apply")
        await pilot.pause()
        assert len(list(session)) == 2
    assert [(r[0], r[2], r[3]) for r in stored(store)] == [("welinder-gpt4-launch", "sentence-fragment", "accepted")] * 2


async def test_search_shows_flags_whose_text_matches(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("slash", *"lambda", "enter")
        shown = list(session)
        assert shown and all("lambda" in i.suggestion.original.lower() for i in shown)
        assert len(shown) < len(session.items)
        await pilot.press("a")
    assert [(r[0], r[1]) for r in stored(store)] == [("schulman-chatgpt-origins", 22)]


async def test_w_writes_the_next_version_and_says_which_file(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("w")
        assert not (store.root / "schulman-chatgpt-origins").exists()
        assert any("nothing accepted" in n.message for n in app._notifications)
        await pilot.press("a", "w")
        written = store.root / "schulman-chatgpt-origins" / "v001.txt"
        assert any(str(written) in n.message for n in app._notifications)
    text = written.read_text(encoding="utf-8")
    assert "You led the creation of ChatGPT." in text and "Before ChatGBT, OpenAI" in text  # only the first fixed
    assert all(row[-1] for row in stored(store))


async def test_learn_turns_an_edit_into_a_rule_and_rescans(
    make_app: Callable[[], ReviewApp], store: Store, rules_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("j", "e")
        app.screen.query_one(PromptInput).value = (
            "Before ChatGBT, OpenAI had these instruction-following models."
        )
        await pilot.press("enter", "k", "l")
        assert isinstance(app.screen, ConfirmScreen)
        assert "pattern: instruction following" in app.screen.question
        await pilot.click("#save")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        learned = [i for i in session.items if i.suggestion.rule_id == "learned-instruction-following"]
    text = (rules_dir / "learned.yaml").read_text(encoding="utf-8")
    assert "replace: instruction-following" in text
    assert len(learned) >= 2  # the other occurrences now appear in the list
    assert stored(store)[0][3] == "edited"


async def test_document_view_edits_any_segment(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a", "k", "d")
        assert isinstance(app.screen, DocumentScreen)
        segments = app.screen.query_one(SegmentList)
        assert segments.segments[0].text == "You led the creation of ChatGPT."  # accepted, shown
        assert not segments.segments[0].unchanged
        await pilot.press("j", "e")
        prompt = app.screen.query_one(PromptInput)
        assert prompt.value == "At what point did you realize, first of all,"
        prompt.value = "At what point did you realise, first of all,"
        await pilot.press("enter")
        assert app.screen.query_one(SegmentList).segments[1].text.endswith("realise, first of all,")
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("w")
    assert ("schulman-chatgpt-origins", 1, "manual-edit", "edited",
            "At what point did you realise, first of all,") in stored(store)
    text = (store.root / "schulman-chatgpt-origins" / "v001.txt").read_text(encoding="utf-8")
    assert "]   At what point did you realise, first of all,\n" in text


async def test_help_lists_every_key(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = [str(w.render()) for w in app.screen.query(".key")]
        assert keys[:4] == ["a", "r", "e", "s"] and "q" in keys and "A" in keys
        await pilot.press("a")  # not an accept while the help is open
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
    assert stored(store) == []


async def test_quit_asks_when_decisions_are_not_written(make_app: Callable[[], ReviewApp], store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a", "q")
        assert isinstance(app.screen, ConfirmScreen) and "1 decision" in app.screen.question
        await pilot.press("enter")  # Stay is the default
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("q")
        await pilot.click("#quit")
        await pilot.pause()
    assert not app.is_running
    assert [row[3] for row in stored(store)] == ["accepted"]


async def test_quit_with_everything_written_exits_at_once(make_app: Callable[[], ReviewApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("r", "q")
        await pilot.pause()
    assert not app.is_running
