"""Which audio file belongs to a transcript: given, in a folder by stem, or beside it."""

from __future__ import annotations

from pathlib import Path

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".webm")
"""Audio file endings looked for, in this order of preference."""


def find_audio(
    source: Path, *, audio_file: Path | None = None, audio_dir: Path | None = None
) -> Path | None:
    """The audio of the transcript at ``source``: ``audio_file`` when given, else a file
    named by its stem in ``audio_dir`` when given, else one beside the source; or None."""
    if audio_file is not None:
        return audio_file
    folder = audio_dir if audio_dir is not None else source.parent
    for suffix in AUDIO_SUFFIXES:
        candidate = folder / (source.stem + suffix)
        if candidate.is_file():
            return candidate
    return None
