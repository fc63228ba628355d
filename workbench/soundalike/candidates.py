"""Stage 1b: the glossary indexed by sound, and the windows of a transcript worth scoring.

A ``CandidateIndex`` is built once from ``Term``s. For a token stream it walks
every 1–4 token window (windows may cross a segment boundary) and compares it
only with the terms that share a blocking key with it: the first or last two
symbols of its sound key, or, for windows ending in a version number ("GPD 4",
"Dppd4"), that number. So the cost follows the text, not the glossary size.
Each (window, term) pair that is alike enough, and is no spelling of the term,
is a ``Candidate`` with its features; the scorer decides (``suggestions``).

A window of only everyday words is skipped, unless it spells a term apart
("open AI") or sounds like a term the transcript writes correctly elsewhere
("cash" where "cache" is spoken of): ordinary words stand for a term only where
the transcript talks about it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from workbench.soundalike.features import (
    TOPIC_RECURRENCE,
    UNSURE,
    Evidence,
    Features,
    Setting,
    aligned,
    compare,
    describe,
)
from workbench.soundalike.forms import (
    Form,
    Term,
    joined_key,
    readings,
    term_form,
    window_form,
    word_key,
)
from workbench.soundalike.index import SoundIndex
from workbench.soundalike.lexicon import ENDINGS, RARE_FREQUENCY, Lexicon, english
from workbench.soundalike.tokens import WORD, Token, bare, kept, normalise

FAMILIAR_ACRONYM = 2.5
"""How familiar (Zipf: 2.5 is once in 3 million words of English) an acronym the
transcript writes three times or more must be to be its own word, never a mishearing."""

MAX_WORDS = 4
"""The longest window, in tokens."""

OUTNUMBERED = 5
"""How many times as often as a word of another glossary name the transcript must write
a term for that word, standing alone, to be a candidate for it."""
NEIGHBOURHOOD = 6
"""Tokens either side of a window (or of a term written correctly) that are its neighbours."""

CONTENT_FREQUENCY = 5e-5
"""Neighbours rarer than this (relative frequency) are content words; commoner ones say nothing."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A window of tokens and a term it may be a mishearing of, with the evidence."""

    first: int
    """Index of the window's first token."""
    last: int
    """Index of the window's last token."""
    tokens: tuple[Token, ...]
    term: Term
    evidence: Evidence
    features: Features
    window_version: str | None = None
    """The version number the window ends in, if any."""
    ending: str = ""
    """The plural ending the window adds to the term ("sdks": "s"), kept in the suggestion."""


@dataclass(frozen=True, slots=True)
class _Entry:
    term: Term
    form: Form
    canonical: bool
    """False for an entry made from one of the term's variants."""
    reading: bool = False
    """True for an entry filed under the name as another language says it: matched
    only by a window of two names or more ("Krista Rock"): one name alone heard so
    ("Rock", "Jury") is as likely a name or word of its own."""


_Close = list[tuple[_Entry, Evidence]]
"""Entries that may match a window, each with how alike they are."""


@dataclass(slots=True)
class Scan:
    """One token stream as the index sees it: its words, and what it says about the terms."""

    tokens: Sequence[Token]
    norms: list[str]
    flat: list[str]
    """The normalised words without apostrophes and dots."""
    blocked: frozenset[Term]
    """Terms with ``context`` of which the transcript says none."""
    exact: list[tuple[int, int, Term]]
    """Where a term's canonical form or a variant is spelled out (up to case and spaces)."""
    written: set[Term]
    """Terms the transcript writes exactly as the glossary does: it speaks of them."""
    counts: Counter[str]
    """How often each exact token text occurs."""
    near: dict[Term, set[str]]
    """Content words around each written term's occurrences."""
    uses: Counter[Term]
    """How often the transcript writes each term exactly as the glossary does."""
    said: dict[Term, list[tuple[int, int]]]
    """Where the transcript writes a term word for word in another case only ("gutter
    runner" for Gutter Runner): it speaks of them, as captions in lowercase do."""

    def said_elsewhere(self, term: Term, first: int, last: int) -> bool:
        """True when the term's words are said (in another case) outside tokens first..last."""
        return any(end < first or start > last for start, end in self.said.get(term, ()))

    topical: set[tuple[str, str]] = field(default_factory=set)
    """The first and last two sound symbols of each written term's key."""
    correct: defaultdict[int, set[Term]] = field(default_factory=lambda: defaultdict(set))
    """By token index: the terms a run of tokens through it writes exactly as the glossary does."""

    def inside(self, first: int, last: int) -> list[Term]:
        """The terms spelled out somewhere strictly inside tokens first..last."""
        return [
            term
            for start, end, term in self.exact
            if first <= start and end <= last and (start, end) != (first, last)
        ]


