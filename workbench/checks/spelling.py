"""Kind ``spelling``: words the dictionary does not know, with a close known word (suggest only)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

import ahocorasick  # type: ignore[import-not-found]
import regex
from pydantic import Field
from spellchecker import SpellChecker

from workbench.checks.base import Check, CheckContext, RuleModel
from workbench.checks.textfix import match_case, text_suggestion
from workbench.model import Suggestion, TextEdit, Transcript

_WORD = regex.compile(r"(?<![\w'-])\p{L}+(?:'\p{L}+)*(?![\w'-])")
_ASCII_NOT_WORD_PART = {code: " " for code in range(128) if not regex.match(r"[\w'-]", chr(code))}
_OTHER_NOT_WORD_PART = regex.compile(r"[^\w'\-\x00-\x7f]")
"""Characters beyond ASCII next to which a ``_WORD`` match can start or end."""


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
        blocks = self.context.blocks.of(transcript)
        flagged = self._flagged(block.text for block in blocks)
        if not flagged:
            return
        # Where the flagged words are: one automaton over their exact spellings,
        # each between two spaces, run over the text with every character that
        # could continue a word elsewhere turned into a space (lengths kept).
        automaton = ahocorasick.Automaton()
        for word in flagged:
            automaton.add_word(f" {word} ", word)
        automaton.make_automaton()
        for block in blocks:
            for end, word in automaton.iter(f" {_word_chars(block.text)} "):
                start = end - len(word) - 1  # padded end → unpadded start
                a = block.locate(start)
                seg = block.segments[a]
                local = start - block.offsets[a]
                candidates = flagged[word]
                others = f" (also: {', '.join(candidates[1:4])})" if len(candidates) > 1 else ""
                found = text_suggestion(
                    transcript,
                    self.rule.id,
                    self.rule.kind,
                    [TextEdit(seg.index, local, local + len(word), match_case(candidates[0], word))],
                    reason=(self.rule.description or f"'{word}' is not in the dictionary") + others,
                    auto=False,
                    confidence=0.4,
                )
                if found is not None:
                    yield found

    def _flagged(self, blocks: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Each distinct word (as written) of ``blocks`` that has candidates, with them."""
        # A word never holds a space, so the distinct words are those of the distinct
        # whitespace-separated tokens: far fewer pattern calls than one per word.
        tokens: set[str] = set()
        for block in blocks:
            tokens.update(block.split())
        words: set[str] = set()
        for token in tokens:
            words.update(_WORD.findall(token))
        flagged: dict[str, tuple[str, ...]] = {}
        for word in words:
            if len(word) < self.rule.min_length or not word[1:].islower() and not word.islower():
                continue  # acronyms and CamelCase names are not dictionary words
            candidates = self._candidates(word.lower())
            if candidates:
                flagged[word] = candidates
        return flagged


def _word_chars(text: str) -> str:
    """``text`` with every character outside ``[\\w'-]`` as a space, case and length kept.

    A ``_WORD`` match is a run of letters (and inner apostrophes) with no such
    character on either side: in this text, exactly a run between two spaces.
    """
    spaced = text.translate(_ASCII_NOT_WORD_PART)
    return spaced if spaced.isascii() else _OTHER_NOT_WORD_PART.sub(" ", spaced)
