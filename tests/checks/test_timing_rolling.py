"""Kind ``timing`` on roll-up captions: judged as the viewer sees them (YouTube's WebVTT
with repeated lines and transition cues, its SRT with stacked lines), so that only the
real timing problems of such a file are flagged."""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.checks.onscreen import shown
from workbench.cli.app import main
from workbench.engine import Engine, apply_decisions
from workbench.formats import load, loads
from workbench.model import Decision, Suggestion, Transcript
from workbench.ruleset import RuleSet, load_rule_set, parse_rule

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SAMPLE = SHARED / "samples" / "youtube-auto-captions.vtt"
DEVSET = SHARED / "devset" / "corpus"

Cue = tuple[int, int, str]
"""(start ms, end ms, text) of one cue."""


def _stamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def youtube_cues(lines: Sequence[tuple[int, int, str]]) -> list[Cue]:
    """The cues YouTube writes for spoken ``lines`` (start, end, text): each line
    revealed under the line before, then a 10 ms cue of it alone (the scroll)."""
    cues: list[Cue] = []
    previous = ""
    for start, end, text in lines:
        cues.append((start, end, f"{previous}\n{text}" if previous else text))
        cues.append((end, end + 10, text))
        previous = text
    return cues


def vtt(cues: Sequence[Cue]) -> str:
    """``cues`` as YouTube's WebVTT (its header; a blank line above the first line)."""
    blocks = ["WEBVTT\nKind: captions\nLanguage: en\n"]
    for position, (start, end, text) in enumerate(cues):
        body = f" \n{text}" if position == 0 else text
        blocks.append(f"{_stamp(start)} --> {_stamp(end)} align:start position:0%\n{body}\n")
    return "\n".join(blocks)


def timing_flags(transcript: Transcript) -> list[Suggestion]:
    """The flags of the shipped ``timing`` rule."""
    rules = load_rule_set([], use_default=True)
    timing = rules.get("timing")
    assert timing is not None
    return list(Engine(RuleSet((timing,))).scan(transcript).suggestions)


SPOKEN = [
    "so today we are going to look at the new",
    "laptop that everyone has been talking",
    "about for the last few weeks and whether",
    "it really is as quiet as they say it is",
    "because the fan is the first thing you",
    "notice when you open it up on the desk",
    "and the second thing is the heat that",
    "builds up under the keyboard after a",
    "while of compiling code or editing video",
    "which is what most of us will do with it",
]
"""Ten caption lines of 36–40 characters: at 2.5 s each, about 16 characters a second."""


def spoken_lines(**changed: tuple[int, str]) -> list[tuple[int, int, str]]:
    """``SPOKEN`` at 2.5 s a line; ``changed`` gives line N (``line3=...``) another
    duration (ms) and text, the lines after it following on."""
    lines, at = [], 0
    for number, text in enumerate(SPOKEN):
        duration, text = changed.get(f"line{number}", (2490, text))
        lines.append((at, at + duration, text))
        at += duration + 10
    return lines


def test_a_clean_youtube_file_has_no_timing_flag_though_every_cue_rolls() -> None:
    transcript = loads(vtt(youtube_cues(spoken_lines())), doc_id="clip", origin="clip.vtt")
    assert len(transcript.segments) == 20  # ten lines, ten 10 ms transition cues
    assert timing_flags(transcript) == []


def test_the_viewers_view_of_a_rolling_cue_is_its_new_line_until_it_scrolls_off() -> None:
    transcript = loads(vtt(youtube_cues(spoken_lines())), doc_id="clip", origin="clip.vtt")
    views = shown(transcript.segments)
    second, transition = views[2], views[3]
    assert (second.repeats, second.new) == (1, SPOKEN[1])
    assert second.newest == 2500  # its cue and the 10 ms transition after it
    assert second.visible == 4990  # and the next cue, where it is the top line
    assert second.shows == range(2, 5)  # its cue, the transition, the next cue
    assert transition.new == "" and transition.repeats == 1


