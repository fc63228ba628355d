"""Kind ``spelling``: words the dictionary does not know, with a close known word (suggest only).

Transcripts of talk about technology are full of correct words no general
dictionary holds, and ASR writes whole vocabulary words, so it rarely makes a
true non-word. Three things keep such words from being flagged:

* a word that is a known word with an English inflection (memes, incentivized,
  else's) or a known word behind a common prefix (upweighted, deemphasizing) is
  known, as is such a prefix on its own (ASR writes "multi agent", "proto AGI");
* a word written with a capital in mid-sentence anywhere in the transcript is
  taken as a name (Uber, Reddit, Magnus): it is flagged only when a known name
  (an ``accept`` word or term canonical with a capital) is one edit away, since
  only a name can be what a misheard name should have been;
* the ``accept`` list, for the remaining vocabulary (eval, diff, DMing).

A word is not skipped for being repeated: ASR mishears a name the same way each
time (ChatGBT three times in the sample corpus).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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

DEFAULT_PREFIXES = (
    "anti", "co", "de", "hyper", "inter", "meta", "micro", "mis", "multi", "non", "over",
    "post", "pre", "proto", "re", "semi", "sub", "super", "un", "under", "up",
)  # fmt: skip
"""Productive English prefixes: ``SpellingRule.prefixes`` by default."""

_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("'s", ("",)),
    ("ies", ("y",)),
    ("es", ("",)),
    ("s", ("",)),
    ("ied", ("y",)),
    ("ed", ("", "e")),
    ("ing", ("", "e")),
)
"""English inflectional endings and what the stem may have ended with instead (memes → meme)."""
_MIN_STEM = 3
"""A shorter stem is not tried: "ating" is likelier a misspelling of "eating" than "at" + -ing."""
_MIN_REST = 4
"""A word behind a prefix must be this long: "reall" is a misspelt "really", not "re" + "all"."""
_CONTINUES_SENTENCE = frozenset(",;")
"""Punctuation after which the next word is still in the same sentence."""


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
    inflections: bool = True
    """Take English inflections of a known word as known: -s, -es, -ies, -'s, -ed, -ied, -ing
    (memes, randomizations, incentivized, else's). Turn off for a language other than English."""
    prefixes: list[str] = Field(default_factory=lambda: list(DEFAULT_PREFIXES))
    """A known word (or inflection) behind one of these is known (upweighted, deemphasizing,
    refactor), and so is a prefix standing alone, the first half of a compound ASR split
    ("multi agent", "proto AGI"). English ones by default; ``[]`` for none."""


class SpellingCheck(Check[SpellingRule]):
    """Checks each distinct word once and caches the answer."""

    model = SpellingRule

    def __init__(self, rule: SpellingRule, context: CheckContext) -> None:
        super().__init__(rule, context)
        self._checker: SpellChecker | None = None
        self._cache: dict[str, tuple[str, ...]] = {}
        # Lowercased: the dictionary holds every word in lowercase.
        self._names = frozenset(
            word.lower() for word in (*rule.accept, *context.vocabulary) if not word.islower()
        )
        self._prefixes = frozenset(prefix.lower() for prefix in rule.prefixes if prefix)

    def _speller(self) -> SpellChecker:
        # Loading the dictionary takes ~0.15 s: only when the rule first runs.
        if self._checker is None:
            checker = SpellChecker(language=self.rule.language, distance=1)
            known = {w.lower() for w in self.rule.accept} | {
                w.lower() for w in self.context.vocabulary
            }
            checker.word_frequency.load_words(sorted(known))
            self._checker = checker
        return self._checker

    def _candidates(self, word: str) -> tuple[str, ...]:
        """Known words one edit from ``word``, most frequent first; () for a known word."""
        cached = self._cache.get(word)
        if cached is None:
            speller = self._speller()
            if self._known(word):
                cached = ()
            else:
                found = speller.candidates(word) or set()
                cached = tuple(sorted(found - {word}, key=lambda c: (-speller[c], c)))
            self._cache[word] = cached
        return cached

    def _known(self, word: str) -> bool:
        """True for a dictionary word, or one of its inflections or prefixed forms (lowercase ``word``)."""
        if self._known_form(word) or word in self._prefixes:
            return True
        return any(
            len(word) - len(prefix) >= _MIN_REST and self._known_form(word[len(prefix) :])
            for prefix in self._prefixes
            if word.startswith(prefix)
        )

    def _known_form(self, word: str) -> bool:
        """True for a dictionary word or (with ``inflections``) an inflection of one."""
        speller = self._speller()
        if speller.known([word]):
            return True
        return self.rule.inflections and bool(speller.known(_stems(word)))

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
        hits: list[tuple[int, int, str]] = []
        names: set[str] = set()
        texts = [block.text for block in blocks]
        for number, text in enumerate(texts):
            for end, word in automaton.iter(f" {_word_chars(text)} "):
                start = end - len(word) - 1  # padded end → unpadded start
                hits.append((number, start, word))
                lowered = word.lower()
                if (
                    word[0].isupper()
                    and lowered not in names
                    and _mid_sentence(texts, number, start)
                ):
                    names.add(lowered)
        for number, start, word in hits:
            candidates = flagged[word]
            if word.lower() in names:
                # A name (here or elsewhere in the transcript, in any case): an English
                # word is no fix for it (Uber → User), only a known name is.
                candidates = tuple(c for c in candidates if c in self._names)
                if not candidates:
                    continue
            block = blocks[number]
            a = block.locate(start)
            seg = block.segments[a]
            local = start - block.offsets[a]
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


def _stems(word: str) -> Iterator[str]:
    """The words ``word`` may be an English inflection of: memes → meme, else's → else,
    incentivized → incentivize."""
    for ending, restored in _ENDINGS:
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        if len(stem) < _MIN_STEM:
            continue
        # No undoubling (stopped → stop): the dictionary has the real doubled
        # forms, so it would only let through non-words like "thatted".
        for tail in restored:
            yield stem + tail


def _mid_sentence(texts: Sequence[str], number: int, start: int) -> bool:
    """True when the word at ``start`` of ``texts[number]`` follows a word of its own
    sentence: the nearest character before it (over segment and block boundaries)
    is a letter, digit, comma or semicolon. At the very start it is not."""
    while number >= 0:
        text = texts[number]
        position = start - 1
        while position >= 0 and text[position].isspace():
            position -= 1
        if position >= 0:
            before = text[position]
            return before.isalnum() or before in _CONTINUES_SENTENCE
        number -= 1
        start = len(texts[number]) if number >= 0 else 0
    return False
