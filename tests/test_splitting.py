"""Cutting a cue in two: at the word under a cursor, timed by its words or by characters."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbench import formats
from workbench.engine import apply_decisions
from workbench.model import Decision
from workbench.splitting import cut_text, split_change

TALK = Path(__file__).resolve().parent / "data" / "scenario" / "talk.json"


@pytest.mark.parametrize(
    ("at", "halves"),
    [
        (9, ("one two", "three four")),  # inside "three": before it
        (8, ("one two", "three four")),  # at the start of "three"
        (7, ("one two", "three four")),  # at the end of "two": after it
        (1, ("one", "two three four")),  # in the first word: after it
        (17, ("one two three", "four")),  # in the last word
    ],
)
def test_the_cut_goes_before_the_word_under_the_cursor(at: int, halves: tuple[str, str]) -> None:
    assert cut_text("one two three four", at) == halves


def test_one_word_cannot_be_cut() -> None:
    assert cut_text("  word ", 3) is None


def test_the_second_half_starts_when_its_first_word_was_said() -> None:
    transcript = formats.load(TALK)
    text = transcript.segments[2].text
    change = split_change(transcript, 2, text.index("and the results"))
    assert change is not None
    assert change.after == (
        "We trained it on GPD four",
        "and the results surprised everyone on the team, including Mina who led the evaluation work.",
    )
    said = next(w.start for w in transcript.segments[2].words if w.text == "and")
    assert change.retimed == ((6200, said), (said, 15800))
    split = apply_decisions(
        transcript, [Decision(change, "accepted", change.after, datetime.now(UTC))]
    )
    assert [(s.start, s.end, s.speaker) for s in split.segments[2:4]] == [
        (6200, said, "SPEAKER_01"),
        (said, 15800, "SPEAKER_01"),
    ]
    back = formats.loads(formats.dumps(split), doc_id="talk", format="whisper-json")
    assert [w.text for w in back.segments[3].words][:3] == ["and", "the", "results"]


def test_without_word_times_the_time_is_shared_by_characters() -> None:
    srt = "1\n00:00:00,000 --> 00:00:10,000\naaaa bbbbbbbbbbbbbbb\n"
    transcript = formats.loads(srt, doc_id="clip", format="srt")
    change = split_change(transcript, 0, 6)
    assert change is not None
    assert change.after == ("aaaa", "bbbbbbbbbbbbbbb")
    assert change.retimed == ((0, 2105), (2105, 10000))  # 4 of 19 characters
