"""Sound-alike detection: find word n-grams that sound like a glossary term.

The pure algorithm behind the ``glossary`` rule kind. A ``SoundAlikeIndex`` is
built once from ``Term``s; ``find`` then walks every 1–4 token window of a
token stream (windows may cross a segment boundary), and scores only the terms
that share a blocking key with the window: the first or last two symbols of
its sound key, or, for windows ending in a version number ("GPD 4",
"Dppd4"), that number. So the cost follows the text, not the glossary size.

A *sound key* is a word's Metaphone code (jellyfish) with vowels dropped and
voiced/unvoiced pairs merged (B=P, D=T, G=J=K, V=F, Z=S), computed per word
and concatenated, runs of one symbol heard once: "Elias at skever" is
``LSTSKFR`` and "Ilya Sutskever" ``LYSTSKFR`` (Metaphone keeps a leading
vowel and the Y), close enough; "Chad gbt" and "ChatGPT" are both ``XTKPT``.

A score combines how alike the sound keys are, how alike the letters are,
for spelled-out acronyms how alike the letter names sound ("dee" and "gee"),
whether a version number matched, and how common the window's words are in
English (pyspellchecker's frequencies, through one ``Lexicon`` shared with
``terms suggest``): a phrase of ordinary words needs far stronger evidence
than one holding a word no dictionary knows.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

import jellyfish
from rapidfuzz import fuzz

DEFAULT_MIN_SCORE = 0.82
"""The score a window must reach when its term sets no ``min_score`` of its own."""

MAX_WORDS = 4
"""The longest window, in tokens."""

RARE_FREQUENCY = 1e-6
"""Words rarer than this (relative frequency in English) count as evidence of a mishearing."""

COMMON_PENALTY = 0.2
"""Taken off the score of a window made only of ordinary English words."""

TOPIC_PENALTY = 0.1
"""``COMMON_PENALTY`` where the transcript writes the term correctly elsewhere: the
topic makes a misheard "policy grading" likelier than a chance "policy grade"."""

UNKNOWN_BONUS = 0.05
"""Added when the window holds a word no dictionary knows ("skever", "gbt")."""

VERSION_BONUS = 0.1
"""Added when the window ends in the term's version number ("GPD 4", "GPT for")."""

ACRONYM_SPLIT_PENALTY = 0.3
"""Taken off when several words sound like a (one-word) acronym but do not spell it."""

SHORT_PENALTY = 0.1
"""Taken off for a term whose sound key is two symbols or fewer (DALL-E: ``TL``)."""

SOUND_WEIGHT = 0.6
"""Share of the base score from the sound keys; the rest is the letters (sound matters more:
recognisers keep the sound and lose the spelling)."""

LETTER_NAME_WEIGHT = 0.8
"""How much a rhyme of spelled letters ("dee" for "gee") counts, against the same letters."""

ALIGNED_WORD_SIMILARITY = 60
"""How alike (0..100) each word's key must be to its partner's for ``ALIGNED_BONUS``."""

ALIGNED_BONUS = 0.05
"""Added when the window has the term's number of words and each sounds like its partner."""

