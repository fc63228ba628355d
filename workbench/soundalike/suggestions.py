"""Stage 4: the scorer's verdict on each window, and the suggestions with their evidence.

``SoundAlikeIndex.find`` scores every candidate of every window with the fitted
scorer, keeps the best term per window when its probability reaches the term's
``min_score`` (default ``DEFAULT_MIN_SCORE``), and then the best windows that
share no token. Its reason names the keys compared, the features that decided
and the evidence in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.soundalike.candidates import Candidate, CandidateIndex, Scan
from workbench.soundalike.forms import Term, joined_key, term_form, window_form, word_key
from workbench.soundalike.lexicon import Lexicon
from workbench.soundalike.scorer import Scorer, shipped
from workbench.soundalike.tokens import Token

DEFAULT_MIN_SCORE = 0.5
"""The probability a window must reach when its term sets no ``min_score`` of its own."""

LONGER_BONUS = 0.05
"""Per extra token, when ranking overlapping windows (not part of the reported score)."""

FUNCTION_WORD = 6.0
"""How familiar (Zipf: once per thousand words of English) a word must be to be a
function word ("is", "our", "and") rather than a word a term may be heard in."""


@dataclass(frozen=True, slots=True)
class Match:
    """A window of tokens that sounds like a term."""

    term: Term
    tokens: tuple[Token, ...]
    score: float
    """The scorer's probability that the window is a mishearing of the term."""
    reason: str
    """The evidence in words: keys compared, the features that decided, the notes."""
    ending: str = ""
    """The plural ending the window adds to the term, kept in the replacement."""

    @property
    def replacement(self) -> str:
        """What the window should read: the term, with the window's plural ending."""
        return self.term.canonical + self.ending


class SoundAlikeIndex(CandidateIndex):
    """Glossary terms indexed by sound key, with the scorer that decides on their candidates."""

    def __init__(
        self,
        terms: Iterable[Term],
        *,
        min_score: float = DEFAULT_MIN_SCORE,
        lexicon: Lexicon | None = None,
        scorer: Scorer | None = None,
    ) -> None:
        super().__init__(terms, lexicon=lexicon)
        self.min_score = min_score
        self.scorer = scorer if scorer is not None else shipped()

    def find(self, tokens: Sequence[Token], present: frozenset[str] | None = None) -> list[Match]:
        """Every best, non-overlapping window of ``tokens`` that sounds like a term.

        ``present`` is the set of normalised words of the whole transcript, used
        for terms with ``context`` words or phrases; None skips that test.
        """
        scan = self.scan(tokens, present)
        found: list[tuple[float, int, int, Match]] = []
        scores: dict[tuple[int, int], float] = {}
        for first, last in self.windows(scan):
            best = self._best(scan, first, last)
            if best is None:
                continue
            candidate, probability = best
            if (
                probability < self._threshold(candidate.term)
                or self._padded(scan, candidate, probability)
                or _function_word_at_edge(candidate, self.lexicon)
            ):
                continue
            match = self._match(scan, candidate, probability)
            scores[first, last] = match.score
            # Rank a longer window a little higher: "Chad gbt" is one
            # mishearing of ChatGPT, not "Chad" and a misheard GPT.
            found.append((match.score + LONGER_BONUS * (last - first), first, last, match))
        # Five words or more in a row that are a term's, but for case, are that term
        # whatever the scorer makes of their everyday words.
        for candidate in self.long_candidates(scan):
            match = self._match(scan, candidate, self.scorer.probability(candidate.features))
            first, last = candidate.first, candidate.last
            found.append((1.0 + LONGER_BONUS * (last - first), first, last, match))
        # A word at the edge of a window must add to the match, by more than a longer
        # window's rank bonus: "our lhf⏎and" is no RLHF'd where "our lhf" alone is
        # RLHF, nor "a Kerass" Keras. (Never delete a word not misheard.) A word
        # whose sounds the term holds does add: "chat GBT" is ChatGPT even where
        # "GBT" alone is likelier GPT.
        kept = [
            item
            for item in found
            if not any(
                scores.get((first, last), -1.0) + LONGER_BONUS > item[3].score
                and not _heard_in(scan.flat[edge], item[3].term)
                for first, last, edge in (
                    (item[1] + 1, item[2], item[1]),
                    (item[1], item[2] - 1, item[2]),
                )
                if first <= last
            )
        ]
        return _non_overlapping(_without_parts(kept, scan))

    def _threshold(self, term: Term) -> float:
        return term.min_score if term.min_score is not None else self.min_score

    def _best(self, scan: Scan, first: int, last: int) -> tuple[Candidate, float] | None:
        """The window's most probable candidate and its probability."""
        best: tuple[Candidate, float] | None = None
        for candidate in self.candidates(scan, first, last):
            probability = self.scorer.probability(candidate.features)
            if best is None or probability > best[1]:
                best = (candidate, probability)
        return best

    def _padded(self, scan: Scan, candidate: Candidate, probability: float) -> bool:
        """True when dropping the window's first or last word scores as well for the term.

        So "chat GBT uh" gives way to "chat GBT", and "Chad gbt" (which "gbt"
        alone does not match as ChatGPT) stands.
        """
        first, last = candidate.first, candidate.last
        for part in ((first + 1, last), (first, last - 1)) if last > first else ():
            for other in self.candidates(scan, *part):
                if (
                    other.term == candidate.term
                    and self.scorer.probability(other.features) >= probability
                ):
                    return True
        return False

    def _match(self, scan: Scan, candidate: Candidate, probability: float) -> Match:
        """The match of a candidate, with its reason."""
        evidence, term = candidate.evidence, candidate.term
        reason = f"sounds like {term.canonical}: {evidence.window_key} ≈ {evidence.term_key}"
        if evidence.version_matched:
            reason += f"; version {candidate.window_version}"
        decided = self.scorer.decisive(candidate.features)
        if decided:
            reason += f"; decided by {', '.join(decided)}"
        if candidate.features.notes:
            reason += "; " + "; ".join(candidate.features.notes)
        return Match(term, candidate.tokens, round(probability, 3), reason, candidate.ending)


