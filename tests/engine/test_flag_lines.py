"""A flag's ``line`` is the file line of the words it flags, and a flag on the rolling
copies of a caption line is shown once, on the line with the ``<c>`` word timings;
accepting it fixes the copies too."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import accept_all, rule_set
from workbench import formats
from workbench.documents import open_latest
from workbench.engine import Engine, apply_decisions
from workbench.formats.cues import CueFormat
from workbench.model import Decision, Segment, Suggestion, Transcript
from workbench.review import ReviewDB
from workbench.review.session import ReviewSession
from workbench.ruleset import RuleSet, load_rule_set
from workbench.store import Store

TERM = {"id": "kube", "kind": "term", "canonical": "Kubernetes", "variants": ["cooper netties"]}

# Three spoken lines as YouTube writes them: each appears with <c> timings under the
# line before, then alone for 10 ms, then again above the next line.
ROLLING = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.000 align:start position:0%
 
we<00:00:00.400><c> deployed</c><00:00:00.800><c> it</c><00:00:01.200><c> on</c>

00:00:02.000 --> 00:00:02.010 align:start position:0%
we deployed it on
 

00:00:02.010 --> 00:00:04.000 align:start position:0%
we deployed it on
cooper<00:00:02.400><c> netties</c><00:00:02.800><c> last</c><00:00:03.200><c> week</c>

00:00:04.000 --> 00:00:04.010 align:start position:0%
cooper netties last week
 

00:00:04.010 --> 00:00:06.000 align:start position:0%
cooper netties last week
and<00:00:04.400><c> it</c><00:00:04.800><c> just</c><00:00:05.200><c> worked</c>

00:00:06.000 --> 00:00:06.010 align:start position:0%
and it just worked
 
"""
MISHEARD_LINE = 15
"""The file line of ``cooper<...><c> netties``: the second text line of its cue."""


def _rolling_rules(*extra: dict[str, object]) -> RuleSet:
    (rolling,) = (r for r in load_rule_set().rules if r.id == "rolling-captions")
    return RuleSet((rolling, *rule_set(*extra).rules))


def _scan(rules: RuleSet, text: str = ROLLING) -> tuple[Transcript, tuple[Suggestion, ...]]:
    transcript = formats.loads(text, doc_id="talk", origin="talk.vtt")
    return transcript, Engine(rules).flags(transcript).suggestions


def _accepted(transcript: Transcript, chosen: list[Suggestion]) -> Transcript:
    now = datetime.now(UTC)
    return apply_decisions(transcript, [Decision(s, "accepted", s.after, now) for s in chosen])


def test_a_mishearing_in_rolling_captions_is_flagged_once_on_its_timed_line() -> None:
    _, found = _scan(_rolling_rules(TERM))
    terms = [s for s in found if s.rule_id == "kube"]
    assert len(terms) == 1
    (term,) = terms
    assert (term.line, term.last_line) == (MISHEARD_LINE, MISHEARD_LINE)
    assert ROLLING.splitlines()[MISHEARD_LINE - 1].startswith("cooper<")
    assert len(term.copies) == 2
    assert "2 repeated copies" in term.reason


def test_accepting_the_fix_alone_fixes_every_copy_when_written() -> None:
    transcript, found = _scan(_rolling_rules(TERM))
    (term,) = (s for s in found if s.rule_id == "kube")
    written = formats.dumps(_accepted(transcript, [term]))
    assert "cooper" not in written
    assert written.count("Kubernetes last week") == 3
    # The other cues keep their bytes, word timings included.
    assert "we<00:00:00.400><c> deployed</c>" in written


def test_accepting_the_fix_and_the_rolling_repeats_leaves_each_line_once() -> None:
    transcript, found = _scan(_rolling_rules(TERM))
    fixed = accept_all(transcript, found)
    assert [seg.text for seg in fixed.segments] == [
        "we deployed it on",
        "Kubernetes last week",
        "and it just worked",
    ]


def test_without_the_repeats_rule_every_copy_is_its_own_flag() -> None:
    _, found = _scan(rule_set(TERM))
    assert [s.line for s in found] == [MISHEARD_LINE, 18, 22]
    assert all(not s.copies for s in found)


def test_the_same_words_on_another_spoken_line_are_not_a_copy() -> None:
    # Said twice, far apart: two flags, neither folded into the other.
    text = ROLLING + ROLLING.split("\n\n", 1)[1].replace("00:00:0", "00:01:0")
    _, found = _scan(_rolling_rules(TERM), text)
    assert [len(s.copies) for s in found if s.rule_id == "kube"] == [2, 2]