def test_real_problems_in_a_rolling_file_are_still_flagged() -> None:
    forty = "and then everything happened at once here"  # 41 characters
    lines = spoken_lines(
        line2=(0, SPOKEN[2]),  # a zero-length cue: its line is never revealed
        line4=(12000, SPOKEN[4]),  # a cue of 12 s
        line6=(490, forty),  # new text on screen 0.49 + 0.01 + 0.49 s: 41.4 characters/s
        line7=(490, "ok"),
    )
    cues = youtube_cues(lines)
    start, _, text = cues[16]  # the cue of line 8 overlaps the cue after it by 0.6 s
    cues[16] = (start, cues[17][0] + 600, text)
    transcript = loads(vtt(cues), doc_id="clip", origin="clip.vtt")
    found = {flag.span[0]: flag.reason for flag in timing_flags(transcript)}
    assert sorted(found) == [4, 8, 12, 16]
    assert "zero-length cue" in found[4]
    assert "lasts 12.01 s, over 7 s" in found[8]
    assert "a rolling caption is not split" in found[8]
    assert "its new text reads at 41.4 characters/s, over 20" in found[12]
    assert "overlaps the next cue by 0.60 s" in found[16]


def test_a_line_stays_on_screen_only_without_a_break() -> None:
    # The transition comes a second after the cue ends: the line left the screen.
    cues = youtube_cues(spoken_lines())
    start, end, text = cues[1]
    cues[1] = (start + 1000, end + 1000, text)
    views = shown(loads(vtt(cues), doc_id="clip", origin="clip.vtt").segments)
    assert views[0].visible == views[0].newest == 2490


def test_a_repeat_from_inside_the_cue_before_is_new_text() -> None:
    # "to ten" repeats words of the line before, not its last line: it is said anew.
    cues = [(0, 2000, "one to ten shall we do that"), (2000, 4000, "to ten")]
    views = shown(loads(vtt(cues), doc_id="c", origin="c.vtt").segments)
    assert (views[1].repeats, views[1].new) == (0, "to ten")


def test_stacked_srt_lines_overlap_by_design_and_a_real_overlap_is_flagged() -> None:
    # YouTube's timed text as SRT: each line lasts until the line after next starts,
    # and at a pause the last two end together.
    starts = [0, 2500, 5000, 7500, 10000, 12500]
    ends = [5000, 7500, 10000, 13900, 14500, 14500]
    ends[3] = 11000  # scrolls off a second after the line after next came: overlap
    srt = "\n".join(
        f"{n + 1}\n{_stamp(a).replace('.', ',')} --> {_stamp(b).replace('.', ',')}\n{SPOKEN[n]}\n"
        for n, (a, b) in enumerate(zip(starts, ends, strict=True))
    )
    transcript = loads(srt, doc_id="stack", origin="stack.srt")
    (flag,) = timing_flags(transcript)
    assert flag.span == (3, 3)
    assert "overlaps the next cue by 1.00 s" in flag.reason
    assert flag.retimed == ((7500, 10000),)


@pytest.mark.parametrize(
    ("path", "before", "most"),
    [
        (SAMPLE, 43, 0),
        (DEVSET / "hardware_macbook-air-2020-cooling.en.vtt", 748, 1),
        (DEVSET / "gaming_blood-bowl-chaos-vs-skaven.en.vtt", 1891, 20),
        (DEVSET / "economics_money-macro-2022-year-review.srt", 1459, 3),
    ],
)
def test_youtube_files_keep_only_a_handful_of_timing_flags(
    path: Path, before: int, most: int
) -> None:
    """``before``: the flags when every cue was judged alone."""
    transcript = load(path)
    found = timing_flags(transcript)
    assert len(found) <= most < before / 10
    for flag in found:
        # Each flag is about a cue that shows new text, never about a transition cue.
        assert shown(transcript.segments)[flag.span[0]].new


def test_the_macbook_file_flags_the_line_left_on_screen_through_a_pause() -> None:
    transcript = load(DEVSET / "hardware_macbook-air-2020-cooling.en.vtt")
    (flag,) = timing_flags(transcript)
    assert flag.line == 198 and "lasts 10.21 s, over 7 s" in flag.reason


