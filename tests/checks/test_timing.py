"""Kind ``timing``: each problem, its fix applied, JSON times, untimed formats, the shipped rule."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbench.cli.app import main
from workbench.engine import Engine, apply_decisions
from workbench.model import Decision, Segment, Suggestion, Transcript, Word
from workbench.ruleset import RuleSet, parse_rule

TIMING = {"id": "t", "kind": "timing"}


def cues(*cues: tuple[int, int, str], fmt: str = "srt") -> Transcript:
    """A transcript of (start ms, end ms, text) cues."""
    segments = tuple(
        Segment(i, start, end, text, line=3 + 4 * i) for i, (start, end, text) in enumerate(cues)
    )
    return Transcript(doc_id="doc", format=fmt, segments=segments)


def flags(transcript: Transcript, **options: object) -> list[Suggestion]:
    rules = RuleSet((parse_rule({**TIMING, **options}),))  # type: ignore[arg-type]
    return [s for s in Engine(rules).scan(transcript).suggestions if s.kind == "timing"]


def accepted(transcript: Transcript, found: Sequence[Suggestion]) -> list[tuple[int, int, str]]:
    now = datetime.now(UTC)
    fixed = apply_decisions(transcript, [Decision(s, "accepted", s.after, now) for s in found])
    return [(seg.start, seg.end, seg.text) for seg in fixed.segments]  # type: ignore[misc]


GOOD = "a cue of fine length"  # 20 characters: 1 s at 20 characters/s


@pytest.mark.parametrize(
    ("given", "problem", "expected"),
    [
        # zero-length: extended to the 0.7 s minimum (the gap allows it)
        ([(1000, 1000, "hi"), (5000, 6500, GOOD)], "zero-length cue", (1000, 1700, "hi")),
        # overlapping the next cue: clamped to its start
        (
            [(1000, 3400, GOOD), (3000, 4500, GOOD)],
            "overlaps the next cue by 0.40 s",
            (1000, 3000, GOOD),
        ),
        # too short: extended into the free gap, up to the next cue's start
        (
            [(1000, 1300, "yes"), (1500, 3000, GOOD)],
            "lasts 0.30 s, under 0.7 s",
            (1000, 1500, "yes"),
        ),
        # too fast: 40 characters in 1 s, extended to the 2 s they need
        (
            [(0, 1000, GOOD + " " + "and nineteen more."), (9000, 10500, GOOD)],
            "reads at 39.0 characters/s, over 20",
            (0, 1950, GOOD + " and nineteen more."),
        ),
    ],
)
def test_each_problem_is_flagged_and_its_fix_applies(
    given: list[tuple[int, int, str]], problem: str, expected: tuple[int, int, str]
) -> None:
    transcript = cues(*given)
    (flag,) = flags(transcript)
    assert flag.span == (0, 0)
    assert problem in flag.reason
    assert accepted(transcript, [flag])[0] == expected


def test_a_long_cue_is_split_near_a_clause_end_with_times_by_characters() -> None:
    text = "We trained it for a long time, and then we shipped it to everyone at once"
    transcript = cues((0, 9000, text), (12000, 13500, GOOD))
    (flag,) = flags(transcript, max_line_length=80)
    assert "lasts 9.00 s, over 7 s" in flag.reason
    fixed = accepted(transcript, [flag])
    first, second = "We trained it for a long time,", "and then we shipped it to everyone at once"
    cut = round(9000 * len(first) / (len(first) + len(second)))
    assert fixed[:2] == [(0, cut, first), (cut, 9000, second)]
    assert fixed[2] == (12000, 13500, GOOD)


def test_long_lines_are_re_wrapped_in_subtitles_but_not_in_whisper() -> None:
    text = "this line is far longer than forty-two characters on screen"
    transcript = cues((0, 4000, text), (5000, 6500, GOOD))
    (flag,) = flags(transcript)
    assert "line 1 has 59 characters, over 42" in flag.reason
    ((_, _, wrapped), _) = accepted(transcript, [flag])
    assert wrapped == "this line is far longer than forty-two\ncharacters on screen"
    assert flags(cues((0, 4000, text), (5000, 6500, GOOD), fmt="whisper")) == []


def test_a_good_cue_is_not_flagged_and_untimed_formats_are_left_alone() -> None:
    assert flags(cues((0, 1500, GOOD), (2000, 3500, GOOD))) == []
    untimed = Transcript(
        "doc", "txt", tuple(Segment(i, None, None, "x", line=i + 1) for i in range(3))
    )
    assert flags(untimed) == []


def test_a_problem_without_a_fix_says_so_and_changes_nothing() -> None:
    # 30 characters in 1 s with the next cue right after: no time to give it.
    transcript = cues((0, 1000, "thirty characters of text here"), (1000, 2500, GOOD))
    (flag,) = flags(transcript)
    assert "no fix proposed" in flag.reason and flag.retimed == ()
    assert accepted(transcript, [flag]) == [(s.start, s.end, s.text) for s in transcript.segments]


def test_a_timing_fix_keeps_a_text_fix_accepted_in_the_same_cue() -> None:
    transcript = cues((1000, 3400, "we used gpd4 here"), (3000, 4500, GOOD))
    rules = RuleSet(
        (
            parse_rule(TIMING),  # type: ignore[arg-type]
            parse_rule({"id": "gpt", "kind": "term", "canonical": "GPT-4", "variants": ["gpd4"]}),  # type: ignore[arg-type]
        )
    )
    found = Engine(rules).scan(transcript).suggestions
    assert {s.kind for s in found} == {"timing", "term"}  # neither beats the other
    assert accepted(transcript, found)[0] == (1000, 3000, "we used GPT-4 here")


def test_scan_json_reports_timing_flags_with_seconds_and_the_summary_counts_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "clip.srt"
    source.write_text(
        "1\n00:00:01,000 --> 00:00:03,400\nthe first cue\n\n"
        "2\n00:00:03,000 --> 00:00:04,500\nthe second cue\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    assert main(["scan", "--json", "--store", store, str(source)]) == 0
    (flag,) = [f for f in json.loads(capsys.readouterr().out) if f["rule"] == "timing"]
    assert (flag["start"], flag["end"], flag["line"]) == (1.0, 3.4, 3)
    assert main(["scan", "--store", store, str(source)]) == 0
    summary = capsys.readouterr().out
    assert any(line.split()[:3] == ["timing", "timing", "1"] for line in summary.splitlines())


def test_an_accepted_clamp_is_written_into_the_srt(tmp_path: Path) -> None:
    source = tmp_path / "clip.srt"
    source.write_text(
        "1\n00:00:01,000 --> 00:00:03,400\nthe first cue\n\n"
        "2\n00:00:03,000 --> 00:00:04,500\nthe second cue\n",
        encoding="utf-8",
    )
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "t.yaml").write_text("rules:\n  - {id: clamp, kind: timing, auto: true}\n")
    store = tmp_path / "store"
    assert main(["apply", "--store", str(store), "--rules", str(rules), str(source)]) == 0
    written = (store / "clip" / "v001.srt").read_text(encoding="utf-8")
    assert "00:00:01,000 --> 00:00:03,000\nthe first cue" in written
    assert "00:00:03,000 --> 00:00:04,500\nthe second cue" in written


def test_a_long_cue_with_word_times_is_split_where_its_second_half_was_said() -> None:
    text = "We trained it for a long time, and then we shipped it"
    said = [0, 400, 800, 1000, 1300, 1500, 1900, 6200, 6500, 6900, 7200, 7800]
    words = tuple(Word(word, at, at + 300) for word, at in zip(text.split(), said, strict=True))
    cue = Segment.read(text, index=0, start=0, end=9000, text=text, line=3, words=words)
    transcript = Transcript("doc", "srt", (cue, Segment(1, 12000, 13500, GOOD, line=7)))
    (flag,) = flags(transcript, max_line_length=80)
    fixed = accepted(transcript, [flag])
    # By characters the cut would be at 5,192 ms; "and" was said at 6.2 s.
    assert fixed[:2] == [
        (0, 6200, "We trained it for a long time,"),
        (6200, 9000, "and then we shipped it"),
    ]


def test_a_clamped_cue_is_judged_on_its_time_as_read() -> None:
    transcript = cues((1000, 1600, "yes"), (1500, 3000, GOOD))
    (flag,) = flags(transcript)
    assert "overlaps the next cue by 0.10 s; lasts 0.60 s, under 0.7 s" in flag.reason
    assert flag.retimed == ((1000, 1500),)
