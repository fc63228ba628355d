"""``workbench terms suggest``: candidate glossary entries clustered by sound."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from tests.soundalike.conftest import ROOT
from workbench.cli.app import app
from workbench.soundalike import english, tokenize
from workbench.termsuggest import Sighting, candidate_phrases, cluster_key, cluster_phrases

CHATGPT_SPELLINGS = {"ChatGBT", "chatGBT", "chat GBT", "chat GPT", "Chad GPT", "Chad gbt", "jgbt"}
"""Every way the corpus writes ChatGPT (checked against the corpus below)."""


def phrases(text: str) -> list[str]:
    """The candidate phrases of one segment of text."""
    return [c.phrase for c in candidate_phrases(tokenize([(0, text)]), english(), [text])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("makes it possible for Chad gbt to answer, said Lux Freedom", ["Chad gbt", "Lux Freedom"]),
        ("Today I'm talking with Peter Wellender, longtime friend", ["Peter Wellender"]),
        ("machine learning engineer at Weights & Biases.", ["Weights & Biases"]),
        ("with Sam Altman, Greg Brockman and others", ["Sam Altman", "Greg Brockman"]),
        ("gpt4 jgbt Dolly codex and many other", ["gpt4", "jgbt"]),
        ("So OpenAI used RLHF on GPT-4", ["OpenAI", "RLHF", "GPT-4"]),
        ("at OpenAI I'm sure", ["OpenAI"]),
        # Capitalised dictionary words alone are not names worth a glossary entry.
        ("we spoke English and German in August with Peter", []),
        # Everyday words at the ends of a capitalised run are trimmed away.
        ("and it was like Yeah It Tricky", []),
        # Compounds of dictionary words, hyphenated or not, and contractions.
        ("um pre-training, fine-tuned end-to-end multimodal chatbot datasets", []),
        ("the chat bots don't architected it", []),
    ],
)
def test_candidates(text: str, expected: list[str]) -> None:
    assert phrases(text) == expected


def test_a_split_name_keeps_its_lone_half_in_case_the_split_does_not_hold() -> None:
    (found,) = candidate_phrases(tokenize([(0, "we used chat GBT")]), english())
    assert (found.phrase, found.alone) == ("chat GBT", "GBT")


def test_clusters_group_spellings_that_sound_alike_most_frequent_first() -> None:
    sightings = [Sighting("ChatGBT", "a.txt:1")] * 3 + [
        Sighting("chat GBT", "b.txt:4", alone="GBT"),
        Sighting("Chad gbt", "c.txt:9", alone="gbt"),
        Sighting("Sutskever", "c.txt:2"),
    ]
    first, second = cluster_phrases(sightings)
    assert first.spellings == (("ChatGBT", 3), ("Chad gbt", 1), ("chat GBT", 1))
    assert first.count == 5
    assert first.examples == ("a.txt:1", "c.txt:9", "b.txt:4")  # one per file first
    assert second.spellings == (("Sutskever", 1),)


def test_a_reduced_form_joins_the_fuller_name_not_the_shorter_one() -> None:
    """ "jgbt" shares GPT's scan key (KPT) but is ChatGBT said fast: it joins ChatGBT."""
    assert cluster_key("jgbt") == ("XKPT", None) and cluster_key("ChatGBT") == ("XTKPT", None)
    sightings = [Sighting("GPT", "a:1")] * 9 + [Sighting("ChatGBT", "a:2")] * 3
    sightings += [Sighting("jgbt", "a:3"), Sighting("GBT", "a:4")]
    gpt, chat = cluster_phrases(sightings)
    assert gpt.spellings == (("GPT", 9), ("GBT", 1))
    assert chat.spellings == (("ChatGBT", 3), ("jgbt", 1))


@pytest.mark.parametrize(
    ("phrase", "counted_as"),
    [
        ("chat GBT", "chat GBT"),  # "ChatGBT" was seen: the split holds
        ("tune GBT", "GBT"),  # no one-word "TuneGBT" anywhere
        ("uh GBT", "GBT"),  # "uh" adds no sound a one-word spelling has
    ],
)
def test_a_split_holds_only_when_a_one_word_spelling_sounds_like_it(
    phrase: str, counted_as: str
) -> None:
    sightings = [Sighting("ChatGBT", "a:1"), Sighting("GBT", "a:3")]
    sightings.append(Sighting(phrase, "a:2", alone="GBT"))
    spellings = {text for cluster in cluster_phrases(sightings) for text, _ in cluster.spellings}
    assert spellings == {"ChatGBT", "GBT", counted_as}