def test_a_pop_on_file_is_judged_cue_by_cue_as_before() -> None:
    # Whisper lines made subtitles: nothing repeats, so each cue is all new text.
    transcript = load(DEVSET / "ai-ml_pytorch-deep-learning-frameworks.srt")
    views = shown(transcript.segments)
    assert all(view.new == seg.text.strip() for view, seg in zip(views, transcript.segments))
    assert all(not view.rolling for view in views)


def test_rule_options_still_apply_to_rolling_cues() -> None:
    transcript = loads(vtt(youtube_cues(spoken_lines())), doc_id="clip", origin="clip.vtt")
    rule = parse_rule({"id": "strict", "kind": "timing", "max_cps": 12})  # type: ignore[arg-type]
    found = list(Engine(RuleSet((rule,))).scan(transcript).suggestions)
    # 36–40 characters on screen 5 s reads at 7–8 a second; the last line has no
    # cue after it: 40 characters in 2.5 s.
    assert [flag.span for flag in found] == [(18, 18)]


def test_scan_json_gives_each_timing_flag_its_cue_times_and_the_table_counts_per_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = spoken_lines(line4=(12000, SPOKEN[4]))
    source = tmp_path / "clip.vtt"
    source.write_text(vtt(youtube_cues(lines)), encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "strict.yaml").write_text(
        "rules:\n  - {id: timing-strict, kind: timing, formats: [vtt], max_cps: 12}\n"
    )
    common = ["--store", str(tmp_path / "store"), "--rules", str(rules), str(source)]
    assert main(["scan", "--json", *common]) == 0
    flags = json.loads(capsys.readouterr().out)
    timed = [flag for flag in flags if flag["kind"] == "timing"]
    cues = loads(source.read_text(encoding="utf-8"), doc_id="clip", origin=str(source)).segments
    for flag in timed:
        cue = cues[flag["segment"]]
        assert (flag["start"], flag["end"]) == (cue.start / 1000, cue.end / 1000)  # type: ignore[operator]
    assert all("start" not in flag for flag in flags if flag["kind"] != "timing")
    per_rule = Counter(flag["rule"] for flag in timed)
    assert per_rule == {"timing": 1, "timing-strict": 2}  # the 12 s cue; and the last line
    assert main(["scan", *common]) == 0
    table = {row.split()[0]: row.split()[1:4] for row in capsys.readouterr().out.splitlines()[2:]}
    assert table["timing"] == ["timing", "1", "1"]
    assert table["timing-strict"] == ["timing", "2", "1"]


FAST = spoken_lines(**{f"line{number}": (1790, text) for number, text in enumerate(SPOKEN[:9])})
"""``SPOKEN`` at 1.8 s a line (the last 2.5 s: no line comes after it): 20–22
characters a second for a line shown alone that long, 10–11 over the 3.6 s a
roll-up viewer has it (its cue and the next)."""

ROLLED_UP = [(n * 1800, (n + 2) * 1800 if n < 8 else 18700, text) for n, text in enumerate(SPOKEN)]
"""``FAST`` once its copies are removed: each line on screen from its cue's start until
the line after next starts (the last two cleared together at the end)."""


def _cues(transcript: Transcript) -> list[Cue]:
    return [(seg.start or 0, seg.end or 0, seg.text) for seg in transcript.segments]


def test_apply_keeps_each_line_on_screen_as_long_as_the_rolling_captions_did(
    tmp_path: Path,
) -> None:
    source = tmp_path / "clip.vtt"
    source.write_text(vtt(youtube_cues(FAST)), encoding="utf-8")
    assert timing_flags(load(source)) == []  # fine as the viewer sees it
    assert main(["apply", "--store", str(tmp_path / "store"), str(source)]) == 0
    version = load(tmp_path / "store" / "clip" / "v001.vtt")
    assert _cues(version) == ROLLED_UP
    assert timing_flags(version) == []


@functools.cache
def _shipped_engine() -> Engine:
    return Engine(load_rule_set([], use_default=True))


def _accepted(transcript: Transcript, rule: str, structural: bool | None = None) -> Transcript:
    """``transcript`` with the flags of ``rule`` accepted as a reviewer does (folded
    flags, ``Engine.flags``), only deletions or only trims when ``structural`` says."""
    engine = _shipped_engine()
    now = datetime.now(UTC)
    decisions = [
        Decision(flag, "accepted", flag.after, now)
        for flag in engine.flags(transcript).suggestions
        if flag.rule_id == rule and structural in (None, not flag.edits)
    ]
    assert decisions
    return apply_decisions(transcript, decisions)


