"""Sound-alike detection: find word n-grams that sound like a glossary term.

The pure algorithm behind the ``glossary`` rule kind. A ``SoundAlikeIndex`` is
built once from ``Term``s; ``find`` then walks every 1–4 token window of a
token stream (windows may cross a segment boundary), and scores only the terms
that share a blocking key with the window: the first or last three symbols of
its sound key, or, for windows ending in a version number ("GPD 4",
"Dppd4"), that number. So the cost follows the text, not the glossary size.

A *sound key* is a word's Metaphone code (jellyfish) with vowels dropped and
voiced/unvoiced pairs merged (B=P, D=T, G=J=K, V=F, Z=S), computed per word
and concatenated, so that "Elias at skever" and "Ilya Sutskever" both become
``LSTSKFR`` and "Chad gbt" and "ChatGPT" both ``XTKPT``.

A score combines how alike the sound keys are, how alike the letters are,
for spelled-out acronyms how alike the letter names sound ("dee" and "gee"),
whether a version number matched, and how common the window's words are in
English (pyspellchecker's frequencies): a phrase of ordinary words needs far
stronger evidence than one holding a word no dictionary knows.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

DEFAULT_MIN_SCORE = 0.82
"""The score a window must reach when its term sets no ``min_score`` of its own."""

MAX_WORDS = 4
"""The longest window, in tokens."""

RARE_FREQUENCY = 1e-6
"""Words rarer than this (relative frequency in English) count as evidence of a mishearing."""

COMMON_PENALTY = 0.2
"""Taken off the score of a window made only of ordinary English words."""

UNKNOWN_BONUS = 0.05
"""Added when the window holds a word no dictionary knows ("skever", "gbt")."""

VERSION_BONUS = 0.1
"""Added when the window ends in the term's version number ("GPD 4", "GPT for")."""

ACRONYM_SPLIT_PENALTY = 0.3
"""Taken off when several words sound like a (one-word) acronym but do not spell it."""

SHORT_PENALTY = 0.1
"""Taken off for a term whose sound key is two symbols or fewer (DALL-E: ``TL``)."""

ALIGNED_BONUS = 0.05
"""Added when the window has the term's number of words and each sounds like its partner."""

LONGER_BONUS = 0.05
"""Per extra token, when ranking overlapping windows (not part of the reported score)."""

_TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*")
_POSSESSIVE = re.compile(r"\w\w['’]s$")
_VOWELS = str.maketrans("", "", "AEIOU")
# Merge voiced and unvoiced consonants: recognisers confuse them first.
_VOICING = str.maketrans({"B": "P", "D": "T", "G": "K", "J": "K", "V": "F", "Z": "S"})
_SPLIT_VERSION = re.compile(r"^([a-z]+?)(\d+(?:\.\d+)?)$")
_TERM_VERSION = re.compile(r"^(.*?[A-Za-z])[\s\-]?(\d+(?:\.\d+)?)$")
_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "for": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
}
# How a spelled-out letter sounds: letters in one group rhyme ("bee", "dee", "gee").
_LETTER_NAME = {
    **dict.fromkeys("BCDEGPTVZ", "E"),
    **dict.fromkeys("AJK", "A"),
    **dict.fromkeys("FLMNSX", "F"),
    **dict.fromkeys("IY", "I"),
    **dict.fromkeys("QUW", "U"),
    "O": "O",
    "H": "H",
    "R": "R",
}


@dataclass(frozen=True, slots=True)
class Term:
    """A canonical spelling to look for, with what is known about how it is misheard."""

    canonical: str
    variants: tuple[str, ...] = ()
    """Known mishearings (from a ``term`` rule or learned in review): extra evidence."""
    min_score: float | None = None
    """This term's own threshold; None means the index's default."""
    context: tuple[str, ...] = ()
    """Words of which at least one must occur in the transcript for the term to be proposed."""


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a segment's text, with where it is."""

    segment: int
    """Index of the segment the word is in."""
    start: int
    """Offset of the word's first character in the segment's text."""
    end: int
    """Offset just past the word's last character."""
    text: str
    sentence_start: bool = False
    """True for the first word of a sentence (a capital there says nothing)."""

    @property
    def name_like(self) -> bool:
        """True for a capitalised word inside a sentence ("Main" in "Andrew Main")."""
        return not self.sentence_start and self.text[:1].isupper() and not self.text.isupper()

    @property
    def norm(self) -> str:
        """The word lowercased: letters, digits, apostrophes and decimal points only."""
        return _normalise(self.text)


