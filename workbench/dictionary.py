"""pyspellchecker's word list for a language, made ready for a rule set and cached on disk.

Building a ``SpellChecker`` decompresses and parses its JSON word list (about
0.3 s, the largest fixed cost of a run after importing); adding a rule set's
words and the British spellings to it costs another 0.06 s (pyspellchecker
recounts its whole dictionary after each addition). The checker as the
spelling rule uses it is pickled (``workbench.diskcache``), keyed by the
language, the words added, the spellings asked for, pyspellchecker's version
and breame's word-list file: it reads back in a fraction of that. Each call
gives a checker of its own.
"""

from __future__ import annotations

from collections.abc import Collection

from spellchecker import SpellChecker
from spellchecker.info import __version__ as spellchecker_version

from workbench.diskcache import cache_key, cached, module_stamp


def spell_checker(
    language: str = "en", *, words: Collection[str] = (), english: Collection[str] | None = None
) -> SpellChecker:
    """A checker of ``language``'s words at edit distance 1 (what the spelling rule asks),
    holding ``words`` too (lowercase) and, for English, the spellings of ``english``
    (``en_US``: the dictionary's own, ``en_GB``: British) as correct; None: the dictionary's."""
    added = sorted(set(words))
    spellings = None if english is None else sorted(set(english))

    def build() -> SpellChecker:
        checker = SpellChecker(language=language, distance=1)
        if added:
            checker.word_frequency.load_words(added)
        if spellings is not None and language == "en":
            _english_variants(checker, spellings)
        return checker

    parts = [language, spellchecker_version, *added]
    if spellings is not None:
        parts += ["english", module_stamp("breame.data.spelling_constants"), *spellings]
    return cached("spelling", cache_key(*parts), SpellChecker, build)


def _english_variants(checker: SpellChecker, variants: Collection[str]) -> None:
    """Make the English dictionary (American spellings) hold the ``variants`` asked for."""
    from breame.spelling import BRITISH_ENGLISH_SPELLINGS  # type: ignore[import-untyped]

    pairs: dict[str, str] = BRITISH_ENGLISH_SPELLINGS  # British → American
    frequency = checker.word_frequency
    if "en_GB" in variants:
        # A British spelling is as common as its American one (a fix must be common).
        frequency.load_json({gb: max(checker[us], 1) for gb, us in pairs.items()})
    if "en_US" not in variants:
        frequency.remove_words([us for us in pairs.values() if us in frequency])
