"""The rule engine: compiles a rule set once, scans transcripts, applies decisions.

All whole-word phrases of all rules (term variants, literal replace patterns) go
into one Aho-Corasick automaton; the other checks run after it. In-text
suggestions that overlap are resolved deterministically — the longest match
wins, then the rule loaded first — and the losers are kept in
``ScanResult.overlapped`` so a reviewer can still see them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.checks import CHECKS, Check, CheckContext
from workbench.checks.matcher import LiteralMatcher
from workbench.checks.term import TermRule
from workbench.checks.textfix import apply_edits
from workbench.model import Decision, Segment, Suggestion, TextEdit, Transcript

if TYPE_CHECKING:
    from workbench.ruleset import RuleSet


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan found: the suggestions to review, and those that lost an overlap."""

    suggestions: tuple[Suggestion, ...]
    """Sorted by span, then line, then rule order."""
    overlapped: tuple[Suggestion, ...]
    """Suggestions that overlapped a longer (or earlier-loaded) one, in the same order."""


class Engine:
    """A rule set compiled once, ready to scan any number of transcripts."""

    def __init__(
        self,
        rule_set: RuleSet,
        *,
        vocabulary: Iterable[str] | None = None,
        regex_timeout: float = 2.0,
    ) -> None:
        rules = rule_set.rules
        if vocabulary is None:
            vocabulary = canonical_words(rules)
        context = CheckContext(frozenset(vocabulary), regex_timeout, _terms(rules))
        self._blocks = context.blocks
        checks: list[Check] = [CHECKS[rule.kind](rule, context) for rule in rules]  # type: ignore[type-arg]
        self.order = {rule.id: position for position, rule in enumerate(rules)}
        """Each rule id's position in load order (the tie-breaker of overlaps)."""
        with_literals = [(i, check) for i, check in enumerate(checks) if check.literals()]
        self._matcher = LiteralMatcher(with_literals)
        literal_ids = {check.rule.id for _, check in with_literals}
        self._others = [check for check in checks if check.rule.id not in literal_ids]

    def scan(self, transcript: Transcript) -> ScanResult:
        """Every suggestion of every rule for ``transcript``, overlaps resolved."""
        found = list(self._matcher.find(transcript, self._blocks.of(transcript)))
        for check in self._others:
            found.extend(check.find(transcript))
        kept, lost = _resolve(found, self.order)
        return ScanResult(self._sorted(kept), self._sorted(lost))

    def _sorted(self, suggestions: Iterable[Suggestion]) -> tuple[Suggestion, ...]:
        return tuple(
            sorted(
                suggestions,
                key=lambda s: (s.span, s.line or 0, self.order.get(s.rule_id, 0), _first_start(s)),
            )
        )


def canonical_words(rules: Sequence[object]) -> set[str]:
    """Words of every rule's ``canonical`` form: the spell checker must not flag them."""
    words: set[str] = set()
    for rule in rules:
        canonical = getattr(rule, "canonical", None)
        if isinstance(canonical, str):
            words.update(canonical.replace("-", " ").split())
    return words


def _terms(rules: Sequence[object]) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """(canonical, variants, fuzzy) of every ``term`` rule, for the ``glossary`` kind."""
    return tuple(
        (rule.canonical, tuple(rule.variants), bool(getattr(rule, "fuzzy", False)))
        for rule in rules
        if isinstance(rule, TermRule)
    )


def _first_start(suggestion: Suggestion) -> int:
    return suggestion.edits[0].start if suggestion.edits else -1


def _size(suggestion: Suggestion) -> int:
    """How much original text an in-text suggestion replaces (the "longest match")."""
    return sum(edit.end - edit.start for edit in suggestion.edits)


def _resolve(
    found: Sequence[Suggestion], order: dict[str, int]
) -> tuple[list[Suggestion], list[Suggestion]]:
    """Split suggestions into winners and overlap losers (longest, then earliest rule).

    Only in-text suggestions that share a segment with another one can lose, so
    only those are ranked: in a large transcript nearly every suggestion is alone
    in its segment and is kept as found. Winners come back as found, then the
    contested winners in rank order, then structural winners; the caller sorts
    them (a stable sort, so ties keep this order).
    """
    kept: list[Suggestion] = []
    contested: list[Suggestion] = []
    structural: list[Suggestion] = []
    per_segment: dict[int, int] = {}
    in_text: list[Suggestion] = []
    for suggestion in found:
        if suggestion.target != "segments":
            kept.append(suggestion)
        elif not suggestion.edits:
            structural.append(suggestion)
        else:
            in_text.append(suggestion)
            for edit in suggestion.edits:
                per_segment[edit.segment] = per_segment.get(edit.segment, 0) + 1
    for suggestion in in_text:
        edits = suggestion.edits
        # (The first test is the second's common case, without a generator.)
        if len(edits) == 1 and per_segment[edits[0].segment] == 1 or all(
            per_segment[edit.segment] == 1 for edit in edits
        ):
            kept.append(suggestion)
        else:
            contested.append(suggestion)
    lost: list[Suggestion] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    contested.sort(key=lambda s: (-_size(s), order.get(s.rule_id, 0), s.span, _first_start(s)))
    for suggestion in contested:
        if _overlaps_any(suggestion.edits, taken):
            lost.append(suggestion)
        else:
            kept.append(suggestion)
            for edit in suggestion.edits:
                taken.setdefault(edit.segment, []).append((edit.start, edit.end))
    # Structural changes compete by span: the longer span, then the earlier rule, wins.
    covered: set[int] = set()
    structural.sort(key=lambda s: (s.span[0] - s.span[1], order.get(s.rule_id, 0), s.span))
    for suggestion in structural:
        span = range(suggestion.span[0], suggestion.span[1] + 1)
        if covered.isdisjoint(span):
            covered.update(span)
            kept.append(suggestion)
        else:
            lost.append(suggestion)
    return kept, lost