@dataclass(frozen=True, slots=True)
class Form:
    """A spelling reduced to what sound-alike matching compares."""

    letters: str
    """Lowercase letters of the part before any version number."""
    key: str
    """Sound key of those letters (see the module docstring)."""
    version: str | None = None
    """A trailing version number ("4", "3.5"), if any."""
    acronym: bool = False
    """True for spelled-out letters ("GPT", "gbt"): compared by letter names too."""
    spoken: str | None = None
    """The number word the version was read from ("for", "four"), if it was spoken."""
    word_keys: tuple[str, ...] = ()
    """The sound key of each word of the stem."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """How alike a window and a term are, part by part, and the score that results."""

    score: float
    sound: float
    """Similarity of the sound keys, 0..1."""
    spelling: float
    """Similarity of the letters, 0..1."""
    term_key: str
    window_key: str
    version_matched: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """A window of tokens that sounds like a term."""

    term: Term
    tokens: tuple[Token, ...]
    score: float
    reason: str
    """The evidence in words: keys compared, unknown words, version."""


class Lexicon:
    """How common an English word is, from pyspellchecker's frequency list (cached per word)."""

    def __init__(self, frequency: Callable[[str], float]) -> None:
        self._frequency = functools.cache(frequency)

    def frequency(self, word: str) -> float:
        """Relative frequency of ``word`` in English; 0.0 for a word no dictionary knows."""
        return self._frequency(word)

    def known(self, word: str) -> bool:
        """True when the word is in the dictionary (numbers count as known)."""
        return word.replace(".", "").isdigit() or self._frequency(word) > 0.0


@functools.cache
def english() -> Lexicon:
    """The English lexicon, loaded once per process (loading costs ~0.3 s)."""
    from spellchecker import SpellChecker

    checker = SpellChecker()
    return Lexicon(checker.word_usage_frequency)


def _normalise(text: str) -> str:
    """Lowercase, keeping letters, digits, apostrophes (for the dictionary) and decimal points."""
    kept = "".join(ch for ch in text.lower().replace("’", "'") if ch.isalnum() or ch in ".'")
    return kept.strip(".'")


def _letters(word: str) -> str:
    return word.replace("'", "").replace(".", "")


@functools.cache
def word_key(word: str) -> str:
    """The sound key of one word (letters only, any case)."""
    letters = "".join(ch for ch in word.lower() if "a" <= ch <= "z")
    if not letters:
        return ""
    code = jellyfish.metaphone(letters).translate(_VOWELS).translate(_VOICING)
    return _squeeze(code)


def _squeeze(code: str) -> str:
    """Collapse runs of one symbol ("KKPT" -> "KPT"): doubled sounds are heard once."""
    return "".join(ch for i, ch in enumerate(code) if i == 0 or ch != code[i - 1])


def sound_key(words: Iterable[str]) -> str:
    """The sound key of a phrase: its words' keys joined, repeated symbols collapsed."""
    return _squeeze("".join(word_key(word) for word in words))


def letter_names(letters: str) -> str:
    """How spelled-out letters sound, one symbol per letter ("gpt" -> "EEE")."""
    return "".join(_LETTER_NAME.get(ch, ch) for ch in letters.upper())


@functools.cache
def term_form(spelling: str) -> Form:
    """Reduce a canonical spelling or a variant ("GPT-4", "Ilya Sutskever") to a Form."""
    version = None
    stem = spelling.strip().replace("&", " and ")
    found = _TERM_VERSION.match(stem)
    if found:
        stem, version = found.group(1), found.group(2)
    words = [w for w in (_normalise(t) for t in _TOKEN.findall(stem)) if w]
    if version is None and words:
        split = _SPLIT_VERSION.match(words[-1])
        if split:
            words[-1], version = split.group(1), split.group(2)
    letters = "".join(_letters(w) for w in words)
    stripped = "".join(ch for ch in stem if ch.isalpha())
    acronym = 2 <= len(stripped) <= 5 and stripped.isupper()
    return Form(letters, sound_key(words), version, acronym, None, tuple(map(word_key, words)))


def window_form(words: Sequence[str]) -> Form | None:
    """Reduce a window's normalised words to a Form, reading a final number as a version.

    "gpd 4", "gpd4", "GPT for" and "GPT four" all give stem letters and version "4".
    None when digits sit anywhere else ("gpt3 did", "4gbt4"): no term reads so.
    """
    if any("." in w and not _is_number(w) for w in words):
        return None  # a file or domain name ("commandbar.com"), not speech
    words = [_letters(w) if not _is_number(w) else w for w in words]
    version = None
    spoken = None
    if len(words) >= 2 and (_is_number(words[-1]) or words[-1] in _NUMBER_WORDS):
        spoken = words[-1] if words[-1] in _NUMBER_WORDS else None
        version = _NUMBER_WORDS.get(words[-1], words[-1])
        words.pop()
    elif words:
        split = _SPLIT_VERSION.match(words[-1])
        if split:
            words[-1], version = split.group(1), split.group(2)
    if any(ch.isdigit() for w in words for ch in w):
        return None
    letters = "".join(words)
    acronym = len(words) == 1 and 2 <= len(letters) <= 5
    keys = tuple(map(word_key, words))
    return Form(letters, sound_key(words), version, acronym, spoken, keys)