class CandidateIndex:
    """Glossary terms indexed by sound key, ready to list the candidates of token streams."""

    def __init__(
        self,
        terms: Iterable[Term],
        *,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.terms = tuple(terms)
        self.lexicon = lexicon if lexicon is not None else english()
        self._sounds: SoundIndex[_Entry] = SoundIndex()
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
        self._written: set[tuple[str, ...]] = set()
        """Every term's canonical form as tokenised, case kept: a window writing one is no slip."""
        self._cased: set[str] = set()
        """The capitalised words of the terms as written ("Lex" of Amazon Lex)."""
        self._parts: dict[Term, set[str]] = defaultdict(set)
        self._entries: dict[Term, list[_Entry]] = defaultdict(list)
        self._long: dict[str, list[tuple[tuple[str, ...], Term]]] = defaultdict(list)
        """Terms of more than ``MAX_WORDS`` words, lowercased, by their first word."""
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
                self._spelled.add(form.letters + bare(form.version or ""))
                if not canonical:
                    self._variants.add((form.letters, form.version))
                self._sounds.add(form, entry)
            # A name may be said as another language reads its letters ("Roch" heard
            # "Rock"): filed under that sound too, with the name's own letters.
            written = term_form(term.canonical)
            for reading in readings(term.canonical):
                heard = term_form(reading)
                form = dataclasses.replace(written, key=heard.key, word_keys=heard.word_keys)
                self._sounds.add(form, _Entry(term, form, True, reading=True))
            words = [bare(normalise(kept(w))) for w in WORD.findall(term.canonical)]
            if len(words) > MAX_WORDS:
                for lowered in _lowered_words(term.canonical):
                    self._long[lowered[0]].append((lowered, term))
            self._vocabulary.update(words)
            self._written.update(_written_words(term.canonical))
            self._cased.update(w for w in WORD.findall(term.canonical) if w[:1].isupper())
            self._words[term].update(words)
            # Runs of at most MAX_WORDS words: a window never holds more, and so a
            # term of thousands of words costs linear work, not cubic.
            for i in range(len(words)):
                for j in range(i + 1, min(i + MAX_WORDS, len(words)) + 1):
                    if j - i < len(words):
                        self._parts[term].add("".join(words[i:j]))

    def scan(self, tokens: Sequence[Token], present: frozenset[str] | None = None) -> Scan:
        """What a token stream says about the terms, worked out once for all its windows.

        ``present`` is the set of normalised words of the whole transcript, used
        for terms with ``context`` words or phrases; None skips that test.
        """
        norms = [token.norm for token in tokens]
        flat = [bare(word) for word in norms]
        exact = self._exact_spans(norms, flat)
        right = [
            (start, end, term)
            for start, end, term in exact
            if tuple(t.text for t in tokens[start : end + 1]) in _written_words(term.canonical)
        ]
        written = {term for _, _, term in right}
        said: dict[Term, list[tuple[int, int]]] = defaultdict(list)
        for start, end, term in exact:
            lowered = tuple(t.text.lower() for t in tokens[start : end + 1])
            if term not in written and lowered in _lowered_words(term.canonical):
                said[term].append((start, end))
        near: dict[Term, set[str]] = defaultdict(set)
        for start, end, term in exact:
            if term in written:
                near[term].update(self._neighbours(norms, start, end))
        scan = Scan(
            tokens,
            norms,
            flat,
            self._out_of_context(norms, present),
            exact,
            written,
            Counter(token.text for token in tokens),
            near,
            Counter(term for _, _, term in right),
            said,
        )
        for start, end, term in right:
            for i in range(start, end + 1):
                scan.correct[i].add(term)
        scan.topical = {
            (entry.form.key[:2], entry.form.key[-2:])
            for term in written | said.keys()
            for entry in self._entries[term]
        }
        return scan

    def windows(self, scan: Scan) -> Iterator[tuple[int, int]]:
        """The (first, last) token indexes of every window worth comparing with the terms."""
        tokens, flat = scan.tokens, scan.flat
        # Per token once, not per window: does it make a window worth scoring?
        interesting = [
            self._interesting(word) or token.name_like or _unsure(token)
            for word, token in zip(scan.norms, tokens, strict=True)
        ]
        # Each word's sound key once, for the windows of everyday words (below).
        keys = [word_key(word) for word in flat] if scan.topical else []
        for first in range(len(tokens)):
            joined = ""
            seen = False
            for size in range(1, min(MAX_WORDS, len(tokens) - first) + 1):
                last = first + size - 1
                if not flat[last] or (size > 1 and tokens[last].sentence_start):
                    break  # a name does not run on over a full stop ("Valley. So")
                joined += flat[last]
                seen = seen or interesting[last]
                if (
                    seen
                    or joined in self._letters
                    or (keys and size <= 2 and _topical(scan, keys, first, last))
                ):
                    yield first, last

    def candidates(self, scan: Scan, first: int, last: int) -> list[Candidate]:
        """Every term the window first..last may stand for, with its features."""
        words = scan.norms[first : last + 1]
        window = window_form(words)
        if window is None or (len(window.key) < 2 and window.version is None):
            return []
        span = scan.tokens[first : last + 1]
        close = self._sounds.close(window) + self._clipped(scan, span, window)
        if not close:
            return []
        if tuple(t.text for t in span) in self._written:
            return []  # another term, written as the glossary writes it
        # A word of a name written as the glossary writes it: "Lex" (of Amazon Lex) is
        # no misheard Alexa, unless the transcript writes the term many times as often
        # as the word ("Gnome" said 4 times where Nome is written 30 times).
        name_word = len(span) == 1 and span[0].text in self._cased
        if name_word and scan.correct.get(first):
            return []  # within that name, written right ("Linux Gnome")
        everyday_only = not any(
            self._interesting(w) or t.name_like or _unsure(t) for w, t in zip(words, span)
        )
        names = [t.text for t in span if t.name_like]
        acronyms = {t.norm for t in span if _capitals(t.text) >= 2}
        inside = scan.inside(first, last)
        recurs = min(scan.counts[t.text] for t in span)
        around = self._neighbours(scan.norms, first, last)
        doubted = min(
            ((t.confidence, t.text) for t in span if t.confidence is not None),
            default=None,
        )
        unsure = (doubted[1], doubted[0]) if doubted and doubted[0] < UNSURE else None
        named = len(span) > 1 and all(t.text[:1].isupper() and not t.text.isupper() for t in span)
        found = []
        for entry, evidence in close:
            term = entry.term
            if entry.reading and not named:
                continue
            if name_word and scan.uses[term] < OUTNUMBERED * scan.counts[span[0].text]:
                continue
            if term in scan.blocked or (
                everyday_only
                and term not in scan.written
                and not scan.said_elsewhere(term, first, last)
                and window.letters not in self._letters
            ):
                continue
            if (
                self._spelled_right(window, term, span, inside)
                or self._extends(scan, span, term)
                or any(term in scan.correct.get(i, ()) for i in range(first, last + 1))
            ):
                # Nor is a piece of the term where it is written right ("Weights⏎and
                # Biases": "Weights and" is the first two words of it).
                continue
            near = scan.near.get(term, set())
            shared = len(around & near)
            setting = Setting(
                topic=term in scan.written,
                said=scan.said_elsewhere(term, first, last),
                recurs=recurs,
                uses=scan.uses[term],
                neighbours=min(1.0, shared / 2),
                variant=not entry.canonical,
                unsure=unsure,
            )
            features = describe(
                evidence,
                words,
                window,
                entry.form,
                self._words[term],
                self.lexicon,
                names=names,
                acronyms=acronyms,
                setting=setting,
            )
            if features.unsupported:
                continue
            target = term_form(term.canonical).letters
            ending = window.letters[len(target) :] if _plural(window.letters, target) else ""
            found.append(
                Candidate(
                    first, last, tuple(span), term, evidence, features, window.version, ending
                )
            )
        return found

    def long_candidates(self, scan: Scan) -> list[Candidate]:
        """Terms of more than ``MAX_WORDS`` words, which no window holds, written word
        for word in another case ("this week in data science and AI")."""
        found: list[Candidate] = []
        if not self._long:
            return found
        lowered = [token.text.lower() for token in scan.tokens]
        for first, word in enumerate(lowered):
            for words, term in self._long.get(word, ()):
                last = first + len(words) - 1
                span = scan.tokens[first : last + 1]
                if (
                    tuple(lowered[first : last + 1]) != words
                    or term in scan.blocked
                    or tuple(t.text for t in span) in _written_words(term.canonical)
                ):
                    continue
                norms = scan.norms[first : last + 1]
                window, form = window_form(norms), term_form(term.canonical)
                if window is None:
                    continue
                evidence = compare(window, form)
                setting = Setting(topic=term in scan.written)
                features = describe(
                    evidence, norms, window, form, self._words[term], self.lexicon, setting=setting
                )
                found.append(Candidate(first, last, tuple(span), term, evidence, features))
        return found

    def _clipped(self, scan: Scan, span: Sequence[Token], window: Form) -> _Close:
        """Names the transcript writes that one word in capitals begins ("KUB" for
        Kubernetes, where Kubernetes is written elsewhere): a recogniser that clips a
        name it does not know writes its first letters as an acronym. Too short a
        key for the floor, so found apart, only among the written terms."""
        if len(span) != 1 or not _clipping(span[0].text):
            return []
        return [
            (entry, compare(window, entry.form))
            for term in scan.written
            for entry in self._entries[term]
            if entry.canonical
            and not entry.form.acronym
            and not term.canonical.startswith(span[0].text)  # "SQL" of SQLite is SQL
            and entry.form.letters.startswith(window.letters)
            and entry.form.letters != window.letters
        ]

    def _extends(self, scan: Scan, span: Sequence[Token], term: Term) -> bool:
        """True when the window holds an acronym the transcript uses throughout and the
        term only extends it, writing it in capitals too ("SQL" is no misheard SQLite
        where SQL is said again and again; "CLA" may be a clipped Claude), or is such
        an acronym that English uses ("GPUs" is no misheard GPTs)."""
        target = term_form(term.canonical).letters
        return any(
            _capitals(t.text) >= 2
            and scan.counts[t.text] >= TOPIC_RECURRENCE
            and (
                (
                    target.startswith(bare(t.norm))
                    and target != bare(t.norm)
                    and term.canonical.startswith(t.text.rstrip("s"))
                )
                or (
                    len(span) == 1
                    and self.lexicon.familiarity(t.norm) >= FAMILIAR_ACRONYM
                    and not self._clips(scan, t, term)
                )
            )
            for t in span
        )

    @staticmethod
    def _clips(scan: Scan, token: Token, term: Term) -> bool:
        """True when the word in capitals begins a name the transcript writes more often
        than the word: "CLA" nine times in a talk writing Claude forty times is
        Claude clipped, though English knows a CLA."""
        letters = term_form(term.canonical).letters
        return (
            _clipping(token.text)
            and letters.startswith(token.norm)
            and scan.uses[term] > scan.counts[token.text]
        )

    def _neighbours(self, norms: Sequence[str], first: int, last: int) -> set[str]:
        """The content words (rare enough to say something) around tokens first..last."""
        around = [
            *norms[max(0, first - NEIGHBOURHOOD) : first],
            *norms[last + 1 : last + 1 + NEIGHBOURHOOD],
        ]
        return {
            w
            for w in around
            if len(w) > 2 and w.isalpha() and self.lexicon.frequency(w) < CONTENT_FREQUENCY
        }

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

    def _spelling(self, window: Form, term: Term, tokens: Sequence[Token]) -> bool:
        """True when the window writes the term: as given, as a listed variant, or
        (for lowercase jargon) with other hyphens or an English ending."""
        target = term_form(term.canonical).letters
        return (
            tuple(t.text for t in tokens) in _written_words(term.canonical)
            or (window.letters, window.version) in self._variants
            # "fine tuning" for fine-tuning: in jargon, hyphenation is style (but
            # "turbo fan" for turbofan, or "Ramjet" mid-sentence, is a slip)
            or (term.canonical.islower() and window.letters == target and _styled(tokens, term))
            # "pretrained" of pretraining; a name has no inflections ("Claud" is no Claude)
            or (term.canonical.islower() and _inflected(window.letters, target))
            # "Stormtroopers", "chest X-rays": the term in the plural, as it writes itself
            or (
                _plural(window.letters, target)
                and _letters_as_written(tokens).startswith(_letters_as_written(term.canonical))
            )
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


def _topical(scan: Scan, keys: Sequence[str], first: int, last: int) -> bool:
    """True when one or two everyday words (of sound keys ``keys``) sound like a term the
    transcript writes (or says) elsewhere."""
    head, tail = keys[first], keys[last]
    if len(head) < 2 or len(tail) < 2:
        # The ends of a short key depend on how the words' keys join.
        head = tail = joined_key(keys[first : last + 1])
    return (head[:2], tail[-2:]) in scan.topical


def _unsure(token: Token) -> bool:
    """True for a word the recogniser was unsure of (a confidence under ``UNSURE``)."""
    return token.confidence is not None and token.confidence < UNSURE


def _capitals(text: str) -> int:
    return sum(ch.isupper() for ch in text)


def _clipping(text: str) -> bool:
    """True for a word of 3–4 letters, all capitals ("CLA"): maybe a name's first letters
    (two, "AI", begin too many names)."""
    return 3 <= len(text) <= 4 and text.isalpha() and text.isupper()


def _styled(tokens: Sequence[Token], term: Term) -> bool:
    """True when the words write a lowercase term but for hyphens or a sentence's capital."""
    text = " ".join(t.text for t in tokens)
    if tokens[0].sentence_start:
        text = text[:1].lower() + text[1:]
    return text.replace("-", " ") == term.canonical.replace("-", " ")


def _inflected(window: str, term: str) -> bool:
    """True when the two differ only by an English ending ("pretrained" of "pretraining")."""
    shared = 0
    while shared < min(len(window), len(term)) and window[shared] == term[shared]:
        shared += 1
    return (
        window != term and shared >= 4 and window[shared:] in ENDINGS and term[shared:] in ENDINGS
    )


def _plural(window: str, term: str) -> bool:
    """True when the window's letters are the term's with a plural "s" ("xwings" of
    X-wing); not for a term ending in "s", where an added "s" is a slip ("Kerass")."""
    return not term.endswith("s") and window in (term + "s", term + "es")


def _letters_as_written(text: str | Sequence[Token]) -> str:
    """The letters and digits of a text (or of tokens' texts), case kept."""
    joined = text if isinstance(text, str) else "".join(t.text for t in text)
    return "".join(ch for ch in joined if ch.isalnum())


@functools.cache
def _written_words(canonical: str) -> tuple[tuple[str, ...], ...]:
    """The canonical form's words as tokenised (a possessive "'s" outside its word, as in
    a transcript), with "&" left out or said as "and"."""
    return tuple(
        tuple(kept(found.group()) for found in WORD.finditer(form))
        for form in (canonical, canonical.replace("&", "and"))
    )


@functools.cache
def _lowered_words(canonical: str) -> frozenset[tuple[str, ...]]:
    """The canonical form's words as tokenised, lowercased."""
    return frozenset(tuple(w.lower() for w in words) for words in _written_words(canonical))
