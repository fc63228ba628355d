"""Kind ``spelling``: a word the dictionary does not know, when the evidence for one
fix is strong (suggest only).

Recognisers write whole vocabulary words, so they rarely make a true non-word: a
word no general dictionary holds is usually a rare real word, jargon or a name,
and "correcting" it to a commoner word is wrong ("vibey" → "vibe"). So a
word is flagged only on strong evidence:

* it is unknown: not a dictionary word, nor a known word with an English
  inflection or contraction (memes, else's, that'd), nor behind a common prefix
  (upweighted, deemphasizing), nor such a prefix alone ("multi agent"), nor in
  the ``accept`` list or a term's canonical form;
* it occurs once in the transcript: a word said the same way again is the
  speaker's word, or a name misheard the same way each time (the glossary's job);
* written lowercase, it has one likely fix: a word one edit away that is said
  elsewhere in the transcript (the speaker's own word, which fits the talk), is
  among the ``common`` commonest words of the dictionary, and is ``dominance``
  times as frequent as any other word one edit away said in the transcript;
* written with a capital, it is taken as a name: its only fix can be a known
  name (an ``accept`` word or term canonical with a capital) one edit away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Literal

import ahocorasick  # type: ignore[import-not-found]
import regex
from pydantic import Field
from spellchecker import SpellChecker

from workbench.checks.base import Check, CheckContext, RuleModel
from workbench.checks.textfix import match_case, text_suggestion
from workbench.dictionary import spell_checker
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
    ("'d", ("",)),
    ("'ll", ("",)),
    ("'ve", ("",)),
    ("'re", ("",)),
    ("ies", ("y",)),
    ("es", ("",)),
    ("s", ("",)),
    ("ied", ("y",)),
    ("ed", ("", "e")),
    ("ing", ("", "e")),
)
"""English inflectional endings and contractions, and what the stem may have ended with
instead (memes → meme, that'd → that)."""
_MIN_STEM = 3
"""A shorter stem is not tried: "ating" is likelier a misspelling of "eating" than "at" + -ing."""
_MIN_REST = 4
"""A word behind a prefix must be this long: "reall" is a misspelt "really", not "re" + "all"."""


EnglishVariant = Literal["en_US", "en_GB"]
ENGLISH_VARIANTS: tuple[EnglishVariant, ...] = ("en_US", "en_GB")
"""The English spellings taken as correct by default: ``SpellingRule.variants``."""


class SpellingRule(RuleModel):
    """Flag unknown words that are one edit away from a known word; never applied unattended."""

    suggest_only = True

    kind: Literal["spelling"] = "spelling"
    """Always ``spelling``."""
    language: str = "en"
    """The pyspellchecker dictionary to use."""
    variants: list[EnglishVariant] = Field(
        default_factory=lambda: list(ENGLISH_VARIANTS), min_length=1
    )
    """With ``language: en``, the spellings taken as correct: American (the dictionary's),
    British (realise, behaviour, colour; from the ``breame`` word lists), or both.
    ``[en_GB]`` alone takes the American spellings of those words for misspellings."""
    accept: list[str] = Field(default_factory=list)
    """Words to treat as correct, on top of the canonical forms of all ``term`` rules."""
    min_length: int = Field(default=4, ge=1)
    """Shorter words are not checked (ASR rarely misspells them; names often look like them)."""
    inflections: bool = True
    """Take English inflections of a known word as known: -s, -es, -ies, -'s, -ed, -ied, -ing
    (memes, randomizations, incentivized, else's). Turn off for a language other than English."""
    common: int = Field(default=10_000, ge=1)
    """A fix must be among this many commonest words of the dictionary."""
    dominance: float = Field(default=5.0, ge=1)
    """When several words one edit away are said in the transcript, the fix must be this
    many times as frequent as the next of them."""
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
        self._token_words: dict[str, tuple[str, ...]] = {}
        """The words of each whitespace-separated token met so far (``_WORD``)."""
        self._verdicts: dict[str, tuple[str, ...]] = {}
        """The candidates of each word met so far, as written (``_word_candidates``)."""
        self._common: int | None = None
        # Lowercased: the dictionary holds every word in lowercase.
        self._names = frozenset(
            word.lower() for word in (*rule.accept, *context.vocabulary) if not word.islower()
        )
        self._prefixes = frozenset(prefix.lower() for prefix in rule.prefixes if prefix)

    def _speller(self) -> SpellChecker:
        # Preparing the dictionary takes ~0.4 s: only when the rule first runs, and
        # from the disk cache (the prepared checker reads in a tenth of that).
        if self._checker is None:
            known = {w.lower() for w in (*self.rule.accept, *self.context.vocabulary)}
            self._checker = spell_checker(
                self.rule.language, words=known, english=self.rule.variants
            )
        return self._checker

    def _candidates(self, word: str) -> tuple[str, ...]:
        """Known words one edit from ``word``, most frequent first; () for a known word."""
        cached = self._cache.get(word)
        if cached is None:
            speller = self._speller()
            if self.known(word):
                cached = ()
            else:
                found = speller.candidates(word) or set()
                cached = tuple(sorted(found - {word}, key=lambda c: (-speller[c], c)))
            self._cache[word] = cached
        return cached

    def known(self, word: str) -> bool:
        """True for a dictionary word, or one of its inflections or prefixed forms (lowercase ``word``)."""
        if self._known_form(word) or word in self._prefixes:
            return True
        return any(
            len(word) - len(prefix) >= _MIN_REST and self._known_form(word[len(prefix) :])
            for prefix in self._prefixes
            if word.startswith(prefix)
        )

    def _known_form(self, word: str) -> bool:
        """True for a dictionary word or (with ``inflections``) an inflection of one.

        A look-up in the dictionary itself: for a lowercase word of letters it is what
        ``SpellChecker.known`` answers, without its copies and checks per call (about
        3,000 words a transcript; ``tests/checks/test_spelling_known.py``).
        """
        dictionary = self._speller().word_frequency.dictionary
        if word in dictionary:
            return True
        return self.rule.inflections and any(stem in dictionary for stem in _stems(word))

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """One suggestion per unknown word said once that has one likely fix."""
        if not self.rule.applies_to(transcript):
            return
        blocks = self.context.blocks.of(transcript)
        flagged, said_here = self._flagged(self._tokens(transcript))
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
        for number, block in enumerate(blocks):
            for end, word in automaton.iter(f" {_word_chars(block.text)} "):
                hits.append((number, end - len(word) - 1, word))  # padded end → start
        said = Counter(word.lower() for _, _, word in hits)
        for number, start, word in hits:
            if said[word.lower()] > 1:
                continue  # the speaker's word, or a name the glossary should know
            found = self._fix(word, flagged[word], said_here)
            if found is None:
                continue
            fix, why = found
            block = blocks[number]
            a = block.locate(start)
            seg = block.segments[a]
            local = start - block.offsets[a]
            suggestion = text_suggestion(
                transcript,
                self.rule.id,
                self.rule.kind,
                [TextEdit(seg.index, local, local + len(word), fix)],
                reason=self.rule.description + f": {why}" if self.rule.description else why,
                auto=False,
                confidence=0.4,
            )
            if suggestion is not None:
                yield suggestion

    def _fix(
        self, word: str, candidates: tuple[str, ...], said_here: frozenset[str]
    ) -> tuple[str, str] | None:
        """The one likely fix of ``word`` (an unknown word said once), in its case, and why;
        None when the evidence is not strong. ``said_here``: the transcript's words, lowercased."""
        if word[0].isupper():
            # A name: an English word is no fix for it (Uber → User), only a known name is.
            names = [c for c in candidates if c in self._names]
            if len(names) != 1:
                return None
            name = match_case(names[0], word)
            return name, f"'{word}' is unknown; '{name}' is the one known name one letter away"
        speller = self._speller()
        fits = [c for c in candidates if c in said_here]  # most frequent first
        if not fits or speller[fits[0]] < self._common_frequency():
            return None
        if len(fits) > 1 and speller[fits[0]] < self.rule.dominance * speller[fits[1]]:
            return None
        fix = match_case(fits[0], word)
        why = (
            f"'{word}' is unknown, said once; '{fix}', one letter away, "
            "is a common word said elsewhere in this transcript"
        )
        if len(fits) > 1:
            why += f" ({speller[fits[0]] // max(speller[fits[1]], 1)}x as common as '{fits[1]}')"
        return fix, why

    def _common_frequency(self) -> int:
        """The frequency of the ``common``-th commonest dictionary word."""
        if self._common is None:
            counts = sorted(self._speller().word_frequency.dictionary.values(), reverse=True)
            self._common = counts[min(self.rule.common, len(counts)) - 1] if counts else 0
        return self._common

    def _tokens(self, transcript: Transcript) -> set[str]:
        """The distinct whitespace-separated tokens of ``transcript``'s segments: those the
        coded words (``wordcodes``) split once for all checks, and those of the segments
        they leave out."""
        coded = self.context.words.of(transcript)
        tokens = set(coded.tokens)
        segments = transcript.segments
        for index in coded.uncoded:
            tokens.update(segments[index].text.split())
        return tokens

    def _flagged(self, tokens: Iterable[str]) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
        """Each distinct word (as written) of ``tokens`` (whitespace-separated) that has
        candidates, with them; and every distinct word of ``tokens``, lowercased."""
        # A word never holds a space, so the distinct words are those of the distinct
        # whitespace-separated tokens: far fewer pattern calls than one per word. The
        # words of a token, and a word's candidates, are kept for the next transcript
        # of the run: most of a corpus's tokens recur from file to file, and on many
        # small files this was the largest cost after the engine's automaton
        # (``apply`` of 1,000 files of 50 segments under cProfile: 0.78 s -> 0.54 s).
        words: set[str] = set()
        split = self._token_words
        for token in tokens:
            found = split.get(token)
            if found is None:
                found = split[token] = tuple(_WORD.findall(token))
            words.update(found)
        flagged: dict[str, tuple[str, ...]] = {}
        verdicts = self._verdicts
        for word in words:
            candidates = verdicts.get(word)
            if candidates is None:
                candidates = verdicts[word] = self._word_candidates(word)
            if candidates:
                flagged[word] = candidates
        return flagged, frozenset(word.lower() for word in words)

    def _word_candidates(self, word: str) -> tuple[str, ...]:
        """The candidates of ``word`` as written; () for a known word or one that is no
        dictionary word (too short, an acronym, a CamelCase name)."""
        if len(word) < self.rule.min_length or not word[1:].islower() and not word.islower():
            return ()
        return self._candidates(word.lower())


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
