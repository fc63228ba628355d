"""Kind ``spelling``: which unknown words are worth a reviewer's time.

A word that is correct but missing from the dictionary (an inflection, a
prefixed form, a name, talk-about-tech vocabulary) must not be flagged; a word
one edit from a known word that is none of these must still be.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.conftest import make_transcript, rule_set
from workbench import formats
from workbench.checks.base import CheckContext
from workbench.checks.matcher import BLOCK_SEGMENTS
from workbench.checks.spelling import SpellingCheck, SpellingRule
from workbench.engine import Engine
from workbench.model import Segment, Transcript
from workbench.ruleset import load_rule_set

ROOT = Path(__file__).resolve().parents[2]
SPELLING: dict[str, object] = {"id": "sp", "kind": "spelling"}

Flags = Callable[..., list[tuple[int, str]]]


def _flags(transcript: Transcript, *rules: dict[str, object]) -> list[tuple[int, str]]:
    """(segment, flagged word) of every spelling flag, in order."""
    found = Engine(rule_set(*(rules or (SPELLING,)))).scan(transcript).suggestions
    flags = []
    for suggestion in found:
        assert suggestion.kind == "spelling" and not suggestion.auto
        (edit,) = suggestion.edits
        flags.append((edit.segment, suggestion.before[0][edit.start : edit.end]))
    return flags


@pytest.fixture
def flags() -> Flags:
    """Spelling flags of texts (one segment each) under the given rule fields."""

    def run(texts: Sequence[str], **fields: object) -> list[tuple[int, str]]:
        return _flags(make_transcript(texts), {**SPELLING, **fields})

    return run


def _check(**fields: object) -> SpellingCheck:
    return SpellingCheck(SpellingRule.model_validate({**SPELLING, **fields}), CheckContext())


@pytest.mark.parametrize(
    "word",
    [
        "memes",  # meme + s
        "randomizations",  # randomization + s
        "else's",  # else + 's
        "incentivized",  # incentivize + d
        "reasonings",  # reasoning + s
        "that'd",  # that + 'd
        "system'll",  # system + 'll
    ],
)
def test_an_inflection_or_contraction_of_a_known_word_is_known(word: str) -> None:
    assert _check().known(word)
    assert not _check(inflections=False).known(word)


def test_a_stem_shorter_than_three_letters_is_not_tried(flags: Flags) -> None:
    # "at" + -ing would make "ating" known; it is likelier "eating" or "dating".
    assert not _check().known("ating")
    assert flags(["we were ating lunch", "after eating we left"]) == [(0, "ating")]


@pytest.mark.parametrize(
    "word",
    [
        "upweighted",  # up + weighted
        "deemphasizing",  # de + emphasizing
        "refactor",  # re + factor
        "multi",  # a prefix alone: half of a split compound ("multi agent")
    ],
)
def test_a_known_word_behind_a_prefix_is_known(word: str) -> None:
    assert _check().known(word)
    assert not _check(prefixes=[]).known(word)


def test_the_rest_behind_a_prefix_must_be_four_letters(flags: Flags) -> None:
    # Not "re" + "all" nor "co" + "old": a misspelt "really" and "could".
    texts = ["it was reall good and coold be", "it really could be"]
    assert flags(texts) == [(0, "reall"), (0, "coold")]


def test_a_misspelling_with_one_fitting_common_fix_is_flagged() -> None:
    transcript = make_transcript(["we trained the modle for a week", "the model was small"])
    (found,) = Engine(rule_set(SPELLING)).scan(transcript).suggestions
    assert found.after == ("we trained the model for a week",)
    assert found.reason == (
        "'modle' is unknown, said once; 'model', one letter away, "
        "is a common word said elsewhere in this transcript"
    )


def test_a_word_said_twice_is_the_speakers_word(flags: Flags) -> None:
    assert flags(["the modle was good", "that modle is big", "the model"]) == []
    # In any case, and over block boundaries.
    assert flags(["Modle is good.", "the modle", "the model"]) == []
    filler = ["some filler words here"] * BLOCK_SEGMENTS
    assert flags(["the modle", *filler, "the modle again", "the model"]) == []
    assert flags(["the modle", *filler, "the model again"]) == [(0, "modle")]


@pytest.mark.parametrize(
    "texts",
    [
        # jargon and slang: none of the words one letter away is said in the talk
        ["the room felt vibey tonight"],
        ["the old code was kludgy"],
        ["there is some jank in the build"],
        # two words one letter away are said: no one likely fix
        ["we were ating lunch", "after eating and acting"],
        # the one word said here is rare: "blitzed" is no common word
        ["my blitzer went first", "he blitzed the line"],
    ],
)
def test_without_one_fitting_common_fix_nothing_is_flagged(flags: Flags, texts: list[str]) -> None:
    assert flags(texts) == []


def test_a_capitalised_word_is_a_name(flags: Flags) -> None:
    assert flags(["call an Uber or something", "the user"]) == []
    assert flags(["Uber is here.", "the user"]) == []


def test_a_name_is_offered_only_the_one_known_name_one_edit_away() -> None:
    engine = Engine(rule_set({**SPELLING, "accept": ["Welinder", "Huber"]}))
    scanned = engine.scan(make_transcript(["then Peter Welindr said", "call an Uber now"]))
    assert [(s.after, s.reason) for s in scanned.suggestions] == [
        (
            ("then Peter Welinder said",),
            "'Welindr' is unknown; 'Welinder' is the one known name one letter away",
        ),
        # Not "User", the likelier English word: only a name can be a name's fix.
        (
            ("call an Huber now",),
            "'Uber' is unknown; 'Huber' is the one known name one letter away",
        ),
    ]


# The spelling flags the shipped rules made on the sample corpus before this
# check knew inflections, prefixes and names: every one a correct word.
CORRECT_WORDS_ONCE_FLAGGED = {
    ("dwarkesh-schulman.txt", 155, "Uber"),
    ("dwarkesh-schulman.txt", 248, "diff"),
    ("dwarkesh-schulman.txt", 442, "refactor"),
    ("dwarkesh-schulman.txt", 607, "upweighted"),
    ("dwarkesh-schulman.txt", 764, "incentivized"),
    ("dwarkesh-schulman.txt", 866, "else's"),
    ("dwarkesh-schulman.txt", 867, "else's"),
    ("dwarkesh-schulman.txt", 907, "clippy"),
    ("gradient-dissent-welinder.txt", 576, "randomizations"),
    ("lex-fridman-altman-367.txt", 16, "dming"),
    ("lex-fridman-altman-367.txt", 241, "memes"),
    ("lex-fridman-altman-367.txt", 244, "Reddit"),
    ("lex-fridman-altman-367.txt", 326, "eval"),
    ("lex-fridman-altman-367.txt", 472, "multi"),
    ("lex-fridman-altman-367.txt", 473, "reasonings"),
    ("lex-fridman-altman-367.txt", 571, "Proto"),
    ("lex-fridman-altman-367.txt", 666, "versa"),
    ("lex-fridman-altman-367.txt", 1411, "Magnus"),
    ("lex-fridman-altman-367.txt", 1424, "utopic"),
    ("lex-fridman-altman-367.txt", 1424, "Tech"),
    ("schulman-chatgpt-origins.txt", 33, "refactor"),
    ("schulman-chatgpt-origins.txt", 56, "deemphasizing"),
}

# Misspellings put into the corpus, each in the middle of a sentence.
PLANTED = {"model": "modle", "training": "trainig", "different": "diferent", "people": "peopel"}


def _shipped_spelling_flags(transcript: Transcript) -> list[tuple[int, str]]:
    engine = Engine(load_rule_set())
    found = [s for s in engine.scan(transcript).suggestions if s.rule_id == "spelling"]
    return [(s.line or 0, s.before[0][s.edits[0].start : s.edits[0].end]) for s in found]


@pytest.mark.parametrize("name", sorted({name for name, _, _ in CORRECT_WORDS_ONCE_FLAGGED}))
def test_the_shipped_rule_leaves_the_corpus_correct_words_alone(name: str) -> None:
    transcript = formats.load(ROOT / "corpus" / name)
    flagged = {(name, line, word) for line, word in _shipped_spelling_flags(transcript)}
    assert flagged & CORRECT_WORDS_ONCE_FLAGGED == set()


@pytest.mark.parametrize("name", sorted({name for name, _, _ in CORRECT_WORDS_ONCE_FLAGGED}))
def test_the_shipped_rule_still_flags_misspellings_planted_in_the_corpus(name: str) -> None:
    transcript = formats.load(ROOT / "corpus" / name)
    planted: dict[int, str] = {}
    segments: list[Segment] = []
    for seg in transcript.segments:
        words = seg.text.split(" ")
        # Each misspelling once (a typo is not repeated), in mid-sentence; the right
        # word stays elsewhere in the talk.
        for position, word in enumerate(words[1:], start=1):
            if (
                word in PLANTED
                and PLANTED[word] not in planted.values()
                and words[position - 1].isalpha()
            ):
                words[position] = PLANTED[word]
                planted[seg.line or 0] = PLANTED[word]
                break
        segments.append(seg.changed(text=" ".join(words)))
    assert len(planted) >= 3
    flagged = set(_shipped_spelling_flags(transcript.replace_segments(tuple(segments))))
    assert set(planted.items()) <= flagged


BRITISH = ["we realise the behaviour of the model", "we realize the behavior of it"]


def test_british_and_american_spellings_are_both_known_by_default(flags: Flags) -> None:
    assert flags(BRITISH) == []


def test_the_variants_taken_as_correct_are_configurable(flags: Flags) -> None:
    # American only: the British spellings are one letter from a word said in the talk.
    assert flags(BRITISH, variants=["en_US"]) == [(0, "realise"), (0, "behaviour")]
    # British only: the American spellings are the misspellings.
    assert flags(BRITISH, variants=["en_GB"]) == [(1, "realize"), (1, "behavior")]
