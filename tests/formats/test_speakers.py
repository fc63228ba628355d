"""Speakers are read from every format that has them, and written where the target can hold them."""

from __future__ import annotations

import json

import pytest

from tests.formats.conftest import FIXTURES
from workbench import formats
from workbench.errors import FormatError
from workbench.formats import wordcues
from workbench.model import Transcript

SCENARIO = FIXTURES.parent / "scenario" / "talk.json"

LABELLED = (
    "ALICE: Welcome to the show.\n"
    "BOB: Thanks for having me.\n"
    "It is good to be here.\n"
    "\n"
    "ALICE: Let's talk about GPD four.\n"
)


def _renamed(transcript: Transcript, old: str, new: str) -> Transcript:
    """Every segment of ``old`` given the speaker ``new``."""
    return transcript.changed(
        segments=tuple(
            seg.changed(speaker=new) if seg.speaker == old else seg for seg in transcript.segments
        )
    )


def _speakers(transcript: Transcript) -> list[str | None]:
    return [seg.speaker for seg in transcript.segments]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("talk.vtt", "Lukas"),  # <v Lukas>
        ("dialogue.ass", "Lukas"),  # the Name field
        ("segments-list.json", None),  # the first object has no speaker...
        ("meeting.aws.json", "spk_0"),  # speaker_labels
    ],
)
def test_the_first_speaker_is_read_from_each_format(name: str, expected: str | None) -> None:
    transcript = formats.load(FIXTURES / name)
    assert transcript.segments[0].speaker == expected
    assert any(seg.speaker for seg in transcript.segments)


def test_whisperx_speakers_are_read_from_segments_and_words() -> None:
    transcript = formats.load(SCENARIO)
    assert _speakers(transcript) == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_01", "SPEAKER_00"]
    assert {word.speaker for word in transcript.segments[1].words} == {"SPEAKER_01"}


def test_plain_text_labels_are_speakers_when_the_file_is_labelled() -> None:
    transcript = formats.loads(LABELLED, doc_id="talk", origin="talk.txt")
    assert transcript.format == "txt"
    assert _speakers(transcript) == ["ALICE", "BOB", "BOB", "ALICE"]
    assert [seg.text for seg in transcript.segments][:3] == [
        "Welcome to the show.",
        "Thanks for having me.",
        "It is good to be here.",
    ]
    assert formats.dumps(transcript) == LABELLED  # unchanged: the same bytes


@pytest.mark.parametrize(
    "text",
    [
        # One label that never recurs is a word followed by a colon, not a speaker.
        "Note: this was recorded live.\nWe start with the news.\n",
        # The first line has no label: prose that happens to hold one.
        "We start with the news.\nAnswer: yes.\nAnswer: no.\n",
        # Lower case is no name.
        "well: fine.\nwell: good.\n",
    ],
)
def test_plain_text_that_is_not_labelled_keeps_its_colons(text: str) -> None:
    transcript = formats.loads(text, doc_id="notes", origin="notes.txt")
    assert _speakers(transcript) == [None] * len(transcript.segments)
    assert transcript.segments[1].text == text.split("\n")[1]


def test_a_renamed_plain_text_speaker_is_written_in_its_labels() -> None:
    transcript = formats.loads(LABELLED, doc_id="talk", origin="talk.txt")
    written = formats.dumps(_renamed(transcript, "BOB", "Robert"))
    assert written.splitlines()[:2] == [
        "ALICE: Welcome to the show.",
        "Robert: Thanks for having me.",
    ]
    back = formats.loads(written, doc_id="talk", origin="talk.txt")
    assert _speakers(back) == ["ALICE", "Robert", "Robert", "ALICE"]


@pytest.mark.parametrize(
    ("name", "target", "shown"),
    [
        ("talk.vtt", "vtt", "<v Luke>"),
        ("dialogue.ass", "ass", ",Luke,"),
        ("talk.vtt", "json", '"speaker": "Luke"'),
        ("dialogue.ass", "vtt", "<v Luke>"),
    ],
)
def test_a_renamed_speaker_is_written_where_the_target_has_a_field(
    name: str, target: str, shown: str
) -> None:
    transcript = _renamed(formats.load(FIXTURES / name), "Lukas", "Luke")
    written = formats.dumps(transcript, target)
    assert shown in written
    back = formats.loads(written, doc_id="back", format=target)
    assert back.segments[0].speaker == "Luke"


def test_a_renamed_whisperx_speaker_reaches_its_words_and_its_subtitles() -> None:
    transcript = _renamed(formats.load(SCENARIO), "SPEAKER_01", "Ilya")
    back = formats.loads(formats.dumps(transcript), doc_id="talk", format="whisper-json")
    assert _speakers(back) == ["SPEAKER_00", "Ilya", "Ilya", "SPEAKER_00"]
    assert {word.speaker for word in back.segments[2].words} == {"Ilya"}
    # Subtitles laid out from the words take the segment's new speaker, not the words' old one.
    vtt = formats.dumps(transcript, "vtt")
    assert "<v Ilya>" in vtt and "<v SPEAKER_01>" not in vtt


