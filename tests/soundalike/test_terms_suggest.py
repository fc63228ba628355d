"""``workbench terms suggest``: candidate glossary entries clustered by sound."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.soundalike.conftest import ROOT
from workbench.cli.app import _register_commands, app
from workbench.soundalike import Sighting, candidate_phrases, cluster_phrases, english, tokenize


def test_candidates_are_unknown_words_names_and_split_names() -> None:
    tokens = tokenize([(0, "makes it possible for Chad gbt to answer, said Lux Freedom")])
    phrases = [phrase for _, phrase in candidate_phrases(tokens, english())]
    assert "Chad gbt" in phrases and "Lux Freedom" in phrases
    assert "answer" not in " ".join(phrases)


def test_clusters_group_spellings_that_sound_alike_most_frequent_first() -> None:
    sightings = [Sighting("ChatGBT", "a.txt:1")] * 3 + [
        Sighting("chat GBT", "b.txt:4"),
        Sighting("Chad gbt", "c.txt:9"),
        Sighting("Sutskever", "c.txt:2"),
    ]
    first, second = cluster_phrases(sightings)
    assert first.spellings == (("ChatGBT", 3), ("Chad gbt", 1), ("chat GBT", 1))
    assert first.count == 5 and first.examples[0] == "a.txt:1"
    assert second.spellings == (("Sutskever", 1),)


@pytest.fixture
def runner() -> CliRunner:
    _register_commands()
    return CliRunner()


def test_terms_suggest_on_the_corpus_groups_the_chatgpt_spellings(runner: CliRunner) -> None:
    result = runner.invoke(app, ["terms", "suggest", str(ROOT / "corpus"), "--top", "60"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "ChatGBT ×" in line)
    assert "chat GBT ×" in line and "chat GPT ×" in line
    assert "e.g." in result.output and "dwarkesh-schulman.txt:" in result.output
    counts = [
        int(line.split()[0]) for line in result.output.splitlines() if line[:5].strip().isdigit()
    ]
    assert counts == sorted(counts, reverse=True)
