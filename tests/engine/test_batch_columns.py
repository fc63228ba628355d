"""Batch mode's columns (``BlockHits``) give what the long way gives, whatever the text.

``Engine.fix`` filters, settles and composes the automaton's hits as columns, and
takes out only those that compete with other checks; ``scan`` builds a suggestion
for each. Generated transcripts and rule sets check that both agree with the plain
definition: a decision for each suggestion of ``scan``, applied by ``apply_decisions``.
"""

from __future__ import annotations

import gc
import operator
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_transcript, rule_set
from tests.engine.test_engine import _greedy
from workbench.checks import matcher
from workbench.engine import Engine, apply_decisions
from workbench.model import Decision, Segment, SourceBlock, Transcript
from workbench.ruleset import RuleSet

NOW = datetime(2026, 1, 1, tzinfo=UTC)

RULES: list[dict[str, object]] = [
    {"id": "gpt", "kind": "term", "canonical": "GPT", "variants": ["GBT"], "auto": True},
    {
        "id": "chatgpt",
        "kind": "term",
        "canonical": "ChatGPT",
        "variants": ["chat GBT", "chat gbt"],
        "auto": True,
    },
    # the same phrase as another rule's: one automaton key for two rules
    {"id": "gpt-again", "kind": "term", "canonical": "GPT-4", "variants": ["GBT"], "auto": True},
    {"id": "mode", "kind": "replace", "pattern": "mode", "replace": "moat", "auto": True},
    {
        "id": "exact",
        "kind": "replace",
        "pattern": "Lambda",
        "replace": "LaMDA",
        "ignore_case": False,
        "auto": True,
    },
    {"id": "as-given", "kind": "replace", "pattern": "to", "replace": "two", "keep_case": False},
    {"id": "gone", "kind": "replace", "pattern": "um", "replace": "", "auto": True},
    {"id": "dot", "kind": "replace", "pattern": "uh", "replace": ".", "auto": True},
    {
        "id": "two-lines",
        "kind": "replace",
        "pattern": "new line",
        "replace": "new\nline",
        "auto": True,
    },
    {
        "id": "vtt-only",
        "kind": "replace",
        "pattern": "the",
        "replace": "thee",
        "formats": ["vtt"],
        "auto": True,
    },
    {
        "id": "rx",
        "kind": "replace",
        "regex": True,
        "pattern": r"\bmodle\b",
        "replace": "model",
        "auto": True,
    },
    {"id": "stutter", "kind": "repeat", "auto": True},
    {"id": "dup", "kind": "duplicate", "auto": True},
]
WORDS = ["chat", "GBT", "gbt", "Gbt", "chat GBT", "chat, gbt", "mode", "Mode", "MODE", "Lambda", "lambda",
         "to", "To", "um", "uh", "new line", "the", "modle", "it.", "GBT.", ",", "\n", "\x00", "\ufdd0"]  # fmt: skip

texts = st.lists(
    st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join), min_size=1, max_size=12
)
rule_picks = st.lists(st.sampled_from(range(len(RULES))), min_size=1, max_size=8, unique=True)


def _decided(
    engine: Engine, transcript: Transcript, everything: bool
) -> tuple[Transcript, tuple[object, ...]]:
    """The long way: ``scan``, an ``auto`` decision for each chosen suggestion, ``apply_decisions``."""
    found = tuple(s for s in engine.scan(transcript).suggestions if everything or s.auto)
    return apply_decisions(transcript, [Decision(s, "auto", s.after, NOW) for s in found]), found


