"""Paths shared by the format tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "data" / "formats"

EXPECTED_FORMATS = {
    "dwarkesh-schulman.txt": "whisper",
    "gradient-dissent-welinder.txt": "whisper",
    "lex-fridman-altman-367.txt": "captions",
    "schulman-chatgpt-origins.txt": "whisper",
    "welinder-gpt4-launch.txt": "whisper",
    "dialogue.ass": "ass",
    "episode.whisper.json": "whisper-json",
    "export.json": "json",
    "interview.srt": "srt",
    "notes.txt": "txt",
    "short-clip.txt": "whisper",
    "talk.vtt": "vtt",
    "youtube-auto-captions.vtt": "vtt",
    "youtube.sbv": "sbv",
    "movie.sub": "microdvd",
    "lecture-mpl2.txt": "mpl2",
    "talk-tmp.txt": "tmp",
    "clip.smi": "sami",
    "clip.ttml": "ttml",
}
"""Every golden file and the format it must be sniffed as."""


def golden_files() -> list[Path]:
    """The five corpus transcripts and one fixture (or more) per format."""
    return sorted(CORPUS.glob("*.txt")) + sorted(FIXTURES.iterdir())
