"""SRT as found in the wild: what the ``srt`` library reads is read, the rest refused, never plain text."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import formats
from workbench.errors import FormatError

TWO_CUES = "1\n{first} {arrow} 00:00:02,000\nHello\n\n2\n00:00:03,000 {arrow} 00:00:04,000\nthere\n"


def _read(text: str) -> list[tuple[int | None, int | None, str]]:
    transcript = formats.loads(text, doc_id="d", origin="clip.srt")
    assert transcript.format == "srt"
    assert formats.dumps(transcript) == text
    return [(seg.start, seg.end, seg.text) for seg in transcript.segments]


@pytest.mark.parametrize("arrow", ["-->", "- >", "-- >", "-  >", "--   >"])
def test_arrow_variants_the_srt_library_accepts(arrow: str) -> None:
    text = TWO_CUES.format(first="00:00:01,000", arrow=arrow)
    assert _read(text) == [(1000, 2000, "Hello"), (3000, 4000, "there")]


@pytest.mark.parametrize(
    ("first", "ms"),
    [
        ("00：00：01，000", 1000),
        ("00:00:01.250", 1250),
        ("00:00:01:250", 1250),
        ("00:00:01", 1000),
        ("00:00:01,5", 1500),
        ("0:0:1,000", 1000),
    ],
    ids=["full-width", "dot", "colon", "no-fraction", "short-fraction", "one-digit-fields"],
)
def test_timestamp_variants_the_srt_library_accepts(first: str, ms: int) -> None:
    text = TWO_CUES.format(first=first, arrow="-->")
    assert _read(text)[0] == (ms, 2000, "Hello")


def test_a_negative_time_is_clamped_to_zero_with_a_warning_naming_the_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = TWO_CUES.format(first="-00:00:01,000", arrow="-->")
    with caplog.at_level(logging.WARNING):
        assert _read(text)[0] == (0, 2000, "Hello")
    assert [record.getMessage() for record in caplog.records] == [
        "clip.srt:2: warning: negative time in '-00:00:01,000 --> 00:00:02,000' read as 0"
    ]


def test_a_negative_ass_time_is_clamped_too_not_refused(caplog: pytest.LogCaptureFixture) -> None:
    ass = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,-0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\n"
    )
    with caplog.at_level(logging.WARNING):
        transcript = formats.loads(ass, doc_id="d", origin="clip.ass")
    assert [(seg.start, seg.end, seg.text) for seg in transcript.segments] == [(0, 2000, "Hello")]
    assert formats.dumps(transcript) == ass
    assert [record.getMessage() for record in caplog.records] == [
        "clip.ass:6: warning: negative time in '-0:00:01.00' read as 0"
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (TWO_CUES.format(first="00:00:01,000", arrow="->"), 2),
        (TWO_CUES.format(first="00:00:01,000", arrow="－－＞"), 2),
        (TWO_CUES.format(first="00:00:01,000", arrow="=>"), 2),
        ("1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 -> 00:00:04,000\nno\n", 6),
        ("1\n00:00:01,0000 --> 00:00:02,000\nfour-digit fraction\n", 2),
    ],
    ids=["single-dash", "full-width-arrow", "fat-arrow", "later-cue", "long-fraction"],
)
def test_other_timing_lines_are_refused_with_their_line_never_plain_text(
    text: str, line: int
) -> None:
    for origin in ("clip.srt", "clip.txt", "clip"):
        with pytest.raises(FormatError, match="expected a timing line") as info:
            formats.loads(text, doc_id="d", origin=origin)
        assert info.value.line == line


BLANK_INSIDE = (
    "1\n00:00:01,000 --> 00:00:02,000\nFirst line\n\nafter the gap\n\n"
    "2\n00:00:03,000 --> 00:00:04,000\nGPD four\n"
)


def test_text_after_an_empty_line_inside_a_cue_is_its_text() -> None:
    assert _read(BLANK_INSIDE) == [
        (1000, 2000, "First line\nafter the gap"),
        (3000, 4000, "GPD four"),
    ]
    transcript = formats.loads(BLANK_INSIDE, doc_id="d")
    vtt = formats.dumps(transcript, "vtt")
    assert "First line\nafter the gap\n" in vtt
    exported = json.loads(formats.dumps(transcript, "json"))
    assert exported["segments"][0]["text"] == "First line\nafter the gap"


def test_a_rewritten_cue_with_an_empty_line_keeps_all_its_text_once() -> None:
    transcript = formats.loads(BLANK_INSIDE, doc_id="d")
    segments = list(transcript.segments)
    segments[0] = segments[0].changed(text="First line\nafter the gap, fixed")
    written = formats.dumps(transcript.replace_segments(tuple(segments)))
    assert written == BLANK_INSIDE.replace(
        "First line\n\nafter the gap\n", "First line\nafter the gap, fixed\n"
    )
    assert [seg.text for seg in formats.loads(written, doc_id="d").segments] == [
        "First line\nafter the gap, fixed",
        "GPD four",
    ]


def test_a_cue_whose_text_starts_after_an_empty_line_points_at_it() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\n\nlate words\n\n2\n00:00:03,000 --> 00:00:04,000\nx\n"
    transcript = formats.loads(text, doc_id="d")
    assert [(seg.text, seg.line) for seg in transcript.segments] == [("late words", 4), ("x", 8)]


CUE_LINES = st.lists(
    # Not a bare number: after an empty line, a number then a line is a cue that lacks its timing.
    st.sampled_from(["", "", "Hello", "42 apples", "A --> B", "  padded  ", "<i>tag</i>", "café"]),
    min_size=1,
    max_size=6,
)


@settings(max_examples=80, deadline=None)
@given(cues=st.lists(CUE_LINES, min_size=1, max_size=4), crlf=st.booleans())
def test_cues_with_empty_lines_read_all_their_text_and_round_trip(
    cues: list[list[str]], crlf: bool
) -> None:
    blocks = [
        f"{n + 1}\n00:00:0{n},000 --> 00:00:0{n},500\n" + "\n".join(lines) + "\n\n"
        for n, lines in enumerate(cues)
    ]
    text = "".join(blocks)
    if crlf:
        text = text.replace("\n", "\r\n")
    transcript = formats.loads(text, doc_id="d", origin="clip.srt")
    assert formats.dumps(transcript) == text
    expected = ["\n".join(line.strip() for line in lines if line.strip()) for lines in cues]
    assert [seg.text for seg in transcript.segments] == expected
    # Converted, every line is kept; written back as SRT, it reads as the same text.
    vtt = formats.loads(formats.dumps(transcript, "vtt"), doc_id="d")
    assert [seg.text for seg in vtt.segments] == [
        formats.FORMATS["srt"].plain_text(text) for text in expected
    ]
    edited = transcript.replace_segments(
        tuple(seg.changed(text=f"{seg.text}\nmore".lstrip()) for seg in transcript.segments)
    )
    again = formats.loads(formats.dumps(edited), doc_id="d")
    assert [seg.text for seg in again.segments] == [seg.text for seg in edited.segments]


@pytest.mark.parametrize("line", ["10:30 -> standup", "9:00 => coffee", "12:00 - > lunch"])
def test_prose_with_a_time_and_an_arrow_is_still_prose(line: str) -> None:
    transcript = formats.loads(f"Monday\n{line}\n", doc_id="d", origin="notes.txt")
    assert transcript.format == "txt"
    assert [seg.text for seg in transcript.segments] == ["Monday", line]


def test_words_before_the_first_cue_are_an_error_not_a_silent_header() -> None:
    cue = "1\n00:00:01,000 --> 00:00:02,000\nHi\n"
    with pytest.raises(FormatError, match="expected a cue number or a timing line") as info:
        formats.loads(f"\n\nTitle of the film\n\n{cue}", doc_id="d", origin="clip.srt")
    assert info.value.line == 3
    for blank in ("\n\n", " \n\t\n", "\ufeff\n"):
        transcript = formats.loads(blank + cue, doc_id="d", origin="clip.srt")
        assert [seg.text for seg in transcript.segments] == ["Hi"]
        assert formats.dumps(transcript) == blank + cue