@settings(max_examples=300, deadline=None)
@given(
    texts=texts,
    picks=rule_picks,
    fmt=st.sampled_from(["whisper", "vtt"]),
    block=st.sampled_from([2, 3, 10_000]),
)
def test_fix_agrees_with_scan_and_decisions(
    texts: list[str], picks: list[int], fmt: str, block: int
) -> None:
    """On any text and rule set: the same transcript, changes, count and counts; and
    ``scan`` settles overlaps as the plain greedy definition does."""
    rules = rule_set(*(RULES[i] for i in picks))
    transcript = make_transcript(texts, fmt=fmt)
    with pytest.MonkeyPatch.context() as patch:
        # Small blocks: hits at a block's start and end, and several blocks per transcript.
        patch.setattr(matcher, "BLOCK_SEGMENTS", block)
        engine = Engine(rules)
        scanned = engine.scan(transcript)
        kept, lost = _greedy([*scanned.suggestions, *scanned.overlapped], engine.order)
        assert ({id(s) for s in scanned.suggestions}, {id(s) for s in scanned.overlapped}) == (
            kept,
            lost,
        )
        for everything in (False, True):
            expected, found = _decided(engine, transcript, everything)
            fixed = engine.fix(transcript, everything=everything)
            assert fixed.transcript == expected
            assert [seg.index for seg in fixed.transcript.segments] == list(
                range(len(expected.segments))
            )
            assert fixed.changes() == found
            assert fixed.count == len(found)
            assert fixed.counts() == Counter(s.rule_id for s in found)  # type: ignore[attr-defined]
            if fmt != "vtt":
                assert "vtt-only" not in fixed.counts()  # a rule for other formats finds nothing


def test_block_text_is_split_on_a_character_no_text_holds(rules_of: Callable[..., RuleSet]) -> None:
    """A block whose texts hold line breaks (multi-line cues) and the first separators
    is still made in one piece; with every separator taken, hits are applied one by one."""
    engine = Engine(rules_of(RULES[0]))
    taken = "".join(matcher.SEPARATORS)
    for lines in (["GBT one\ntwo GBT", "GBT\x00"], [f"GBT {taken}", "a GBT b"]):
        transcript = make_transcript(lines)
        fixed = engine.fix(transcript).transcript
        assert [seg.text for seg in fixed.segments] == [
            line.replace("GBT", "GPT") for line in lines
        ]


def test_emptied_segments_keep_times_and_numbering(rules_of: Callable[..., RuleSet]) -> None:
    """Removals in the middle of a long run renumber what follows in one step, and
    the first segment's start goes to the first one kept."""
    engine = Engine(rules_of({**RULES[1], "variants": ["chat GBT"]}))
    texts = ["GBT.", "fine", "before chat", "GBT.", "middle", "chat", "GBT!", "end"]
    transcript = make_transcript(["chat", *texts])
    fixed = engine.fix(transcript).transcript
    assert [(seg.index, seg.text, seg.start, seg.end) for seg in fixed.segments] == [
        (0, "ChatGPT.", 0, 3500),
        (1, "fine", 4000, 5500),
        (2, "before ChatGPT.", 6000, 9500),
        (3, "middle", 10000, 11500),
        (4, "ChatGPT!", 12000, 15500),
        (5, "end", 16000, 17500),
    ]


@pytest.mark.parametrize("enabled", [True, False])
def test_fix_leaves_the_collector_as_it_found_it(
    rules_of: Callable[..., RuleSet], enabled: bool
) -> None:
    """``Engine.fix`` pauses the cyclic collector and turns it back on only if it was on,
    also when a rule fails."""
    engine = Engine(rules_of(RULES[0]))
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        engine.fix(make_transcript(["a GBT here"]))
        assert gc.isenabled() is enabled
        with pytest.raises(AttributeError):
            engine.fix(None)  # type: ignore[arg-type]  # not a transcript
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_segment_is_a_frozen_value_that_ignores_its_source() -> None:
    """A named tuple with the dataclass's behaviour: frozen, fields by name, equality
    and hash without ``source``, and ``changed`` for copies."""
    source = SourceBlock("1\nraw\n", "raw", 0, 10, None)
    read = Segment(0, 0, 10, "raw", None, 1, source)
    made = Segment(0, 0, 10, "raw", line=1)
    assert read == made and hash(read) == hash(made) and operator.ne(read, made) is False
    assert read != made.changed(text="other") and read != ("raw",)
    with pytest.raises(AttributeError):
        read.text = "x"  # type: ignore[misc]
    copy = read.changed(text="new", index=4)
    assert (copy.index, copy.text, copy.source) == (4, "new", source) and not copy.unchanged
    assert "raw\\n" not in repr(read) and "text='raw'" in repr(read)
    (built,) = Segment.built([2], [0], [10], ["b"], [None], [3], [source])
    assert (
        type(built) is Segment
        and built == Segment(2, 0, 10, "b", None, 3)
        and built.source is source
    )
