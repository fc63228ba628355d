"""WebVTT inline timestamps (YouTube's ``word<00:00:01.140><c> word</c>``) are read as
the cue's word times, without changing its text; bad ones leave the cue without them."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench import formats
from workbench.model import Transcript

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "formats" / "youtube-auto-captions.vtt"
"""A copy of the shared sample ``../shared/samples/youtube-auto-captions.vtt``."""


def _stamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _read(body: str) -> Transcript:
    return formats.loads(f"WEBVTT\n\n{body}", doc_id="words", format="vtt")


def _times(transcript: Transcript, index: int) -> list[tuple[str, int | None, int | None]]:
    return [(word.text, word.start, word.end) for word in transcript.segments[index].words]


def test_the_sample_reads_each_word_from_its_timestamp_to_the_next() -> None:
    transcript = formats.load(SAMPLE)
    assert _times(transcript, 0) == [
        ("we", 0, 380),
        ("have", 380, 760),
        ("been", 760, 1140),
        ("a", 1140, 1520),
        ("misunderstood", 1520, 1900),
        ("and", 1900, 2280),
        ("badly", 2280, 2660),
    ]
    assert transcript.segments[1].words == ()  # the scroll: a line without timestamps
    # The repeated line on top was said in the cue before: its words have no times.
    second = _times(transcript, 2)
    assert second[:7] == [
        (word, None, None) for word in ["we", "have", "been", "a", "misunderstood", "and", "badly"]
    ]
    assert second[7:9] == [("mocked", 2670, 3050), ("orc", 3050, 3430)]
    assert second[-1] == ("we", 5710, 6090)
    timed = [seg for seg in transcript.segments if seg.words]
    assert len(timed) > 10
    for seg in timed:
        assert [word.text for word in seg.words] == seg.text.split()


def test_the_sample_writes_back_byte_for_byte_and_an_edited_cue_loses_its_timestamps() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    transcript = formats.load(SAMPLE)
    assert formats.dumps(transcript, "vtt") == text
    first = transcript.segments[0]
    edited = transcript.changed(
        segments=(first.changed(text="we have been badly"), *transcript.segments[1:])
    )
    written = formats.dumps(edited, "vtt")
    assert "we have been badly\n" in written and written.count("<c>") < text.count("<c>")
    assert formats.loads(written, doc_id="x", format="vtt").segments[0].words == ()


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz'&<>", min_size=1, max_size=8)


@st.composite
def timed_cues(draw: st.DrawFn) -> tuple[int, int, list[str], list[int], list[str]]:
    """A cue (start, end), its words with the start of each after the first, and an
    untimed line above them."""
    words = draw(st.lists(WORD, min_size=2, max_size=8))  # a timestamp at least
    start = draw(st.integers(0, 10_000_000))
    offsets = sorted(
        draw(st.lists(st.integers(0, 20_000), min_size=len(words), max_size=len(words)))
    )
    starts = [start + offset for offset in offsets[:-1]]
    end = start + offsets[-1]
    untimed = draw(st.lists(WORD, max_size=3))
    return start, end, words, starts, untimed


@given(timed_cues())
def test_generated_timed_cues_read_back_their_words_and_times(
    cue: tuple[int, int, list[str], list[int], list[str]],
) -> None:
    start, end, words, starts, untimed = cue
    escaped = [
        word.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for word in words
    ]
    timed = escaped[0] + "".join(
        f"<{_stamp(at)}><c> {word}</c>" for at, word in zip(starts, escaped[1:], strict=True)
    )
    above = " ".join(untimed).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = f"{_stamp(start)} --> {_stamp(end)}\n{above + chr(10) if untimed else ''}{timed}\n"
    transcript = _read(body)
    (segment,) = transcript.segments
    assert segment.text.split() == [*untimed, *words]
    bounds = [start, *starts, end]
    expected = [(word, None, None) for word in untimed] + [
        (word, begin, finish) for word, (begin, finish) in zip(words, pairwise(bounds), strict=True)
    ]
    assert _times(transcript, 0) == expected


def test_words_between_two_timestamps_share_their_time() -> None:
    transcript = _read("00:00:01.000 --> 00:00:04.000\none two<00:00:03.000> three\n")
    assert _times(transcript, 0) == [
        ("one", 1000, 2000),
        ("two", 2000, 3000),
        ("three", 3000, 4000),
    ]


GOOD = "00:00:01.000 --> 00:00:04.000\nsaid<00:00:02.000><c> then</c><00:00:03.000><c> more</c>\n"


@pytest.mark.parametrize(
    "body",
    [
        GOOD.replace("02.000", "03.500"),  # out of order
        GOOD.replace("03.000", "04.500"),  # beyond the cue's end
        GOOD.replace("00:00:02.000", "00:00:00.500"),  # before the cue's start
        GOOD.replace("00:00:02.000", "00:00:02.5"),  # malformed: two digits of milliseconds
        GOOD.replace("00:00:02.000", "0:2.000"),  # malformed: one-digit minutes
        GOOD.replace("00:00:02.000", "00:61:02.000"),  # malformed: 61 minutes
    ],
)
def test_a_cue_with_a_bad_timestamp_keeps_its_text_without_word_times(body: str) -> None:
    transcript = _read(body)
    assert transcript.segments[0].text == "said then more"
    assert transcript.segments[0].words == ()
    assert _read(GOOD).segments[0].words != ()


@pytest.mark.parametrize(("target", "cue"), [("srt", " --> "), ("ass", "\nDialogue:")])
def test_exporting_keeps_the_cues_the_word_times_came_with(target: str, cue: str) -> None:
    transcript = formats.load(SAMPLE)
    untimed = transcript.changed(
        segments=tuple(
            seg._replace(source=seg.source._replace(words=())) if seg.source else seg
            for seg in transcript.segments
        )
    )
    assert any(seg.words for seg in transcript.segments)
    exported = formats.dumps(transcript, target)
    assert exported == formats.dumps(untimed, target)
    assert exported.count(cue) == len(transcript.segments)  # a cue for each cue
