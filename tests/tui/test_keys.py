"""Every key of the review screen, driven by Pilot, checked against SQLite and the files written."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Select, Static

from workbench.review.session import ReviewSession
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.dialogs import ConfirmScreen, FilterScreen, HelpScreen, PromptInput
from workbench.tui.docview import DocumentScreen, SegmentList, wrap
from workbench.tui.screen import ReviewScreen

SIZE = (100, 30)


def stored(store: Store) -> list[tuple[str, int, str, str, str]]:
    """Every decision in the review database: (doc, segment, rule, verdict, final)."""
    with sqlite3.connect(store.db_path) as db:
        rows = db.execute(
            "SELECT doc, segment, rule, verdict, final FROM decisions ORDER BY doc, segment, rule"
        ).fetchall()
    return [
        (doc, seg, rule, verdict, "\n".join(json.loads(final)))
        for doc, seg, rule, verdict, final in rows
    ]


async def ready(app: ReviewApp, pilot: Pilot[None]) -> ReviewSession:
    """Wait until the documents are scanned and the screen shows them."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen) and screen.session is not None
    return screen.session


async def open_group(
    pilot: Pilot[None], session: ReviewSession, rule: str, doc: str = "schulman-chatgpt-origins"
) -> None:
    """Put the cursor on the collapsed group of auto flags of ``rule`` in ``doc`` and press
    Enter: the group is expanded, the cursor on its first flag."""
    rows = range(len(session.visible))
    session.go(
        next(r for r in rows if (g := session.group_at(r)) and (g.rule, g.doc_id) == (rule, doc))
    )
    await pilot.press("enter")
    assert session.group is None and session.current is not None


