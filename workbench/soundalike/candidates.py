"""Stage 1b: the glossary indexed by sound, and the windows of a transcript worth scoring."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.soundalike.features import (
    ALIGNED_BONUS,
    SHORT_PENALTY,
    SOUND_WEIGHT,
    VERSION_BONUS,
    Evidence,
    aligned,
    compare,
)
from workbench.soundalike.forms import Form, Term, term_form, window_form
from workbench.soundalike.lexicon import ENDINGS, RARE_FREQUENCY, Lexicon, english
from workbench.soundalike.tokens import WORD, Token, bare, normalise

DEFAULT_MIN_SCORE = 0.82
"""The score a window must reach when its term sets no ``min_score`` of its own."""

MAX_WORDS = 4
"""The longest window, in tokens."""

LONGER_BONUS = 0.05
"""Per extra token, when ranking overlapping windows (not part of the reported score)."""

COMMON_PENALTY = 0.2
"""Taken off the score of a window made only of ordinary English words."""

TOPIC_PENALTY = 0.1
"""``COMMON_PENALTY`` where the transcript writes the term correctly elsewhere: the
topic makes a misheard "policy grading" likelier than a chance "policy grade"."""

UNKNOWN_BONUS = 0.05
"""Added when the window holds a word no dictionary knows ("skever", "gbt")."""


@dataclass(frozen=True, slots=True)
class Match:
    """A window of tokens that sounds like a term."""

    term: Term
    tokens: tuple[Token, ...]
    score: float
    reason: str
    """The evidence in words: keys compared, unknown words, version."""


# Prefixes that are not dictionary words by themselves ("pre-training", "multimodal").
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
        self.bare: set[str] = set()
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
                self.bare.add(form.letters)
                self._spelled.add(form.letters + bare(form.version or ""))
                if not canonical:
                    self._variants.add((form.letters, form.version))
                for block in _blocking_keys(form):
                    self._by_key[block][len(form.key), len(form.letters)].append(entry)
                if form.version is not None:
                    self._by_version[form.version].append(entry)
            words = [bare(w) for w in map(normalise, WORD.findall(term.canonical))]
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
        flat = [bare(word) for word in norms]
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
                    "".join(flat[first : last + 1]) not in self.bare
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
            words = [w for w in map(normalise, WORD.findall(entry)) if w]
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
                or bare(word) in self._vocabulary
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
            rest = [t.norm for t in tokens if bare(t.norm) not in held]
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
        own = [w for w in stem if bare(w) not in term_words]
        held = [w for w in stem if bare(w) in term_words]
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
        window != term and shared >= 4 and window[shared:] in ENDINGS and term[shared:] in ENDINGS
    )


@functools.cache
def _written_words(canonical: str) -> tuple[tuple[str, ...], ...]:
    """The canonical form's words as tokenised, with "&" left out or said as "and"."""
    return tuple(
        tuple(found.group() for found in WORD.finditer(form))
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


def _blocking_keys(form: Form) -> tuple[str, ...]:
    """Where a form is filed: a match must share its first or its last two sounds."""
    key = form.key
    return (f"<{key[:2]}", f">{key[-2:]}")
