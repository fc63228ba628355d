"""How common an English word is: the evidence that a phrase is ordinary speech."""

from __future__ import annotations

import functools
from collections.abc import Callable

RARE_FREQUENCY = 1e-6
"""Words rarer than this (relative frequency in English) count as evidence of a mishearing."""
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

ENDINGS = ("", "s", "es", "e", "d", "ed", "ing", "er", "ers")
"""English endings: a word that differs from a dictionary word only by one is one too."""


class Lexicon:
    """How common an English word is, from pyspellchecker's frequency list (cached per word),
    and how familiar, names included, from wordfreq's (pyspellchecker's list is of
    lowercase dictionary words: "Spain" is as rare there as a misheard name).

    One dictionary for detection and for ``terms suggest``: ``knows`` also
    counts inflections the list lacks ("bot" of "bots"), ``compound`` words
    run together ("chatbot", "multimodal").
    """

    def __init__(
        self, frequency: Callable[[str], float], familiarity: Callable[[str], float]
    ) -> None:
        self._frequency = functools.cache(frequency)
        self._familiarity = functools.cache(familiarity)
        self._knows: dict[str, bool] = {}
        self._compound: dict[str, bool] = {}

    def frequency(self, word: str) -> float:
        """Relative frequency of ``word`` in English; 0.0 for a word no dictionary knows."""
        return self._frequency(word)

    def familiarity(self, word: str) -> float:
        """How often the word is met in written English, names and places included, on
        the Zipf scale (0: never, 3: once per million words, 7: "the")."""
        return self._familiarity(word)

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
                    for ending in ENDINGS[1:]
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
    """The English lexicon, loaded once per process (through the disk cache: ``dictionary``)."""
    from workbench.dictionary import spell_checker

    return Lexicon(spell_checker("en").word_usage_frequency, _familiarity)


def _familiarity(word: str) -> float:
    """wordfreq's Zipf frequency of an English word, from the table built once from its
    list (``familiar``; ``terms suggest`` never asks)."""
    from workbench.soundalike.familiar import zipf

    return zipf(word)
