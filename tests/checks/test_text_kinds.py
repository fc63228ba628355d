"""Tables for the in-text kinds: replace, term, repeat, filler, spelling."""

from __future__ import annotations

from collections.abc import Callable

import pytest

REPLACE = {"id": "r", "kind": "replace"}


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        # keep_case: an all-lowercase replacement takes the case of the match
        ({"pattern": "mode", "replace": "moat"}, "a Mode here", "a Moat here"),
        ({"pattern": "mode", "replace": "moat"}, "a MODE here", "a MOAT here"),
        ({"pattern": "mode", "replace": "moat"}, "a mode here", "a moat here"),
        # a replacement with capitals is written as given
        ({"pattern": "gpd 4", "replace": "GPT-4"}, "on gpd 4 today", "on GPT-4 today"),
        ({"pattern": "mode", "replace": "moat", "keep_case": False}, "a Mode", "a moat"),
        # whole words by default
        ({"pattern": "mode", "replace": "moat"}, "a model here", "a model here"),
        (
            {"pattern": "mode", "replace": "moat", "whole_word": False, "regex": True},
            "a model",
            "a moatl",
        ),
        # a literal pattern with whole_word: false matches inside words too
        (
            {"pattern": "cat", "replace": "feline", "whole_word": False},
            "a category of Cats",
            "a felineegory of Felines",
        ),
        (
            {"pattern": "cat", "replace": "feline"},
            "a category of cat food",
            "a category of feline food",
        ),
        # keep_case follows the match: UPPER only for a match of capitals with more than
        # one letter, and never changes what a group brings
        (
            {"pattern": r"v(\d+)\.(\d+)", "replace": r"version \1.\2", "regex": True},
            "V3.0 and v2.1",
            "Version 3.0 and version 2.1",
        ),
        (
            {"pattern": r"gpd (\w+)", "replace": r"gpt \1", "regex": True},
            "GPD FOUR and GPD four",
            "GPT FOUR and Gpt four",
        ),
        (
            {"pattern": r"(\w+)-gpd", "replace": r"\1-gpt", "regex": True},
            "Chat-GPD",
            "Chat-gpt",
        ),
        ({"pattern": "v", "replace": "version"}, "V and v", "Version and version"),
        # case-sensitive when asked
        ({"pattern": "Mode", "replace": "Moat", "ignore_case": False}, "mode Mode", "mode Moat"),
        # regex with captures
        (
            {"pattern": r"\bGPD[ -]?(\d)\b", "replace": r"GPT-\1", "regex": True},
            "GPD-3 and gpd4",
            "GPT-3 and GPT-4",
        ),
        (
            {"pattern": r"(?P<n>\d+) percent", "replace": r"\g<n>%", "regex": True},
            "40 percent",
            "40%",
        ),
    ],
)
def test_replace(
    fix: Callable[..., list[str]], rule: dict[str, object], text: str, expected: str
) -> None:
    assert fix([{**REPLACE, **rule}], [text]) == [expected]


def test_regex_does_not_cross_the_joining_newline(fix: Callable[..., list[str]]) -> None:
    rule = {**REPLACE, "regex": True, "pattern": r"open\s+ai", "replace": "OpenAI"}
    assert fix([rule], ["we left open", "ai is here", "open ai too"]) == [
        "we left open",
        "ai is here",
        "OpenAI too",
    ]


TERM = {
    "id": "t",
    "kind": "term",
    "canonical": "Peter Welinder",
    "variants": ["Peter Wellender", "Wellender"],
}
GPT4 = {"id": "g", "kind": "term", "canonical": "GPT-4", "variants": ["Dppd4", "GPD 4", "GPD for"]}


@pytest.mark.parametrize(
    ("rule", "texts", "expected"),
    [
        (GPT4, ["build with Dppd4."], ["build with GPT-4."]),
        (
            GPT4,
            ["build with dppd4"],
            ["build with GPT-4"],
        ),  # canonical as written, whatever the case
        (GPT4, ["on GPD for?"], ["on GPT-4?"]),
        (GPT4, ["on GPD, for"], ["on GPT-4"]),  # a comma in a multi-word variant's gap
        (GPT4, ["Dppd45 and xDppd4"], ["Dppd45 and xDppd4"]),  # whole words only
        (
            TERM,
            ["I met Peter", "Wellender today"],
            ["I met Peter", "Welinder today"],
        ),  # over a boundary
        (TERM, ["I met Peter Wellender"], ["I met Peter Welinder"]),  # longest variant wins
        (TERM, ["said Wellender"], ["said Peter Welinder"]),
        (GPT4, ["this is GPD", "4 now"], ["this is GPT-4", "now"]),  # word counts differ
    ],
)
def test_term(
    fix: Callable[..., list[str]], rule: dict[str, object], texts: list[str], expected: list[str]
) -> None:
    assert fix([rule], texts) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("and the the model", "and the model"),
        ("I I think", "I think"),
        ("I I I think", "I think"),
        ("The the end", "The end"),
        ("I think that that is right", "I think that that is right"),
        ("we had had enough", "we had had enough"),
        ("in 1990 1990", "in 1990 1990"),
        ("theme the", "theme the"),
    ],
)
def test_repeat(fix: Callable[..., list[str]], text: str, expected: str) -> None:
    assert fix([{"id": "s", "kind": "repeat"}], [text]) == [expected]


def test_repeat_allow_list_is_the_rules(fix: Callable[..., list[str]]) -> None:
    rule = {"id": "s", "kind": "repeat", "allow": ["the"]}
    assert fix([rule], ["the the end, that that"]) == ["the the end, that"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("So, um, we tried it.", "So, we tried it."),
        ("Um, we tried it.", "We tried it."),
        ("we tried it, uh.", "we tried it."),
        ("the umbrella", "the umbrella"),
    ],
)
def test_filler(fix: Callable[..., list[str]], text: str, expected: str) -> None:
    assert fix([{"id": "f", "kind": "filler"}], [text]) == [expected]


def test_spelling_uses_term_canonicals_as_vocabulary(fix: Callable[..., list[str]]) -> None:
    term = {"id": "t", "kind": "term", "canonical": "Welinder", "variants": ["Wellender"]}
    spelling = {"id": "sp", "kind": "spelling", "accept": ["modle"]}
    assert fix([term, spelling], ["the modle by Welinder was goood", "it was good"]) == [
        "the modle by Welinder was good",
        "it was good",
    ]
    # A word one edit from a term's canonical form is suggested that form.
    assert fix([term, {"id": "sp", "kind": "spelling"}], ["Welindr said the modle", "model"]) == [
        "Welinder said the model",
        "model",
    ]


def test_spelling_is_never_auto(rules_of: Callable[..., object]) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="only suggests"):
        rules_of({"id": "sp", "kind": "spelling", "auto": True})
