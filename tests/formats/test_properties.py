"""Property tests: generated transcripts survive write → read, and read → write is exact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import formats
from workbench.model import Segment, Transcript

MULTI_LINE = {"srt", "vtt", "ass", "json", "whisper-json"}
"""Formats whose segments can hold several lines of text."""
SPEAKERS = {"vtt", "ass", "json", "whisper-json"}
"""Formats that carry a speaker."""
CENTISECONDS = {"ass"}

WORDS = st.sampled_from(
    [
        "we",
        "GPT-4",
        "Dppd4",
        "model",
        "café",
        "the",
        "2015.",
        "don't",
        '"quoted"',
        "a,b",
        "Ilya",
        "ok?",
        "100%",
        "—",
        "日本",
    ]
)
LINES = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
NAMES = st.sampled_from(["Lukas", "Peter Welinder", "Sam"])


@st.composite
def transcripts(draw: st.DrawFn, target: str, source_format: str) -> Transcript:
    """A transcript whose segments ``target`` can carry exactly."""
    timed = formats.is_timed(target) or (target == "json" and draw(st.booleans()))
    step = 10 if target in CENTISECONDS else 1
    count = draw(st.integers(min_value=1, max_value=6))
    segments = []
    clock = 0
    for index in range(count):
        lines = draw(st.lists(LINES, min_size=1, max_size=3 if target in MULTI_LINE else 1))
        start = clock + step * draw(st.integers(0, 500))
        end = start + step * draw(st.integers(0, 500))
        clock = end
        speaker = draw(st.none() | NAMES) if target in SPEAKERS else None
        segments.append(
            Segment(
                index=index,
                start=start if timed else None,
                end=end if timed else None,
                text="\n".join(lines),
                speaker=speaker,
            )
        )
    return Transcript(doc_id="generated", format=source_format, segments=tuple(segments))


def _carried(transcript: Transcript) -> list[tuple[object, ...]]:
    return [(seg.text, seg.start, seg.end, seg.speaker) for seg in transcript.segments]


@pytest.mark.parametrize("target", list(formats.FORMATS))
@pytest.mark.parametrize("own", [True, False], ids=["rendered", "converted"])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_write_then_read_keeps_segments(target: str, own: bool, data: st.DataObject) -> None:
    source_format = target if own else ("json" if target != "json" else "whisper-json")
    transcript = data.draw(transcripts(target, source_format))
    text = formats.dumps(transcript, target)
    back = formats.loads(text, doc_id="generated", format=target)
    assert _carried(back) == _carried(transcript)
    # Read → write of a rendered file gives back identical text.
    assert formats.dumps(back) == text


@pytest.mark.parametrize("target", list(formats.FORMATS))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_crlf_files_round_trip_and_edits_stay_local(target: str, data: st.DataObject) -> None:
    transcript = data.draw(transcripts(target, target))
    text = formats.dumps(transcript, target).replace("\n", "\r\n")
    back = formats.loads(text, doc_id="generated", format=target)
    assert formats.dumps(back) == text
    index = data.draw(st.integers(0, len(back.segments) - 1))
    segments = list(back.segments)
    segments[index] = segments[index].changed(text="edited words")
    again = formats.loads(
        formats.dumps(back.replace_segments(tuple(segments))), doc_id="g", format=target
    )
    expected = [seg.text for seg in back.segments]
    expected[index] = "edited words"
    assert [seg.text for seg in again.segments] == expected
