"""The engine: one automaton, overlap resolution, composing and applying decisions."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbench.engine import Engine, apply_decisions, flag_json
from workbench.errors import RuleError
from workbench.formats import load
from workbench.model import Decision, Segment, Suggestion, Transcript
from workbench.resources import sample_corpus_dir
from workbench.ruleset import RuleSet, load_rule_set

NOW = datetime.now(UTC)
GPT = {"id": "gpt", "kind": "term", "canonical": "GPT", "variants": ["GBT"]}
CHATGPT = {"id": "chatgpt", "kind": "term", "canonical": "ChatGPT", "variants": ["chat GBT"]}
MODE = {"id": "mode", "kind": "replace", "pattern": "mode", "replace": "moat", "auto": True}


def test_longest_match_wins_and_loser_is_reported(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    result = Engine(rules_of(GPT, CHATGPT)).scan(transcript_of(["we built chat GBT here"]))
    assert [s.rule_id for s in result.suggestions] == ["chatgpt"]
    assert [s.rule_id for s in result.overlapped] == ["gpt"]
    assert result.suggestions[0].after == ("we built ChatGPT here",)


def test_equal_length_overlap_goes_to_the_rule_loaded_first(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    first = {"id": "a", "kind": "term", "canonical": "Alpha", "variants": ["alfa"]}
    second = {"id": "b", "kind": "replace", "pattern": "alfa", "replace": "ALFA"}
    for rules, winner in (((first, second), "a"), ((second, first), "b")):
        result = Engine(rules_of(*rules)).scan(transcript_of(["the alfa test"]))
        assert [s.rule_id for s in result.suggestions] == [winner]
        assert len(result.overlapped) == 1


def test_suggestions_sorted_by_span_then_rule_order(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    result = Engine(rules_of(MODE, GPT)).scan(transcript_of(["GBT", "mode and GBT", "mode"]))
    assert [(s.span, s.rule_id) for s in result.suggestions] == [
        ((0, 0), "gpt"),
        ((1, 1), "mode"),
        ((1, 1), "gpt"),
        ((2, 2), "mode"),
    ]
    middle = result.suggestions[1]
    # before/after show the segment with only this fix applied
    assert (middle.before, middle.after, middle.line) == (("mode and GBT",), ("moat and GBT",), 2)


def test_edits_in_one_segment_compose(
    transcript_of: Callable[..., Transcript],
    rules_of: Callable[..., RuleSet],
    accept: Callable[..., Transcript],
) -> None:
    transcript = transcript_of(["the mode of GBT and mode"])
    found = Engine(rules_of(MODE, GPT)).scan(transcript).suggestions
    assert len(found) == 3
    fixed = accept(transcript, found)
    assert fixed.segments[0].text == "the moat of GPT and moat"
    assert not fixed.segments[0].unchanged


def _decide(suggestion: Suggestion, verdict: str, final: tuple[str, ...] | None = None) -> Decision:
    return Decision(suggestion, verdict, suggestion.after if final is None else final, NOW)  # type: ignore[arg-type]


def test_rejected_and_skipped_do_nothing_and_edited_overrides(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    transcript = transcript_of(["the mode of GBT", "untouched"])
    mode, gpt = Engine(rules_of(MODE, GPT)).scan(transcript).suggestions
    same = apply_decisions(transcript, [_decide(mode, "rejected"), _decide(gpt, "skipped")])
    assert same == transcript and all(seg.unchanged for seg in same.segments if seg.source)
    edited = apply_decisions(
        transcript, [_decide(gpt, "accepted"), _decide(mode, "edited", ("the moat of GPT-3",))]
    )
    assert [s.text for s in edited.segments] == ["the moat of GPT-3", "untouched"]


def test_structural_decisions_delete_and_merge(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    transcript = transcript_of(["one two three", "one two three", "ever in Silicon", "Valley."])
    rules = rules_of({"id": "d", "kind": "duplicate"}, {"id": "f", "kind": "fragment"})
    found = Engine(rules).scan(transcript).suggestions
    assert [(s.rule_id, s.span, s.after) for s in found] == [
        ("d", (1, 1), ()),
        ("f", (2, 3), ("ever in Silicon Valley.",)),
    ]
    fixed = apply_decisions(transcript, [_decide(s, "accepted") for s in found])
    assert [(s.index, s.text, s.start, s.end) for s in fixed.segments] == [
        (0, "one two three", 0, 1500),
        (1, "ever in Silicon Valley.", 4000, 7500),
    ]


def test_merge_keeps_text_fixes_of_its_parts(
    transcript_of: Callable[..., Transcript],
    rules_of: Callable[..., RuleSet],
    accept: Callable[..., Transcript],
) -> None:
    transcript = transcript_of(["we built GBT in", "Valley."])
    found = Engine(rules_of(GPT, {"id": "f", "kind": "fragment"})).scan(transcript).suggestions
    assert [s.text for s in accept(transcript, found).segments] == ["we built GPT in Valley."]


def test_catastrophic_regex_is_a_rule_error_not_a_hang(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    rule = {
        "id": "evil",
        "kind": "replace",
        "regex": True,
        "pattern": r"(a|aa)+$",
        "replace": "x",
        "whole_word": False,
    }
    engine = Engine(rules_of(rule, MODE), regex_timeout=0.2)
    started = time.monotonic()
    result = engine.scan(transcript_of(["a" * 40 + "!", "the mode"]))
    assert time.monotonic() - started < 5
    # the scan went on without the rule: the other rules still flag
    assert [s.rule_id for s in result.suggestions] == ["mode"]
    (problem,) = result.problems
    assert isinstance(problem, RuleError)
    assert problem.rule_id == "evil" and "evil" in str(problem)
    assert "'(a|aa)+$'" in problem.message  # as written, not as a repr
    # reported once: the engine leaves the failed rule out of later scans
    again = engine.scan(transcript_of(["a" * 40 + "!", "the mode"]))
    assert again.problems == () and [s.rule_id for s in again.suggestions] == ["mode"]


def test_slow_pattern_error_names_rule_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "slow.yaml").write_text(
        "rules:\n"
        "  - id: fine\n"
        "    kind: term\n"
        "    canonical: GPT-4\n"
        "    variants: [Dppd4]\n"
        "    auto: true\n"
        "  # a pattern that backtracks for ever on a long run of word characters\n"
        "  - id: slow\n"
        "    kind: replace\n"
        "    regex: true\n"
        "    whole_word: false\n"
        "    pattern: '(\\w|\\w\\w)+$'\n"
        "    replace: x\n",
        encoding="utf-8",
    )
    transcript = Transcript(
        "doc",
        "txt",
        (
            Segment(0, None, None, "a" * 40 + "!", line=1),
            Segment(1, None, None, "with Dppd4", line=2),
        ),
    )
    rules = load_rule_set([folder], use_default=False)
    scanned = Engine(rules, regex_timeout=0.2).scan(transcript)
    fixed = Engine(rules, regex_timeout=0.2).fix(transcript)
    assert [s.rule_id for s in scanned.suggestions] == ["fine"]
    assert [seg.text for seg in fixed.transcript.segments] == ["a" * 40 + "!", "with GPT-4"]
    for problem in (*scanned.problems, *fixed.problems):
        assert (problem.path, problem.line, problem.rule_id) == (
            str(folder / "slow.yaml"),
            8,
            "slow",
        )
        assert str(problem).startswith(
            f"{folder / 'slow.yaml'}:8: pattern '(\\w|\\w\\w)+$' took longer"
        )
    assert len(scanned.problems) == len(fixed.problems) == 1


def test_flag_json_has_exactly_the_documented_keys(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    (found,) = Engine(rules_of(MODE)).scan(transcript_of(["x", "a mode"])).suggestions
    assert flag_json(found, "doc.txt") == {
        "file": "doc.txt",
        "line": 2,
        "last_line": 2,
        "segment": 1,
        "span": [1, 1],
        "rule": "mode",
        "kind": "replace",
        "original": "a mode",
        "suggestion": "a moat",
        "auto": True,
        "reason": "'mode' → 'moat'",
        "score": 1.0,
    }


def test_all_literals_share_one_automaton(rules_of: Callable[..., RuleSet]) -> None:
    terms = [
        {
            "id": f"t{i}",
            "kind": "term",
            "canonical": f"Term{i}",
            "variants": [f"variant{i}", f"other {i}"],
        }
        for i in range(50)
    ]
    engine = Engine(
        rules_of(
            *terms,
            MODE,
            {"id": "rx", "kind": "replace", "regex": True, "pattern": "x+", "replace": "y"},
        )
    )
    assert engine._matcher.size == 50 * 3 + 1  # "other {i}" also with a two-character gap
    assert [check.rule.id for check in engine._others] == ["rx"]


def _fix_cases(transcript_of: Callable[..., Transcript]) -> list[tuple[str, Transcript]]:
    """Every corpus transcript, plus one that makes rules compete inside and across segments."""
    crowded = transcript_of(
        [
            "we built chat GBT and GBT and the mode, Mode and MODE",
            "the the model GBT GBT chat",
            "GBT at the end of chat",
            "GBT at the end of chat",
            "ever in Silicon",
            "Valley.",
            "a modle of the mode",
        ]
    )
    return [(path.stem, load(path)) for path in sorted(sample_corpus_dir().glob("*.txt"))] + [
        ("crowded", crowded)
    ]


@pytest.mark.parametrize("everything", [False, True])
def test_fix_is_apply_decisions_on_scan(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet], everything: bool
) -> None:
    """Batch mode's shortcut makes the same transcript, and reports the same changes, as the
    long way: ``scan``, a decision for each (auto) suggestion, ``apply_decisions``."""
    pack = load_rule_set()
    mixed = rules_of(
        GPT, CHATGPT, MODE,
        {"id": "rx", "kind": "replace", "regex": True, "pattern": r"\bmodle\b", "replace": "model", "auto": True},
        {"id": "stutter", "kind": "repeat", "auto": True},
        {"id": "dup", "kind": "duplicate", "auto": True},
        {"id": "frag", "kind": "fragment", "auto": True},
        {"id": "gbt-gbt", "kind": "term", "canonical": "GPT", "variants": ["GBT GBT"], "auto": True},
    )  # fmt: skip
    for rules in (pack, mixed):
        engine = Engine(rules)
        for name, transcript in _fix_cases(transcript_of):
            found = [s for s in engine.scan(transcript).suggestions if everything or s.auto]
            fixed = engine.fix(transcript, everything=everything)
            assert fixed.transcript == apply_decisions(
                transcript, [_decide(s, "auto") for s in found]
            ), name
            assert fixed.changes() == tuple(found), name
            assert fixed.count == len(found)
            assert fixed.counts() == Counter(s.rule_id for s in found)


def test_segment_copy_keeps_every_field() -> None:
    """The engine builds segments from their fields in one step (``_rebuilt``): a new
    field of ``Segment`` must be added there too."""
    from workbench.engine import _rebuilt
    from workbench.model import Segment, SourceBlock

    assert list(Segment._fields) == [
        "index", "start", "end", "text", "speaker", "line", "source",
    ]  # fmt: skip
    seg = Segment(3, 100, 200, "old", "A", 7, SourceBlock("raw", "old", 100, 200, "A"))
    (copy,) = _rebuilt([seg], ["new"])
    assert copy == seg.changed(text="new") and copy.source is seg.source and not copy.unchanged
    assert type(copy) is Segment and copy.index == 3
    (renumbered,) = _rebuilt([seg], ["new"], 9)
    assert renumbered == seg.changed(text="new", index=9)


def _greedy(found: list[Suggestion], order: dict[str, int]) -> tuple[set[int], set[int]]:
    """The definition of overlap resolution, the slow way: every suggestion in rank order,
    kept unless it overlaps one kept before it (structural ones by span). Returns ids."""
    kept: set[int] = set()
    lost: set[int] = set()
    taken: dict[int, list[tuple[int, int]]] = {}

    def clash(edit: object, ranges: list[tuple[int, int]]) -> bool:
        s, e = edit.start, edit.end  # type: ignore[attr-defined]
        return any(s < b and a < e or (s, e) == (a, b) for a, b in ranges)

    def rank(s: Suggestion) -> tuple[object, ...]:
        size = sum(e.end - e.start for e in s.edits)
        return (-size, order[s.rule_id], s.span, s.edits[0].start if s.edits else -1)

    for s in sorted((s for s in found if s.edits), key=rank):
        if any(clash(e, taken.get(e.segment, [])) for e in s.edits):
            lost.add(id(s))
        else:
            kept.add(id(s))
            for e in s.edits:
                taken.setdefault(e.segment, []).append((e.start, e.end))
    spans: list[tuple[int, int]] = []
    structural = [s for s in found if not s.edits and s.target == "segments"]
    for s in sorted(structural, key=lambda s: (s.span[0] - s.span[1], order[s.rule_id], s.span)):
        if any(s.span[0] <= b and a <= s.span[1] for a, b in spans):
            lost.add(id(s))
        else:
            spans.append(s.span)
            kept.add(id(s))
    return kept, lost


def test_resolution_is_the_greedy_definition(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    """However the engine settles contests (per segment, in one pass), the winners and losers
    are those of the plain definition, on a transcript crowded with competing findings."""
    import random

    rng = random.Random(3)
    words = ["chat", "GBT", "gbt", "mode", "the", "modle", "we", "built", "Valley.", "in", "of"]
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 9))) for _ in range(400)]
    texts += ["one two three four", "one two three four", "two three four five"]
    rules = rules_of(
        GPT, CHATGPT, MODE,
        {"id": "rx", "kind": "replace", "regex": True, "pattern": r"\bGBT gbt\b", "replace": "GPT"},
        {"id": "gbt-gbt", "kind": "term", "canonical": "GPT", "variants": ["GBT GBT", "gbt the"]},
        {"id": "stutter", "kind": "repeat"},
        {"id": "speller", "kind": "spelling"},
        {"id": "dup", "kind": "duplicate"},
        {"id": "frag", "kind": "fragment"},
    )  # fmt: skip
    engine = Engine(rules)
    result = engine.scan(transcript_of(texts))
    everything = list(result.suggestions) + list(result.overlapped)
    kept, lost = _greedy(everything, engine.order)
    assert {id(s) for s in result.suggestions} == kept
    assert {id(s) for s in result.overlapped} == lost
    assert len(lost) > 20 and len(kept) > 200  # the transcript really is crowded


AUTO_CHATGPT = {**CHATGPT, "auto": True}


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # the word's punctuation stays with the term; the emptied segment goes
        (
            ["a little before chat", "GBT.", "So I think"],
            ["a little before ChatGPT.", "So I think"],
        ),
        (["before chat", "GBT, and more"], ["before ChatGPT,", "and more"]),
        (["before chat", "GBT"], ["before ChatGPT"]),
        (["chat", "GBT?"], ["ChatGPT?"]),
    ],
)
def test_term_across_a_boundary_leaves_no_punctuation_segment(
    transcript_of: Callable[..., Transcript],
    rules_of: Callable[..., RuleSet],
    texts: list[str],
    expected: list[str],
) -> None:
    transcript = transcript_of(texts)
    engine = Engine(rules_of(AUTO_CHATGPT))
    found = engine.scan(transcript).suggestions
    accepted = apply_decisions(transcript, [_decide(s, "accepted") for s in found])
    fixed = engine.fix(transcript).transcript
    for result in (accepted, fixed):
        assert [seg.text for seg in result.segments] == expected
        assert [seg.index for seg in result.segments] == list(range(len(expected)))
    if len(expected) < len(texts):
        # the removed segment's time is joined to the one before it
        gone = transcript.segments[1]
        assert fixed.segments[0].end == gone.end and fixed.segments[0].start == 0


def test_an_edit_that_empties_a_segment_removes_it(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    transcript = transcript_of(["a little before chat", "GBT.", "next"])
    (found,) = Engine(rules_of(CHATGPT)).scan(transcript).suggestions
    assert found.after == ("a little before ChatGPT.", "")
    edited = apply_decisions(transcript, [_decide(found, "edited", ("before ChatGPT!", "."))])
    assert [seg.text for seg in edited.segments] == ["before ChatGPT!", "next"]


def test_schulman_chatgpt_over_two_lines_is_one_segment() -> None:
    transcript = load(sample_corpus_dir() / "schulman-chatgpt-origins.txt")
    at = next(i for i, seg in enumerate(transcript.segments) if seg.line == 144)
    assert [seg.text for seg in transcript.segments[at : at + 2]] == [
        "trained with RL that was released a little before chat",
        "GBT.",
    ]
    # with the shipped pack, whose fragment rule also proposes merging the two
    engine = Engine(load_rule_set())
    found = engine.scan(transcript).suggestions
    for everything in (False, True):
        chosen = found if everything else [s for s in found if s.auto]
        by_hand = apply_decisions(transcript, [_decide(s, "accepted") for s in chosen])
        assert by_hand.segments == engine.fix(transcript, everything=everything).transcript.segments
        texts = [seg.text for seg in by_hand.segments]
        assert "." not in texts and "" not in texts
        (line,) = [text for text in texts if "before ChatGPT" in text]
        assert line == "trained with RL that was released a little before ChatGPT."


def test_an_emptied_first_segment_gives_its_start_to_the_next(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    drop = {"id": "drop", "kind": "replace", "pattern": "you know", "replace": "", "auto": True}
    transcript = transcript_of(["You know.", "we built it", "you know", "then GBT shipped"])
    engine = Engine(rules_of(drop, {**GPT, "auto": True}))
    found = engine.scan(transcript).suggestions
    for fixed in (
        engine.fix(transcript).transcript,
        apply_decisions(transcript, [_decide(s, "accepted") for s in found]),
    ):
        assert [(seg.index, seg.text, seg.start, seg.end) for seg in fixed.segments] == [
            (0, "we built it", 0, 5500),  # starts where the first did; ends where the third did
            (1, "then GPT shipped", 6000, 7500),
        ]
