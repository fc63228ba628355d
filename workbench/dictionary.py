"""pyspellchecker's word list for a language, read through the disk cache.

Building a ``SpellChecker`` decompresses and parses its JSON word list (about
0.3 s, the largest fixed cost of a run after importing); a pickled one reads
in about a quarter of that (``workbench.diskcache``, keyed by the language and
pyspellchecker's version). Each call gives a checker of its own to add words to.
"""

from __future__ import annotations

from importlib.metadata import version

from spellchecker import SpellChecker

from workbench.diskcache import cache_key, cached


def spell_checker(language: str = "en") -> SpellChecker:
    """A checker of ``language``'s words at edit distance 1 (what the spelling rule asks)."""
    return cached(
        "spelling",
        cache_key(language, version("pyspellchecker")),
        SpellChecker,
        lambda: SpellChecker(language=language, distance=1),
    )
