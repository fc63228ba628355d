"""YouTube SBV: the real sample's facts, the quirks of the format, and writing it back."""

from __future__ import annotations

import json

import pytest

from tests.formats.conftest import ROOT
from workbench import formats
from workbench.errors import FormatError

SHARED = ROOT / ".." / "shared" / "formats"
SAMPLE = "screencast_knowledge-graph-part2_youtube.sbv"


def _facts() -> dict[str, object]:
    facts: dict[str, dict[str, object]] = json.loads(
        (SHARED / "expectations.json").read_text(encoding="utf-8")
    )
    return facts[SAMPLE]


@pytest.mark.skipif(not (SHARED / "files" / SAMPLE).exists(), reason="needs ../shared/formats")
def test_the_real_sample_matches_every_fact() -> None:
    facts = _facts()
    path = SHARED / "files" / SAMPLE
    transcript = formats.load(path)
    assert transcript.format == facts["format"]
    assert len(transcript.segments) == facts["segments"]
    # SBV has no word timing: a word's times are its cue's (expectations README).
    words = [
        (word, seg)
        for seg in transcript.segments
        for word in seg.text.split()
        if any(char.isalnum() for char in word)
    ]
    assert len(words) == facts["words"]
    for (word, seg), fact in ((words[0], facts["first_word"]), (words[-1], facts["last_word"])):
        assert seg.start is not None and seg.end is not None
        assert {"text": word, "start_s": seg.start / 1000, "end_s": seg.end / 1000} == {
            key: value for key, value in fact.items() if key != "confidence"
        }
        assert fact["confidence"] is None
    assert not facts["speakers"] and all(seg.speaker is None for seg in transcript.segments)
    head = " ".join(" ".join(seg.text for seg in transcript.segments).split())[:120]
    assert head == facts["transcript_head"]
    assert formats.to_bytes(transcript) == path.read_bytes()


SBV = "0:00:00.500,0:00:02.000\nhello there\xa0\nsecond line\n\n0:00:02.000,0:01:04.250\nGPD four\n"


def test_cues_times_and_lines() -> None:
    transcript = formats.loads(SBV, doc_id="d", origin="clip.sbv")
    assert transcript.format == "sbv"
    assert [(seg.start, seg.end, seg.text, seg.line) for seg in transcript.segments] == [
        (500, 2000, "hello there\nsecond line", 2),
        (2000, 64250, "GPD four", 6),
    ]


def test_sniffed_by_content_whatever_the_name() -> None:
    assert formats.loads(SBV, doc_id="d", origin="clip.txt").format == "sbv"


def test_an_edited_cue_is_the_only_change() -> None:
    transcript = formats.loads(SBV, doc_id="d")
    segments = list(transcript.segments)
    segments[1] = segments[1].changed(text="GPT four")
    assert formats.dumps(transcript.replace_segments(tuple(segments))) == SBV.replace("GPD", "GPT")
    segments[0] = segments[0].changed(start=0, text="hi\n\nthere")
    written = formats.dumps(transcript.replace_segments(tuple(segments)))
    assert written.startswith("0:00:00.000,0:00:02.000\nhi\nthere\n\n0:00:02.000")


def test_converted_to_srt_and_back() -> None:
    transcript = formats.loads(SBV, doc_id="d")
    srt = formats.loads(formats.dumps(transcript, "srt"), doc_id="d")
    assert [(s.start, s.end, s.text) for s in srt.segments] == [
        (s.start, s.end, s.text) for s in transcript.segments
    ]
    back = formats.loads(formats.dumps(srt, "sbv"), doc_id="d")
    assert [(s.start, s.end, s.text) for s in back.segments] == [
        (s.start, s.end, s.text) for s in transcript.segments
    ]


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        (SBV + "\nstray words\n", 8, "expected a timing line"),
        ("0:00:01.000,0:00:00.500\nbackwards\n", 1, "before start"),
        ("0:00:01.000,0:00:61.000\nno\n", 1, "out of range"),
        ("0:00:01.00,0:00:02.000\nno\n", 1, "expected a timing line"),
    ],
    ids=["text-after-blank", "backwards", "sixty-one-seconds", "short-millis"],
)
def test_bad_cues_name_their_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(FormatError, match=needle) as info:
        formats.loads(text, doc_id="d", origin="clip.sbv")
    assert info.value.line == line
