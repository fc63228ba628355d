"""Placing flags in a format whose segments are one file line each (``FlagLines``
without cues) gives the lines that placing each changed character gives (the
straightforward path, ``FlagLines.character_lines``), on generated flags."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.flaglines import FlagLines
from workbench.model import Segment, Suggestion, TextEdit, Transcript

_COUNT = 6


@st.composite
def _flags(draw: st.DrawFn) -> tuple[Transcript, Suggestion]:
    lines = draw(st.lists(st.none() | st.integers(1, 99), min_size=_COUNT, max_size=_COUNT))
    segments = tuple(Segment(i, None, None, "some words", line=lines[i]) for i in range(_COUNT))
    transcript = Transcript(doc_id="d", format="whisper", segments=segments)
    edits = draw(
        st.lists(
            st.builds(
                TextEdit,
                st.integers(0, _COUNT - 1),
                st.integers(0, 4),
                st.integers(4, 10),
                st.just("x"),
            ),
            max_size=4,
        )
    )
    first = draw(st.integers(0, _COUNT - 1))
    span = (first, draw(st.integers(first, _COUNT - 1)))
    if edits:
        span = (min(e.segment for e in edits), max(e.segment for e in edits))
    line = draw(st.none() | st.integers(1, 99))
    flag = Suggestion("r", "replace", "d", span, (), (), "why", line=line, edits=tuple(edits))
    return transcript, flag


@settings(max_examples=300, deadline=None)
@given(found=_flags())
def test_one_line_segments_are_placed_as_each_character_would_be(
    found: tuple[Transcript, Suggestion],
) -> None:
    transcript, flag = found
    place = FlagLines(transcript)
    line, last_line = place.character_lines(flag)  # the straightforward path
    assert place.placed(flag) == dataclasses.replace(flag, line=line, last_line=last_line)
