"""Kind ``timing`` against hostile cues: every proposed fix leaves valid cues and never
makes the cue list worse (no cue ends before it starts, no overlap grows, the overlap
a clamp was for is gone); input that cannot be read is one clear line."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.cli.app import main
from workbench.engine import Engine, apply_decisions
from workbench.model import Decision, Segment, Suggestion, Transcript
from workbench.ruleset import RuleSet, parse_rule

Cue = tuple[int, int, str]

HOUR = 3_600_000


def transcript_of(cues: Sequence[Cue], fmt: str = "srt") -> Transcript:
    segments = tuple(
        Segment(i, start, end, text, line=3 + 4 * i) for i, (start, end, text) in enumerate(cues)
    )
    return Transcript(doc_id="doc", format=fmt, segments=segments)


def timing_flags(transcript: Transcript) -> list[Suggestion]:
    rule = parse_rule({"id": "t", "kind": "timing"})  # type: ignore[arg-type]
    return list(Engine(RuleSet((rule,))).scan(transcript).suggestions)


def times_after(transcript: Transcript, accepted: Sequence[Suggestion]) -> list[tuple[int, int]]:
    now = datetime.now(UTC)
    fixed = apply_decisions(transcript, [Decision(s, "accepted", s.after, now) for s in accepted])
    return [(seg.start, seg.end) for seg in fixed.segments]  # type: ignore[misc]


def overlap(times: Sequence[tuple[int, int]]) -> int:
    """Milliseconds of overlap summed over every pair of cues (a cue that ends before
    it starts covers nothing)."""
    return sum(
        max(0, min(a_end, b_end) - max(a_start, b_start))
        for (a_start, a_end), (b_start, b_end) in itertools.combinations(times, 2)
    )


def invalid(times: Sequence[tuple[int, int]]) -> int:
    return sum(end < start for start, end in times)


def assert_never_worse(transcript: Transcript) -> list[Suggestion]:
    """Every flag's fix alone, and all of them together, leave valid cues and no more
    overlap; a clamp removes the overlap with the next cue it was for."""
    found = timing_flags(transcript)
    before = [(seg.start, seg.end) for seg in transcript.segments]
    for flag in found:
        seg = transcript.segments[flag.span[0]]
        if flag.retimed:
            assert all(start <= end for start, end in flag.retimed), flag.reason
            assert flag.retimed[0][0] == seg.start  # no start moves
            for (_, cut), (start, _) in itertools.pairwise(flag.retimed):
                assert cut == start  # the pieces of a split follow on
            assert len(flag.retimed) == len(flag.after)
        after = times_after(transcript, [flag])
        assert invalid(after) <= invalid(before), flag.reason
        assert overlap(after) <= overlap(before), flag.reason
        if "overlaps the next cue" in flag.reason:
            following = transcript.segments[flag.span[0] + 1].start
            assert flag.retimed[-1][1] <= following  # type: ignore[operator]
    together = times_after(transcript, found)
    assert invalid(together) <= invalid(before)
    assert overlap(together) <= overlap(before)
    return found


GOOD = "a cue of fine length"


@pytest.mark.parametrize(
    ("cues", "problem", "retimed"),
    [
        # identical starts: no room to extend the short one (it would overlap more)
        ([(1000, 1300, "yes"), (1000, 3000, GOOD)], "starts with the next cue", ()),
        # a zero-length cue among cues starting with it: none is extended into another
        (
            [(1000, 1000, "zero"), (1000, 1300, "yes"), (1000, 5000, GOOD)],
            "zero-length cue",
            (),
        ),
        # start after end: given the time it needs, within the gap before the next
        (
            [(5000, 2000, "backwards cue"), (6000, 7500, GOOD)],
            "ends before it starts",
            ((5000, 5700),),
        ),
        # ... but never past the next cue, nor made into another invalid cue
        ([(5000, 2000, "backwards cue"), (4000, 7500, GOOD)], "ends before it starts", ()),
        # a million-hour end: split in two, both within it, by characters (5 and 6)
        (
            [(0, 1_000_000 * HOUR, "never ending")],
            "lasts 3600000000.00 s, over 7 s",
            (
                (0, round(1_000_000 * HOUR * 5 / 11)),
                (round(1_000_000 * HOUR * 5 / 11), 1_000_000 * HOUR),
            ),
        ),
        # a cue with no words but a symbol: long, and no split for one word
        ([(0, 12000, "♪"), (13000, 14500, GOOD)], "one word", ()),
        # a cue that starts before zero
        ([(-500, 100, "hi"), (3000, 4500, GOOD)], "lasts 0.60 s, under 0.7 s", ((-500, 200),)),
        # the next cue in the file starts earlier: out of order, no fix
        (
            [(5000, 6000, GOOD), (1000, 1200, "yes"), (1500, 3000, GOOD)],
            "starts before this one",
            (),
        ),
        # an earlier cue runs on past a short one: extending it would add overlap
        ([(0, 9000, GOOD), (1000, 1200, "yes"), (9500, 11000, GOOD)], "under 0.7 s", ()),
    ],
)
def test_hostile_cues_get_fixes_that_make_nothing_worse(
    cues: list[Cue], problem: str, retimed: tuple[tuple[int, int], ...]
) -> None:
    transcript = transcript_of(cues)
    found = assert_never_worse(transcript)
    flagged = [flag for flag in found if problem in flag.reason]
    assert flagged, [flag.reason for flag in found]
    assert flagged[0].retimed == retimed


def test_a_cue_with_no_words_at_all_shows_nothing_to_judge() -> None:
    transcript = transcript_of([(0, 12000, "   "), (12000, 12000, ""), (13000, 14500, GOOD)])
    assert assert_never_worse(transcript) == []


TEXTS = [
    "",
    "ok",
    "♪",
    GOOD,
    "one two three",
    "one two three\nfour five six",
    "four five six",
    "four five six\nseven eight",
    "a line far longer than forty-two characters, said much too fast",
]
"""Texts that make pop-on cues, rolling ones (each repeating the last line of the one
before) and empty, one-word and over-long ones."""


@st.composite
def cue_lists(draw: st.DrawFn) -> list[Cue]:
    """Up to 8 cues: starts from -1 s to 20 s, lengths from -2 s to 15 s (many of 0
    and 10 ms), in any order or following on."""
    cues: list[Cue] = []
    for _ in range(draw(st.integers(0, 8))):
        follows = cues and draw(st.booleans())
        start = cues[-1][1] if follows else draw(st.integers(-1000, 20000))
        length = draw(st.one_of(st.sampled_from([0, 10, 700]), st.integers(-2000, 15000)))
        cues.append((start, start + length, draw(st.sampled_from(TEXTS))))
    return cues


@settings(max_examples=300, deadline=None)
@given(cue_lists(), st.sampled_from(["srt", "vtt", "whisper"]))
def test_a_proposed_timing_fix_never_makes_the_cue_list_worse(cues: list[Cue], fmt: str) -> None:
    assert_never_worse(transcript_of(cues, fmt))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("back.srt", "1\n00:00:05,000 --> 00:00:02,000\nbackwards\n", "back.srt:2: end time"),
        ("nan.json", '{"segments": [{"start": 0, "end": NaN, "text": "hi"}]}', "nan.json:1: NaN"),
        ("inf.json", '{"segments": [{"start": 0, "end": Infinity, "text": "hi"}]}', "inf.json:1"),
        ("huge.json", '{"segments": [{"start": 0, "end": 1e20, "text": "hi"}]}', "out of range"),
        ("word.json", '{"segments": [{"start": 0, "end": "x", "text": "hi"}]}', "expected a time"),
    ],
)
def test_times_that_cannot_be_read_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, expected: str
) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    code = main(["scan", "--store", str(tmp_path / "store"), "--rule", "timing", str(source)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and expected in err[0] and "Traceback" not in err[0]


def test_a_million_hour_cue_is_read_flagged_and_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "long.srt"
    source.write_text("1\n00:00:00,000 --> 1000000:00:00,000\nthe cue that never ends\n")
    assert main(["scan", "--json", "--store", str(tmp_path / "store"), str(source)]) == 0
    out = capsys.readouterr().out
    assert '"end": 3600000000.0' in out and "split at" in out
