"""Stage 2: how alike a window and a term are, as numbers a fitted scorer weighs.

``compare`` measures the pair alone (sound keys, letters, letter names,
version); its ``Evidence.score`` is a fixed blend used only to drop hopeless
pairs early (see ``candidates``). ``describe`` adds what the transcript says
(how common the window's words are, whether it writes the term correctly
elsewhere, whether the window's neighbours are the term's) and returns the
``Features`` the fitted ``scorer`` decides on, named in ``FEATURES``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.soundalike.forms import Form, letter_names
from workbench.soundalike.lexicon import RARE_FREQUENCY, Lexicon
from workbench.soundalike.tokens import bare, normalise

FEATURES = (
    "sound",
    "spelling",
    "version",
    "aligned words",
    "short key",
    "split acronym",
    "unknown word",
    "written as a name",
    "common words",
    "term written elsewhere",
    "term said elsewhere",
    "case or spacing only",
    "common word in other case",
    "established token",
    "shared neighbours",
    "known variant",
    "the term and more",
    "common phrase for one word",
    "letters said as words",
    "window words",
    "familiar word",
    "same sound",
    "a part of the term",
    "words of the term",
    "one word misheard",
    "term outnumbers the words",
    "familiar name, letters apart",
    "a word for letters said apart",
)
"""The names of the features, in the order of ``Features.values`` and of the fitted weights."""

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
    split: bool = False
    """True when several words sound like a one-word acronym but do not spell it."""
    aligned: bool = False
    """True when the window has the term's words, each sounding like its partner."""


def compare(window: Form, term: Form) -> Evidence:
    """Score how alike a window and a term form are, before word-commonness is weighed."""
    sound = fuzz.ratio(window.key, term.key) / 100
    spelling = fuzz.ratio(window.letters, term.letters) / 100
    if term.acronym and window.acronym:
        # Spelled letters are misheard by rhyme ("dee pee" for "gee pee"), not by spelling.
        names = fuzz.ratio(letter_names(window.letters), letter_names(term.letters)) / 100
        spelling = max(spelling, names * LETTER_NAME_WEIGHT)
    score = SOUND_WEIGHT * sound + (1 - SOUND_WEIGHT) * spelling
    split = (
        term.acronym
        and len(window.word_keys) > 1
        and term.letters not in (window.letters, window.spelled)
    )
    if split:
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
    paired = aligned(window, term)
    if paired:
        score += ALIGNED_BONUS
    clamped = max(0.0, min(score, 1.0))
    return Evidence(clamped, sound, spelling, term.key, window.key, matched, short, split, paired)


def aligned(window: Form, term: Form) -> bool:
    """True when both have the same words (two or more) and each sounds like its partner."""
    return len(window.word_keys) == len(term.word_keys) > 1 and all(
        fuzz.ratio(a, b) >= ALIGNED_WORD_SIMILARITY
        for a, b in zip(window.word_keys, term.word_keys, strict=True)
    )


TOPIC_RECURRENCE = 3
"""How often an everyday word must recur to count as a topic of the transcript."""

ZIPF_TOP = 8.0
"""The top of the Zipf scale: "familiar word" is the window's least familiar own word over it."""

FAMILIAR_NAME = 3.0
"""How familiar (Zipf: once per million words of English) a word written as a name must
be to be a name of its own ("Oscar", "Greek") rather than a misheard one."""

LETTERS_APART = 0.75
"""Letter similarity under which a familiar name is no slip of the term's spelling
("Oscar" and Askar; "Oskar" and Askar are a slip)."""

UNSURE = 0.5
"""A word the recogniser gives a confidence under this is one it was unsure of (the
``confidence`` rule's default threshold)."""


@dataclass(frozen=True, slots=True)
class Setting:
    """What the transcript says about one window and one term."""

    topic: bool = False
    """The transcript writes the term correctly elsewhere."""
    said: bool = False
    """The transcript writes the term's words elsewhere, in another case only."""
    recurs: int = 0
    """How often the window's exact words occur in the transcript (itself included)."""
    uses: int = 0
    """How often the transcript writes the term exactly as the glossary does."""
    neighbours: float = 0.0
    """Share of the window's neighbouring content words found near the term elsewhere, 0..1."""
    variant: bool = False
    """The window matched one of the term's known variants rather than its canonical form."""
    unsure: tuple[str, float] | None = None
    """The window's least confident word and its confidence, when under ``UNSURE``."""


