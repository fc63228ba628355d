"""A whole talk on one line: suggestions cost the same whatever the length of their segment."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime

from workbench.checks.textfix import CONTEXT, LONG_TEXT
from workbench.engine import Engine, apply_decisions
from workbench.model import Decision, Transcript
from workbench.ruleset import RuleSet

NOW = datetime.now(UTC)

# Run in a child with its address space capped at 1 GB: a copy of the 5 MB line
# per match (what suggestions once held) runs out after ~150 of the 50,000 matches.
_CHILD = textwrap.dedent(
    """
    import resource, sys
    from datetime import UTC, datetime
    from workbench.engine import Engine, apply_decisions
    from workbench.formats import load
    from workbench.model import Decision, Segment, Transcript
    from workbench.resources import sample_corpus_dir
    from workbench.ruleset import RuleSet, parse_rule

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    talk = load(sample_corpus_dir() / "welinder-gpt4-launch.txt")
    words = " ".join(seg.text for seg in talk.segments).replace("GPT-4", "GPT").split()
    pieces, size = [], 0
    while size < 5_000_000:
        for position in range(0, len(words) - 20, 20):
            piece = " ".join(words[position : position + 20]) + " Dppd4 and GPD 4"
            pieces.append(piece)
            size += len(piece) + 1
    line = " ".join(pieces)
    transcript = Transcript("long", "txt", (Segment(0, None, None, line, line=1),))
    rules = RuleSet(tuple(parse_rule(rule) for rule in (
        {"id": "gpt-4", "kind": "term", "canonical": "GPT-4", "variants": ["Dppd4"], "auto": True},
        {"id": "gpd", "kind": "replace", "regex": True, "pattern": r"GPD (\\d)",
         "replace": r"GPT-\\1", "auto": True},
    )))
    engine = Engine(rules)
    found = engine.scan(transcript).suggestions
    assert len(found) == 2 * len(pieces), (len(found), len(pieces))
    assert max(len(s.original) + len(s.suggestion) for s in found) < 1000
    expected = line.replace("Dppd4", "GPT-4").replace("GPD 4", "GPT-4")
    fixed = engine.fix(transcript).transcript
    assert fixed.segments[0].text == expected
    now = datetime.now(UTC)
    decided = apply_decisions(transcript, [Decision(s, "auto", s.after, now) for s in reversed(found)])
    assert decided.segments[0].text == expected
    print(len(found))
    """
)


def test_a_5_mb_line_with_many_matches_scans_and_applies_in_bounded_memory() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 80_000


def _long_line() -> str:
    return " ".join(f"word{i} Dppd4 more words here" for i in range(200))


def test_a_long_segment_shows_a_window_around_the_change(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    line = _long_line()
    assert len(line) > LONG_TEXT
    rule = {"id": "gpt-4", "kind": "term", "canonical": "GPT-4", "variants": ["Dppd4"]}
    found = Engine(rules_of(rule)).scan(transcript_of([line])).suggestions
    middle = found[100]
    (edit,) = middle.edits
    assert line[edit.start : edit.end] == "Dppd4"
    (shown,) = middle.before
    assert shown in line and len(shown) <= 2 * CONTEXT + len("Dppd4")
    assert shown.startswith("word") and shown.endswith("here")  # cut at spaces
    assert middle.after == (shown.replace("word100 Dppd4", "word100 GPT-4"),)
    # a short segment is still shown whole
    (short,) = Engine(rules_of(rule)).scan(transcript_of(["we built Dppd4"])).suggestions
    assert (short.before, short.after) == (("we built Dppd4",), ("we built GPT-4",))


def test_an_edited_window_replaces_that_window_only(
    transcript_of: Callable[..., Transcript], rules_of: Callable[..., RuleSet]
) -> None:
    line = _long_line()
    transcript = transcript_of([line, "next"])
    rule = {"id": "gpt-4", "kind": "term", "canonical": "GPT-4", "variants": ["Dppd4"]}
    middle = Engine(rules_of(rule)).scan(transcript).suggestions[100]
    (shown,) = middle.before
    edited = shown.replace("word100 Dppd4", "word100 GPT-4 Turbo")
    fixed = apply_decisions(transcript, [Decision(middle, "edited", (edited,), NOW)])
    assert fixed.segments[0].text == line.replace("word100 Dppd4", "word100 GPT-4 Turbo")
    assert fixed.segments[1].text == "next"