def test_accepting_the_rolling_flags_in_review_gives_the_lines_their_time_on_screen() -> None:
    transcript = loads(vtt(youtube_cues(FAST)), doc_id="clip", origin="clip.vtt")
    accepted = _accepted(transcript, "rolling-captions")
    assert _cues(accepted) == ROLLED_UP
    assert timing_flags(accepted) == []
    assert all(view.stacked for view in shown(accepted.segments)[:-2])


def test_a_line_still_repeated_on_top_of_the_next_cue_ends_where_that_cue_starts() -> None:
    # Only the 10 ms scroll cues removed: each cue still shows the line before on top.
    transcript = loads(vtt(youtube_cues(FAST)), doc_id="clip", origin="clip.vtt")
    accepted = _accepted(transcript, "rolling-captions", structural=True)
    cues = _cues(accepted)
    assert len(cues) == 10
    assert [(start, end) for start, end, _ in cues] == [
        *((n * 1800, (n + 1) * 1800) for n in range(9)),
        (16200, 18700),
    ]
    assert timing_flags(accepted) == []


def test_a_line_removed_as_a_repeat_of_a_pop_on_cue_gives_its_time_to_that_cue() -> None:
    # Not rolling captions: a Whisper-style repeat, removed, leaves its time to the cue it repeats.
    text = vtt([(0, 2000, SPOKEN[0]), (2000, 3000, SPOKEN[0]), (3500, 5000, SPOKEN[1])])
    transcript = loads(text.replace("Kind: captions\n", ""), doc_id="clip", origin="clip.vtt")
    accepted = _accepted(transcript, "repeated-segment")
    assert _cues(accepted) == [(0, 3000, SPOKEN[0]), (3500, 5000, SPOKEN[1])]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(300, 4000), st.sampled_from([0, 0, 0, 500, 2000])),
        min_size=2,
        max_size=len(SPOKEN),
    )
)
def test_a_line_stays_while_the_viewer_saw_it_and_goes_when_the_line_after_next_comes(
    timed: list[tuple[int, int]],
) -> None:
    """Lines of any length, some after a pause (``gap`` ms after the scroll)."""
    lines, at = [], 0
    for (duration, gap), text in zip(timed, SPOKEN, strict=False):
        lines.append((at, at + duration, text))
        at += duration + 10 + gap
    transcript = loads(vtt(youtube_cues(lines)), doc_id="clip", origin="clip.vtt")
    accepted = _accepted(transcript, "rolling-captions")
    assert [seg.text for seg in accepted.segments] == [text for _, _, text in lines]
    for n, (seg, (start, end, _)) in enumerate(zip(accepted.segments, lines, strict=True)):
        assert seg.start == start
        assert seg.end is not None and seg.end >= end + 10  # its cue and its scroll
        if n + 1 < len(lines) and lines[n + 1][0] == end + 10:  # no pause before the next
            assert seg.end >= lines[n + 1][1]  # on top of the next line
        if n + 2 < len(lines):
            assert seg.end <= lines[n + 2][0]  # gone when the line after next comes


def test_accepting_only_the_trims_keeps_each_line_on_screen_over_the_scroll_cue() -> None:
    # The 10 ms scroll cues stay; each line's copy on top of the next cue goes: the
    # line's own cue runs on to where that next cue ends, over its scroll cue.
    transcript = loads(vtt(youtube_cues(FAST)), doc_id="clip", origin="clip.vtt")
    accepted = _accepted(transcript, "rolling-captions", structural=False)
    cues = _cues(accepted)
    lines = [cue for n, cue in enumerate(cues) if n == 0 or cue[2] != cues[n - 1][2]]
    assert [(start, end) for start, end, _ in lines] == [
        *((n * 1800, (n + 2) * 1800 - 10) for n in range(8)),
        (14400, 18690),  # its next cue is the last, 2.5 s
        (16200, 18690),  # the last
    ]
    assert timing_flags(accepted) == []
