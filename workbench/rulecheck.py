"""Check mode: every problem in every rule file, including examples that do not hold.

This sits above both ``ruleset`` and ``engine``: rule files know nothing of
the engine, and running a rule's examples needs both.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from workbench.checks import Example, RuleModel
from workbench.engine import Engine, apply_decisions, canonical_words
from workbench.errors import WorkbenchError
from workbench.model import Decision, Segment, Transcript
from workbench.ruleset import RuleProblem, RuleSet
from workbench.ruleset.checking import glossary_problem
from workbench.ruleset.layers import Layers
from workbench.ruleset.models import RulePatch
from workbench.ruleset.reading import RuleEntry

GATES = ("context", "context_window", "unless")
"""The fields that keep a rule to a topic. The examples a patch inherits were written
for the rule without the gates it gives: they are run without them."""


def check_rule_dirs(dirs: Sequence[Path], base: Sequence[Path] = ()) -> list[RuleProblem]:
    """Every problem in every rule file of ``dirs``: schema errors and failing examples.

    The folders of ``base`` (the shipped pack) are loaded first, unchecked, for
    the patches of ``dirs`` to apply to; each folder of ``dirs`` is a layer on
    top of those before it. A patched rule is checked as a whole, its examples
    (inherited or given) reported at the patch; inherited ones run without the
    ``GATES`` the patch gives.
    """
    layers = Layers()
    for folder in base:
        layers.add_folder(folder)
    known = len(layers.problems), len(layers.layered)
    for folder in dirs:
        layers.add_folder(folder)
    problems = layers.problems[known[0] :]
    vocabulary = canonical_words(list(layers.rules.values()))
    for path, entry, rule in layers.layered[known[1] :]:
        broken = glossary_problem(path, entry, rule)
        if broken is not None:
            problems.append(broken)
            continue  # its examples cannot run without the terms
        for number, message in _patched_failures(entry, rule, vocabulary):
            line, column = (
                entry.example_lines[number - 1]
                if number <= len(entry.example_lines)
                else (entry.line, entry.column)
            )
            problems.append(RuleProblem(path, line, column, rule.id, message))
    return problems


def _patched_failures(
    entry: RuleEntry, rule: RuleModel, vocabulary: set[str] | frozenset[str]
) -> list[tuple[int, str]]:
    """``example_failures`` of the rule an entry made; a patch's inherited examples are
    run on the rule without the gates the patch gives (a topic they never had)."""
    patch = entry.rule
    given = patch.changes if isinstance(patch, RulePatch) else {}
    gates = [name for name in GATES if name in given or f"{name}+" in given]
    if not gates or "examples" in given:
        return example_failures(rule, vocabulary)
    inherited = len(rule.examples) - len(given.get("examples+", ()))
    fields = type(rule).model_fields
    ungated = rule.model_copy(
        update={name: fields[name].get_default(call_default_factory=True) for name in gates}
    )
    return [
        (number, message)
        for number, message in example_failures(ungated, vocabulary)
        if number <= inherited
    ] + [
        (number, message)
        for number, message in example_failures(rule, vocabulary)
        if number > inherited
    ]


def example_transcript(rule: RuleModel, example: Example) -> Transcript:
    """A small timed transcript of the example's segments, in a format the rule runs on."""
    segments = tuple(
        Segment(i, i * 2000, i * 2000 + 1900, text, line=i + 1)
        for i, text in enumerate(example.segments())
    )
    header = getattr(rule, "header_contains", None) or ""
    fmt = rule.formats[0] if rule.formats else "example"
    return Transcript(doc_id="example", format=fmt, segments=segments, header=header)


def example_failures(
    rule: RuleModel, vocabulary: set[str] | frozenset[str]
) -> list[tuple[int, str]]:
    """(number, what went wrong) for each of the rule's examples that does not hold (1-based)."""
    engine = Engine(RuleSet((rule,)), vocabulary=vocabulary)
    failures = []
    for number, example in enumerate(rule.examples, start=1):
        transcript = example_transcript(rule, example)
        try:
            result = engine.scan(transcript)
        except WorkbenchError as error:
            failures.append((number, f"example {number}: {error.message}"))
            continue
        if result.problems:
            # The rule failed (and the engine dropped it): its later examples cannot run.
            failures.append((number, f"example {number}: {result.problems[0].message}"))
            break
        found = result.suggestions
        now = datetime.now(UTC)
        fixed = apply_decisions(transcript, [Decision(s, "auto", s.after, now) for s in found])
        got = tuple(seg.text for seg in fixed.segments)
        if got != example.expected():
            failures.append(
                (
                    number,
                    f"example {number}: expected {_show(example.expected())}, got {_show(got)}",
                )
            )
    return failures


def _show(texts: tuple[str, ...]) -> str:
    return repr(texts[0]) if len(texts) == 1 else repr(list(texts))
