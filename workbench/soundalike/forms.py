"""What sound-alike matching compares: terms and windows reduced to letters and sound keys.

A *sound key* is a word's Metaphone code (jellyfish) with vowels dropped and
voiced/unvoiced pairs merged (B=P, D=T, G=J=K, V=F, Z=S), computed per word
and concatenated, runs of one symbol heard once: "Elias at skever" is
``LSTSKFR`` and "Ilya Sutskever" ``LYSTSKFR`` (Metaphone keeps a leading
vowel and the Y), close enough; "Chad gbt" and "ChatGPT" are both ``XTKPT``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jellyfish

from workbench.soundalike.tokens import WORD, bare, kept, normalise

_INFLECTION = re.compile(r"(?<=[A-Z])(?:['’][a-z]{1,2}|s)$")
_DOTTED = re.compile(r"^(?:[a-z]\.)+[a-z]$")
_PLURAL_VERSION = re.compile(r"^(\d+(?:\.\d+)?)s$")
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
    return [w for w in (bare(normalise(t)) for t in WORD.findall(phrase)) if w]


def squeeze(code: str) -> str:
    """Collapse runs of one symbol ("KKPT" -> "KPT"): doubled sounds are heard once."""
    return "".join(ch for i, ch in enumerate(code) if i == 0 or ch != code[i - 1])


def sound_key(words: Iterable[str]) -> str:
    """The sound key of a phrase: its words' keys joined, repeated symbols collapsed."""
    return joined_key(map(word_key, words))


def joined_key(keys: Iterable[str]) -> str:
    """``squeeze`` of word keys joined, each already squeezed: a run of one symbol can
    only be where two keys meet (a window's key is made 15,000 times a corpus scan)."""
    joined = ""
    for key in keys:
        if joined and key[:1] == joined[-1]:
            key = key[1:]
        joined += key
    return joined


def letter_names(letters: str) -> str:
    """How spelled-out letters sound, one symbol per letter ("gpt" -> "EEE")."""
    return "".join(_LETTER_NAME.get(ch, ch) for ch in letters.upper())


_FOREIGN_READINGS = (
    # "Ch" before a consonant, as in Greek names (Christa), and "ch" ending a word
    # after a vowel, as in German ones (Roch); "Ch" before a vowel is English (Chad).
    (re.compile(r"\bCh(?=[lr])|(?<=[aeiou])ch\b"), "K"),
    # A name's "Y" before a vowel, written with the "J" of Dutch, German and Nordic names.
    (re.compile(r"\bY(?=[aeiou])"), "J"),
)
"""Letters that a name of another language says otherwise than English, and how a
recogniser that hears it so may write them ("Yuri" heard "Jury"); Double Metaphone
reads these letters so in its alternate codes."""


def _in_case(sound: str, found: re.Match[str]) -> str:
    """``sound`` in the case of the letters it replaces ("Ch" reads "K", "ch" reads "k")."""
    return sound if found.group()[0].isupper() else sound.lower()


def readings(spelling: str) -> tuple[str, ...]:
    """Other spellings of a name's sounds as a recogniser may write them, each with every
    such letter group read the other way ("Christa Roch": "Krista Rok"); none for a
    lowercase term (jargon is English) or one with no such letters."""
    if spelling.islower():
        return ()
    read = spelling
    for pattern, sound in _FOREIGN_READINGS:
        read = pattern.sub(functools.partial(_in_case, sound), read)
    return (read,) if read != spelling else ()


@functools.cache
def term_form(spelling: str) -> Form:
    """Reduce a canonical spelling or a variant ("GPT-4", "Ilya Sutskever") to a Form."""
    version = None
    stem = spelling.strip().replace("&", " and ")
    found = _TERM_VERSION.match(stem)
    if found:
        stem, version = found.group(1), found.group(2)
    # A possessive "'s" stands outside its word, as in a transcript's tokens.
    words = [w for w in (normalise(kept(t)) for t in WORD.findall(stem)) if w]
    if version is None and words:
        split = _SPLIT_VERSION.match(words[-1])
        if split:
            words[-1], version = split.group(1), split.group(2)
    letters = "".join(bare(w) for w in words)
    # Capitals with an English inflection ("RLHF'd", "LLMs") are still spelled letters.
    stripped = "".join(ch for ch in _INFLECTION.sub("", stem) if ch.isalpha())
    acronym = 2 <= len(stripped) <= 5 and stripped.isupper()
    # Word by word as spoken: camel case is two words ("ChatGPT": chat, GPT).
    parts = [p for t in WORD.findall(_CAMEL.sub(" ", stem)) if (p := bare(normalise(t)))]
    return Form(letters, sound_key(words), version, acronym, None, tuple(map(word_key, parts)))


def window_form(words: Sequence[str]) -> Form | None:
    """Reduce a window's normalised words to a Form, reading a final number as a version.

    "gpd 4", "gpd4", "GPT for" and "GPT four" all give stem letters and version "4".
    None when digits sit anywhere else ("gpt3 did", "4gbt4"): no term reads so.
    Cached: the same words recur all through a transcript.
    """
    return _window_form(tuple(words))


@functools.lru_cache(maxsize=65536)
def _window_form(given: tuple[str, ...]) -> Form | None:
    words = []
    for word in given:
        cleaned = _cleaned(word)
        if cleaned is None:
            return None  # a file or domain name ("commandbar.com"), not speech
        words.append(cleaned)
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
    elif len(words) >= 2 and (is_number(words[-1]) or words[-1] in _NUMBER_WORDS):
        spoken = words[-1] if words[-1] in _NUMBER_WORDS else None
        version = _NUMBER_WORDS.get(words[-1], words[-1])
        words.pop()
    elif words:
        split = _SPLIT_VERSION.match(words[-1])
        if split:
            words[-1], version = split.group(1), split.group(2)
    letters = "".join(words)
    if any(map(str.isdigit, letters)):
        return None
    acronym = len(words) == 1 and 2 <= len(letters) <= 5
    keys = tuple(map(word_key, words))
    said = "".join(_LETTER_WORDS.get(w, w) for w in words) if len(words) > 1 else letters
    return Form(letters, joined_key(keys), version, acronym, spoken, keys, said)


@functools.lru_cache(maxsize=65536)
def _cleaned(word: str) -> str | None:
    """A window's word as matching reads it ("g.p.t" as gpt, no apostrophes, a number
    as written); None for a word with a dot that is no number ("commandbar.com")."""
    if _DOTTED.match(word):
        word = word.replace(".", "")
    if is_number(word):
        return word
    return None if "." in word else bare(word)


def _number(word: str) -> str | None:
    """The digits of a number written or spoken ("5", "five"), else None ("for" is no 5)."""
    if word.isdigit():
        return word
    digits = _NUMBER_WORDS.get(word)
    return digits if word != "for" else None


def is_number(word: str) -> bool:
    return bool(word) and word.replace(".", "", 1).isdigit()
