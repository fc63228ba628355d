"""``workbench show --json`` on every real recogniser file of ``../shared/formats`` against
every fact of its ``expectations.json`` (definitions in that folder's README).

Where our model differs from the reference reader on purpose, the mapping is here:
- format names: the reference's ``whisper`` and ``whisperx`` are our ``whisper-json``;
- speakers are text in our model (Deepgram's ``0`` is ``"0"``);
- segments: we split a unit too long to review at sentence ends, so the natural
  unit count is checked with splitting turned off (``MAX_SEGMENT_*`` raised);
- SBV has no words: the reference's "words" are each cue's tokens (those with a
  letter or digit) with the cue's times, and so are ours here (``_cue_tokens``);
- Azure: phrases are read in time order, each channel a speaker where no speaker
  label is given, and phrases without text give no segment. The reference reads
  the phrases in file order (channel 0, then channel 1) and has no channel
  speakers: the words and text are compared in that order (a stable sort by
  channel), the speakers without the channel ones, and the segment count as at most
  the phrase count.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbench.cli.app import main
from workbench.formats import wordjson

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "formats"
FILES = SHARED / "files"
EXPECTATIONS: dict[str, dict[str, Any]] = (
    json.loads((SHARED / "expectations.json").read_text()) if SHARED.is_dir() else {}
)
FORMAT_NAMES = {"whisper": "whisper-json", "whisperx": "whisper-json"}
"""The reference's format names that ours spell differently."""
CHANNEL_SPEAKERS = {"channel 0", "channel 1"}

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/formats is not checked out")


def _show(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(["show", "--json", str(path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    document: dict[str, Any] = json.loads(out)
    return document


def _word_fact(word: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": word["text"],
        "start_s": word["start"],
        "end_s": word["end"],
        "confidence": word["confidence"],
    }


def _same_fact(found: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Equal, times to the millisecond (the reference rounds to 3 decimals)."""
    for key in ("start_s", "end_s"):
        if (found[key] is None) != (expected[key] is None):
            return False
        if found[key] is not None and abs(found[key] - expected[key]) > 0.0011:
            return False
    return (found["text"], found["confidence"]) == (expected["text"], expected["confidence"])


def _in_file_order(segments: list[dict[str, Any]], azure: bool) -> list[dict[str, Any]]:
    if not azure:
        return segments
    return sorted(segments, key=lambda seg: seg["speaker"])


def _cue_tokens(segments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A word-less format's tokens as the reference counts them, timed by their cue."""
    return [
        {"text": token, "start": seg["start"], "end": seg["end"], "confidence": None}
        for seg in segments
        for token in seg["text"].split()
        if any(char.isalnum() for char in token)
    ]


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_show_json_matches_expectations(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = EXPECTATIONS[name]
    document = _show(FILES / name, capsys)
    assert set(document) == {"file", "format", "speakers", "segments"}
    assert document["format"] == FORMAT_NAMES.get(facts["format"], facts["format"])
    azure = facts["format"] == "azure"
    segments = _in_file_order(document["segments"], azure)
    words = [word for seg in segments for word in seg["words"]]
    if facts["format"] == "sbv":
        assert not words
        words = _cue_tokens(segments)
    assert len(words) == facts["words"]
    assert _same_fact(_word_fact(words[0]), facts["first_word"]), words[0]
    assert _same_fact(_word_fact(words[-1]), facts["last_word"]), words[-1]
    speakers = set(document["speakers"]) - (CHANNEL_SPEAKERS if azure else set())
    assert sorted(speakers) == sorted(str(s) for s in facts["speakers"])
    text = " ".join(" ".join(seg["text"] for seg in segments).split())
    assert text[:120] == facts["transcript_head"]
    for seg in document["segments"]:
        assert set(seg) == {"index", "start", "end", "speaker", "text", "words"}
        for word in seg["words"]:
            assert set(word) == {"text", "start", "end", "confidence", "speaker"}

    # The format's own units, with splitting of long units turned off.
    monkeypatch.setattr(wordjson, "MAX_SEGMENT_WORDS", 10**9)
    monkeypatch.setattr(wordjson, "MAX_SEGMENT_MS", 10**12)
    units = _show(FILES / name, capsys)["segments"]
    if facts["segments"] is None:
        return
    if azure:
        assert len(units) <= facts["segments"]
    else:
        assert len(units) == facts["segments"]


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_long_units_are_split_for_review(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    facts = EXPECTATIONS[name]
    if FORMAT_NAMES.get(facts["format"], facts["format"]) == "whisper-json":
        pytest.skip("Whisper's segments are short already and kept as they are")
    for seg in _show(FILES / name, capsys)["segments"]:
        words = seg["words"]
        if len(words) <= wordjson.MAX_SEGMENT_WORDS:
            continue
        # Longer only where no sentence ended in time to cut ("T." is an initial, not an end).
        assert not any(
            word["text"].endswith((".", "?", "!")) and len(word["text"]) > 2
            for word in words[: wordjson.MAX_SEGMENT_WORDS]
        ), (name, seg["index"])
