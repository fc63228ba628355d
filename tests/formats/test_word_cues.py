"""Subtitles from a word-timed transcript are laid out from its words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbench import formats
from workbench.formats import wordcues

SHARED_FILES = Path(__file__).resolve().parents[2] / ".." / "shared" / "formats" / "files"


def _assemblyai(tmp_path: Path, words: list[dict[str, Any]]) -> Path:
    path = tmp_path / "talk.json"
    data = {"id": "t", "status": "completed", "audio_url": "a", "words": words}
    path.write_text(json.dumps(data))
    return path


def _word(text: str, start: float, end: float, speaker: str = "A") -> dict[str, Any]:
    return {
        "text": text,
        "start": int(start * 1000),
        "end": int(end * 1000),
        "confidence": 0.9,
        "speaker": speaker,
    }


def _cues(path: Path, target: str = "srt") -> list[tuple[int, int, str]]:
    written = formats.dumps(formats.load(path), target)
    back = formats.loads(written, doc_id="cues", format=target)
    assert back.segments
    return [(seg.start or 0, seg.end or 0, seg.text) for seg in back.segments]


@pytest.mark.parametrize("target", ["srt", "vtt"])
def test_cues_keep_to_lines_length_and_duration(tmp_path: Path, target: str) -> None:
    words = [
        _word(f"word{k}" + ("." if k % 13 == 12 else ""), k * 0.4, k * 0.4 + 0.35)
        for k in range(120)
    ]
    for start, end, text in _cues(_assemblyai(tmp_path, words), target):
        lines = text.split("\n")
        assert len(lines) <= wordcues.MAX_LINES
        assert all(len(line) <= wordcues.MAX_LINE for line in lines), lines
        assert end - start <= wordcues.MAX_CUE_MS
    joined = " ".join(text.replace("\n", " ") for _, _, text in _cues(_assemblyai(tmp_path, words)))
    assert joined.split() == [w["text"] for w in words]


def test_a_pause_and_a_speaker_change_start_a_cue(tmp_path: Path) -> None:
    words = [
        _word("Hello", 0.0, 0.4),
        _word("there.", 0.4, 0.8),
        _word("After", 3.0, 3.3),  # a pause of 2.2 s
        _word("a", 3.3, 3.4),
        _word("pause.", 3.4, 3.8),
        _word("Me", 3.9, 4.1, "B"),  # another speaker
        _word("too.", 4.1, 4.4, "B"),
    ]
    assert _cues(_assemblyai(tmp_path, words)) == [
        (0, 800, "Hello there."),
        (3000, 3800, "After a pause."),
        (3900, 4400, "Me too."),
    ]


def test_a_full_cue_ends_after_its_punctuation(tmp_path: Path) -> None:
    text = (
        "one two three four five six seven eight nine ten, eleven twelve thirteen fourteen fifteen"
    )
    words = [_word(token, k * 0.3, k * 0.3 + 0.25) for k, token in enumerate(text.split())]
    cues = _cues(_assemblyai(tmp_path, words))
    assert cues[0][2].replace("\n", " ").endswith("ten,")


@pytest.mark.skipif(not SHARED_FILES.is_dir(), reason="../shared/formats is not checked out")
def test_a_transcribe_file_becomes_subtitles_from_its_words() -> None:
    path = SHARED_FILES / "health-film_pregnancy-warning-signs_aws.json"
    transcript = formats.load(path)
    cues = _cues(path)
    assert len(cues) > len(transcript.segments)
    assert cues[0][0] == transcript.segments[0].words[0].start
    assert all(end - start <= wordcues.MAX_CUE_MS for start, end, _ in cues)
