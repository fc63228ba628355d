"""``show``: what the workbench read from a transcript file, to check it understood the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from workbench.model import Segment, Transcript, Word


def _seconds(ms: int | None) -> float | None:
    return None if ms is None else ms / 1000


def _word(word: Word) -> dict[str, Any]:
    return {
        "text": word.text,
        "start": _seconds(word.start),
        "end": _seconds(word.end),
        "confidence": word.confidence,
        "speaker": word.speaker,
    }


def _segment(segment: Segment) -> dict[str, Any]:
    return {
        "index": segment.index,
        "start": _seconds(segment.start),
        "end": _seconds(segment.end),
        "speaker": segment.speaker,
        "text": segment.text,
        "words": [_word(word) for word in segment.words],
    }


def speakers(transcript: Transcript) -> list[str]:
    """The distinct speakers of segments and words, sorted."""
    found = {seg.speaker for seg in transcript.segments if seg.speaker is not None}
    found |= {w.speaker for seg in transcript.segments for w in seg.words if w.speaker is not None}
    return sorted(found)


def _time(ms: int | None) -> str:
    if ms is None:
        return "--:--:--.---"
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def show(path: Path, as_json: bool) -> None:
    """Show how PATH was read: its format, speakers, and every segment's times, speaker and text."""
    from workbench import formats

    transcript = formats.load(path)
    if as_json:
        document = {
            "file": str(path),
            "format": transcript.format,
            "speakers": speakers(transcript),
            "segments": [_segment(seg) for seg in transcript.segments],
        }
        click.echo(json.dumps(document, ensure_ascii=False))
        return
    names = ", ".join(speakers(transcript)) or "none"
    count = len(transcript.segments)
    words = sum(len(seg.words) for seg in transcript.segments)
    click.echo(f"{path}: {transcript.format}, {count} segments, {words} words, speakers: {names}")
    for seg in transcript.segments:
        who = f" {seg.speaker}:" if seg.speaker else ""
        click.echo(f"[{_time(seg.start)} --> {_time(seg.end)}]{who} {seg.text}")
