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
from workbench.checks.matcher import BLOCK_SEGMENTS
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


@pytest.mark.parametrize(
    "text",
    [
        "the memes were funny",  # meme + s
        "keep the randomizations consistent",  # randomization + s
        "someone else's model",  # else + 's
        "people are incentivized to do it",  # incentivize + d
        "all those parallel reasonings",  # reasoning + s
    ],
)
def test_an_inflection_of_a_known_word_is_known(flags: Flags, text: str) -> None:
    assert flags([text]) == []
    assert flags([text], inflections=False) != []


def test_a_stem_shorter_than_three_letters_is_not_tried(flags: Flags) -> None:
    # "at" + -ing would make "ating" known; it is likelier "eating" or "dating".
    assert flags(["we were ating lunch"]) == [(0, "ating")]


@pytest.mark.parametrize(
    "text",
    [
        "the data we upweighted",  # up + weighted
        "we ended up deemphasizing that",  # de + emphasizing
        "help me refactor my code",  # re + factor
    ],
)
def test_a_known_word_behind_a_prefix_is_known(flags: Flags, text: str) -> None:
    assert flags([text]) == []
    assert flags([text], prefixes=[]) != []


def test_a_prefix_alone_is_half_of_a_split_compound(flags: Flags) -> None:
    assert flags(["all of those multi agent setups"]) == []
    assert flags(["all of those multi agent setups"], prefixes=[]) == [(0, "multi")]


def test_the_rest_behind_a_prefix_must_be_four_letters(flags: Flags) -> None:
    # Not "re" + "all" nor "co" + "old": a misspelt "really" and "could".
    assert flags(["it was reall good and coold be"]) == [(0, "reall"), (0, "coold")]


def test_a_capitalised_word_in_mid_sentence_is_a_name(flags: Flags) -> None:
    assert flags(["call an Uber or something"]) == []
    assert flags(["call one, Uber or something"]) == []
    # At the start of a sentence a capital says nothing: still checked.
    assert flags(["Uber is here."]) == [(0, "Uber")]
    assert flags(["we left. Uber is here."]) == [(0, "Uber")]


def test_a_name_in_mid_sentence_anywhere_covers_every_spelling_of_it(flags: Flags) -> None:
    texts = ["Reddit is big.", "some of it is Reddit", "the reddit memes"]
    assert flags(texts) == []
    assert flags(["Reddit is big.", "the reddit memes"]) == [(0, "Reddit"), (1, "reddit")]


def test_a_name_is_offered_only_the_known_names_one_edit_away() -> None:
    engine = Engine(rule_set({**SPELLING, "accept": ["Welinder", "Huber"]}))
    scanned = engine.scan(make_transcript(["then Peter Welindr said", "call an Uber now"]))
    assert [(s.after, s.reason) for s in scanned.suggestions] == [
        (("then Peter Welinder said",), "'Welindr' is not in the dictionary"),
        # Not "User", the likelier English word: only a name can be a name's fix.
        (("call an Huber now",), "'Uber' is not in the dictionary"),
    ]
    # At the start of a sentence it may be any word: English ones are offered first.
    (first,) = engine.scan(make_transcript(["Uber is here."])).suggestions
    assert first.after == ("User is here.",)
    assert "huber" in first.reason


def test_mid_sentence_is_seen_over_segment_and_block_boundaries() -> None:
    assert _flags(make_transcript(["we called an", "Uber then"])) == []
    assert _flags(make_transcript(["we called one.", "Uber then"])) == [(1, "Uber")]
    # The word that opens the second block follows the last word of the first.
    texts = ["filler words here"] * (BLOCK_SEGMENTS - 1) + ["we called an", "Uber then"]
    assert _flags(make_transcript(texts)) == []
    texts[-2] = "we called one."
    assert _flags(make_transcript(texts)) == [(BLOCK_SEGMENTS, "Uber")]


def test_the_first_word_of_a_transcript_is_not_mid_sentence() -> None:
    assert _flags(make_transcript(["Uber then"])) == [(0, "Uber")]


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
        # The first right word in mid-sentence of each segment that has one.
        for position, word in enumerate(words[1:], start=1):
            if word in PLANTED and words[position - 1].isalpha():
                words[position] = PLANTED[word]
                planted[seg.line or 0] = PLANTED[word]
                break
        segments.append(seg.changed(text=" ".join(words)))
    assert len(planted) >= 5
    flagged = set(_shipped_spelling_flags(transcript.replace_segments(tuple(segments))))
    assert set(planted.items()) <= flagged