@pytest.mark.parametrize(
    ("first", "second", "together"),
    [
        ("GPT-4", "gpt4", True),
        ("GPT-4", "GPT-3", False),  # another version is another glossary entry
        ("GPT", "GPD", True),
        ("ML", "Amdahl", False),  # a short key joins only a key holding all its sounds
        ("RLHF", "rlh", True),
    ],
)
def test_what_clusters_together(first: str, second: str, together: bool) -> None:
    sightings = [Sighting(first, "a:1")] * 2 + [Sighting(second, "a:2")]
    assert (len(cluster_phrases(sightings)) == 1) is together


@pytest.fixture(scope="module")
def corpus_clusters() -> list[dict[str, Any]]:
    """``terms suggest corpus/ --json``, everything listed."""
    args = ["terms", "suggest", str(ROOT / "corpus"), "--json", "--top", "1000", "--min-count", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    clusters: list[dict[str, Any]] = json.loads(result.output)
    return clusters


def members(cluster: dict[str, Any]) -> set[str]:
    """The spellings of a ``--json`` cluster."""
    return {member["text"] for member in cluster["members"]}


def test_the_corpus_chatgpt_spellings_form_one_cluster(
    corpus_clusters: list[dict[str, Any]],
) -> None:
    corpus = "\n".join(path.read_text() for path in (ROOT / "corpus").iterdir())
    assert all(spelling in corpus for spelling in CHATGPT_SPELLINGS)
    holding = [c for c in corpus_clusters if members(c) & CHATGPT_SPELLINGS]
    assert len(holding) == 1
    assert CHATGPT_SPELLINGS <= members(holding[0])
    # Real words that sound close are no spelling of it.
    assert not members(holding[0]) & {"chatbot", "chat bot", "chatbots", "GPT", "architected"}


@pytest.mark.parametrize(
    "word",
    [
        "English",
        "German",
        "August",
        "Japanese",
        "Peter",
        "Twitter",
        "pre-training",
        "fine-tuned",
        "end-to-end",
        "chatbot",
        "datasets",
        "don't",
    ],
)
def test_everyday_words_are_not_listed(corpus_clusters: list[dict[str, Any]], word: str) -> None:
    assert not any(word in members(cluster) for cluster in corpus_clusters)


def test_no_candidate_starts_or_ends_with_a_filler(corpus_clusters: list[dict[str, Any]]) -> None:
    fillers = {"um", "uh", "yeah", "the", "i'm", "it"}
    for cluster in corpus_clusters:
        for text in members(cluster):
            words = text.lower().split()
            assert words[0] not in fillers and words[-1] not in fillers, text


def test_names_the_corpus_holds_are_listed(corpus_clusters: list[dict[str, Any]]) -> None:
    listed = set().union(*map(members, corpus_clusters))
    assert {"Peter Wellender", "Weights & Biases", "Jordan Peterson", "RLHF", "gpt4"} <= listed


def test_json_shape_and_order(corpus_clusters: list[dict[str, Any]]) -> None:
    assert corpus_clusters
    for cluster in corpus_clusters:
        assert set(cluster) == {"members", "count", "examples"}
        assert all(set(m) == {"text", "count"} for m in cluster["members"])
        assert cluster["count"] == sum(m["count"] for m in cluster["members"])
        assert 1 <= len(cluster["examples"]) <= 3
        for where in cluster["examples"]:
            path, line = where.rsplit(":", 1)
            assert path.endswith(".txt") and int(line) > 0
        counts = [m["count"] for m in cluster["members"]]
        assert counts == sorted(counts, reverse=True)
    totals = [cluster["count"] for cluster in corpus_clusters]
    assert totals == sorted(totals, reverse=True)
    assert totals[0] > totals[-1]


def test_text_output_lists_the_most_frequent_first_with_examples() -> None:
    result = CliRunner().invoke(app, ["terms", "suggest", str(ROOT / "corpus"), "--top", "5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 10  # five clusters, each with a line of examples
    counts = [int(line.split()[0]) for line in lines[::2]]
    assert counts == sorted(counts, reverse=True)
    assert all(line.lstrip().startswith("e.g. ") and ".txt:" in line for line in lines[1::2])
    assert "GPT-3 ×50" in lines[0]