SRT = """1
00:00:01,000 --> 00:00:03,000
we deployed it
on cooper netties

2
00:00:03,000 --> 00:00:05,000
cooper netties again
"""


def test_a_flag_on_the_second_line_of_a_cue_names_that_line() -> None:
    transcript = formats.loads(SRT, doc_id="talk", origin="talk.srt")
    found = Engine(rule_set(TERM)).scan(transcript).suggestions
    assert [(s.line, s.last_line) for s in found] == [(4, 4), (8, 8)]


def test_a_cue_line_that_reads_as_nothing_is_counted() -> None:
    # A line of markup alone is not a text line, but it is a file line.
    vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\nwe deployed it\n<c></c>\non cooper netties\n"
    transcript = formats.loads(vtt, doc_id="talk", origin="talk.vtt")
    (found,) = Engine(rule_set(TERM)).scan(transcript).suggestions
    assert transcript.segments[0].text == "we deployed it\non cooper netties"
    assert (found.line, found.last_line) == (6, 6)


def test_a_fix_over_two_lines_of_a_cue_names_both() -> None:
    rule = {
        "id": "span",
        "kind": "replace",
        "pattern": r"it\s+on",
        "replace": "it on",
        "regex": True,
    }
    transcript = formats.loads(SRT, doc_id="talk", origin="talk.srt")
    (found,) = Engine(rule_set(rule)).scan(transcript).suggestions
    assert (found.line, found.last_line) == (3, 4)


def test_a_deleted_cue_names_its_first_and_last_text_lines() -> None:
    repeated = SRT.replace("cooper netties again", "we deployed it\non cooper netties")
    transcript = formats.loads(repeated, doc_id="talk", origin="talk.srt")
    rule = {"id": "dup", "kind": "duplicate"}
    (found,) = Engine(rule_set(rule)).scan(transcript).suggestions
    assert (found.span, found.line, found.last_line) == ((1, 1), 8, 9)


ASS = """[Script Info]
ScriptType: v4.00+

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,we deployed it\\Non cooper netties
"""


def test_an_ass_dialogue_holds_all_its_lines_on_one_file_line() -> None:
    transcript = formats.loads(ASS, doc_id="talk", origin="talk.ass")
    (found,) = Engine(rule_set(TERM)).scan(transcript).suggestions
    assert "\n" in transcript.segments[0].text
    assert (found.line, found.last_line) == (6, 6)


def test_in_review_the_accepted_fix_reaches_the_copies_of_the_written_version(
    tmp_path: Path,
) -> None:
    source = tmp_path / "talk.vtt"
    source.write_text(ROLLING, encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "kube.yaml").write_text(f"rules:\n  - {json.dumps(TERM)}\n", encoding="utf-8")
    store = Store(tmp_path / "corrected")
    session = ReviewSession(
        ReviewDB(store.db_path),
        store,
        [open_latest(source, store)],
        lambda: load_rule_set([rules]),
    )
    shown = [session.items[index] for index in session.visible]
    assert [item.key.rule for item in shown].count("kube") == 1
    session.go(next(row for row, item in enumerate(shown) if item.key.rule == "kube"))
    session.accept()
    written = session.write_version("talk").path
    assert written is not None
    text = written.read_text(encoding="utf-8")
    assert text.count("Kubernetes last week") == 3 and "cooper" not in text
    assert source.read_text(encoding="utf-8") == ROLLING


def test_an_srt_cue_text_line_after_a_blank_line_names_its_own_line() -> None:
    srt = "1\n00:00:01,000 --> 00:00:03,000\nwe deployed it\n\non cooper netties\n"
    transcript = formats.loads(srt, doc_id="talk", origin="talk.srt")
    (found,) = Engine(rule_set(TERM)).scan(transcript).suggestions
    assert transcript.segments[0].text == "we deployed it\non cooper netties"
    assert (found.line, found.last_line) == (5, 5)


def test_a_cue_of_many_lines_is_mapped_once_for_all_its_flags(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\n" + "on cooper netties\n" * 2000
    transcript = formats.loads(vtt, doc_id="talk", origin="talk.vtt")
    calls: list[int] = []
    mapping = CueFormat.text_line_numbers

    def counted(self: CueFormat, segment: Segment) -> tuple[int, ...]:
        calls.append(segment.index)
        return mapping(self, segment)

    monkeypatch.setattr(CueFormat, "text_line_numbers", counted)
    found = Engine(rule_set(TERM)).scan(transcript).suggestions
    assert [s.line for s in found] == list(range(4, 2004))
    assert calls == [0]