@dataclass(frozen=True, slots=True)
class Features:
    """One window against one term, as numbers (``FEATURES`` order) and as words."""

    values: tuple[float, ...]
    notes: tuple[str, ...]
    """The evidence in words ("'skever' unknown word", "common words")."""
    unsupported: bool = False
    """Everyday words with nothing in the transcript for the term, or a dictionary word
    that is a piece of the term: ordinary speech, no candidate."""
    confidence: float | None = None
    """The recogniser's confidence in the window's least sure word, when under ``UNSURE``."""


def shared_words(words: Sequence[str], term_words: Collection[str]) -> float:
    """Share of a term of several words that the window says word for word ("reward
    mode" says half of reward model); 0 for a term of one word."""
    if len(term_words) < 2:
        return 0.0
    return len({bare(w) for w in words} & set(term_words)) / len(term_words)


def one_misheard(
    words: Sequence[str], window: Form, term: Form, term_words: Collection[str]
) -> bool:
    """True when the window says the term word for word but one, which sounds like its
    partner ("policy grading" for policy gradient, "war test" for war chest)."""
    if len(words) != len(term.word_keys) or len(words) < 2 or not aligned(window, term):
        return False
    return sum(bare(w) not in term_words for w in words) == 1


def outnumbered(setting: Setting) -> float:
    """How much the term, written right, outnumbers the window's words in the transcript,
    0..1: a word said twice in a talk that writes the term it sounds like twenty times
    ("covet" where COVID is the subject) is likelier that term misheard than a word
    the talk uses as much as the term ("cloud" in a talk about Google Cloud)."""
    if not setting.uses:
        return 0.0
    return setting.uses / (setting.uses + setting.recurs)


def everyday(word: str, lexicon: Lexicon) -> bool:
    """True for a common English word: frequent, a contraction, or a form of a known word."""
    return (
        "'" in word
        or lexicon.frequency(word) >= RARE_FREQUENCY
        or (lexicon.knows(word) and not lexicon.known(word))
        or lexicon.compound(word)
        or len(word) == 1  # a letter said alone ("code x"): as ordinary as a word
    )


