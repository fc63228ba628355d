"""Kind ``glossary``: words that sound like a glossary term (suggest only).

The terms come from a plain glossary file (``file:``), from ``terms:`` in the
rule itself (which also carry per-term ``min_score`` and ``context``), and from
every ``term`` rule with ``fuzzy: true``. The variants that ``term`` rules list
for a glossary term — including those learned in review — are indexed too, as
extra evidence of how that term gets misheard.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from workbench.checks.base import Check, CheckContext, RuleModel
from workbench.checks.textfix import span_edits, text_suggestion
from workbench.glossary import read_glossary
from workbench.model import Suggestion, Transcript
from workbench.soundalike import (
    DEFAULT_MIN_SCORE,
    SoundAlikeIndex,
    Term,
    Token,
    tokenize_segments,
)
from workbench.soundalike.scorer import load
from workbench.soundalike.tokens import WORD, kept, possessive_at


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
    min_score: float = Field(default=DEFAULT_MIN_SCORE, ge=0.0, le=1.0)
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
        # Read now, so a missing or broken glossary stops loading before any scan.
        self._terms = self.terms()
        self._scorer = load(rule.weights) if rule.weights is not None else None
        self._index: SoundAlikeIndex | None = None

    def terms(self) -> list[Term]:
        """The terms this rule proposes, with their options and known variants."""
        options = {term.canonical: term for term in self.rule.terms}
        names: list[str] = []
        if self.rule.file is not None:
            names = [entry.term for entry in read_glossary(self.rule.file)]
        names += [name for name in options if name not in names]
        variants: dict[str, list[str]] = {}
        for canonical, known, fuzzy in self.context.terms:
            if fuzzy and canonical not in names:
                names.append(canonical)
            variants.setdefault(canonical, []).extend(known)
        terms = []
        for name in names:
            option = options.get(name)
            extra = variants.get(name, []) + (option.variants if option else [])
            terms.append(
                Term(
                    name,
                    tuple(dict.fromkeys(extra)),
                    option.min_score if option else None,
                    tuple(option.context) if option else (),
                )
            )
        return terms

    def index(self) -> SoundAlikeIndex:
        """The sound-alike index of the terms, built on first use (the dictionary and
        indexing cost ~0.3 s)."""
        if self._index is None:
            self._index = SoundAlikeIndex(
                self._terms, min_score=self.rule.min_score, scorer=self._scorer
            )
        return self._index

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """A review-only suggestion for every phrase that sounds like a term."""
        segments = transcript.segments
        tokens = tokenize_segments(segments)
        present = frozenset(token.norm for token in tokens)
        for match in self.index().find(tokens, present):
            first, last, replacement = _changed(match.tokens, match.replacement)
            end = last.end
            if kept(replacement) != replacement:
                # The term writes the possessive the transcript keeps outside the word:
                # the edit takes it in ("Peeple's" -> "People's", not "People's's").
                end += possessive_at(segments[last.segment].text, end)
            edits = span_edits(segments, first.segment, first.start, last.segment, end, replacement)
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


def _changed(tokens: Sequence[Token], canonical: str) -> tuple[Token, Token, str]:
    """The first and last tokens a match changes, and the part of the term that replaces them.

    Where the window has the term's number of words, a word at either end that
    already writes the term's word is left alone ("Brett Farve" → only "Farve"
    becomes "Favre"), so that the flag stands on the line of the misheard word.
    """
    words = list(WORD.finditer(canonical))
    if len(words) != len(tokens):
        return tokens[0], tokens[-1], canonical
    head = 0
    while head < len(tokens) - 1 and tokens[head].text == kept(words[head].group()):
        head += 1
    tail = len(tokens) - 1
    while tail > head and tokens[tail].text == kept(words[tail].group()):
        tail -= 1
    return tokens[head], tokens[tail], canonical[words[head].start() : words[tail].end()]
