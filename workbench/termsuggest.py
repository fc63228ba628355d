"""``terms suggest``: candidate glossary entries the corpus itself suggests.

Unknown words and capitalised phrases of each transcript (``candidate_phrases``)
are clustered across files by how they sound (``cluster_phrases``), so
"ChatGBT", "chat GBT", "Chad gbt" and "jgbt" come out as one candidate entry.
The dictionary (``Lexicon``) and sound keys are those of sound-alike detection.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from workbench.soundalike import (
    PREFIXES,
    Lexicon,
    Token,
    consonants,
    phrase_words,
    squeeze,
    term_form,
)


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

# Gaps that do not end a name: spaces, "&" ("Weights & Biases"), a line break.
_NAME_GAP = re.compile(r"\s*(?:&\s*)?")
# Voiced and unvoiced pairs, as in ``_VOICING`` but with J (as in "jam") paired with
# CH ("chat") rather than with G: a recogniser hears "Chat-" as "j".
_CLUSTER_VOICING = str.maketrans({"B": "P", "D": "T", "G": "K", "J": "X", "V": "F", "Z": "S"})


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
    if len(letters) < (2 if part.isupper() else 3) or letters in PREFIXES:
        return False
    if lexicon.knows(letters):
        return False
    return part[:1].isupper() or not lexicon.compound(letters)


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
    key = "".join(consonants(word).translate(_CLUSTER_VOICING) for word in phrase_words(phrase))
    return squeeze(key), term_form(phrase).version


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