def _overlaps_any(edits: Iterable[TextEdit], taken: dict[int, list[tuple[int, int]]]) -> bool:
    """True when any edit overlaps a range already taken in its segment."""
    for edit in edits:
        ranges = taken.get(edit.segment)
        if ranges and _overlaps(edit, ranges):
            return True
    return False


def _overlaps(edit: TextEdit, taken: Iterable[tuple[int, int]]) -> bool:
    for start, end in taken:
        if edit.start < end and start < edit.end or (edit.start == start and edit.end == end):
            return True
    return False


def apply_decisions(transcript: Transcript, decisions: Iterable[Decision]) -> Transcript:
    """The transcript with every text-changing decision applied (rejected/skipped ones do nothing).

    Accepted in-text edits within one segment compose; an ``edited`` decision
    writes ``Decision.final`` over its whole span (overriding other edits there);
    a structural decision replaces its span of segments with ``final`` (none =
    delete, one = merge: start of the first, end of the last); a header/footer
    decision blanks that block. Where two decisions overlap, the first given wins.
    """
    values: dict[str, object] = {}
    edits: dict[int, list[TextEdit]] = {}
    spans: list[tuple[Decision, tuple[int, int]]] = []
    for decision in decisions:
        verdict = decision.verdict
        if verdict not in _CHANGES_TEXT:
            continue
        suggestion = decision.suggestion
        if suggestion.target != "segments":
            values[suggestion.target] = ""
        elif suggestion.edits and verdict != "edited":
            for edit in suggestion.edits:
                mine = edits.get(edit.segment)
                if mine is None:
                    edits[edit.segment] = [edit]
                elif not _overlaps(edit, [(e.start, e.end) for e in mine]):
                    mine.append(edit)
        else:
            spans.append((decision, suggestion.span))
    segments = transcript.segments
    texts: dict[int, str] = {}
    for index, items in edits.items():
        text = segments[index].text
        if len(items) == 1:  # nearly always: no sorting needed
            (edit,) = items
            texts[index] = text[: edit.start] + edit.replacement + text[edit.end :]
        else:
            texts[index] = apply_edits(text, items)
    if spans:
        result = transcript.replace_segments(_replace_spans(segments, texts, spans))
    else:
        # Text edits only: the segments keep their places, so no renumbering pass is needed.
        changed = list(segments)
        for index, text in texts.items():
            changed[index] = _with_text(segments[index], text)
        result = transcript.changed(segments=tuple(changed))
    return result.changed(**values) if values else result


_CHANGES_TEXT = frozenset(("accepted", "edited", "auto"))
"""The verdicts that change text (``Decision.changes_text``), as a set for the hot loop."""


def _with_text(seg: Segment, text: str) -> Segment:
    """``seg.changed(text=text)``, built directly: ``dataclasses.replace`` costs 3× as much,
    and a large batch changes hundreds of thousands of segments."""
    return Segment(seg.index, seg.start, seg.end, text, seg.speaker, seg.line, seg.source)


def _replace_spans(
    segments: Sequence[Segment],
    texts: dict[int, str],
    spans: list[tuple[Decision, tuple[int, int]]],
) -> tuple[Segment, ...]:
    """Segments with composed text edits and span replacements applied."""
    starts: dict[int, Decision] = {}
    covered: set[int] = set()
    for decision, (first, last) in spans:
        if not covered.intersection(range(first, last + 1)):
            starts[first] = decision
            covered.update(range(first, last + 1))
    result: list[Segment] = []
    index = 0
    while index < len(segments):
        starting = starts.get(index)
        if starting is None:
            seg = segments[index]
            result.append(seg.changed(text=texts[index]) if index in texts else seg)
            index += 1
            continue
        first, last = starting.suggestion.span
        result.extend(_span_segments(segments[first : last + 1], texts, starting))
        index = last + 1
    return tuple(result)


def _span_segments(
    originals: Sequence[Segment], texts: dict[int, str], decision: Decision
) -> list[Segment]:
    """The segments that replace ``originals`` under a structural or edited decision."""
    final = list(decision.final)
    suggestion = decision.suggestion
    current = [texts.get(seg.index, seg.text) for seg in originals]
    joined = " ".join(text.strip() for text in suggestion.before)
    if decision.verdict != "edited" and len(final) == 1 and len(originals) > 1 and final[0] == joined:
        # A plain merge: keep the text fixes accepted in its parts.
        final = [" ".join(text.strip() for text in current)]
    made: list[Segment] = []
    for position, text in enumerate(final):
        base = originals[min(position, len(originals) - 1)]
        values: dict[str, object] = {"text": text}
        if position == len(final) - 1 and len(final) < len(originals):
            values["end"] = originals[-1].end
        made.append(base.changed(**values))
    return made


def flag_json(suggestion: Suggestion, file: str) -> dict[str, object]:
    """One suggestion as a "Flags in JSON" object (see DESIGN.md)."""
    return {
        "file": file,
        "line": suggestion.line,
        "last_line": suggestion.last_line,
        "segment": suggestion.span[0],
        "span": [suggestion.span[0], suggestion.span[1]],
        "rule": suggestion.rule_id,
        "kind": suggestion.kind,
        "original": suggestion.original,
        "suggestion": suggestion.suggestion,
        "auto": suggestion.auto,
        "reason": suggestion.reason,
        "score": suggestion.confidence,
    }