def describe(
    evidence: Evidence,
    words: Sequence[str],
    window: Form,
    term: Form,
    term_words: Collection[str],
    lexicon: Lexicon,
    *,
    names: Sequence[str] = (),
    acronyms: Collection[str] = (),
    setting: Setting = Setting(),
) -> Features:
    """The features of a window against a term, and the notes that say them in words.

    Evidence of a mishearing is a word no dictionary knows ("skever"), a word
    written as a name inside a sentence ("Main" in "Andrew Main") or in
    capitals ("AI" in "open AI"). A window whose other words are all everyday
    English is "common words": ordinary speech unless the transcript says
    otherwise (the term written elsewhere, the term's neighbours around it).
    A window with exactly the term's letters is a case or spacing variant
    ("pytorch", "Deep Mind"); a common word so ("rust" for Rust) needs the
    transcript's support, which the scorer learns from "common word in other case".
    """
    stem = words[:-1] if window.version is not None and len(words) > 1 else words
    own = [w for w in stem if bare(w) not in term_words]
    run_together = window.letters == term.letters
    unknown = [
        w
        for w in own
        if "'" not in w
        and w not in acronyms
        and not lexicon.knows(w)
        and (run_together or not lexicon.compound(w))
    ]
    notes = [f"'{w}' unknown word" for w in unknown]
    # A word of the term no dictionary knows ("karpathy" in "Andrea karpathy",
    # "deepmind" for DeepMind) is evidence too: English has no such word.
    held = [w for w in stem if bare(w) in term_words and "'" not in w and not lexicon.knows(w)]
    notes += [f"holds '{w}', a word of the term" for w in held]
    unknown += held
    notes += [f"'{n}' written as a name" for n in names]
    notes += [f"'{w.upper()}' written in capitals" for w in own if w in acronyms]
    common = not unknown and all(everyday(w, lexicon) for w in own or stem)
    case_only = run_together and window.version == term.version
    if case_only:
        notes.append("the term's letters in another case or spacing")
    if common:
        notes.append("common words")
    if setting.topic:
        notes.append("the term is written elsewhere")
    if setting.said:
        notes.append("the term's words are said elsewhere")
    if setting.neighbours:
        notes.append("the term's neighbours around it")
    # "Russian" holds Russia, "CTO" holds CT: another word made from the term.
    derived = (
        len(stem) == 1
        and window.letters.startswith(term.letters)
        and window.letters != term.letters
    )
    if derived:
        notes.append("the term with more letters")
    # "open" of OpenAI, "lab" of Colab: a word the term is made of, said on its own.
    part = (
        len(stem) == 1
        and window.letters != term.letters
        and (term.letters.startswith(window.letters) or term.letters.endswith(window.letters))
    )
    if part:
        notes.append("a part of the term")
    # "put in" for Putin, "take a" for Takeda: everyday words that happen to run together.
    phrase = common and len(stem) > 1 and len(term.word_keys) == 1
    # "our lhf" for RLHF: the words sound like the term's letters said one by one.
    said = len(stem) > 1 and term.acronym and window.spelled == term.letters
    if said:
        notes.append("the term's letters said as words")
    established = setting.recurs >= TOPIC_RECURRENCE and bool(names or acronyms) and not case_only
    if established:
        notes.append("written so throughout")
    if setting.variant:
        notes.append("like a known variant")
    if setting.unsure is not None:
        notes.append(f"ASR unsure: '{setting.unsure[0]}' p={setting.unsure[1]:.2f}")
    # "Oscar" for Askar: a name English knows, said alone and spelled apart from a
    # term the transcript never mentions, is that name (a glossary of several domains
    # holds many such distant namesakes).
    namesake = (
        len(words) == 1
        and not unknown
        and not setting.topic
        and not setting.said
        and evidence.spelling < LETTERS_APART
        and any(
            bare(word) not in term_words and lexicon.familiarity(word) >= FAMILIAR_NAME
            for word in map(normalise, names)
        )
    )
    if namesake:
        notes.append("a familiar name, spelled apart")
    # "rely" for RL: capitals with no vowel are said letter by letter, never as a word.
    word_for_letters = (
        common
        and len(stem) == 1
        and term.acronym
        and not case_only
        and not any(ch in "aeiou" for ch in term.letters)
    )
    if word_for_letters:
        notes.append("an everyday word for letters said apart")
    values = (
        evidence.sound,
        evidence.spelling,
        float(evidence.version_matched),
        float(evidence.aligned),
        float(evidence.short_key),
        float(evidence.split),
        float(bool(unknown)),
        float(bool(names or any(w in acronyms for w in own))),
        float(common),
        float(setting.topic),
        float(setting.said),
        float(case_only),
        float(case_only and common),
        float(established),
        setting.neighbours,
        float(setting.variant),
        float(derived),
        float(phrase),
        float(said),
        len(words) / 4,
        min((lexicon.familiarity(w) for w in own), default=0.0) / ZIPF_TOP,
        float(evidence.window_key == evidence.term_key),
        float(part),
        shared_words(stem, term_words),
        float(one_misheard(stem, window, term, term_words)),
        outnumbered(setting),
        float(namesake),
        float(word_for_letters),
    )
    # Everyday words stand for a term only where the transcript speaks of it: it
    # writes the term, its neighbours are the term's, or (for the term's own
    # letters, "rust" for Rust) the word recurs as a topic of the talk.
    # So does the recogniser's own doubt about the words.
    supported = (
        setting.topic
        or setting.said
        or setting.neighbours > 0
        or (case_only and setting.recurs >= TOPIC_RECURRENCE)
        or setting.unsure is not None
    )
    # A dictionary word in the term's letters ("flask" for Flask) is ordinary too.
    plain = (common or (case_only and not unknown)) and not names
    plain = plain and not any(w in acronyms for w in own)
    confidence = setting.unsure[1] if setting.unsure is not None else None
    # A dictionary word that is a piece of the term, or a window holding the term
    # with more letters, is that word ("open" of OpenAI, "whisperer or" of Whisper),
    # whatever else is said; one letter short ("Claud" of Claude) is a slip.
    whole_part = part and len(term.letters) - len(window.letters) >= 2
    longer = [w for w in stem if bare(w).startswith(term.letters) and bare(w) != term.letters]
    piece = (whole_part and not unknown and lexicon.knows(stem[0])) or any(
        lexicon.knows(w) for w in longer
    )
    return Features(values, tuple(notes), (plain and not supported) or piece, confidence)