async def test_accept_reject_skip_each_store_a_verdict(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        first3 = [session.items[i].suggestion for i in session.visible[:3]]
        await pilot.press("a", "r", "s")
    assert stored(store) == sorted(
        (s.doc_id, s.span[0], s.rule_id, verdict, s.suggestion)
        for s, verdict in zip(first3, ("accepted", "rejected", "skipped"), strict=True)
    )


async def test_edit_saves_on_enter_and_escape_cancels(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
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
        (
            first.doc_id,
            first.suggestion.span[0],
            first.suggestion.rule_id,
            "edited",
            first.suggestion.suggestion[:-1] + "!",
        )
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


async def test_next_previous_keys_move_the_cursor(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        third = session.items[session.visible[2]].suggestion
        await pilot.press("j", "down", "j", "k")
        assert session.cursor == 2
        await pilot.press("up", "down", "a")
    assert stored(store) == [
        (third.doc_id, third.span[0], third.rule_id, "accepted", third.suggestion)
    ]


async def test_n_jumps_to_the_next_unreviewed_flag(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
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


async def test_accept_all_in_every_document(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
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


async def test_filter_by_rule_shows_only_that_rule(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
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
            i.suggestion.rule_id == "sentence-fragment" and i.doc_id == "welinder-gpt4-launch"
            for i in shown
        )
        await pilot.press("a", "a")
        await pilot.press("f")
        app.screen.query_one("#filter-verdict", Select).value = "accepted"
        app.screen.query_one("#filter-rule", Select).clear()
        await pilot.click("#apply")
        await pilot.pause()
        assert len(list(session)) == 2
    assert [(r[0], r[2], r[3]) for r in stored(store)] == [
        ("welinder-gpt4-launch", "sentence-fragment", "accepted")
    ] * 2


async def test_search_shows_flags_whose_text_matches(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
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
        await open_group(pilot, await ready(app, pilot), "chatgpt")
        await pilot.press("w")
        assert not (store.root / "schulman-chatgpt-origins").exists()
        assert any("nothing accepted" in n.message for n in app._notifications)
        await pilot.press("a", "w")
        written = store.root / "schulman-chatgpt-origins" / "v001.txt"
        assert any(str(written) in n.message for n in app._notifications)
    text = written.read_text(encoding="utf-8")
    assert (
        "You led the creation of ChatGPT." in text and "Before ChatGBT, OpenAI" in text
    )  # only the first fixed
    assert all(row[-1] for row in stored(store))


async def test_learn_turns_an_edit_into_a_rule_and_rescans(
    make_app: Callable[[], ReviewApp], store: Store, rules_dir: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await open_group(pilot, session, "chatgpt")
        await pilot.press("j", "e")
        app.screen.query_one(
            PromptInput
        ).value = "Before ChatGBT, OpenAI had these instruction-following models."
        await pilot.press("enter", "k", "l")
        assert isinstance(app.screen, ConfirmScreen)
        assert "pattern: instruction following" in app.screen.question
        await pilot.click("#save")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        learned = [
            i for i in session.items if i.suggestion.rule_id == "learned-instruction-following"
        ]
    text = (rules_dir / "learned.yaml").read_text(encoding="utf-8")
    assert "replace: instruction-following" in text
    assert len(learned) >= 2  # the other occurrences now appear in the list
    assert stored(store)[0][3] == "edited"


async def test_document_view_edits_any_segment(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, await ready(app, pilot), "chatgpt")
        await pilot.press("a", "k", "d")
        assert isinstance(app.screen, DocumentScreen)
        assert str(app.screen.query_one("#doc-title", Static).render()).endswith(
            " · 1 segment changed, not yet written"
        )
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
    assert (
        "schulman-chatgpt-origins",
        1,
        "manual-edit",
        "edited",
        "At what point did you realise, first of all,",
    ) in stored(store)
    text = (store.root / "schulman-chatgpt-origins" / "v001.txt").read_text(encoding="utf-8")
    assert "]   At what point did you realise, first of all,\n" in text


def _help_keys(app: ReviewApp) -> set[str]:
    return {str(w.render()).split()[0] for w in app.screen.query(".key")}


async def test_help_lists_every_key_of_the_screen(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        bound = {b.key_display or b.key for b in ReviewScreen.BINDINGS if isinstance(b, Binding)}
        assert (
            bound <= _help_keys(app)
            and {"a", "k", "n", "A", "f", "/", "l", "d", "W", "Esc"} <= bound
        )
        await pilot.press("a")  # not an accept while the help is open
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
    assert stored(store) == []


async def test_help_fits_80_by_24_with_every_key_and_the_close_hint(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        dialog = app.screen.query_one("#help")
        assert app.screen.region.contains_region(dialog.region)
        for widget in [*app.screen.query(".key"), app.screen.query_one(".hint")]:
            assert dialog.region.contains_region(widget.region), str(widget.render())
        assert {"q", "?", "W", "d", "l"} <= _help_keys(app)


async def test_filter_dialog_fits_80_by_24(make_app: Callable[[], ReviewApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = await ready(app, pilot)
        await pilot.press("f")
        dialog = app.screen.query_one("#filters")
        assert app.screen.region.contains_region(dialog.region)
        for button in ("#apply", "#clear"):
            assert dialog.region.contains_region(app.screen.query_one(button).region)
        app.screen.query_one("#filter-rule", Select).value = "chatgpt"
        await pilot.click("#apply")
        await pilot.pause()
        assert {session.items[i].key.rule for i in session.visible} == {"chatgpt"}


async def test_an_active_filter_is_shown_on_its_own_line_and_escape_clears_it(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = await ready(app, pilot)
        bar = app.screen.query_one("#filterbar", Static)
        assert not bar.display
        await pilot.press("slash", *"openai", "enter")
        await pilot.pause()
        assert bar.display and bar.region.width == 80
        text = str(bar.render())
        assert "“openai”" in text and f"{session.shown} of {len(session.items)} shown" in text
        assert "Esc clears" in text and len(text) <= 78
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display and session.shown == len(session.items)
        # Escape in the search input clears the search too.
        await pilot.press("slash", *"openai", "enter", "slash", "escape")
        await pilot.pause()
        assert session.filters.search == "" and not bar.display


async def test_search_matches_the_segments_text_not_the_suggestion(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        # Every chatgpt flag would write "ChatGPT", but no flagged segment says it yet.
        assert any(
            item.key.suggestion.count("ChatGPT") > item.key.text.count("ChatGPT")
            for item in session
        )
        await pilot.press("slash", *"chatgpt", "enter")
        assert list(session) == []
        assert any("No flagged segment contains" in n.message for n in app._notifications)
        await pilot.press("slash", "ctrl+u", *"chatgbt", "enter")
        shown = list(session)
        assert shown and all("chatgbt" in item.key.text.lower() for item in shown)


async def test_quit_asks_when_decisions_are_not_written(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("a", "q")
        assert (
            isinstance(app.screen, ConfirmScreen)
            and "1 decision not yet written" in app.screen.question
        )
        await pilot.press("enter")  # Stay is the default
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("q")
        await pilot.click("#quit")
        await pilot.pause()
    assert not app.is_running
    assert [row[3] for row in stored(store)] == ["accepted"]


async def test_quit_with_everything_written_exits_at_once(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("r", "q")
        await pilot.pause()
    assert not app.is_running


async def test_undo_says_what_it_undid(make_app: Callable[[], ReviewApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await open_group(pilot, session, "chatgpt")
        await pilot.press("a", "u")
        assert (
            app._notifications
            and list(app._notifications)[-1].message == "Undid accept of chatgpt at 0:00"
        )
        await pilot.press("r", "k", "a", "u")
        assert (
            list(app._notifications)[-1].message
            == "Undid accept of chatgpt at 0:00 (back to reject)"
        )
        rule = "sentence-fragment"
        count = session.count_accept_all(rule, "schulman-chatgpt-origins")
        await pilot.press("f")
        app.screen.query_one("#filter-rule", Select).value = rule
        await pilot.click("#apply")
        await pilot.press("A")
        await pilot.click("#here")
        await pilot.press("u")
        assert (
            list(app._notifications)[-1].message == f"Undid {count} accepts of {rule} (accept all)"
        )


async def test_W_writes_every_document_with_unwritten_changes(
    make_app: Callable[[], ReviewApp], store: Store, corpus: list[Path]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("W")
        assert any("no version written" in n.message for n in app._notifications)
        await open_group(pilot, session, "chatgpt")
        await pilot.press("a")  # schulman's first chatgpt flag
        last = next(
            row
            for row, index in enumerate(session.visible)
            if session.items[index].doc_id == "welinder-gpt4-launch"
            and session.items[index].suggestion.edits
        )
        session.go(last)
        welinder = session.current
        assert welinder is not None
        await pilot.press("a", "W")
        assert session.unwritten() == 0
        assert "Wrote 2 versions" in {n.title for n in app._notifications}
    schulman = (store.root / "schulman-chatgpt-origins" / "v001.txt").read_text(encoding="utf-8")
    assert "You led the creation of ChatGPT." in schulman
    assert (store.root / "welinder-gpt4-launch" / "v001.json").is_file()
    text = (store.root / "welinder-gpt4-launch" / "v001.txt").read_text(encoding="utf-8")
    assert welinder.suggestion.after[0] in text and welinder.suggestion.before[0] not in text
    assert len(stored(store)) == 2


async def test_document_view_opens_at_the_flag_wraps_lines_and_goes_home_and_end(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = await ready(app, pilot)
        row = next(
            row
            for row, index in enumerate(session.visible)
            if session.items[index].doc_id == "welinder-gpt4-launch"
        )
        session.go(row + 5)
        item = session.current
        assert item is not None
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        title = str(screen.query_one("#doc-title", Static).render())
        assert title.startswith("welinder-gpt4-launch · source · ")
        segments = screen.query_one(SegmentList)
        assert segments.cursor == item.suggestion.span[0]
        width = segments.scrollable_content_region.width
        lines = [
            segments.render_line(y).text for y in range(segments.scrollable_content_region.height)
        ]
        assert all(len(line) == width for line in lines)
        # The flag's segment is on screen, whole: every word of it, under its time.
        text = segments.segments[segments.cursor].text
        shown = " ".join(line[SegmentList.PLACE :].strip() for line in lines)
        assert text in shown
        # A segment longer than the width is wrapped, not cut at the edge.
        long = max(segments.segments, key=lambda seg: len(seg.text))
        assert len(long.text) > width - SegmentList.PLACE
        segments.go(long.index)
        await pilot.pause()
        lines = [
            segments.render_line(y).text for y in range(segments.scrollable_content_region.height)
        ]
        assert long.text in " ".join(line[SegmentList.PLACE :].strip() for line in lines)
        await pilot.press("end")
        assert segments.cursor == len(segments.segments) - 1
        lines = [
            segments.render_line(y).text for y in range(segments.scrollable_content_region.height)
        ]
        assert any(segments.segments[-1].text.split()[-1] in line for line in lines)
        await pilot.press("home")
        assert segments.cursor == 0 and segments.scroll_y == 0
        await pilot.press("k")
        assert segments.cursor == 0


def test_wrap_breaks_at_spaces_and_cuts_only_words_longer_than_the_width() -> None:
    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    assert wrap("abcdefghij xy", 4) == ["abcd", "efgh", "ij", "xy"]
    assert wrap("first line\nsecond", 20) == ["first line", "second"]
    assert wrap("", 5) == [""]


ACCEPTED_LAMDA = (
    "schulman-chatgpt-origins",
    22,
    "lamda",
    "accepted",
    "They had LaMDA and earlier Mina.",
)
"""The stored row of the decision ``accept_lambda_then_change_its_rule`` makes."""


async def accept_lambda_then_change_its_rule(
    make_app: Callable[[], ReviewApp], rules_dir: Path
) -> None:
    """Accept the Lambda → LaMDA flag and quit; then the rule makes another fix, so
    that decision is stale in the next review."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("slash", *"lambda", "enter", "a", "q", "enter")  # accept, then Stay
    (rules_dir / "lamda.yaml").write_text(
        "rules:\n  - id: lamda\n    kind: term\n    description: LaMDA and its maker.\n"
        "    canonical: LaMDA-Google\n    variants: [Lambda]\n",
        encoding="utf-8",
    )


async def test_x_discards_a_stale_decision_and_u_brings_it_back(
    make_app: Callable[[], ReviewApp], store: Store, rules_dir: Path
) -> None:
    await accept_lambda_then_change_its_rule(make_app, rules_dir)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("x")  # on the first flag, a live one: refused, nothing changes
        last = list(app._notifications)[-1]
        assert (last.message, last.severity) == (
            "only a stale decision can be discarded: this flag is live",
            "error",
        )
        assert stored(store) == [ACCEPTED_LAMDA]
        rows = [row for row, index in enumerate(session.visible) if session.items[index].stale]
        assert len(rows) == 1
        stale = session.items[session.visible[rows[0]]]
        following = session.items[session.visible[rows[0] + 1]]
        session.go(rows[0])
        await pilot.press("x")
        assert list(app._notifications)[-1].message.startswith(
            "Discarded the stale accept of lamda at "
        )
        assert stored(store) == []  # committed at once
        assert stale not in session.items and session.current == following
        progress = str(app.screen.query_one("#progress", Static).render())
        assert "stale" not in progress
        await pilot.press("u")
        assert list(app._notifications)[-1].message.endswith("(its accept is back)")
        assert stored(store) == [ACCEPTED_LAMDA]
        assert [item.key for item in session.items if item.stale] == [stale.key]
        assert session.current is not None and session.current.key == stale.key
        progress = str(app.screen.query_one("#progress", Static).render())
        assert "1 stale" in progress