def _is_number(word: str) -> bool:
    return bool(word) and word.replace(".", "", 1).isdigit()


def compare(window: Form, term: Form) -> Evidence:
    """Score how alike a window and a term form are, before word-commonness is weighed."""
    sound = fuzz.ratio(window.key, term.key) / 100
    spelling = fuzz.ratio(window.letters, term.letters) / 100
    if term.acronym and window.acronym:
        # Spelled letters are misheard by rhyme ("dee pee" for "gee pee"), not by spelling.
        names = fuzz.ratio(letter_names(window.letters), letter_names(term.letters)) / 100
        spelling = max(spelling, names * 0.8)
    score = 0.6 * sound + 0.4 * spelling
    if term.acronym and len(window.word_keys) > 1 and window.letters != term.letters:
        # "AGI but" sounds KPT too: an acronym is one word, or its letters spelled apart.
        score -= ACRONYM_SPLIT_PENALTY
    if len(term.key) <= 2:
        # Two consonants ("TL" of DALL-E) are shared by too many ordinary words.
        score -= SHORT_PENALTY
    matched = window.version is not None and window.version == term.version
    if matched and window.spoken == "for" and window.key != term.key:
        # "for" is nearly always just "for": only an exact-sounding stem makes it a "4".
        score = 0.0
    elif matched:
        score += VERSION_BONUS
    if len(window.word_keys) == len(term.word_keys) > 1 and all(
        fuzz.ratio(a, b) >= 60 for a, b in zip(window.word_keys, term.word_keys)
    ):
        score += ALIGNED_BONUS
    return Evidence(max(0.0, min(score, 1.0)), sound, spelling, term.key, window.key, matched)


def _blocking_keys(form: Form) -> tuple[str, ...]:
    """Where a form is filed: a match must share its first or its last two sounds."""
    key = form.key
    return (f"<{key[:2]}", f">{key[-2:]}")


@dataclass(frozen=True, slots=True)
class _Entry:
    term: Term
    form: Form
    canonical: bool
    """False for an entry made from one of the term's variants."""


