"""``S`` changes a speaker and ``|`` cuts a cue, in review: decisions like any other
(undone by ``u``, written by ``w``, in the manifest); speakers shown in the list, the
context and the document view."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.tui.test_keys import ready
from workbench import formats
from workbench.documents import open_latest
from workbench.review.db import ReviewDB
from workbench.review.session import ReviewSession
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.dialogs import PromptInput, SpeakerScreen
from workbench.tui.docview import DocumentScreen, SegmentList
from workbench.tui.flaglist import FlagList

SIZE = (100, 34)
TALK = Path(__file__).resolve().parents[1] / "data" / "scenario" / "talk.json"


@pytest.fixture
def open_app(tmp_path: Path) -> Callable[[Path], ReviewApp]:
    """A review app over one file, with the shipped rules and a store in ``tmp_path``."""
    store = Store(tmp_path / "corrected")

    def make(source: Path) -> ReviewApp:
        def open_session(first_block: int | None = None) -> ReviewSession:
            return ReviewSession(
                ReviewDB(store.db_path),
                store,
                [open_latest(source, store)],
                lambda: load_rule_set([]),
                first_block=first_block,
            )

        return ReviewApp(open_session, tmp_path / "learned.yaml")

    return make


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    return Path(shutil.copy(TALK, tmp_path / "talk.json"))


def _text(widget: Static) -> str:
    """What a Static shows, as plain text (wide enough not to wrap a row)."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def _name_speaker(pilot: Pilot[None], name: str, button: str | None = None) -> None:
    """Press S, type ``name`` over the current one, then Enter (this segment) or ``button``."""
    await pilot.press("S")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, SpeakerScreen)
    dialog.query_one("#speaker-name", Input).value = name
    if button is None:
        await pilot.press("enter")
    else:
        await pilot.click(f"#{button}")
    await pilot.pause()


async def test_s_changes_the_speaker_shown_everywhere_undo_takes_it_back_w_writes_it(
    open_app: Callable[[Path], ReviewApp], talk: Path, tmp_path: Path
) -> None:
    app = open_app(talk)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        item = session.current
        assert item is not None and item.suggestion.span == (2, 2)
        rows = app.screen.query_one(FlagList)
        assert "SPEAKER_01" in rows.render_line(1).text  # the list's speaker column
        assert "SPEAKER_01: " in _text(app.screen.query_one("#context", Static))
        await _name_speaker(pilot, "Ilya")
        assert session.changed_speakers("talk") == {2: "Ilya"}
        context = _text(app.screen.query_one("#context", Static))
        assert "Ilya: " in context and "SPEAKER_01: Thanks for having me" in context
        assert any("Ilya" in rows.render_line(y).text for y in range(6))
        await pilot.press("d")  # the document view shows it too
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        lines = [app.screen.query_one(SegmentList).render_line(y).text for y in range(6)]
        assert any("Ilya: We trained it on GPD four" in line for line in lines)
        await pilot.press("escape", "u")
        await pilot.pause()
        assert session.changed_speakers("talk") == {}
        await _name_speaker(pilot, "Ilya")
        await pilot.press("w")
        await pilot.pause()
    version = formats.load(tmp_path / "corrected" / "talk" / "v001.transcript.json")
    assert [seg.speaker for seg in version.segments] == [
        "SPEAKER_00",
        "SPEAKER_01",
        "Ilya",
        "SPEAKER_00",
    ]
    changes = json.loads((tmp_path / "corrected" / "talk" / "v001.json").read_text())["changes"]
    assert [(c["rule"], c["span"], c["speakers"]) for c in changes] == [
        ("speaker", [2, 2], {"before": ["SPEAKER_01"], "after": ["Ilya"]})
    ]


async def test_s_on_a_whole_run_changes_every_segment_of_it_as_one_step(
    open_app: Callable[[Path], ReviewApp], talk: Path
) -> None:
    app = open_app(talk)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await _name_speaker(pilot, "Ilya Sutskever", "run")
        assert session.changed_speakers("talk") == {1: "Ilya Sutskever", 2: "Ilya Sutskever"}
        preview = session.preview("talk")
        assert [seg.speaker for seg in preview.segments] == [
            "SPEAKER_00",
            "Ilya Sutskever",
            "Ilya Sutskever",
            "SPEAKER_00",
        ]
        await pilot.press("u")  # one step undoes both
        await pilot.pause()
        assert session.changed_speakers("talk") == {}


