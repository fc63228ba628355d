"""How the screen uses its width: list above the detail when narrow, beside it when wide; previews."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.console import Console
from textual.widgets import Static

from tests.tui.test_keys import open_group, ready
from workbench.model import Suggestion, TextEdit
from workbench.tui import ReviewApp
from workbench.tui.detail import Detail
from workbench.tui.flaglist import FlagList, clock, preview

LONG = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen"


def _fix(text: str, word: str, by: str, *, segment: int = 0) -> Suggestion:
    """A one-edit suggestion replacing ``word`` in ``text`` (segment ``segment`` of a span from 0)."""
    before = tuple(text.split("\n"))
    start = before[segment].index(word)
    after = tuple(t.replace(word, by, 1) if i == segment else t for i, t in enumerate(before))
    return Suggestion(
        "r",
        "replace",
        "doc",
        (0, len(before) - 1),
        before,
        after,
        "why",
        edits=(TextEdit(segment, start, start + len(word), by),),
    )


@pytest.mark.parametrize(
    ("suggestion", "width", "expected"),
    [
        # Room for all of it: the whole text, nothing cut.
        (_fix("a bad word here", "bad", "good"), 30, ("a ", "bad", " word here")),
        # The change in the middle of a long text sits in the middle, cut at words.
        (_fix(LONG, "seven", "7"), 31, ("…five six ", "seven", " eight nine ten…")),
        # At the start, the room before it goes after it; at the end, the other way round.
        (_fix(LONG, "one", "1"), 20, ("", "one", " two three four…")),
        (_fix(LONG, "fourteen", "14"), 20, ("…thirteen ", "fourteen", "")),
        # An edit in the second segment of a span is found there; the break shows as ⏎.
        (
            _fix("first part\nsecond bad part", "bad", "good", segment=1),
            40,
            ("first part ⏎ second ", "bad", " part"),
        ),
        # A change wider than the room is cut itself.
        (_fix("x " + "y" * 40, "y" * 40, "z"), 10, ("", "yyyyyyyyy…", "")),
        # A merge has no character edits: the segment break is the change.
        (
            Suggestion(
                "m", "fragment", "doc", (0, 1), ("and so", "we went"), ("and so we went",), "why"
            ),
            30,
            ("and so", " ⏎ ", "we went"),
        ),
    ],
)
def test_preview_centres_the_change(
    suggestion: Suggestion, width: int, expected: tuple[str, str, str]
) -> None:
    got = preview(suggestion, width)
    assert got == expected
    assert len("".join(got)) <= width


def _list_lines(flags: FlagList) -> list[str]:
    return [flags.render_line(y).text for y in range(flags.scrollable_content_region.height)]


async def test_at_80_columns_the_list_is_above_the_detail_and_shows_whole_rule_ids(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        session = await ready(app, pilot)
        flags, detail = app.screen.query_one(FlagList), app.screen.query_one(Detail)
        assert app.screen.has_class("-narrow")
        assert flags.region.width == detail.region.width == 80
        assert flags.region.bottom <= detail.region.y
        lines = _list_lines(flags)
        shown = [session.items[i].suggestion for i in session.visible[: len(lines) - 1]]
        for line, suggestion in zip(lines[1:], shown, strict=True):
            assert f" {suggestion.rule_id} " in line
            if suggestion.edits:
                edit = suggestion.edits[0]
                assert suggestion.before[0][edit.start : edit.end] in line
        assert all(len(line) == flags.scrollable_content_region.width for line in lines)
        # The time column is there: the first flag's time is on its line.
        first = shown[0]
        start = session.documents[first.doc_id].transcript.segments[first.span[0]].start
        assert start is not None and lines[1].split()[0] == clock(start)


async def test_at_200_columns_the_list_is_beside_the_detail(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(app, pilot)
        flags, detail = app.screen.query_one(FlagList), app.screen.query_one(Detail)
        assert app.screen.has_class("-wide")
        assert flags.region.y == detail.region.y and flags.region.right <= detail.region.x
        assert 80 <= flags.region.width <= 100


async def test_the_context_shows_the_flagged_segment_once_as_the_diff(
    make_app: Callable[[], ReviewApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        session = await ready(app, pilot)
        await open_group(pilot, session, "chatgpt")
        item = session.current
        assert item is not None
        console = Console(width=96, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#context", Static).content)
        text = console.export_text()
        _, _, after = session.context(item)
        # The segment is there once, as the diff (old and new words side by side), not also as plain text.
        edit = item.suggestion.edits[0]
        assert item.suggestion.before[0][edit.start : edit.end] in text and edit.replacement in text
        opening = " ".join(item.suggestion.before[0].split()[:4])
        assert text.count(opening) == 1
        for segment in after:
            assert segment.text.split()[0] in text
        assert not app.screen.query("#diff")