class SoundAlikeIndex:
    """Glossary terms indexed by sound key, ready to scan token streams."""

    def __init__(
        self,
        terms: Iterable[Term],
        *,
        min_score: float = DEFAULT_MIN_SCORE,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.terms = tuple(terms)
        self.min_score = min_score
        self._floor = min(
            [min_score] + [t.min_score for t in self.terms if t.min_score is not None]
        )
        """The lowest threshold of any term."""
        self.lexicon = lexicon if lexicon is not None else english()
        self._by_key: dict[str, list[_Entry]] = defaultdict(list)
        self._by_version: dict[str, list[_Entry]] = defaultdict(list)
        # Letters (+ version) of canonical forms and variants: a window holding
        # one must not swallow it ("the Lex Fridman"), and a variant is left to
        # the `term` rule that lists it.
        self._exact: dict[tuple[str, str | None], Term] = {}
        self._variants: set[tuple[str, str | None]] = set()
        self._letters: set[str] = set()
        self._interest: dict[str, bool] = {}
        self._words: dict[Term, set[str]] = defaultdict(set)
        self._spelled: set[str] = set()
        """Letters and version digits run together ("gpt35"), to find exact spellings fast."""
        # Words of the terms and every run of them ("Lukas", "Sam Altman"): the
        # glossary's own vocabulary is neither a mishearing nor evidence of one.
        self._vocabulary: set[str] = set()
        self._parts: dict[Term, set[str]] = defaultdict(set)
        self._entries: dict[Term, list[_Entry]] = defaultdict(list)
        for term in self.terms:
            spellings = [(term.canonical, True)] + [(v, False) for v in term.variants]
            for spelling, canonical in spellings:
                form = term_form(spelling)
                if not form.letters:
                    continue
                entry = _Entry(term, form, canonical)
                self._entries[term].append(entry)
                self._exact.setdefault((form.letters, form.version), term)
                self._letters.add(form.letters)
                self._spelled.add(form.letters + _letters(form.version or ""))
                if not canonical:
                    self._variants.add((form.letters, form.version))
                for block in _blocking_keys(form):
                    self._by_key[block].append(entry)
                if form.version is not None:
                    self._by_version[form.version].append(entry)
            words = [_letters(w) for w in map(_normalise, _TOKEN.findall(term.canonical))]
            self._vocabulary.update(words)
            self._words[term].update(words)
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    if j - i < len(words):
                        self._parts[term].add("".join(words[i:j]))

    def find(self, tokens: Sequence[Token], present: frozenset[str] | None = None) -> list[Match]:
        """Every best, non-overlapping window of ``tokens`` that sounds like a term.

        ``present`` is the set of normalised words of the whole transcript, used
        for terms with ``context`` words; None skips that test.
        """
        norms = [token.norm for token in tokens]
        flat = [_letters(word) for word in norms]
        # Per token once, not per window: does it make a window worth scoring?
        interesting = [self._interesting(word) for word in norms]
        exact = self._exact_spans(norms, flat)

        def exact_spans(first: int, last: int) -> list[Term]:
            """The terms spelled out somewhere strictly inside tokens first..last."""
            return [
                term
                for start, end, term in exact
                if first <= start and end <= last and (start, end) != (first, last)
            ]

        found: list[tuple[float, int, int, Match]] = []
        for first in range(len(tokens)):
            for size in range(1, min(MAX_WORDS, len(tokens) - first) + 1):
                last = first + size - 1
                if not flat[last]:
                    break
                # A window of only everyday words ("check the") is no name worth the
                # comparison, unless it spells a term apart ("open AI").
                if not any(interesting[first : last + 1]) and (
                    "".join(flat[first : last + 1]) not in self._letters
                ):
                    continue
                words = norms[first : last + 1]
                match = self._best(tokens, first, last, words, exact_spans, present)
                if match is not None:
                    # Rank a longer window a little higher: "Chad gbt" is one
                    # mishearing of ChatGPT, not "Chad" and a misheard GPT.
                    found.append((match.score + LONGER_BONUS * (size - 1), first, last, match))
        return _non_overlapping(found)

    def _exact_spans(
        self, norms: Sequence[str], flat: Sequence[str]
    ) -> list[tuple[int, int, Term]]:
        """Where a term's canonical form or a variant is spelled out (up to case and spaces)."""
        spans = []
        for first in range(len(norms)):
            joined = ""
            for last in range(first, min(first + MAX_WORDS, len(norms))):
                joined += flat[last]
                if joined not in self._spelled:
                    continue
                form = window_form(norms[first : last + 1])
                if form is None or form.spoken is not None:
                    continue
                term = self._exact.get((form.letters, form.version))
                if term is not None:
                    spans.append((first, last, term))
        return spans

    def _interesting(self, word: str) -> bool:
        """True for a rare, unknown or numbered word, or one of the glossary's own words."""
        known = self._interest.get(word)
        if known is None:
            known = (
                self.lexicon.frequency(word) < RARE_FREQUENCY
                or any(ch.isdigit() for ch in word)
                or _letters(word) in self._vocabulary
            )
            self._interest[word] = known
        return known

    def _best(
        self,
        tokens: Sequence[Token],
        first: int,
        last: int,
        words: Sequence[str],
        exact: Callable[[int, int], list[Term]],
        present: frozenset[str] | None,
    ) -> Match | None:
        window = window_form(words)
        if window is None or (len(window.key) < 2 and window.version is None):
            return None
        entries: dict[int, _Entry] = {}
        for block in _blocking_keys(window):
            for entry in self._by_key.get(block, ()):
                entries[id(entry)] = entry
        if window.version is not None:
            for entry in self._by_version.get(window.version, ()):
                entries[id(entry)] = entry
        names = [t.text for t in tokens[first : last + 1] if t.name_like]
        acronyms = {t.norm for t in tokens[first : last + 1] if _capitals(t.text) >= 2}
        judged = self._judge(words, window, entries.values(), present, names, acronyms)
        if judged is None:
            return None
        score, evidence, entry, notes = judged
        term = entry.term
        if self._spelled_right(window, term, tokens[first : last + 1], exact(first, last)):
            return None
        threshold = term.min_score if term.min_score is not None else self.min_score
        if score < threshold or self._padded(words, term, score):
            return None
        reason = f"sounds like {term.canonical}: {evidence.window_key} ≈ {evidence.term_key}"
        if evidence.version_matched:
            reason += f"; version {window.version}"
        if notes:
            reason += "; " + "; ".join(notes)
        if not entry.canonical:
            reason += "; like a known variant"
        return Match(term, tuple(tokens[first : last + 1]), round(score, 3), reason)

    def _judge(
        self,
        words: Sequence[str],
        window: Form,
        entries: Iterable[_Entry],
        present: frozenset[str] | None,
        names: Sequence[str] = (),
        acronyms: Collection[str] = (),
    ) -> tuple[float, Evidence, _Entry, list[str]] | None:
        """The best-scoring entry for a window, its weighed score and the notes why."""
        best: tuple[float, Evidence, _Entry, list[str]] | None = None
        for entry in entries:
            if entry.form.version != window.version:
                continue
            term = entry.term
            if (
                term.context
                and present is not None
                and not any(_normalise(word) in present for word in term.context)
            ):
                continue
            evidence = compare(window, entry.form)
            if evidence.score + UNKNOWN_BONUS < self._floor:
                continue  # no weighing can lift it over any threshold: skip the cost
            score, notes = self._weigh(evidence, words, window, names, acronyms, self._words[term])
            if best is None or score > best[0]:
                best = (score, evidence, entry, notes)
        return best

    def _padded(self, words: Sequence[str], term: Term, score: float) -> bool:
        """True when dropping the window's first or last word scores as well for the term.

        So "chat GBT uh" gives way to "chat GBT", and "Chad gbt" (which "gbt"
        alone does not match as ChatGPT) stands.
        """
        for shorter in (words[1:], words[:-1]):
            window = window_form(shorter) if shorter else None
            if window is None:
                continue
            judged = self._judge(shorter, window, self._entries[term], None)
            if judged is not None and judged[0] >= score:
                return True
        return False

    def _spelled_right(
        self, window: Form, term: Term, tokens: Sequence[Token], inside: Sequence[Term]
    ) -> bool:
        """True when the window is no mishearing of ``term`` but a spelling of it.

        That is the canonical form as written, a variant a ``term`` rule lists,
        a part of the term ("Altman" of Sam Altman), or a window that holds a
        spelling it must not swallow ("the Lex Fridman"). A window may hold a
        shorter term the target spells out in full ("Chad GPT" holds GPT). Case,
        spaces and hyphens do count: "gpt4" and "open AI" are flagged.
        """
        if window.spoken is None:
            if tuple(t.text for t in tokens) in _written_words(term.canonical):
                return True
            if (window.letters, window.version) in self._variants:
                return True
            if window.letters in self._parts[term]:
                return True
            if term.canonical.islower() and window.letters == term_form(term.canonical).letters:
                return True  # "fine tuning" for fine-tuning: jargon, hyphenation is style
            if _inflected(window.letters, term_form(term.canonical).letters):
                return True
        target = term_form(term.canonical).letters
        for inner in inside:
            held = term_form(inner.canonical).letters
            if inner is term or held not in target:
                return True
            rest = [t.norm for t in tokens if _letters(t.norm) not in held]
            if window.letters != target and all(not self._interesting(w) for w in rest):
                return True  # "GPT is" holds GPT; "is" is no part of a misheard GPTs
        return False

    def _weigh(
        self,
        evidence: Evidence,
        words: Sequence[str],
        window: Form,
        names: Sequence[str] = (),
        acronyms: Collection[str] = (),
        term_words: Collection[str] = (),
    ) -> tuple[float, list[str]]:
        """Adjust a score for how common the window's words are; say why.

        ``names`` are words written with a capital inside a sentence ("Main"
        in "Andrew Main"): a name there is evidence, not an everyday word.
        ``acronyms`` are words written with two capitals or more; ``term_words``
        the words of the term the window is compared with.
        """
        score = evidence.score
        stem = words[:-1] if window.version is not None and len(words) > 1 else words
        if evidence.spelling == 1.0:
            return min(1.0, score), ["same letters"]
        own = [w for w in stem if _letters(w) not in term_words]
        # Capitals ("GPUs") mark an acronym, which no dictionary knows anyway.
        unknown = [
            w for w in own if "'" not in w and w not in acronyms and not self.lexicon.known(w)
        ]
        if unknown:
            return min(1.0, score + UNKNOWN_BONUS), [f"'{w}' unknown word" for w in unknown]
        if len(own) < len(stem):
            return min(1.0, score), ["holds a word of the term"]
        if names:
            return min(1.0, score), [f"'{n}' written as a name" for n in names]
        # Contractions are everyday words, whatever their count in the list says.
        if own and all("'" in w or self.lexicon.frequency(w) >= RARE_FREQUENCY for w in own):
            return score - COMMON_PENALTY, ["common words"]
        return min(1.0, score), []


def _capitals(text: str) -> int:
    return sum(ch.isupper() for ch in text)


_ENDINGS = ("", "s", "es", "e", "d", "ed", "ing", "er", "ers")


def _inflected(window: str, term: str) -> bool:
    """True when the two differ only by an English ending ("pretrained" of "pretraining")."""
    shared = 0
    while shared < min(len(window), len(term)) and window[shared] == term[shared]:
        shared += 1
    return (
        window != term and shared >= 4 and window[shared:] in _ENDINGS and term[shared:] in _ENDINGS
    )


@functools.cache
def _written_words(canonical: str) -> tuple[tuple[str, ...], ...]:
    """The canonical form's words as tokenised, with "&" left out or said as "and"."""
    return tuple(
        tuple(found.group() for found in _TOKEN.finditer(form))
        for form in (canonical, canonical.replace("&", "and"))
    )


def _non_overlapping(found: list[tuple[float, int, int, Match]]) -> list[Match]:
    """Keep the best-ranked windows that share no token, in text order."""
    taken: set[int] = set()
    kept: list[Match] = []
    for _, first, last, match in sorted(found, key=lambda item: (-item[0], item[1], item[2])):
        span = range(first, last + 1)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        kept.append(match)
    kept.sort(key=lambda m: (m.tokens[0].segment, m.tokens[0].start))
    return kept


def tokenize(texts: Iterable[tuple[int, str]]) -> list[Token]:
    """The words of each (segment index, text), in order; punctuation is not a token.

    A possessive "'s" stays outside its word, so "Brockman's" is the word
    "Brockman" and a fix of the name keeps the "'s".
    """
    tokens = []
    stop = True
    for segment, text in texts:
        previous = 0
        for found in _TOKEN.finditer(text):
            stop = stop or any(ch in ".?!" for ch in text[previous : found.start()])
            end = found.end()
            if _POSSESSIVE.search(found.group()):
                end -= 2
            tokens.append(Token(segment, found.start(), end, text[found.start() : end], stop))
            stop = False
            previous = found.end()
        stop = any(ch in ".?!" for ch in text[previous:])
    return tokens


@dataclass(frozen=True, slots=True)
class Candidate:
    """A phrase worth a glossary entry, as found in one transcript."""

    first: int
    """Index of the phrase's first token."""
    phrase: str
    alone: str | None = None
    """For a split name ("chat GBT"), the unknown word by itself ("GBT"): what the
    sighting counts as unless the corpus also holds a one-word spelling that
    sounds like the whole phrase ("ChatGBT")."""


@dataclass(frozen=True, slots=True)
class Sighting:
    """One place a candidate glossary phrase was seen."""

    phrase: str
    where: str
    """``file:line`` of the segment."""
    alone: str | None = None
    """See ``Candidate.alone``."""


@dataclass(frozen=True, slots=True)
class Cluster:
    """Phrases that sound alike, across files: one candidate glossary entry."""

    key: str
    spellings: tuple[tuple[str, int], ...]
    """Each spelling and how often it was seen, most frequent first."""
    examples: tuple[str, ...]
    """A few ``file:line`` places, from different files where there are several."""

    @property
    def count(self) -> int:
        """How often any spelling of the cluster was seen."""
        return sum(n for _, n in self.spellings)


SPLIT_FREQUENCY = 1e-4
"""A word before an unknown one may be part of a split name ("chat GBT") when rarer than this."""

ORDINARY_FREQUENCY = 1e-5
"""A capitalised word at least this common ("Yeah", "English") is trimmed off a name's start."""

FUNCTION_FREQUENCY = 5e-4
"""A capitalised word at least this common ("It", "I'm") is trimmed off a name's end too."""

NAME_FREQUENCY = 1e-7
"""A capitalised dictionary word rarer than this ("Altman") is a name on its own."""

NAME_RUN = 3
"""The most words taken as one candidate name."""

SPLIT_SIMILARITY = 90.0
"""How alike (0..100) a split phrase and a one-word spelling must sound for the split to hold."""

EXAMPLES = 3
"""``file:line`` places kept per cluster."""

SHORT_KEY = 4
"""Sound keys shorter than this cluster only with a key that holds all their sounds."""

# Prefixes that are not dictionary words by themselves ("pre-training", "multimodal").
_PREFIXES = frozenset(
    [
        "anti",
        "co",
        "counter",
        "cross",
        "de",
        "inter",
        "meta",
        "mid",
        "multi",
        "non",
        "post",
        "pre",
        "re",
        "self",
        "semi",
        "sub",
        "super",
        "un",
    ]
)
# Gaps that do not end a name: spaces, "&" ("Weights & Biases"), a line break.
_NAME_GAP = re.compile(r"\s*(?:&\s*)?")
# Voiced and unvoiced pairs, as in ``_VOICING`` but with J (as in "jam") paired with
# CH ("chat") rather than with G: a recogniser hears "Chat-" as "j".
_CLUSTER_VOICING = str.maketrans({"B": "P", "D": "T", "G": "K", "J": "X", "V": "F", "Z": "S"})


def _dictionary_word(word: str, lexicon: Lexicon) -> bool:
    """True for a word the dictionary knows, also inflected ("bot" of "bots", "architected")."""
    if lexicon.known(word) or lexicon.known(word + "s"):
        return True
    return any(
        word.endswith(ending) and len(word) - len(ending) >= 3 and lexicon.known(stem)
        for ending in _ENDINGS[1:]
        for stem in (word[: -len(ending)], word[: -len(ending)] + "e")
    )


def _compound(word: str, lexicon: Lexicon) -> bool:
    """True for dictionary words run together: "chatbot", "multimodal", "superintelligence"."""
    return any(
        (word[:cut] in _PREFIXES or _dictionary_word(word[:cut], lexicon))
        and _dictionary_word(word[cut:], lexicon)
        for cut in range(3, len(word) - 2)
    )


def _strong_part(part: str, lexicon: Lexicon) -> bool:
    """True for a word (or a hyphen-separated part of one) that no dictionary explains.

    Camel case ("ChatGBT", "LLMs") counts, as nobody writes a plain word so.
    Digits are left out ("gpt4" is "gpt" with a version); an all-capital
    word counts from two letters ("ML"), any other from three. Contractions
    are everyday words, and only a lowercase word is read as a compound: a
    name may happen to split into words ("Wellender": "well" + "ender").
    """
    if "'" in part or "’" in part or not any(ch.isalpha() for ch in part):
        return False
    if any(ch.isupper() for ch in part[1:]) and not part.isupper():
        return True
    letters = "".join(ch for ch in part.lower() if ch.isalpha())
    if len(letters) < (2 if part.isupper() else 3) or letters in _PREFIXES:
        return False
    if _dictionary_word(letters, lexicon):
        return False
    return part[:1].isupper() or not _compound(letters, lexicon)


def _strong(token: Token, lexicon: Lexicon) -> bool:
    """True for a word that is a candidate by itself: unknown, camel-cased, or a rare name.

    A hyphenated word counts when one of its parts does ("GPT-4"), not when
    all are dictionary words ("pre-training", "end-to-end", "AI-run").
    """
    text = token.text
    if any(_strong_part(part, lexicon) for part in text.split("-")):
        return True
    rare = "-" not in text and lexicon.frequency(token.norm) < NAME_FREQUENCY
    return text[:1].isupper() and rare and "'" not in token.norm


def _ordinary(token: Token, lexicon: Lexicon, floor: float = ORDINARY_FREQUENCY) -> bool:
    """True for an everyday word that a capital alone does not make part of a name."""
    return lexicon.frequency(token.norm) >= floor


def candidate_phrases(
    tokens: Sequence[Token], lexicon: Lexicon, texts: Sequence[str] | None = None
) -> list[Candidate]:
    """Phrases worth a glossary entry, in text order.

    - a run of capitalised words ("Peter Welinder", "Weights & Biases"),
      without everyday words at its start ("Yeah", "English") or function
      words at its end ("It", "I'm"), kept when two or more words remain or
      one is unknown, camel-cased or a rare name ("Altman");
    - any other unknown or camel-cased word ("jgbt", "gpt4"), except dictionary
      words run together ("chatbot", "pre-training", "fine-tuned");
    - such a word with the uncommon word before it, as recognisers split names
      ("chat GBT", "Chad gbt"); ``cluster_phrases`` keeps the split only when
      the corpus holds a one-word spelling that sounds like it.

    ``texts`` (each segment's text, by segment index) lets punctuation between
    capitalised words end a name ("Sam Altman, Greg"); without it only the end
    of a sentence does.
    """
    strong = [_strong(t, lexicon) for t in tokens]
    # A capital at a sentence start says nothing by itself, but may begin a name
    # ("Weights & Biases spokesperson"): a lone ordinary word is dropped below.
    capital = [t.text[:1].isupper() for t in tokens]

    def joined(i: int) -> bool:
        """True when nothing but space (or "&") separates tokens i-1 and i."""
        before, after = tokens[i - 1], tokens[i]
        if after.sentence_start:
            return False
        if texts is None:
            return True
        if before.segment == after.segment:
            gap = texts[after.segment][before.end : after.start]
        else:
            gap = texts[before.segment][before.end :] + " " + texts[after.segment][: after.start]
        # A possessive ends a name ("Brockman's"): its "'s" is outside the token.
        return _NAME_GAP.fullmatch(gap) is not None

    found: list[Candidate] = []
    taken = -1  # the last token inside a candidate so far: no split half may be one

    def add(first: int, last: int) -> None:
        nonlocal taken
        split = None
        if first == last and first - 1 > taken:
            split = _split_candidate(tokens, first, lexicon)
        taken = last
        if split is not None:
            found.append(split)
            return
        a, b = tokens[first], tokens[last]
        if texts is not None and a.segment == b.segment:
            phrase = texts[a.segment][a.start : b.end]  # as written: "Weights & Biases"
        else:
            phrase = " ".join(t.text for t in tokens[first : last + 1])
        found.append(Candidate(first, phrase))

    i = 0
    while i < len(tokens):
        if capital[i]:
            j = i
            while j + 1 < len(tokens) and capital[j + 1] and joined(j + 1):
                j += 1
            run = list(range(i, j + 1))
            while run and not strong[run[0]] and _ordinary(tokens[run[0]], lexicon):
                run.pop(0)
            # At the end only words like "It", "I'm": a surname may be an everyday
            # word ("Lux Freedom"), a word before a name seldom is ("Yeah", "Hey").
            while (
                run
                and not strong[run[-1]]
                and _ordinary(tokens[run[-1]], lexicon, FUNCTION_FREQUENCY)
            ):
                run.pop()
            # Longer runs are sentences in title case, not names; take their parts.
            for start in range(0, len(run), NAME_RUN):
                part = run[start : start + NAME_RUN]
                if len(part) > 1 or (part and strong[part[0]]):
                    add(part[0], part[-1])
            i = j + 1
        else:
            if strong[i]:
                add(i, i)
            i += 1
    return found


def _split_candidate(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> Candidate | None:
    """The unknown word ``tokens[i]`` with the word before it, if that may be a split half."""
    if i == 0 or tokens[i].sentence_start:
        return None
    before, word = tokens[i - 1], tokens[i]
    # Only a short stretch of letters is a split-off half of a name ("GBT", "gbt").
    letters = "".join(ch for ch in word.norm if ch.isalpha())
    if not 2 <= len(letters) <= 5 or not lexicon.known(before.norm):
        return None
    if lexicon.frequency(before.norm) >= SPLIT_FREQUENCY:
        return None
    return Candidate(i - 1, f"{before.text} {word.text}", alone=word.text)


@functools.cache
def cluster_key(phrase: str) -> tuple[str, str | None]:
    """How a candidate phrase sounds, for clustering: (sound key, version number or None).

    Like ``sound_key`` but pairing J with CH rather than with G ("jgbt" XKPT
    sounds like "ChatGBT" XTKPT, not like "GPT" KPT), and with a trailing
    version apart: "GPT-4", "gpt4" and "GPT-3" are two entries, not one.
    """
    version = term_form(phrase).version
    words = [_letters(w) for w in (_normalise(t) for t in _TOKEN.findall(phrase))]
    keys = []
    for word in words:
        letters = "".join(ch for ch in word if "a" <= ch <= "z")
        if letters:
            code = jellyfish.metaphone(letters).translate(_VOWELS)
            keys.append(code.translate(_CLUSTER_VOICING))
    return _squeeze("".join(keys)), version


def _closeness(key: str, head: str) -> tuple[float, float]:
    """(share of ``key``'s sounds found in order in ``head``, overall likeness 0..100).

    The first part prefers the fuller form: "jgbt" (XKPT) is all in "ChatGBT"
    (XTKPT), but only three quarters of it are in "GPT" (KPT).
    """
    return LCSseq.similarity(key, head) / len(key), fuzz.ratio(key, head)


def _split_holds(phrase: str, alone: str, one_word: Collection[str]) -> bool:
    """True when a one-word spelling sounds like the split ``phrase``, more than like ``alone``.

    "chat GBT" holds where "ChatGBT" was seen; "uh GBT" does not, however
    often "GBT" was: the word before adds nothing it sounds like.
    """
    key, part = cluster_key(phrase)[0], cluster_key(alone)[0]
    return any(
        fuzz.ratio(key, whole) >= SPLIT_SIMILARITY
        and fuzz.ratio(key, whole) > fuzz.ratio(part, whole)
        for whole in one_word
    )


def cluster_phrases(sightings: Iterable[Sighting], *, similarity: float = 80.0) -> list[Cluster]:
    """Group sightings whose phrases sound alike, biggest group first.

    Phrases are taken most frequent first; each joins the cluster whose first
    (most frequent) phrase sounds most like it, if at least ``similarity``
    alike (0..100) and of the same version number, else starts its own. Among
    clusters it could join, the one whose first phrase holds all of its
    sounds wins, then the most alike.
    """
    sightings = list(sightings)
    one_word = {cluster_key(s.phrase)[0] for s in sightings if " " not in s.phrase}
    places: dict[str, list[str]] = defaultdict(list)
    for sighting in sightings:
        phrase = sighting.phrase
        if sighting.alone is not None and not _split_holds(phrase, sighting.alone, one_word):
            phrase = sighting.alone
        places[phrase].append(sighting.where)
    heads: list[tuple[str, str | None]] = []
    members: list[list[str]] = []
    for phrase in sorted(places, key=lambda p: (-len(places[p]), -len(cluster_key(p)[0]), p)):
        key, version = cluster_key(phrase)
        if len(key) < 2:
            continue
        best: tuple[tuple[float, float], int] | None = None
        for n, (head, head_version) in enumerate(heads):
            if head_version != version:
                continue
            score = _closeness(key, head)
            # Few sounds are alike by chance ("ML" and "Amdahl" MTL): a short key
            # joins only a head that holds every one of its sounds.
            short = min(len(key), len(head)) < SHORT_KEY and score[0] < 1.0
            if score[1] >= similarity and not short and (best is None or score > best[0]):
                best = (score, n)
        if best is None:
            heads.append((key, version))
            members.append([phrase])
        else:
            members[best[1]].append(phrase)
    clusters = [
        Cluster(
            head + (f" {version}" if version else ""),
            tuple((p, len(places[p])) for p in group),
            _examples([where for p in group for where in places[p]]),
        )
        for (head, version), group in zip(heads, members, strict=True)
    ]
    return sorted(clusters, key=lambda c: (-c.count, c.key))


def _examples(places: Sequence[str]) -> tuple[str, ...]:
    """Up to ``EXAMPLES`` places, the first of each file before a second from any."""
    firsts: dict[str, str] = {}
    for where in places:
        firsts.setdefault(where.rsplit(":", 1)[0], where)
    chosen = list(firsts.values())[:EXAMPLES]
    chosen += [w for w in places if w not in chosen][: EXAMPLES - len(chosen)]
    return tuple(chosen)
