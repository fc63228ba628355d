"""ASR word confidence as evidence: an unsure word that sounds like a term is flagged so, and higher."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.soundalike.conftest import rule, scan
from workbench.formats import load
from workbench.model import Segment, Suggestion, Word
from workbench.soundalike import tokenize_segments
from workbench.soundalike.scorer import doubt


def whisper(tmp_path: Path, words: list[tuple[str, float]], *, probabilities: bool = True) -> Path:
    """A Whisper JSON file of one segment made of ``words`` (with their probabilities)."""
    entries = []
    for k, (word, p) in enumerate(words):
        entry: dict[str, object] = {"word": f" {word}", "start": k * 0.5, "end": k * 0.5 + 0.4}
        if probabilities:
            entry["probability"] = p
        entries.append(entry)
    text = "".join(f" {word}" for word, _ in words)
    data = {"text": text, "segments": [{"id": 0, "start": 0.0, "end": 9.0, "text": text}]}
    data["segments"][0]["words"] = entries  # type: ignore[index]
    path = tmp_path / "talk.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def flags(path: Path, *terms: str) -> list[Suggestion]:
    """What a glossary of ``terms`` flags in the transcript at ``path``."""
    glossary = rule(file=None, terms=[{"canonical": term} for term in terms])
    return scan(load(path), glossary)


SENTENCE = [("we", 0.99), ("ship", 0.98), ("logs", 0.97), ("to", 0.99), ("Elastik", 0.31)]


def test_an_unsure_word_that_sounds_like_a_term_says_so_and_ranks_higher(tmp_path: Path) -> None:
    (unsure,) = flags(whisper(tmp_path, SENTENCE), "Elastic")
    (plain,) = flags(whisper(tmp_path, SENTENCE, probabilities=False), "Elastic")
    assert unsure.after == plain.after == ("we ship logs to Elastic",)
    assert "ASR unsure: 'Elastik' p=0.31" in unsure.reason
    assert "ASR unsure" not in plain.reason
    assert unsure.confidence is not None and plain.confidence is not None
    assert unsure.confidence > plain.confidence


def test_a_sure_word_changes_nothing(tmp_path: Path) -> None:
    sure = [*SENTENCE[:-1], ("Elastik", 0.97)]
    (flag,) = flags(whisper(tmp_path, sure), "Elastic")
    (plain,) = flags(whisper(tmp_path, SENTENCE, probabilities=False), "Elastic")
    assert flag.confidence == plain.confidence and "ASR unsure" not in flag.reason


def test_an_everyday_word_the_recogniser_doubts_may_stand_for_a_term(tmp_path: Path) -> None:
    # "cargo" alone is ordinary speech; said with p=0.22 where "Kargo" was meant, it is flagged.
    words = [("we", 0.99), ("deploy", 0.98), ("with", 0.99), ("cargo", 0.22), ("now", 0.97)]
    assert flags(whisper(tmp_path, words, probabilities=False), "Kargo") == []
    (flag,) = flags(whisper(tmp_path, words), "Kargo")
    assert flag.after == ("we deploy with Kargo now",)
    assert "ASR unsure: 'cargo' p=0.22" in flag.reason


def test_each_token_takes_the_confidence_of_the_words_it_overlaps() -> None:
    words = (Word(" GPT", 0, 1, 0.9), Word("-4", 1, 2, 0.4), Word(" today", 2, 3, None))
    segment = Segment.read("", index=0, start=0, end=3, text="GPT-4 today", words=words)
    tokens = tokenize_segments([segment])
    assert [(t.text, t.confidence) for t in tokens] == [("GPT-4", 0.4), ("today", None)]


@pytest.mark.parametrize(("confidence", "lift"), [(None, 0.0), (0.9, 0.0), (0.5, 0.0)])
def test_no_doubt_without_an_unsure_word(confidence: float | None, lift: float) -> None:
    assert doubt(confidence) == lift


def test_the_less_sure_the_more_doubt() -> None:
    assert 0.0 < doubt(0.45) < doubt(0.31) < doubt(0.05) < doubt(0.01) == doubt(0.001)