LONGER_BONUS = 0.05
"""Per extra token, when ranking overlapping windows (not part of the reported score)."""

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}(?![A-Za-z])|\w+(?:['’.\-]\w+)*")
"""A word: a dotted acronym with its final dot ("G.P.T."), or letters and digits
joined by apostrophes, dots or hyphens ("we'll", "3.5", "pre-training")."""
_INFLECTION = re.compile(r"(?<=[A-Z])(?:['’][a-z]{1,2}|s)$")
_DOTTED = re.compile(r"^(?:[a-z]\.)+[a-z]$")
_PLURAL_VERSION = re.compile(r"^(\d+(?:\.\d+)?)s$")
_POSSESSIVE = re.compile(r"\w\w['’]s$")
_VOWELS = str.maketrans("", "", "AEIOU")
# Merge voiced and unvoiced consonants: recognisers confuse them first.
_VOICING = str.maketrans({"B": "P", "D": "T", "G": "K", "J": "K", "V": "F", "Z": "S"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT_VERSION = re.compile(r"^([a-z]+?)(\d+(?:\.\d+)?)$")
_TERM_VERSION = re.compile(r"^(.*?[A-Za-z])[\s\-]?(\d+(?:\.\d+)?s?)$")
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
# Words that sound like a letter said alone ("our lhf" is R-L-H-F): standard English
# homophones of letter names.
_LETTER_WORDS = {
    "are": "r",
    "our": "r",
    "be": "b",
    "bee": "b",
    "see": "c",
    "sea": "c",
    "gee": "g",
    "jay": "j",
    "kay": "k",
    "el": "l",
    "em": "m",
    "en": "n",
    "oh": "o",
    "pea": "p",
    "pee": "p",
    "queue": "q",
    "tea": "t",
    "tee": "t",
    "you": "u",
    "ex": "x",
    "why": "y",
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
    """Words or phrases of which at least one must occur in the transcript for the term to be proposed."""


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
        return (
            not self.sentence_start
            and self.text[:1].isupper()
            and not self.text.isupper()
            and "'" not in self.text  # "I'm", "I've": the pronoun, not a name
            and "’" not in self.text
        )

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
    spelled: str = ""
    """The letters with words that sound like a letter read as it ("our lhf": rlhf)."""


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
    short_key: bool = False
    """True when ``SHORT_PENALTY`` was taken (the term's key has two symbols or fewer)."""


@dataclass(frozen=True, slots=True)
class Match:
    """A window of tokens that sounds like a term."""

    term: Term
    tokens: tuple[Token, ...]
    score: float
    reason: str
    """The evidence in words: keys compared, unknown words, version."""


# Prefixes that are not dictionary words by themselves ("pre-training", "multimodal").
PREFIXES = frozenset(
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

_ENDINGS = ("", "s", "es", "e", "d", "ed", "ing", "er", "ers")
"""English endings: a word that differs from a dictionary word only by one is one too."""


class Lexicon:
    """How common an English word is, from pyspellchecker's frequency list (cached per word).

    One dictionary for detection and for ``terms suggest``: ``knows`` also
    counts inflections the list lacks ("bot" of "bots"), ``compound`` words
    run together ("chatbot", "multimodal").
    """

    def __init__(self, frequency: Callable[[str], float]) -> None:
        self._frequency = functools.cache(frequency)
        self._knows: dict[str, bool] = {}
        self._compound: dict[str, bool] = {}

    def frequency(self, word: str) -> float:
        """Relative frequency of ``word`` in English; 0.0 for a word no dictionary knows."""
        return self._frequency(word)

    def known(self, word: str) -> bool:
        """True when the word is in the frequency list as written (numbers count as known)."""
        return word.replace(".", "").isdigit() or self._frequency(word) > 0.0

    def knows(self, word: str) -> bool:
        """True for a dictionary word, also inflected ("bot" of "bots", "architected")."""
        found = self._knows.get(word)
        if found is None:
            found = (
                self.known(word)
                or self.known(word + "s")
                or any(
                    word.endswith(ending) and len(word) - len(ending) >= 3 and self.known(stem)
                    for ending in _ENDINGS[1:]
                    for stem in (word[: -len(ending)], word[: -len(ending)] + "e")
                )
            )
            self._knows[word] = found
        return found

    def compound(self, word: str) -> bool:
        """True for dictionary words run together: "chatbot", "multimodal", "superintelligence"."""
        found = self._compound.get(word)
        if found is None:
            found = any(
                (word[:cut] in PREFIXES or self.knows(word[:cut])) and self.knows(word[cut:])
                for cut in range(3, len(word) - 2)
            )
            self._compound[word] = found
        return found


@functools.cache
def english() -> Lexicon:
    """The English lexicon, loaded once per process (loading costs ~0.3 s)."""
    from spellchecker import SpellChecker

    checker = SpellChecker()
    return Lexicon(checker.word_usage_frequency)


@functools.lru_cache(maxsize=65536)
def _normalise(text: str) -> str:
    """Lowercase, keeping letters, digits, apostrophes (for the dictionary) and decimal points."""
    kept = "".join(ch for ch in text.lower().replace("’", "'") if ch.isalnum() or ch in ".'")
    return kept.strip(".'")


def _letters(word: str) -> str:
    return word.replace("'", "").replace(".", "")


@functools.cache
def consonants(word: str) -> str:
    """A word's Metaphone code (letters only, any case) without vowels, voicing kept apart."""
    letters = "".join(ch for ch in word.lower() if "a" <= ch <= "z")
    return jellyfish.metaphone(letters).translate(_VOWELS) if letters else ""


@functools.cache
def word_key(word: str) -> str:
    """The sound key of one word (letters only, any case)."""
    return squeeze(consonants(word).translate(_VOICING))


def phrase_words(phrase: str) -> list[str]:
    """A phrase's words, normalised to letters and digits ("Chad-gbt's" -> chad, gbts)."""
    return [w for w in (_letters(_normalise(t)) for t in _TOKEN.findall(phrase)) if w]


def squeeze(code: str) -> str:
    """Collapse runs of one symbol ("KKPT" -> "KPT"): doubled sounds are heard once."""
    return "".join(ch for i, ch in enumerate(code) if i == 0 or ch != code[i - 1])


def sound_key(words: Iterable[str]) -> str:
    """The sound key of a phrase: its words' keys joined, repeated symbols collapsed."""
    return squeeze("".join(word_key(word) for word in words))


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
    # Capitals with an English inflection ("RLHF'd", "LLMs") are still spelled letters.
    stripped = "".join(ch for ch in _INFLECTION.sub("", stem) if ch.isalpha())
    acronym = 2 <= len(stripped) <= 5 and stripped.isupper()
    # Word by word as spoken: camel case is two words ("ChatGPT": chat, GPT).
    parts = [p for t in _TOKEN.findall(_CAMEL.sub(" ", stem)) if (p := _letters(_normalise(t)))]
    return Form(letters, sound_key(words), version, acronym, None, tuple(map(word_key, parts)))


def window_form(words: Sequence[str]) -> Form | None:
    """Reduce a window's normalised words to a Form, reading a final number as a version.

    "gpd 4", "gpd4", "GPT for" and "GPT four" all give stem letters and version "4".
    None when digits sit anywhere else ("gpt3 did", "4gbt4"): no term reads so.
    """
    words = [w.replace(".", "") if _DOTTED.match(w) else w for w in words]  # "g.p.t"
    if any("." in w and not _is_number(w) for w in words):
        return None  # a file or domain name ("commandbar.com"), not speech
    words = [_letters(w) if not _is_number(w) else w for w in words]
    version = None
    spoken = None
    plural = _PLURAL_VERSION.match(words[-1]) if len(words) >= 2 else None
    if (
        len(words) >= 4
        and words[-2] == "point"
        and _number(words[-3]) is not None
        and _number(words[-1]) is not None
    ):
        # "three point five": a spoken decimal version
        version = f"{_number(words[-3])}.{_number(words[-1])}"
        spoken = words[-1]
        del words[-3:]
    elif plural is not None:
        version = plural.group(0)  # "GPD 4s": the version "4s", as in GPT-4s
        words.pop()
    elif len(words) >= 2 and (_is_number(words[-1]) or words[-1] in _NUMBER_WORDS):
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
    said = "".join(_LETTER_WORDS.get(w, w) for w in words) if len(words) > 1 else letters
    return Form(letters, sound_key(words), version, acronym, spoken, keys, said)


def _number(word: str) -> str | None:
    """The digits of a number written or spoken ("5", "five"), else None ("for" is no 5)."""
    if word.isdigit():
        return word
    digits = _NUMBER_WORDS.get(word)
    return digits if word != "for" else None


def _is_number(word: str) -> bool:
    return bool(word) and word.replace(".", "", 1).isdigit()


def compare(window: Form, term: Form) -> Evidence:
    """Score how alike a window and a term form are, before word-commonness is weighed."""
    sound = fuzz.ratio(window.key, term.key) / 100
    spelling = fuzz.ratio(window.letters, term.letters) / 100
    if term.acronym and window.acronym:
        # Spelled letters are misheard by rhyme ("dee pee" for "gee pee"), not by spelling.
        names = fuzz.ratio(letter_names(window.letters), letter_names(term.letters)) / 100
        spelling = max(spelling, names * LETTER_NAME_WEIGHT)
    score = SOUND_WEIGHT * sound + (1 - SOUND_WEIGHT) * spelling
    if (
        term.acronym
        and len(window.word_keys) > 1
        and term.letters
        not in (
            window.letters,
            window.spelled,
        )
    ):
        # "AGI but" sounds KPT too: an acronym is one word, or its letters spelled apart.
        score -= ACRONYM_SPLIT_PENALTY
    short = len(term.key) <= 2
    if short:
        # Two consonants ("TL" of DALL-E) are shared by too many ordinary words.
        score -= SHORT_PENALTY
    matched = window.version is not None and window.version == term.version
    if matched and window.spoken == "for" and window.key != term.key:
        # "for" is nearly always just "for": only an exact-sounding stem makes it a "4".
        score = 0.0
    elif matched:
        score += VERSION_BONUS
    if aligned(window, term):
        score += ALIGNED_BONUS
    clamped = max(0.0, min(score, 1.0))
    return Evidence(clamped, sound, spelling, term.key, window.key, matched, short)


def aligned(window: Form, term: Form) -> bool:
    """True when both have the same words (two or more) and each sounds like its partner."""
    return len(window.word_keys) == len(term.word_keys) > 1 and all(
        fuzz.ratio(a, b) >= ALIGNED_WORD_SIMILARITY
        for a, b in zip(window.word_keys, term.word_keys, strict=True)
    )


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


_Close = list[tuple[_Entry, Evidence]]
"""Entries that may match a window, each with how alike they are."""


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
        # Entries by blocking key, then by (key length, letters length): a window
        # skips a whole group whose lengths alone rule it out.
        self._by_key: dict[str, dict[tuple[int, int], list[_Entry]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._by_version: dict[str, list[_Entry]] = defaultdict(list)
        # Letters (+ version) of canonical forms and variants: a window holding
        # one must not swallow it ("the Lex Fridman"), and a variant is left to
        # the `term` rule that lists it.
        self._exact: dict[tuple[str, str | None], Term] = {}
        self._variants: set[tuple[str, str | None]] = set()
        self._letters: set[str] = set()
        self._interest: dict[str, bool] = {}
        self._close_cache: dict[Form, _Close] = {}
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
                    self._by_key[block][len(form.key), len(form.letters)].append(entry)
                if form.version is not None:
                    self._by_version[form.version].append(entry)
            words = [_letters(w) for w in map(_normalise, _TOKEN.findall(term.canonical))]
            self._vocabulary.update(words)
            self._words[term].update(words)
            # Runs of at most MAX_WORDS words: a window never holds more, and so a
            # term of thousands of words costs linear work, not cubic.
            for i in range(len(words)):
                for j in range(i + 1, min(i + MAX_WORDS, len(words)) + 1):
                    if j - i < len(words):
                        self._parts[term].add("".join(words[i:j]))

    def find(self, tokens: Sequence[Token], present: frozenset[str] | None = None) -> list[Match]:
        """Every best, non-overlapping window of ``tokens`` that sounds like a term.

        ``present`` is the set of normalised words of the whole transcript, used
        for terms with ``context`` words or phrases; None skips that test.
        """
        norms = [token.norm for token in tokens]
        blocked = self._out_of_context(norms, present)
        flat = [_letters(word) for word in norms]
        # Per token once, not per window: does it make a window worth scoring?
        interesting = [
            self._interesting(word) or token.name_like
            for word, token in zip(norms, tokens, strict=True)
        ]
        exact = self._exact_spans(norms, flat)
        # Terms the transcript writes exactly as the glossary does: it speaks of them.
        written = {
            term
            for start, end, term in exact
            if tuple(t.text for t in tokens[start : end + 1]) in _written_words(term.canonical)
        }

        def exact_spans(first: int, last: int) -> list[Term]:
            """The terms spelled out somewhere strictly inside tokens first..last."""
            return [
                term
                for start, end, term in exact
                if first <= start and end <= last and (start, end) != (first, last)
            ]

        found: list[tuple[float, int, int, Match]] = []
        scores: dict[tuple[int, int], float] = {}
        for first in range(len(tokens)):
            for size in range(1, min(MAX_WORDS, len(tokens) - first) + 1):
                last = first + size - 1
                if not flat[last] or (size > 1 and tokens[last].sentence_start):
                    break  # a name does not run on over a full stop ("Valley. So")
                # A window of only everyday words ("check the") is no name worth the
                # comparison, unless it spells a term apart ("open AI").
                if not any(interesting[first : last + 1]) and (
                    "".join(flat[first : last + 1]) not in self._letters
                ):
                    continue
                words = norms[first : last + 1]
                match = self._best(tokens, first, last, words, exact_spans, blocked, written)
                if match is not None:
                    scores[first, last] = match.score
                    # Rank a longer window a little higher: "Chad gbt" is one
                    # mishearing of ChatGPT, not "Chad" and a misheard GPT.
                    found.append((match.score + LONGER_BONUS * (size - 1), first, last, match))
        # A word at the edge of a window must add to the match: "our lhf⏎and" is no
        # RLHF'd where "our lhf" alone is RLHF. (Never delete a word not misheard.)
        kept = [
            item
            for item in found
            if not any(
                scores.get(part, -1.0) > item[3].score
                for part in ((item[1] + 1, item[2]), (item[1], item[2] - 1))
                if part[0] <= part[1]
            )
        ]
        return _non_overlapping(kept)

    def _out_of_context(
        self, norms: Sequence[str], present: frozenset[str] | None
    ) -> frozenset[Term]:
        """The terms with ``context`` of which the transcript says none (whole words, any case).

        A context entry of several words ("language model") must occur as that
        phrase, word after word.
        """
        if present is None:
            return frozenset()
        joined = f" {' '.join(norms)} "

        def said(entry: str) -> bool:
            words = [w for w in map(_normalise, _TOKEN.findall(entry)) if w]
            if len(words) == 1:
                return words[0] in present
            return bool(words) and f" {' '.join(words)} " in joined

        return frozenset(
            term for term in self.terms if term.context and not any(map(said, term.context))
        )

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
        blocked: Collection[Term],
        written: Collection[Term] = (),
    ) -> Match | None:
        window = window_form(words)
        if window is None or (len(window.key) < 2 and window.version is None):
            return None
        close = self._close(window)
        if not close:
            return None
        names = [t.text for t in tokens[first : last + 1] if t.name_like]
        acronyms = {t.norm for t in tokens[first : last + 1] if _capitals(t.text) >= 2}
        judged = self._judge(words, window, close, blocked, names, acronyms, written)
        if judged is None:
            return None
        score, evidence, entry, notes = judged
        term = entry.term
        if self._spelled_right(window, term, tokens[first : last + 1], exact(first, last)):
            return None
        threshold = term.min_score if term.min_score is not None else self.min_score
        if score < threshold or self._padded(words, term, score, written):
            return None
        reason = f"sounds like {term.canonical}: {evidence.window_key} ≈ {evidence.term_key}"
        if evidence.version_matched:
            reason += f"; version {window.version}"
        if notes:
            reason += "; " + "; ".join(notes)
        if not entry.canonical:
            reason += "; like a known variant"
        return Match(term, tuple(tokens[first : last + 1]), round(score, 3), reason)

    def _close(self, window: Form, entries: Iterable[_Entry] | None = None) -> _Close:
        """The entries (filed under the window's blocking keys, unless given) that may
        score over a threshold, with the evidence; cached per window form, as the
        same words recur all through a transcript."""
        if entries is None:
            cached = self._close_cache.get(window)
            if cached is not None:
                return cached
        groups: list[Iterable[_Entry]] = []
        keys, letters = len(window.key), len(window.letters)
        # The most any bonus can add: the version, aligned words, an unknown word
        # (a short key's penalty is taken in ``compare`` and at most given back).
        bonus = ALIGNED_BONUS + UNKNOWN_BONUS + (VERSION_BONUS if window.version else 0.0)
        need = self._floor - 1e-9  # float sums: never skip what would just reach it

        def most(other_keys: int, other_letters: int) -> float:
            """The best score lengths allow: fuzz.ratio is at most 2·min/sum of them."""
            sound = 2 * min(keys, other_keys) / ((keys + other_keys) or 1)
            spelling = 2 * min(letters, other_letters) / ((letters + other_letters) or 1)
            return SOUND_WEIGHT * sound + (1 - SOUND_WEIGHT) * spelling + bonus

        if entries is not None:
            groups.append(entries)
        else:
            for block in _blocking_keys(window):
                filed = self._by_key.get(block, {})
                groups.extend(group for lengths, group in filed.items() if most(*lengths) >= need)
            if window.version is not None:
                groups.append(self._by_version.get(window.version, ()))
        seen: set[int] = set()
        close: list[tuple[_Entry, Evidence]] = []
        for entry in (entry for group in groups for entry in group):
            if entry.form.version != window.version or id(entry) in seen:
                continue
            seen.add(id(entry))
            other = entry.form
            spelling = 2 * min(letters, len(other.letters)) / ((letters + len(other.letters)) or 1)
            # The sound alone (one C call) first, then the full comparison.
            sound = fuzz.ratio(window.key, other.key) / 100
            if SOUND_WEIGHT * sound + (1 - SOUND_WEIGHT) * spelling + bonus < need:
                continue
            evidence = compare(window, other)
            lift = UNKNOWN_BONUS + (SHORT_PENALTY if evidence.short_key else 0.0)
            if evidence.score + lift >= self._floor:  # else no weighing can lift it enough
                close.append((entry, evidence))
        if entries is None:
            self._close_cache[window] = close
        return close

    def _judge(
        self,
        words: Sequence[str],
        window: Form,
        close: _Close,
        blocked: Collection[Term] = (),
        names: Sequence[str] = (),
        acronyms: Collection[str] = (),
        written: Collection[Term] = (),
    ) -> tuple[float, Evidence, _Entry, list[str]] | None:
        """The best-scoring entry for a window, its weighed score and the notes why."""
        best: tuple[float, Evidence, _Entry, list[str]] | None = None
        for entry, evidence in close:
            term = entry.term
            if term in blocked:
                continue
            score, notes = self._weigh(
                evidence,
                words,
                window,
                names,
                acronyms,
                self._words[term],
                entry.form.letters,
                topic=term in written,
            )
            if best is None or score > best[0]:
                best = (score, evidence, entry, notes)
        return best

    def _padded(
        self, words: Sequence[str], term: Term, score: float, written: Collection[Term] = ()
    ) -> bool:
        """True when dropping the window's first or last word scores as well for the term.

        So "chat GBT uh" gives way to "chat GBT", and "Chad gbt" (which "gbt"
        alone does not match as ChatGPT) stands.
        """
        for shorter in (words[1:], words[:-1]):
            window = window_form(shorter) if shorter else None
            if window is None:
                continue
            close = self._close(window, self._entries[term])
            judged = self._judge(shorter, window, close, written=written)
            if judged is not None and judged[0] >= score:
                return True
        return False

    def _spelling(self, window: Form, term: Term, tokens: Sequence[Token]) -> bool:
        """True when the window writes the term: as given, as a listed variant, or
        (for lowercase jargon) with other hyphens or an English ending."""
        target = term_form(term.canonical).letters
        return (
            tuple(t.text for t in tokens) in _written_words(term.canonical)
            or (window.letters, window.version) in self._variants
            # "fine tuning" for fine-tuning: in jargon, hyphenation is style
            or (term.canonical.islower() and window.letters == target)
            or _inflected(window.letters, target)
        )

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
            if self._spelling(window, term, tokens) or window.letters in self._parts[term]:
                return True
            # Nor is a window that adds a word to a spelling of the term: "fine tune
            # GP" holds "fine tune", so it must not turn "GP" into fine-tuning.
            for part in (tokens[1:], tokens[:-1]) if len(tokens) > 1 else ():
                shorter = window_form([t.norm for t in part])
                if shorter is not None and self._spelling(shorter, term, part):
                    return True
        target = term_form(term.canonical).letters
        for inner in inside:
            held = term_form(inner.canonical).letters
            if inner is term or held not in target:
                return True
            rest = [t.norm for t in tokens if _letters(t.norm) not in held]
            if (
                window.letters != target
                and all(not self._interesting(w) for w in rest)
                and not aligned(window, term_form(term.canonical))
            ):
                # "GPT is" holds GPT; "is" is no part of a misheard GPTs. But "child
                # GPT" is ChatGPT word for word ("child" ~ "chat"), so it stands.
                return True
        return False

    def _weigh(
        self,
        evidence: Evidence,
        words: Sequence[str],
        window: Form,
        names: Sequence[str] = (),
        acronyms: Collection[str] = (),
        term_words: Collection[str] = (),
        term_letters: str = "",
        *,
        topic: bool = False,
    ) -> tuple[float, list[str]]:
        """Adjust a score for how common the window's words are; say why.

        Evidence of a mishearing is a word no dictionary knows ("skever"), a
        word written as a name inside a sentence ("Main" in "Andrew Main") or
        in capitals ("AI" in "open AI"), or a word of the term that no
        dictionary knows ("karpathy" in "Andrea karpathy"). Without any, a
        window whose other words are all everyday English ("whisper", "reward
        mode", "a deep mind", "chat bot") loses ``COMMON_PENALTY``, however
        alike its letters: that is ordinary speech, not a misheard name. Only
        half of it when the transcript writes the term itself elsewhere
        (``topic``): there the term is what people are talking about.
        """
        score = evidence.score
        stem = words[:-1] if window.version is not None and len(words) > 1 else words
        own = [w for w in stem if _letters(w) not in term_words]
        held = [w for w in stem if _letters(w) in term_words]
        # Dictionary words run together ("chatbot") are ordinary, unless they are
        # exactly the term's own letters ("deepmind" for DeepMind).
        run_together = window.letters == term_letters
        unknown = [
            w
            for w in own
            if "'" not in w
            and w not in acronyms
            and not self.lexicon.knows(w)
            and (run_together or not self.lexicon.compound(w))
        ]
        notes = [f"'{w}' unknown word" for w in unknown]
        notes += [f"'{n}' written as a name" for n in names]
        notes += [f"'{w.upper()}' written in capitals" for w in own if w in acronyms]
        notes += [f"holds '{w}', a word of the term" for w in held if not self.lexicon.knows(w)]
        if (
            evidence.short_key
            and len(stem) == 1
            and evidence.sound == 1.0
            and (names or not self._everyday(stem[0]))
        ):
            # A name or a rare word with exactly the term's sounds ("Mina" for
            # Meena, "orc" for org) is more than an everyday word that happens
            # to share two consonants.
            score += SHORT_PENALTY
        if unknown:
            return min(1.0, score + UNKNOWN_BONUS), notes
        if notes:
            return min(1.0, score), notes
        if all(self._everyday(w) for w in own or stem):
            if topic:
                return score - TOPIC_PENALTY, ["common words; the term is written elsewhere"]
            return score - COMMON_PENALTY, ["common words"]
        return min(1.0, score), []

    def _everyday(self, word: str) -> bool:
        """True for a common English word: frequent, a contraction, or a form of a known word."""
        return (
            "'" in word
            or self.lexicon.frequency(word) >= RARE_FREQUENCY
            or (self.lexicon.knows(word) and not self.lexicon.known(word))
            or self.lexicon.compound(word)
            or len(word) == 1  # a letter said alone ("code x"): as ordinary as a word
        )


def _capitals(text: str) -> int:
    return sum(ch.isupper() for ch in text)


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
