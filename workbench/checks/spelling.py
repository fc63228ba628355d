"""Kind ``spelling``: words the dictionary does not know, with a close known word (suggest only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field
from spellchecker import SpellChecker

from workbench.checks.base import Check, CheckContext, RuleModel
from workbench.checks.textfix import match_case, text_suggestion
from workbench.model import Suggestion, TextEdit, Transcript

_WORD = regex.compile(r"(?<![\w'-])\p{L}+(?:'\p{L}+)*(?![\w'-])")


class SpellingRule(RuleModel):
    """Flag unknown words that are one edit away from a known word; never applied unattended."""

    suggest_only = True

    kind: Literal["spelling"] = "spelling"
    """Always ``spelling``."""
    language: str = "en"
    """The pyspellchecker dictionary to use."""
    accept: list[str] = Field(default_factory=list)
    """Words to treat as correct, on top of the canonical forms of all ``term`` rules."""
    min_length: int = Field(default=4, ge=1)
    """Shorter words are not checked (ASR rarely misspells them; names often look like them)."""


class SpellingCheck(Check[SpellingRule]):
    """Checks each distinct word once and caches the answer."""

    model = SpellingRule

    def __init__(self, rule: SpellingRule, context: CheckContext) -> None:
        super().__init__(rule, context)
        self._checker: SpellChecker | None = None
        self._cache: dict[str, tuple[str, ...]] = {}

    def _speller(self) -> SpellChecker:
        # Loading the dictionary takes ~0.15 s: only when the rule first runs.
        if self._checker is None:
            checker = SpellChecker(language=self.rule.language, distance=1)
            known = {w.lower() for w in self.rule.accept} | {w.lower() for w in self.context.vocabulary}
            checker.word_frequency.load_words(sorted(known))
            self._checker = checker
        return self._checker

    def _candidates(self, word: str) -> tuple[str, ...]:
        """Known words one edit from ``word``, most frequent first; () for a known word."""
        cached = self._cache.get(word)
        if cached is None:
            speller = self._speller()
            if speller.known([word]):
                cached = ()
            else:
                found = speller.candidates(word) or set()
                cached = tuple(sorted(found - {word}, key=lambda c: (-speller[c], c)))
            self._cache[word] = cached
        return cached

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """One suggestion per unknown word with a close candidate."""
        if not self.rule.applies_to(transcript):
            return
        for seg in transcript.segments:
            for match in _WORD.finditer(seg.text):
                word = match.group()
                if len(word) < self.rule.min_length or not word[1:].islower() and not word.islower():
                    continue  # acronyms and CamelCase names are not dictionary words
                candidates = self._candidates(word.lower())
                if not candidates:
                    continue
                others = f" (also: {', '.join(candidates[1:4])})" if len(candidates) > 1 else ""
                found = text_suggestion(
                    transcript,
                    self.rule.id,
                    self.rule.kind,
                    [TextEdit(seg.index, match.start(), match.end(), match_case(candidates[0], word))],
                    reason=(self.rule.description or f"'{word}' is not in the dictionary") + others,
                    auto=False,
                    confidence=0.4,
                )
                if found is not None:
                    yield found