def _function_word_at_edge(candidate: Candidate, lexicon: Lexicon) -> bool:
    """True when a window of several words begins or ends in a function word the term
    does not sound: without it the window sounds at least as much like the term, and
    the fix would delete it ("Vex is" for Ovexa). A version ("GPT for") is the term's;
    a word of no consonants ("a") says nothing either way."""
    words = [token.norm for token in candidate.tokens]
    form = window_form(words)
    if form is not None and form.version is not None:
        words = words[:-1]
    if len(words) < 2:
        return False
    keys = [word_key(word) for word in words]
    target = term_form(candidate.term.canonical).key
    whole = fuzz.ratio(joined_key(keys), target)
    return any(
        keys[edge]
        and lexicon.familiarity(words[edge]) >= FUNCTION_WORD
        and fuzz.ratio(joined_key(rest), target) >= whole
        for edge, rest in ((0, keys[1:]), (-1, keys[:-1]))
    )


def _heard_in(word: str, term: Term) -> bool:
    """True when the term's sound key holds the word's ("chat" in ChatGPT; a word
    with no consonants, "a", says nothing), or the word is a number and the term
    has a version ("4" of GPT-4)."""
    if any(ch.isdigit() for ch in word):
        return term_form(term.canonical).version is not None
    key = word_key(word)
    return bool(key) and key in term_form(term.canonical).key


def _without_parts(
    found: list[tuple[float, int, int, Match]], scan: Scan
) -> list[tuple[float, int, int, Match]]:
    """Drop a window that a longer one holds when every word the longer adds sounds
    in its term: "Lux Freedom" is one mishearing of Lex Fridman, not a misheard
    Lukas beside a "Freedom" left alone, however sure the shorter match is."""
    by_first: dict[int, list[tuple[float, int, int, Match]]] = {}
    for item in found:
        by_first.setdefault(item[1], []).append(item)
    widest = max((last - first for _, first, last, _ in found), default=0)

    def held(item: tuple[float, int, int, Match]) -> bool:
        _, first, last, _ = item
        return any(
            last <= outer[2]
            and (outer[1], outer[2]) != (first, last)
            and all(
                _sounds_in(scan.flat[index], outer[3].term)
                for index in range(outer[1], outer[2] + 1)
                if not first <= index <= last
            )
            for start in range(first - widest, first + 1)
            for outer in by_first.get(start, ())
        )

    return [item for item in found if not held(item)]


def _sounds_in(word: str, term: Term) -> bool:
    """True when a word of two sounds or more is a piece of the term's sound key."""
    key = word_key(word)
    return len(key) >= 2 and key in term_form(term.canonical).key


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
