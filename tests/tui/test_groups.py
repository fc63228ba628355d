"""What needs a person comes first: auto flags as one collapsed group per rule and
document, the cursor on the first flag to decide, the header counting the two apart;
and unsure words: underlined in the context, and a filter that shows only their flags."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from textual.widgets import Checkbox, Static

from tests.checks.test_confidence import TALK, whisper_json
from tests.tui.test_keys import SIZE, ready, stored
from workbench.documents import open_latest
from workbench.review.session import Progress, ReviewSession, session_factory
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.flaglist import FlagList
from workbench.tui.screen import ReviewScreen

ROOT = Path(__file__).resolve().parents[2]


def rows(app: ReviewApp) -> list[str]:
    """Every line of the flag list as drawn (the list scrolled through, line by line)."""
    flags = app.screen.query_one(FlagList)
    session = flags.session
    assert session is not None
    lines = []
    for row in range(len(session.visible)):
        line = flags.line_of_row(row)
        flags.scroll_to(y=line, animate=False, immediate=True)
        lines.append(flags.render_line(line - int(flags.scroll_y)).text.rstrip())
    return lines


def header(app: ReviewApp) -> str:
    return str(app.screen.query_one("#progress", Static).render())


def group_row(session: ReviewSession, rule: str, doc: str) -> int:
    return next(
        row
        for row in range(len(session.visible))
        if (group := session.group_at(row)) is not None
        and (group.rule, group.doc_id) == (rule, doc)
    )


async def test_auto_flags_are_one_row_per_rule_and_document_after_the_flags_to_decide(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        # The cursor starts on the first flag that needs a decision, not on an auto one.
        assert session.cursor == 0 and session.current is not None
        assert not session.current.suggestion.auto and session.group is None
        auto = [item for item in session.items if item.suggestion.auto]
        groups = {(item.doc_id, item.suggestion.rule_id) for item in auto}
        assert len(session.visible) == len(session.items) - len(auto) + len(groups)
        # In each document, every flag to decide comes before the groups.
        for doc in session.documents:
            kinds = [
                session.group_at(row) is not None
                for row, index in enumerate(session.visible)
                if session.items[index].doc_id == doc
            ]
            assert kinds == sorted(kinds)
        lines = rows(app)
        assert any(
            "▸" in line and line.endswith("4 chatgpt flags — auto; Enter expands, A accepts all")
            for line in lines
        )
        to_review = len(session.items) - len(auto)
        assert f"{to_review} to review · {len(auto)} auto" in header(app)


async def test_enter_expands_a_group_and_collapses_it_again(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        shown = len(session.visible)
        session.go(group_row(session, "chatgpt", "schulman-chatgpt-origins"))
        await pilot.press("enter")
        chatgpt = [
            session.items[index]
            for index in session.visible
            if session.items[index].suggestion.rule_id == "chatgpt"
        ]
        assert len(chatgpt) == 4 and len(session.visible) == shown + 3
        assert session.current == chatgpt[0] and session.group is None
        await pilot.press("j", "j", "enter")  # from any flag of the group
        assert len(session.visible) == shown and session.group is not None
        await pilot.press("k", "enter")  # a flag to decide is in no group: nothing changes
        assert len(session.visible) == shown
        assert any("in none" in n.message for n in app._notifications)


async def test_a_on_a_group_accepts_its_open_flags_as_one_step(
    make_app: Callable[[], ReviewApp], store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        before = session.progress()
        session.go(group_row(session, "chatgpt", "schulman-chatgpt-origins"))
        await pilot.press("e")
        assert any("Enter expands it" in n.message for n in app._notifications)
        await pilot.press("a")
        assert [(row[2], row[3]) for row in stored(store)] == [("chatgpt", "accepted")] * 4
        assert session.progress().auto_open == before.auto_open - 4
        assert f"{before.auto_open - 4} auto" in header(app)
        assert any("4 chatgpt flags — auto, all decided" in line for line in rows(app))
        await pilot.press("u")
        assert stored(store) == []
        assert session.group is not None and session.group.rule == "chatgpt"
        await pilot.press("a", "w")
    text = (store.root / "schulman-chatgpt-origins" / "v001.txt").read_text(encoding="utf-8")
    assert "ChatGBT" not in text and text.count("ChatGPT") >= 2


def _talk_app(tmp_path: Path) -> tuple[ReviewApp, Store]:
    """A review of a Whisper JSON with unsure words (and a Lambda → LaMDA flag) and a corpus file."""
    source = tmp_path / "talk.json"
    source.write_text(json.dumps(whisper_json(TALK), indent=2), encoding="utf-8")
    corpus = tmp_path / "welinder-gpt4-launch.txt"
    corpus.write_bytes((ROOT / "corpus" / corpus.name).read_bytes())
    store = Store(tmp_path / "store")
    documents = [open_latest(path, store) for path in (source, corpus)]
    factory = session_factory(store, documents, lambda: load_rule_set([]))
    return ReviewApp(factory, tmp_path / "learned.yaml"), store


def underlined(app: ReviewApp) -> list[str]:
    """The words the context pane underlines."""
    console = Console(width=96, file=io.StringIO())
    content = app.screen.query_one("#context", Static).content
    marked = [
        segment.text
        for segment in console.render(content)  # type: ignore[arg-type]
        if segment.style is not None and segment.style.underline
    ]
    return " ".join(marked).split()


async def test_the_context_underlines_the_unsure_words(tmp_path: Path) -> None:
    app, _ = _talk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        item = session.current
        assert item is not None and item.suggestion.rule_id == "meena"  # Mina → Meena, p=0.31
        # In the flag's own diff: "Mina" (struck through) and "the lab".
        assert underlined(app) == ["Mina", "the", "lab"]
        await pilot.press("j", "j")
        assert session.current is not None and session.current.suggestion.rule_id == "lamda"
        # Segment 0 is now the one before the flag: dim, its unsure words still underlined;
        # "Lambda" (p=0.93) is not.
        assert underlined(app) == ["Mina", "the", "lab"]


async def test_the_filter_shows_only_the_flags_of_unsure_words(tmp_path: Path) -> None:
    app, _ = _talk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        session = await ready(app, pilot)
        assert {item.suggestion.kind for item in session} > {"confidence"}
        await pilot.press("f")
        app.screen.query_one("#filter-unsure", Checkbox).value = True
        await pilot.click("#apply")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        shown = list(session)
        assert [item.suggestion.reason for item in shown] == [
            "ASR unsure: 'Mina' p=0.31; 'the lab' p=0.40, 0.45"
        ]
        assert "unsure words" in str(app.screen.query_one("#filterbar", Static).render())
        await pilot.press("escape")
        assert not session.filters.active


async def test_a_youtube_caption_file_opens_on_what_needs_an_ear(tmp_path: Path) -> None:
    source = tmp_path / "captions.vtt"
    source.write_bytes(
        (ROOT / "tests" / "data" / "formats" / "youtube-auto-captions.vtt").read_bytes()
    )
    store = Store(tmp_path / "store")
    factory = session_factory(store, [open_latest(source, store)], lambda: load_rule_set([]))
    app = ReviewApp(factory, tmp_path / "learned.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        session = await ready(app, pilot)
        repeats = [i for i in session.items if i.suggestion.rule_id == "rolling-captions"]
        assert len(repeats) > 1
        assert session.current is not None and not session.current.suggestion.auto
        assert sum(1 for line in rows(app) if "rolling-captions flags — auto" in line) == 1
        auto = sum(1 for item in session.items if item.suggestion.auto)
        assert f"{len(session.items) - auto} to review · {auto} auto" in header(app)


def test_n_goes_to_a_group_only_when_no_flag_to_decide_is_left(tmp_path: Path) -> None:
    source = tmp_path / "launch.json"
    segments = [
        [(" She", 0.97), (" works", 0.96), (" on", 0.99), (" Lambda.", 0.93)],
        [(" We", 0.98), (" launched", 0.97), (" Dppd4", 0.91), (" today.", 0.95)],
        [(" It", 0.99), (" runs", 0.99), (" Dppd4", 0.92), (" now.", 0.98)],
    ]
    source.write_text(json.dumps(whisper_json(segments)), encoding="utf-8")
    store = Store(tmp_path / "store")
    session = session_factory(store, [open_latest(source, store)], lambda: load_rule_set([]))(None)
    assert [session.group_at(row) is not None for row in range(len(session.visible))] == [
        False,
        True,
    ]
    assert session.next_unreviewed() and session.cursor == 0  # the flag to decide, again
    session.skip()
    assert session.next_unreviewed() and session.cursor == 0  # a skipped flag before a group
    session.accept()
    assert session.next_unreviewed() and session.group is not None
    session.accept()  # the group's two flags
    assert not session.next_unreviewed()
    assert session.progress() == Progress(reviewed=1, flagged=1, auto=2, auto_open=0)