async def test_bar_cuts_the_cue_before_the_word_at_the_cursor_timed_by_its_words(
    open_app: Callable[[Path], ReviewApp], talk: Path, tmp_path: Path
) -> None:
    app = open_app(talk)
    said = next(w.start for w in formats.load(talk).segments[2].words if w.text == "including")
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("vertical_line")
        prompt = app.screen.query_one(PromptInput)
        text = formats.load(talk).segments[2].text
        assert prompt.has_focus and prompt.value == text
        prompt.cursor_position = text.index("including") + 3  # inside "including"
        await pilot.press("enter")
        await pilot.pause()
        preview = session.preview("talk")
        assert [(s.text, s.start, s.end) for s in preview.segments[2:4]] == [
            (
                "We trained it on GPD four and the results surprised everyone on the team,",
                6200,
                said,
            ),
            ("including Mina who led the evaluation work.", said, 15800),
        ]
        assert session.current is not None and session.current.suggestion.rule_id == "split"
        await pilot.press("w")
        await pilot.pause()
    version = formats.load(tmp_path / "corrected" / "talk" / "v001.transcript.json")
    assert len(version.segments) == 5
    assert version.segments[3].text.startswith("including Mina")
    assert [w.text for w in version.segments[3].words][:2] == ["including", "Mina"]


async def test_a_cue_with_unwritten_changes_is_not_cut(
    open_app: Callable[[Path], ReviewApp], talk: Path
) -> None:
    app = open_app(talk)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("a", "k", "vertical_line", "enter")  # accept a fix, back, cut
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("has unwritten changes" in m and "write them (w)" in m for m in messages)
        assert all(d.suggestion.rule_id != "split" for d in session.pending("talk"))


SRT = (
    "1\n00:00:01,000 --> 00:00:03,000\nWe start here today.\n\n"
    "2\n00:00:03,000 --> 00:00:14,000\nThis cue runs far too long, it goes on and on "
    "about the launch, and then it talks about the next one.\n\n"
    "3\n00:00:14,500 --> 00:00:16,500\nAnd this one is fine.\n"
)


async def test_bar_on_a_timing_flag_starts_at_its_proposed_cut_and_renumbers_the_cues(
    open_app: Callable[[Path], ReviewApp], tmp_path: Path
) -> None:
    source = tmp_path / "clip.srt"
    source.write_text(SRT)
    app = open_app(source)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        assert session.current is not None and session.current.suggestion.kind == "timing"
        proposed = session.current.suggestion.after
        await pilot.press("vertical_line")
        prompt = app.screen.query_one(PromptInput)
        assert prompt.cursor_position == len(proposed[0])
        await pilot.press("enter", "w")
        await pilot.pause()
    written = (tmp_path / "corrected" / "clip" / "v001.srt").read_text()
    blocks = written.strip().split("\n\n")
    assert [block.split("\n")[0] for block in blocks] == ["1", "2", "3", "4"]
    assert blocks[2].split("\n")[2] == proposed[1].replace("\n", " ")


async def test_a_cut_cue_takes_no_text_fix_until_the_cut_is_written(
    open_app: Callable[[Path], ReviewApp], talk: Path
) -> None:
    app = open_app(talk)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("vertical_line", "enter")  # cut segment 2 at its middle
        await pilot.pause()
        gpt4 = next(i for i, item in enumerate(session) if item.suggestion.rule_id == "gpt-4")
        session.go(gpt4)
        await pilot.press("a")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "segment 2 is cut and not yet written: write it (w), then decide this" in messages
        assert session.count_accept_all("gpt-4", "talk") == 0
        await pilot.press("r")  # a rejection changes nothing: allowed
        await pilot.press("w")
        await pilot.pause()
        # Written: the fix's flag comes back on the first half, and can be accepted.
        gpt4 = next(i for i, item in enumerate(session) if item.suggestion.rule_id == "gpt-4")
        session.go(gpt4)
        session.accept()
        assert [d.suggestion.rule_id for d in session.pending("talk")] == ["gpt-4"]


async def test_s_in_the_document_view_changes_the_segment_under_its_cursor(
    open_app: Callable[[Path], ReviewApp], talk: Path
) -> None:
    app = open_app(talk)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        await pilot.press("home")
        await _name_speaker(pilot, "Lukas", "run")
        assert isinstance(app.screen, DocumentScreen)
        lines = [app.screen.query_one(SegmentList).render_line(y).text for y in range(6)]
        assert any("Lukas: Welcome back" in line for line in lines)
        assert session.changed_speakers("talk") == {0: "Lukas"}  # a run of one segment


async def test_a_speaker_name_no_format_can_hold_is_refused_in_the_list_and_the_document(
    open_app: Callable[[Path], ReviewApp], talk: Path
) -> None:
    app = open_app(talk)
    async with app.run_test(size=SIZE) as pilot:
        session = await ready(app, pilot)
        await _name_speaker(pilot, "Ann <host>")
        assert session.changed_speakers("talk") == {}
        messages = [n.message for n in app._notifications]
        assert any("expected a name on one line" in m for m in messages)
        assert not any(m.startswith("Speaker of") for m in messages)
        await pilot.press("d")  # the document view's S: refused too, the view stays open
        await pilot.pause()
        await _name_speaker(pilot, "Ann <host>")
        assert isinstance(app.screen, DocumentScreen)
        assert session.changed_speakers("talk") == {}
