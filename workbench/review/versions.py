"""What a document becomes: the decisions a version writes, and the rejections it carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.model import Decision, Suggestion, Transcript
from workbench.review.db import TEXT_CHANGING, Key, StoredDecision
from workbench.review.edits import Signature, edit_keeps, signature
from workbench.review.scanning import MANUAL_RULE, Item

Decisions = Mapping[Key, StoredDecision]
Carried = set[tuple[int, str, Signature]]
"""Rejections a new version keeps: (segment in it, rule, change)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What ``w`` did: the version file written, or why nothing was."""

    path: Path | None
    message: str


def _live_decisions(
    items: Sequence[Item], decisions: Decisions, document: str
) -> list[tuple[Item, StoredDecision]]:
    """The document's live items that have a decision, with it."""
    out = []
    for item in items:
        decision = decisions.get(item.key)
        if item.doc_id == document and not item.stale and decision is not None:
            out.append((item, decision))
    return out


def pending(items: Sequence[Item], decisions: Decisions, document: str) -> list[Decision]:
    """The text-changing decisions of a document not yet in a written version."""
    return [
        Decision(item.suggestion, decision.verdict, decision.final, decision.at)
        for item, decision in _live_decisions(items, decisions, document)
        if not decision.written and decision.verdict in TEXT_CHANGING
    ]


def settled_keys(items: Sequence[Item], decisions: Decisions, document: str) -> list[Key]:
    """The keys of the document's decisions that a version written now settles."""
    return [item.key for item, _ in _live_decisions(items, decisions, document)]


def rejections_to_carry(
    items: Sequence[Item],
    decisions: Decisions,
    document: str,
    before: Transcript,
    after: Transcript,
) -> Carried:
    """The rejections a new version must keep: (segment in it, rule, change).

    A rejected flag (or one edited with its flagged words kept) whose
    segment the version changes would come back undecided on the new text.
    """
    carried: Carried = set()
    index_by_line = {seg.line: i for i, seg in enumerate(after.segments) if seg.line is not None}
    same_count = len(before.segments) == len(after.segments)
    for item, decision in _live_decisions(items, decisions, document):
        s = item.suggestion
        if s.target != "segments":
            continue
        keeps = (
            decision.verdict == "edited"
            and s.rule_id != MANUAL_RULE
            and edit_keeps(s.original, s.suggestion, "\n".join(decision.final))
        )
        if decision.verdict != "rejected" and not keeps:
            continue
        first = s.span[0]
        line = before.segments[first].line if first < len(before.segments) else None
        index = index_by_line.get(line) if line is not None else first if same_count else None
        if index is not None:
            carried.add((index, s.rule_id, signature(s.original, s.suggestion)))
    return carried


def rejected_again(
    items: Sequence[Item], decisions: Decisions, document: str, carried: Carried
) -> list[Suggestion]:
    """The new version's undecided flags that repeat a carried rejection."""
    places = {(index, rule) for index, rule, _ in carried}
    return [
        item.suggestion
        for item in items
        if item.doc_id == document
        and not item.stale
        and (item.suggestion.span[0], item.key.rule) in places
        and item.key not in decisions
        and (item.suggestion.span[0], item.key.rule, signature(item.key.text, item.key.suggestion))
        in carried
    ]