def test_a_json_list_writes_a_changed_speaker_a_recogniser_refuses_it() -> None:
    listed = formats.load(FIXTURES / "segments-list.json")
    back = json.loads(formats.dumps(_renamed(listed, "A", "Ann")))
    assert back[1]["speaker"] == "Ann"
    aws = formats.load(FIXTURES / "meeting.aws.json")
    with pytest.raises(FormatError, match="speaker changed .*'spk_0' → 'Zoe'"):
        formats.dumps(_renamed(aws, "spk_0", "Zoe"))


def test_prefix_writes_a_label_at_each_turn_into_formats_without_a_speaker_field() -> None:
    transcript = formats.load(SCENARIO)
    srt = formats.dumps(transcript, "srt", speakers="prefix")
    cues = formats.loads(srt, doc_id="talk", format="srt").segments
    labelled = [cue.text.split(":")[0] for cue in cues if cue.text.startswith("SPEAKER_")]
    assert labelled == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]  # turns, not cues
    assert cues[0].text.startswith("SPEAKER_00: Welcome back")
    # The labels are laid out with the words: no line grows past the layout's width.
    assert all(len(line) <= wordcues.MAX_LINE for cue in cues for line in cue.text.split("\n"))
    assert "SPEAKER_" not in formats.dumps(transcript, "srt")  # keep: SRT has no field
    text = formats.dumps(transcript, "txt", speakers="prefix")
    assert text.splitlines()[1] == "SPEAKER_01: Thanks for having me here."
    assert _speakers(formats.loads(text, doc_id="talk", origin="talk.txt")) == _speakers(transcript)
    # A format with a field keeps using it.
    assert "SPEAKER_00:" not in formats.dumps(transcript, "vtt", speakers="prefix")


SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\none\n\n"
    "2\n00:00:02,000 --> 00:00:04,000\ntwo and three\n\n"
    "3\n00:00:04,000 --> 00:00:05,000\nfour\n\n"
    "4\n00:00:05,000 --> 00:00:06,000\nfive\n"
)


def _split_second_cue(transcript: Transcript) -> Transcript:
    one, two, *rest = transcript.segments
    halves = (
        two.changed(text="two", end=3000),
        two.changed(text="and three", start=3000),
    )
    return transcript.replace_segments((one, *halves, *rest))


def test_a_split_srt_cue_renumbers_the_cues_after_it() -> None:
    split = _split_second_cue(formats.loads(SRT, doc_id="s", format="srt"))
    written = formats.dumps(split)
    numbers = [block.split("\n")[0] for block in written.strip().split("\n\n")]
    assert numbers == ["1", "2", "3", "4", "5"]
    assert "3\n00:00:03,000 --> 00:00:04,000\nand three\n" in written
    assert "5\n00:00:05,000 --> 00:00:06,000\nfive\n" in written  # an unchanged cue, renumbered
    kept = formats.dumps(split, renumber=False)
    assert [b.split("\n")[0] for b in kept.strip().split("\n\n")] == ["1", "2", "2", "3", "4"]


def test_a_merged_srt_cue_leaves_no_gap_and_an_untouched_file_keeps_its_numbers() -> None:
    transcript = formats.loads(SRT, doc_id="s", format="srt")
    one, two, _, four = transcript.segments
    merged = transcript.replace_segments(
        (one, two.changed(text="two and three four", end=5000), four)
    )
    written = formats.dumps(merged)
    assert [b.split("\n")[0] for b in written.strip().split("\n\n")] == ["1", "2", "3"]
    gapped = SRT.replace("4\n00:00:05", "9\n00:00:05")
    assert formats.dumps(formats.loads(gapped, doc_id="s", format="srt")) == gapped


def test_text_that_would_read_back_as_labels_is_refused_not_misread() -> None:
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\nQ: Where were you?\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nA: At home.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nQ: Alone?\n"
    )
    transcript = formats.loads(srt, doc_id="qa", format="srt")
    with pytest.raises(
        FormatError, match="cannot be written as txt: 'Where were you.' would be read"
    ):
        formats.dumps(transcript, "txt")
    # Asked for labels, the same lines are written, and read back as speakers.
    text = formats.dumps(transcript, "txt", speakers="prefix")
    assert text == "Q: Where were you?\nA: At home.\nQ: Alone?\n"
    assert _speakers(formats.loads(text, doc_id="qa", origin="qa.txt")) == ["Q", "A", "Q"]
