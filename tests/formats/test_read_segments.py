"""``read_segments`` builds segments and their source blocks column by column; on
generated reads it builds what one ``Segment`` and ``SourceBlock`` call per segment
builds (the straightforward path), equal field by field, source included; and so
does ``segments_from_columns`` from the same reads given as columns (the Whisper reader's way)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.formats.base import Read, read_segments, segments_from_columns
from workbench.model import Segment, SourceBlock

_READS = st.lists(
    st.tuples(
        st.none() | st.integers(0, 10**7),
        st.none() | st.integers(0, 10**7),
        st.text(max_size=8),
        st.none() | st.sampled_from(["Ann", "Bo"]),
        st.integers(1, 10**6),
    ),
    max_size=12,
)


def _straightforward(text: str, offsets: list[int], found: list[Read]) -> tuple[Segment, ...]:
    stops = [*offsets[1:], len(text)]
    return tuple(
        Segment(
            index,
            start,
            end,
            spoken,
            speaker,
            line,
            SourceBlock(text[a:b], spoken, start, end, speaker),
        )
        for index, (a, b, (start, end, spoken, speaker, line)) in enumerate(
            zip(offsets, stops, found)
        )
    )


def _from_columns(text: str, offsets: list[int], found: list[Read]) -> tuple[Segment, ...]:
    """``segments_from_columns`` of the reads given as columns, as the Whisper reader gives them."""
    starts, ends, spoken, speakers, lines = ([read[i] for read in found] for i in range(5))
    return segments_from_columns(text, offsets, starts, ends, spoken, speakers, lines)  # type: ignore[arg-type]


@pytest.mark.parametrize("build", [read_segments, _from_columns], ids=["rows", "columns"])
@settings(max_examples=300, deadline=None)
@given(found=_READS, text=st.text(max_size=60), data=st.data())
def test_columns_build_what_one_call_per_segment_builds(
    build: Callable[[str, list[int], list[Read]], tuple[Segment, ...]],
    found: list[Read],
    text: str,
    data: st.DataObject,
) -> None:
    cuts = data.draw(st.lists(st.integers(0, len(text)), min_size=len(found), max_size=len(found)))
    offsets = sorted(cuts)
    made = build(text, offsets, found)
    expected = _straightforward(text, offsets, found)
    assert [tuple(seg) for seg in made] == [tuple(seg) for seg in expected]
    assert all(type(seg) is Segment and type(seg.source) is SourceBlock for seg in made)


def test_offsets_and_reads_must_pair_up() -> None:
    with pytest.raises(ValueError, match="2 offsets for 1 segments"):
        read_segments("ab", [0, 1], [(None, None, "a", None, 1)])
