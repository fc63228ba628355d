"""The recognisers' JSON formats: chosen by content, and each real quirk they have.

The fixtures under ``tests/data/formats`` are small files written by hand in each
recogniser's documented shape (the real files live in ``../shared/formats`` and
are checked in ``test_show_expectations.py``). ``youtube.json3`` is the smallest
faithful example of YouTube's json3 captions (as ``yt-dlp --sub-format json3``
writes them: ``wireMagic``, ``events[].segs[].utf8``, ``tOffsetMs``,
``acAsrConf``), written from the public documentation because no real file was
found (see ``../shared/formats/SOURCES.md``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.formats.conftest import FIXTURES
from workbench import formats
from workbench.cli.app import main
from workbench.formats import wordjson
from workbench.model import Transcript, Word


def _load(tmp_path: Path, data: Any, name: str = "x.json") -> Transcript:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return formats.load(path)


def _words(transcript: Transcript) -> list[Word]:
    return [word for seg in transcript.segments for word in seg.words]


def _aws_item(content: str, start: str | None, end: str | None, confidence: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": "pronunciation" if start is not None else "punctuation",
        "alternatives": [{"confidence": confidence, "content": content}],
    }
    if start is not None:
        item.update(start_time=start, end_time=end)
    return item


def test_punctuation_items_and_string_confidences() -> None:
    transcript = formats.load(FIXTURES / "meeting.aws.json")
    first = transcript.segments[0]
    assert first.text == "We trained it on GPD four."
    assert [w.text for w in first.words][-2:] == ["GPD", "four"]  # "." is no word
    assert first.words[4] == Word("GPD", 900, 1300, 0.412, "spk_0", first.words[4].ref)


def test_punctuation_without_confidence_is_no_word(tmp_path: Path) -> None:
    items = [_aws_item("Yes", "0.0", "0.4", "0.9"), _aws_item("?", None, None, None)]
    data = {
        "status": "COMPLETED",
        "results": {"transcripts": [{"transcript": "Yes?"}], "items": items},
    }
    transcript = _load(tmp_path, data)
    assert [seg.text for seg in transcript.segments] == ["Yes?"]
    assert [w.text for w in _words(transcript)] == ["Yes"]


def test_speaker_only_on_turns(tmp_path: Path) -> None:
    items = [_aws_item("hi", "0.0", "0.4", "0.9"), _aws_item("there", "1.0", "1.4", "0.8")]
    turns = [
        {"start_time": "0.0", "end_time": "0.5", "speaker_label": "spk_1", "items": []},
        {"start_time": "0.9", "end_time": "1.5", "speaker_label": "spk_2", "items": []},
    ]
    data = {"results": {"transcripts": [], "items": items, "speaker_labels": {"segments": turns}}}
    transcript = _load(tmp_path, data)
    assert [(seg.text, seg.speaker) for seg in transcript.segments] == [
        ("hi", "spk_1"),
        ("there", "spk_2"),
    ]
    assert [w.speaker for w in _words(transcript)] == ["spk_1", "spk_2"]


def test_revai_speaker_on_monologues_and_tags_kept() -> None:
    transcript = formats.load(FIXTURES / "callhome.revai.json")
    assert [(seg.text, seg.speaker) for seg in transcript.segments] == [
        ("Hi <laugh>.", "0"),
        ("Hello.", "1"),
    ]
    assert [w.text for w in _words(transcript)] == ["Hi", "<laugh>", "Hello"]


def test_words_without_times(tmp_path: Path) -> None:
    words = [
        {"word": "in", "start": 1.0, "end": 1.2, "score": 0.9},
        {"word": "2024"},  # WhisperX aligns no number
        {"word": "yes", "start": 1.6, "end": 1.9, "score": 0.8, "speaker": "SPEAKER_01"},
    ]
    data = {"segments": [{"start": 1.0, "end": 1.9, "text": " in 2024 yes", "words": words}]}
    transcript = _load(tmp_path, data)
    assert transcript.format == "whisper-json"
    assert _words(transcript)[1] == Word("2024", None, None, None, None, _words(transcript)[1].ref)
    assert _words(transcript)[2].speaker == "SPEAKER_01"
    assert _words(transcript)[2].confidence == 0.8


def test_punctuated_word_beside_lower_case_word() -> None:
    transcript = formats.load(FIXTURES / "spacewalk.deepgram.json")
    assert [(seg.text, seg.speaker) for seg in transcript.segments] == [
        ("Hello, Houston.", "0"),
        ("Copy.", "1"),
    ]
    assert _words(transcript)[0].text == "Hello,"


def test_first_of_several_alternatives() -> None:
    transcript = formats.load(FIXTURES / "talk.google.json")
    assert [seg.text for seg in transcript.segments] == ["there was a day"]
    assert _words(transcript)[0] == Word("there", 1200, 1500, 0.98, None, _words(transcript)[0].ref)


def test_speechmatics_entities_stand_for_their_spoken_words() -> None:
    transcript = formats.load(FIXTURES / "news.speechmatics.json")
    assert [seg.text for seg in transcript.segments] == ["Erik ten Hag."]
    assert [w.text for w in _words(transcript)] == ["Erik", "ten", "Hag"]
    assert transcript.segments[0].speaker == "UU"


def test_azure_channels_in_time_order_as_speakers() -> None:
    transcript = formats.load(FIXTURES / "call.azure.json")
    assert [(seg.text, seg.speaker, seg.start) for seg in transcript.segments] == [
        ("Hello.", "channel 1", 500),
        ("Thank you.", "channel 0", 2000),
    ]
    assert [w.text for w in transcript.segments[1].words] == ["thank", "you"]


def test_azure_speaker_label_wins_over_channel(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "call.azure.json").read_text())
    data["recognizedPhrases"][0]["speaker"] = 2
    transcript = _load(tmp_path, data)
    assert transcript.segments[1].speaker == "2"


def test_json3_events_and_word_offsets() -> None:
    transcript = formats.load(FIXTURES / "youtube.json3")
    assert [(seg.text, seg.start, seg.end) for seg in transcript.segments] == [
        ("good morning everybody", 100, 4000),
        ("[Music]", 4000, 6000),
    ]
    words = _words(transcript)
    assert [(w.text, w.start, w.end) for w in words[:3]] == [
        ("good", 100, 500),
        ("morning", 500, 1000),
        ("everybody", 1000, 4000),
    ]
    assert words[0].confidence == pytest.approx(230 / 255)


@pytest.mark.parametrize("key", ["text", "content", "transcript"])
def test_plain_list_of_segments(tmp_path: Path, key: str) -> None:
    data = [
        {"start": "00:01:02.500", "end": 63, key: "Hello."},
        {"start": 64, "end": 65.5, key: "Bye."},
    ]
    transcript = _load(tmp_path, data)
    assert transcript.format == "json-list"
    assert [(seg.text, seg.start, seg.end) for seg in transcript.segments] == [
        ("Hello.", 62500, 63000),
        ("Bye.", 64000, 65500),
    ]


def test_empty_transcript_has_no_segments(tmp_path: Path) -> None:
    data = {"status": "COMPLETED", "results": {"transcripts": [{"transcript": ""}], "items": []}}
    transcript = _load(tmp_path, data)
    assert transcript.format == "aws"
    assert transcript.segments == ()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (
            {"jobName": "j", "status": "IN_PROGRESS", "results": {"transcripts": [], "items": []}},
            "IN_PROGRESS",
        ),
        ({"jobName": "j", "status": "IN_PROGRESS"}, "IN_PROGRESS"),
        (
            {"id": "x", "status": "processing", "audio_url": "a", "words": None, "text": None},
            "processing",
        ),
        (
            {"id": "x", "status": "processing", "results": [{"result_index": 0, "results": []}]},
            "processing",
        ),
    ],
)
def test_unfinished_job_is_a_clear_error(
    tmp_path: Path, data: Any, status: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "job.json"
    path.write_text(json.dumps(data))
    assert main(["show", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and status in err[0] and str(path) in err[0]


@pytest.mark.parametrize(
    "data",
    [
        {"hello": "world"},
        [1, 2, 3],
        [{"start": 1, "end": 2}],
        [],
        {"results": []},
    ],
)
def test_json_nobody_claims_is_refused_not_plain_text(
    tmp_path: Path, data: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data))
    assert main(["scan", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "JSON, but not a transcript format we know" in err[0]
    assert "aws" in err[0] and "results.items" in err[0] and "monologues" in err[0]


def test_long_unit_is_split_at_sentence_ends(tmp_path: Path) -> None:
    words = []
    for k in range(200):
        text = f"w{k}." if k % 10 == 9 else f"w{k}"
        words.append({"text": text, "start": k * 400, "end": k * 400 + 300, "confidence": 0.9})
    transcript = _load(
        tmp_path, {"id": "t", "audio_url": "a", "status": "completed", "words": words}
    )
    assert len(transcript.segments) > 1
    for seg in transcript.segments:
        assert seg.text.endswith(".")
        assert len(seg.words) <= wordjson.MAX_SEGMENT_WORDS
        assert seg.end - seg.start <= wordjson.MAX_SEGMENT_MS
    assert " ".join(seg.text for seg in transcript.segments).split() == [w["text"] for w in words]


_TAG = re.compile(r"\*{3}|<\w+>|\[\w+\]")
SHARED_FILES = Path(__file__).resolve().parents[2] / ".." / "shared" / "formats" / "files"


def test_masked_words_and_tags_are_never_flagged(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [
        FIXTURES / name for name in ("meeting.aws.json", "callhome.revai.json", "youtube.json3")
    ]
    paths += sorted(SHARED_FILES.glob("*_revai.json")) + sorted(SHARED_FILES.glob("*_aws.json"))
    for path in paths:
        assert main(["scan", "--json", str(path)]) == 0
        for flag in json.loads(capsys.readouterr().out):
            # A flag may sit in a segment with a tag, but no suggestion changes one.
            assert _TAG.findall(flag["original"]) == _TAG.findall(flag["suggestion"]), flag


def test_words_are_dropped_when_the_text_changes() -> None:
    segment = formats.load(FIXTURES / "meeting.aws.json").segments[0]
    assert segment.words
    assert segment.changed(end=5000).words == segment.words
    assert segment.changed(text="We trained it on GPT-4.").words == ()


def test_spelled_out_acronym_stays_one_token(tmp_path: Path) -> None:
    letters = [
        ("the", "0.0", "0.2"),
        ("C.", "0.2", "0.4"),
        ("E.", "0.4", "0.6"),
        ("O.", "0.6", "0.8"),
    ]
    items = [_aws_item(text, start, end, "0.9") for text, start, end in letters]
    items.append(_aws_item("said", "0.8", "1.0", "0.9"))
    data = {"results": {"transcripts": [{"transcript": "the C. E. O. said"}], "items": items}}
    transcript = _load(tmp_path, data)
    assert [seg.text for seg in transcript.segments] == ["the C.E.O. said"]
    assert [w.text for w in _words(transcript)] == ["the", "C.", "E.", "O.", "said"]


def test_show_prints_format_segments_speakers_and_times(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(FIXTURES / "meeting.aws.json")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("meeting.aws.json: aws, 2 segments, 9 words, speakers: spk_0, spk_1")
    assert lines[1:] == [
        "[00:00:00.100 --> 00:00:01.600] spk_0: We trained it on GPD four.",
        "[00:00:02.000 --> 00:00:03.000] spk_1: That's *** great!",
    ]


def test_show_of_an_untimed_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--json", str(FIXTURES / "notes.txt")]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "txt" and document["speakers"] == []
    assert document["segments"][0]["start"] is None and document["segments"][0]["words"] == []


def test_prose_that_starts_like_json_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("[1, 2] are the first two numbers we said.\n")
    assert formats.load(path).format == "txt"
    (tmp_path / "list.txt").write_text("[1, 2]\n")
    with pytest.raises(formats.FormatError, match="not a transcript format we know"):
        formats.load(tmp_path / "list.txt")
