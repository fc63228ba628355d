"""Kind ``term``: a canonical spelling and its known mishearings, matched as whole words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field, field_validator, model_validator

from workbench.checks.base import Check, Phrase
from workbench.checks.context import ContextRule
from workbench.checks.matcher import is_whole_word_phrase


class TermRule(ContextRule):
    """A name or term ASR gets wrong: every variant is replaced by the canonical form."""

    kind: Literal["term"] = "term"
    """Always ``term``."""
    canonical: str = Field(min_length=1)
    """The correct spelling, written as given wherever a variant is found ("GPT-4")."""
    variants: list[str] = Field(default_factory=list)
    """Known mishearings, single or multi-word ("Dppd4", "GPD 4"); matched case-insensitively
    as whole words, also across a segment boundary. May be left out when ``fuzzy`` is true."""
    fuzzy: bool = False
    """True: also propose the canonical form, for review only, wherever words sound like
    it ("Elias at skever" for "Ilya Sutskever"), as the ``glossary`` kind does for its
    terms; with a glossary rule loaded, the term joins that rule's terms."""

    @model_validator(mode="after")
    def _something_to_find(self) -> TermRule:
        if not self.variants and not self.fuzzy:
            raise ValueError("a term needs 'variants' (its known mishearings), or 'fuzzy: true'")
        return self

    @field_validator("variants")
    @classmethod
    def _whole_words(cls, variants: list[str]) -> list[str]:
        for variant in variants:
            if not is_whole_word_phrase(variant):
                raise ValueError(f"variant {variant!r} must start and end with a letter or digit")
        return variants


class TermCheck(Check[TermRule]):
    """Finds the variants of a term (through the engine's shared automaton)."""

    model = TermRule

    def literals(self) -> Sequence[Phrase]:
        """Each variant, replaced by the canonical form as written."""
        return [Phrase(variant, self.rule.canonical) for variant in self.rule.variants]

    def reason(self, matched: str, replacement: str) -> str:
        """Names the mishearing and the term."""
        why = f"'{matched}' is a known mishearing of '{self.rule.canonical}'"
        return f"{why}: {self.rule.description}" if self.rule.description else why
