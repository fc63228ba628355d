"""What each rule does: its flags over a corpus and what reviewers decided on them.

``rules stats`` prints these; the review screen's filter lists them. A rule a
reviewer nearly always accepts is a candidate for ``auto``; one they nearly
always reject is noisy. Skipped flags are not decisions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.model import Suggestion, Verdict

if TYPE_CHECKING:
    from workbench.checks.base import RuleModel

AUTO_CANDIDATE = (0.95, 20)
"""An "auto candidate" is accepted at least this often over at least this many decisions."""
NOISY = (0.20, 10)
"""A "noisy" rule is accepted at most this often over at least this many decisions."""


@dataclass(frozen=True, slots=True)
class RuleStats:
    """One rule's flags over a corpus and the verdicts reviewers gave them."""

    rule: str
    kind: str
    auto: bool
    """The rule is applied unattended already."""
    suggest_only: bool = False
    """The rule's kind may never be ``auto`` (spelling, glossary)."""
    flags: int = 0
    documents: int = 0
    """How many documents it flags."""
    accepted: int = 0
    rejected: int = 0
    edited: int = 0
    skipped: int = 0

    @property
    def decisions(self) -> int:
        """Accepted, rejected and edited flags (a skip decides nothing)."""
        return self.accepted + self.rejected + self.edited

    @property
    def acceptance(self) -> float | None:
        """Accepted flags out of decisions (an edit is no acceptance); None with none."""
        return self.accepted / self.decisions if self.decisions else None

    @property
    def hint(self) -> str | None:
        """``auto candidate`` or ``noisy`` when the decisions say so, else None."""
        rate = self.acceptance
        if rate is None:
            return None
        can_be_auto = not (self.auto or self.suggest_only)
        if can_be_auto and rate >= AUTO_CANDIDATE[0] and self.decisions >= AUTO_CANDIDATE[1]:
            return "auto candidate"
        if rate <= NOISY[0] and self.decisions >= NOISY[1]:
            return "noisy"
        return None

    def as_json(self) -> dict[str, object]:
        """The ``rules stats --json`` object of this rule."""
        return {
            "rule": self.rule,
            "kind": self.kind,
            "auto": self.auto,
            "flags": self.flags,
            "documents": self.documents,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "edited": self.edited,
            "skipped": self.skipped,
            "acceptance": None if self.acceptance is None else round(self.acceptance, 4),
            "hint": self.hint,
        }


def rule_stats(
    flags: Iterable[Suggestion],
    decided: Iterable[tuple[Suggestion, Verdict]],
    rules: Iterable[RuleModel] = (),
) -> list[RuleStats]:
    """Per rule, most flags first: ``flags`` found (any documents) and the ``decided``
    suggestions' verdicts (``auto`` ones are no reviewer's and are left out).

    ``rules`` are the loaded rules: whether each is ``auto`` or may be (a rule with
    decisions only, no longer loaded, takes these from its suggestions); a rule
    neither flags nor decided is not listed.
    """
    kinds = {rule.id: (rule.kind, rule.auto, rule.suggest_only) for rule in rules}
    counts: Counter[str] = Counter()
    documents: defaultdict[str, set[str]] = defaultdict(set)
    for suggestion in flags:
        counts[suggestion.rule_id] += 1
        documents[suggestion.rule_id].add(suggestion.doc_id)
        kinds.setdefault(suggestion.rule_id, (suggestion.kind, suggestion.auto, False))
    verdicts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for suggestion, verdict in decided:
        if verdict != "auto":
            verdicts[suggestion.rule_id][verdict] += 1
            kinds.setdefault(suggestion.rule_id, (suggestion.kind, suggestion.auto, False))
    listed = sorted(counts.keys() | verdicts.keys(), key=lambda rule: (-counts[rule], rule))
    return [
        RuleStats(
            rule,
            *kinds[rule],
            flags=counts[rule],
            documents=len(documents[rule]),
            accepted=verdicts[rule]["accepted"],
            rejected=verdicts[rule]["rejected"],
            edited=verdicts[rule]["edited"],
            skipped=verdicts[rule]["skipped"],
        )
        for rule in listed
    ]
