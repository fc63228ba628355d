"""The glossary's spellings filed by sound, and which of them a window may be a mishearing of.

A spelling is filed under two blocking keys, the first and the last two symbols
of its sound key, and under its version number if it has one: a window is
compared only with the spellings that share one of those with it. Of these
(about 20 a window with a 1,000-term glossary), one C call
(``rapidfuzz.process.extract`` with a score cutoff) keeps those whose sound key
is alike enough to reach ``CANDIDATE_FLOOR`` even with the letters alike too
(about 6), and only they are measured in full (``compare``). The pool a window
draws from depends only on its blocking keys and version, so it is gathered
once per such triple; what a window finds is kept per window form, as the same
words recur all through a transcript. ``bench/glossary.py``: a Python loop
over the spellings of every window took 0.35 s of a corpus scan with 1,000
terms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from operator import itemgetter
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from workbench.soundalike.features import (
    ALIGNED_BONUS,
    SHORT_PENALTY,
    SOUND_WEIGHT,
    VERSION_BONUS,
    Evidence,
    compare,
)
from workbench.soundalike.forms import Form

CANDIDATE_FLOOR = 0.82
"""How alike (``Evidence.score`` plus the most a mishearing's evidence adds) a window
and a term must be to be a candidate at all: a cheap cut before the scorer."""

UNKNOWN_LIFT = 0.05
"""What an unknown word adds to ``Evidence.score`` when measuring it against the floor."""

_NEED = CANDIDATE_FLOOR - 1e-9
"""The floor for the cheap bounds: float sums must never skip what would just reach it."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Pool:
    """The spellings a window with given blocking keys and version is compared with."""

    items: tuple[int, ...]
    """Filing numbers, in the order the index lists them."""
    keys: tuple[str, ...]
    """Their sound keys, for the one C call that rules most of them out."""


class SoundIndex(Generic[T]):
    """Spellings (each a ``Form`` with an item of the caller's) filed by sound."""

    def __init__(self) -> None:
        self._items: list[T] = []
        self._forms: list[Form] = []
        self._keys: list[str] = []
        # By blocking key, then by (key length, letters length) as first filed: the
        # order a window meets them in, which decides between equally likely terms.
        self._by_key: dict[str, dict[tuple[int, int], list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._by_version: dict[str, list[int]] = defaultdict(list)
        self._blocks: dict[tuple[str, str | None], tuple[int, ...]] = {}
        self._pools: dict[tuple[str, str, str | None], _Pool] = {}
        self._found: dict[Form, list[tuple[T, Evidence]]] = {}

    def add(self, form: Form, item: T) -> None:
        """File ``item`` under the blocking keys and version of its spelling ``form``."""
        number = len(self._items)
        self._items.append(item)
        self._forms.append(form)
        self._keys.append(form.key)
        for block in blocking_keys(form):
            self._by_key[block][len(form.key), len(form.letters)].append(number)
        if form.version is not None:
            self._by_version[form.version].append(number)
        for cache in (self._blocks, self._pools, self._found):
            cache.clear()

    def close(self, window: Form) -> list[tuple[T, Evidence]]:
        """The items whose spelling the window may reach ``CANDIDATE_FLOOR`` with, each
        with the evidence, in filing order (the same list object for the same form)."""
        found = self._found.get(window)
        if found is not None:
            return found
        pool = self._pool(window)
        letters = len(window.letters)
        # The most any bonus can add: the version, aligned words, an unknown word
        # (a short key's penalty is taken in ``compare`` and at most given back).
        bonus = ALIGNED_BONUS + UNKNOWN_LIFT + (VERSION_BONUS if window.version else 0.0)
        # The sound a spelling needs with its letters alike too; 1e-6 of slack on the
        # 0..100 scale, as the exact test below has the last word.
        least = 100 * (_NEED - bonus - (1 - SOUND_WEIGHT)) / SOUND_WEIGHT - 1e-6
        # limit=len, not None: the same hits, twice as fast (rapidfuzz 3.14).
        hits = process.extract(
            window.key,
            pool.keys,
            scorer=fuzz.ratio,
            score_cutoff=max(0.0, least),
            limit=len(pool.keys),
        )
        found = []
        for _, ratio, position in sorted(hits, key=itemgetter(2)):
            number = pool.items[position]
            other = self._forms[number]
            spelling = 2 * min(letters, len(other.letters)) / ((letters + len(other.letters)) or 1)
            if SOUND_WEIGHT * (ratio / 100) + (1 - SOUND_WEIGHT) * spelling + bonus < _NEED:
                continue  # too far apart even in the letters' lengths
            evidence = compare(window, other)
            lift = UNKNOWN_LIFT + (SHORT_PENALTY if evidence.short_key else 0.0)
            if evidence.score + lift >= CANDIDATE_FLOOR:
                found.append((self._items[number], evidence))
        self._found[window] = found
        return found

    def _pool(self, window: Form) -> _Pool:
        """The spellings that share a blocking key (or the version) and the version."""
        head, tail = blocking_keys(window)
        version = window.version
        pool = self._pools.get((head, tail, version))
        if pool is None:
            versioned = self._by_version.get(version, []) if version is not None else []
            numbers = tuple(
                dict.fromkeys(
                    (*self._filed(head, version), *self._filed(tail, version), *versioned)
                )
            )
            pool = _Pool(numbers, tuple(map(self._keys.__getitem__, numbers)))
            self._pools[head, tail, version] = pool
        return pool

    def _filed(self, block: str, version: str | None) -> tuple[int, ...]:
        """The spellings filed under a blocking key that have this version, in order."""
        filed = self._blocks.get((block, version))
        if filed is None:
            filed = tuple(
                number
                for group in self._by_key.get(block, {}).values()
                for number in group
                if self._forms[number].version == version
            )
            self._blocks[block, version] = filed
        return filed


def blocking_keys(form: Form) -> tuple[str, str]:
    """Where a form is filed: a match must share its first or its last two sounds."""
    key = form.key
    return (f"<{key[:2]}", f">{key[-2:]}")
