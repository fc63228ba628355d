"""Tables for the structural kinds: duplicate (rolling captions), fragment, boilerplate."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.engine import Engine, flag_json
from workbench.formats import load
from workbench.model import Transcript
from workbench.ruleset import RuleSet, load_rule_set

ROOT = Path(__file__).resolve().parents[2]
VTT = ROOT / "tests" / "data" / "vtt"
SAMPLE = VTT / "youtube-auto-captions.vtt"  # a copy of the shared YouTube auto-caption sample
DUPLICATE = {"id": "d", "kind": "duplicate"}


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # exact repeat → deleted
        (["we did that in 2019", "we did that in 2019"], ["we did that in 2019"]),
        # contained in the previous segment → deleted
        (["I think it was the best model", "the best model"], ["I think it was the best model"]),
        # the previous segment's tail repeated at the start → trimmed
        (
            ["we trained it on the whole", "on the whole internet"],
            ["we trained it on the whole", "internet"],
        ),
        # fewer than min_words repeated: real speech survives
        (["yeah, yeah", "yeah, yeah"], ["yeah, yeah", "yeah, yeah"]),
        (["that was it", "it was fine"], ["that was it", "it was fine"]),
    ],
)
def test_duplicate_shapes(
    fix: Callable[..., list[str]], texts: list[str], expected: list[str]
) -> None:
    assert fix([DUPLICATE], texts) == expected


def _auto_fixed(path: Path, rules: RuleSet, accept: Callable[..., Transcript]) -> list[str]:
    transcript = load(path)
    found = [s for s in Engine(rules).scan(transcript).suggestions if s.auto]
    return [seg.text for seg in accept(transcript, found).segments]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rolling-exact.vtt", ["so we started the company in 2015", "and nobody believed us"]),
        (
            "rolling-contained.vtt",
            [
                "we have been a misunderstood and badly\nmocked org for a long time",
                "like when we started",
            ],
        ),
        (
            "rolling-tail.vtt",
            ["we have been a misunderstood and badly", "mocked org for a long time", "yeah, yeah"],
        ),
        # Not YouTube (no "Kind: captions"): the auto rolling-captions rule stays off.
        (
            "plain-repeats.vtt",
            ["Yes.", "Yes.", "we shipped it on a Tuesday", "we shipped it on a Tuesday"],
        ),
    ],
)
def test_shipped_rolling_captions_rule_on_vtt(
    name: str, expected: list[str], accept: Callable[..., Transcript]
) -> None:
    assert _auto_fixed(VTT / name, load_rule_set(), accept) == expected


def test_youtube_sample_loses_every_rolling_repeat(accept: Callable[..., Transcript]) -> None:
    texts = _auto_fixed(SAMPLE, load_rule_set(), accept)
    words = " ".join(texts).split()
    assert texts[:3] == [
        "we have been a misunderstood and badly",
        "mocked orc for a long time like when we",
        "started",
    ]
    # Each caption line is spoken once: no line follows itself any more.
    assert all(a != b for a, b in itertools.pairwise(texts))
    assert words.count("misunderstood") == 1


def test_rolling_captions_keep_times_of_trimmed_cue() -> None:
    transcript = load(VTT / "rolling-tail.vtt")
    found = Engine(load_rule_set()).scan(transcript).suggestions
    trim = next(s for s in found if s.rule_id == "rolling-captions" and s.span == (1, 1))
    assert trim.after == ("mocked org for a long time",)
    assert trim.line == 9 and trim.edits


FRAGMENT = {"id": "f", "kind": "fragment", "max_words": 3}


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["ever in Silicon", "Valley."], ["ever in Silicon Valley."]),
        (["ever in Silicon", "Valley, right?"], ["ever in Silicon Valley, right?"]),
        (["That was it.", "Thanks."], ["That was it.", "Thanks."]),  # the sentence was closed
        (
            ["and then we", "went home after that."],
            ["and then we", "went home after that."],
        ),  # too long
        (["and then we", "went home"], ["and then we", "went home"]),  # ends no sentence
    ],
)
def test_fragment(fix: Callable[..., list[str]], texts: list[str], expected: list[str]) -> None:
    assert fix([FRAGMENT], texts) == expected


def test_fragment_merge_joins_times(
    transcript_of: Callable[..., Transcript],
    rules_of: Callable[..., RuleSet],
    accept: Callable[..., Transcript],
) -> None:
    transcript = transcript_of(["Intro.", "ever in Silicon", "Valley."])
    found = Engine(rules_of(FRAGMENT)).scan(transcript).suggestions
    merged = accept(transcript, found).segments
    assert [(s.index, s.start, s.end, s.text) for s in merged] == [
        (0, 0, 1500, "Intro."),
        (1, 2000, 5500, "ever in Silicon Valley."),
    ]
    assert not merged[1].unchanged


def test_fragment_needs_times(fix: Callable[..., list[str]]) -> None:
    assert fix([FRAGMENT], ["ever in Silicon", "Valley."], timed=False) == [
        "ever in Silicon",
        "Valley.",
    ]


def test_boilerplate_removes_scrape_header_and_footer(
    rules_of: Callable[..., RuleSet], accept: Callable[..., Transcript]
) -> None:
    transcript = load(ROOT / Path("corpus/lex-fridman-altman-367.txt"))
    found = Engine(rules_of({"id": "b", "kind": "boilerplate"})).scan(transcript).suggestions
    assert [(s.target, s.line, s.last_line) for s in found] == [
        ("header", *transcript.header_lines),  # type: ignore[misc]
        ("footer", *transcript.footer_lines),  # type: ignore[misc]
    ]
    fixed = accept(transcript, found)
    assert (fixed.header, fixed.footer) == ("", "")
    assert fixed.segments == transcript.segments
    # the blocks' texts, alike: no line break at either end
    header, footer = found
    assert header.original.startswith("Sam Altman: OpenAI CEO") and header.original.endswith(
        "Language: en"
    )
    assert footer.original.startswith("Resume\nRead") and footer.original.endswith("Manage")
    # in JSON they point at no segment (a script acting on span must not delete speech)
    for suggestion in found:
        flag = flag_json(suggestion, "lex.txt")
        assert (flag["segment"], flag["span"]) == (None, None)
        assert (flag["line"], flag["last_line"]) == (suggestion.line, suggestion.last_line)
        assert not str(flag["original"]).endswith("\n")


def test_boilerplate_ignores_formats_without_metadata_blocks(
    rules_of: Callable[..., RuleSet],
) -> None:
    transcript = load(ROOT / Path("corpus/welinder-gpt4-launch.txt"))
    assert not list(
        Engine(rules_of({"id": "b", "kind": "boilerplate"})).scan(transcript).suggestions
    )


def test_duplicate_shapes_of_whole_talks_on_one_line(fix: Callable[..., list[str]]) -> None:
    # Two long lines whose first word recurs all over the previous one: compared
    # pairwise by slicing this takes hours; the linear comparisons take moments.
    words = [f"w{i % 997}" for i in range(150_000)]
    first = " ".join(words)
    tail = " ".join(words[-60_000:] + ["and", "then", "new", "words"])
    assert fix([DUPLICATE], [first, tail]) == [first, "and then new words"]
    inner = " ".join(words[40_000:100_000])
    assert fix([DUPLICATE], [first, inner]) == [first]
    unrelated = " ".join(["w5", "x", *words[500:70_000]])
    assert fix([DUPLICATE], [first, unrelated]) == [first, unrelated]
