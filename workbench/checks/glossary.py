"""Kind ``glossary``: words that sound like a glossary term (suggest only).

The terms come from a plain glossary file (``file:``), from ``terms:`` in the
rule itself (which also carry per-term ``min_score`` and ``context``), and from
every ``term`` rule with ``fuzzy: true``. The variants that ``term`` rules list
for a glossary term — including those learned in review — are indexed too, as
extra evidence of how that term gets misheard. The sound-alike work itself is
``workbench.checks.glossary_scan``'s, imported when a rule of the kind is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from workbench.checks.base import Check, CheckContext, RuleModel
from workbench.checks.textfix import text_suggestion
from workbench.model import Suggestion, Transcript

if TYPE_CHECKING:
    from workbench.soundalike import Term

MIN_SCORE = 0.5
"""``GlossaryRule.min_score`` by default (``soundalike.DEFAULT_MIN_SCORE``, which this
module does not import: the sound-alike package is imported only when a rule runs)."""


class GlossaryTerm(BaseModel):
    """Options for one term (added to the glossary if the file does not list it)."""

    # defer_build, as ``RuleModel``: no validator built at import for a cached rule set.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    canonical: str = Field(min_length=1)
    """The term as it should be written ("Ilya Sutskever", "GPT-4")."""
    min_score: float | None = Field(default=None, ge=0.0, le=1.0)
    """This term's own threshold (0..1); the rule's ``min_score`` when left out."""
    context: list[str] = Field(default_factory=list)
    """Words or phrases ("language model") of which at least one must occur in the
    transcript, as whole words in any case, for the term to be proposed."""
    variants: list[str] = Field(default_factory=list)
    """Known mishearings, used as extra evidence (not replaced on their own: that is ``term``)."""


class GlossaryRule(RuleModel):
    """Propose glossary terms for words that sound like them; never applied unattended."""

    suggest_only = True

    kind: Literal["glossary"] = "glossary"
    """Always ``glossary``."""
    file: Path | None = None
    """A glossary file (one canonical term per line, ``#`` comments), relative to the rule file."""
    min_score: float = Field(default=MIN_SCORE, ge=0.0, le=1.0)
    """How probable (0..1, by the fitted scorer) a mishearing must be for a suggestion."""
    weights: Path | None = None
    """A scorer weights file (as ``bench/fit_soundalike.py`` writes), relative to the rule
    file; the shipped weights when left out."""
    terms: list[GlossaryTerm] = Field(default_factory=list)
    """Terms with their own options, or terms that are not in the file."""


class GlossaryCheck(Check[GlossaryRule]):
    """Scans each transcript's words against a sound-key index of the terms."""

    model = GlossaryRule

    def __init__(self, rule: GlossaryRule, context: CheckContext) -> None:
        super().__init__(rule, context)
        # Imported here, not at the top: the sound-alike package (and rapidfuzz) only
        # for a rule set that holds a glossary rule (0.025 s of every other start).
        from workbench.checks.glossary_scan import GlossaryScan

        # Made now, so a missing or broken glossary stops loading before any scan.
        self._scan = GlossaryScan(rule, context)

    def terms(self) -> list[Term]:
        """The terms this rule proposes, with their options and known variants."""
        return self._scan.terms

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """A review-only suggestion for every phrase that sounds like a term."""
        for match, edits in self._scan.places(transcript):
            owner = self._owner(match.term, transcript)
            if owner is None:
                continue
            suggestion = text_suggestion(
                transcript,
                *owner,
                edits,
                reason=match.reason,
                auto=False,
                confidence=match.score,
            )
            if suggestion is not None:
                yield suggestion

    def _owner(self, term: Term, transcript: Transcript) -> tuple[str, str] | None:
        """The rule id and kind a match of ``term`` is reported under (None: not here)."""
        return self.rule.id, self.rule.kind


class FuzzyTermsCheck(GlossaryCheck):
    """Sound-alike detection for the ``term`` rules with ``fuzzy: true`` when no
    ``glossary`` rule is loaded (which would take them in): one index for all of
    them, each suggestion reported under its term rule (kind ``term``, review-only).

    Not a registered kind: the engine adds it when those rules need it.
    """

    def __init__(self, rules: Sequence[RuleModel], context: CheckContext) -> None:
        super().__init__(GlossaryRule(id="fuzzy-terms"), context)
        self._rules: dict[str, RuleModel] = {}
        for rule in rules:
            canonical = getattr(rule, "canonical", None)
            if getattr(rule, "fuzzy", False) and isinstance(canonical, str):
                self._rules.setdefault(canonical, rule)

    def _owner(self, term: Term, transcript: Transcript) -> tuple[str, str] | None:
        rule = self._rules.get(term.canonical)
        if rule is None or not rule.applies_to(transcript):
            return None
        return rule.id, rule.kind
