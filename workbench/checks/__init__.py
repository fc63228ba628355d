"""Rule kinds, registered by name in ``CHECKS`` (see ``workbench.checks.base`` to add one)."""

from __future__ import annotations

from workbench.checks.base import Check, CheckContext, Example, Phrase, RuleModel
from workbench.checks.boilerplate import BoilerplateCheck
from workbench.checks.confidence import ConfidenceCheck
from workbench.checks.duplicate import DuplicateCheck
from workbench.checks.filler import FillerCheck
from workbench.checks.fragment import FragmentCheck
from workbench.checks.glossary import GlossaryCheck
from workbench.checks.repeat import RepeatCheck
from workbench.checks.replace import ReplaceCheck
from workbench.checks.spelling import SpellingCheck
from workbench.checks.term import TermCheck
from workbench.checks.timing import TimingCheck

CHECKS: dict[str, type[Check]] = {  # type: ignore[type-arg]
    "replace": ReplaceCheck,
    "term": TermCheck,
    "duplicate": DuplicateCheck,
    "fragment": FragmentCheck,
    "repeat": RepeatCheck,
    "filler": FillerCheck,
    "spelling": SpellingCheck,
    "boilerplate": BoilerplateCheck,
    "glossary": GlossaryCheck,
    "timing": TimingCheck,
    "confidence": ConfidenceCheck,
}
"""Every rule kind by its ``kind`` name; adding a kind is one module plus one line here."""

__all__ = ["CHECKS", "Check", "CheckContext", "Example", "Phrase", "RuleModel"]
