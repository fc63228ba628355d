"""Amazon Transcribe's result JSON: ``{"jobName", "status", "results": {"transcripts", "items", ...}}``.

Words are the ``pronunciation`` items (``alternatives[0]``: ``content`` and a
confidence written as a string; times are strings of seconds); ``punctuation``
items attach to the word before them. Segments are the ``audio_segments``
(newer output, items by ``id``), else the ``speaker_labels.segments`` (older
output, items by time), else one unit split at sentence ends. Words masked by a
vocabulary filter (``***``) are words like any other. A job that is not
``COMPLETED`` is refused. Written back: items patched in place (times and
confidence as strings; punctuation items follow the punctuation of the new
text), item ids renumbered in file order, and every
``transcript`` string and ``audio_segments[].items`` list rebuilt from the items.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from workbench.formats.jsonbase import Path, Place
from workbench.formats.wordalign import Piece
from workbench.formats.wordjson import JsonReader, Unit, dig, items
from workbench.model import Word


def _seconds_text(ms: int | None) -> str:
    return "0.0" if ms is None else f"{ms / 1000:.3f}"


class Aws(JsonReader):
    """Amazon Transcribe (both the ``speaker_labels`` and the ``audio_segments`` layouts)."""

    name: ClassVar[str] = "aws"
    looks_for: ClassVar[tuple[str, ...]] = ("results.items", "results.transcripts")

    @classmethod
    def claims(cls, data: Any) -> bool:
        """An object whose ``results`` holds ``items`` or ``transcripts``, or a Transcribe job."""
        results = dig(data, ("results",))
        if isinstance(results, dict):
            return "items" in results or "transcripts" in results
        return isinstance(data, dict) and "jobName" in data and "status" in data

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """Audio segments, else speaker-label segments, else one unit."""
        status = data.get("status", "COMPLETED")
        if status != "COMPLETED" or not isinstance(data.get("results"), dict):
            raise place.fail(
                f"transcription job status is {status}; expected a COMPLETED result", "status"
            )
        pieces, by_id = self._pieces(data, place)
        audio = items(data, ("results", "audio_segments"))
        if audio:
            return list(self._by_ids(audio, pieces, by_id, place))
        turns = items(data, ("results", "speaker_labels", "segments"))
        if turns:
            return list(self._by_time(turns, pieces, place))
        return [Unit(pieces)] if pieces else []

    def _pieces(self, data: Any, place: Place) -> tuple[list[Piece], dict[Any, int]]:
        """Every item as a piece, and each item id's position among them."""
        pieces: list[Piece] = []
        by_id: dict[Any, int] = {}
        for path, item in items(data, ("results", "items")):
            alternatives = item.get("alternatives")
            best = alternatives[0] if isinstance(alternatives, list) and alternatives else None
            if not isinstance(best, dict) or not isinstance(best.get("content"), str):
                raise place.fail('expected "alternatives" with a "content"', path)
            if "id" in item:
                by_id[item["id"]] = len(pieces)
            text = best["content"]
            if item.get("type") == "punctuation":
                pieces.append(Piece(text, None, glued=True, ref=path))
                continue
            word = place.word(
                text,
                place.seconds(item.get("start_time"), (*path, "start_time")),
                place.seconds(item.get("end_time"), (*path, "end_time")),
                place.confidence(best.get("confidence"), (*path, "alternatives", 0, "confidence")),
                item.get("speaker_label"),
                path,
            )
            pieces.append(Piece(text, word))
        return pieces, by_id

    @staticmethod
    def _by_ids(
        audio: list[tuple[Path, dict[str, Any]]],
        pieces: list[Piece],
        by_id: dict[Any, int],
        place: Place,
    ) -> Iterator[Unit]:
        for path, segment in audio:
            ids = segment.get("items", [])
            if not isinstance(ids, list):
                raise place.fail("expected a list of item ids", (*path, "items"))
            positions = []
            for item_id in ids:
                if isinstance(item_id, bool) or item_id not in by_id:
                    raise place.fail(
                        f"item id {item_id!r} is not among results.items; "
                        "expected ids of existing items",
                        (*path, "items"),
                    )
                positions.append(by_id[item_id])
            yield Unit(
                [pieces[i] for i in positions],
                _label(segment.get("speaker_label")),
                place.seconds(segment.get("start_time"), (*path, "start_time")),
                place.seconds(segment.get("end_time"), (*path, "end_time")),
            )

    @staticmethod
    def _by_time(
        turns: list[tuple[Path, dict[str, Any]]], pieces: list[Piece], place: Place
    ) -> Iterator[Unit]:
        """Pieces grouped by the speaker turn their word starts in (punctuation follows its word)."""
        starts = [
            place.seconds(turn.get("start_time"), (*path, "start_time")) or 0
            for path, turn in turns
        ]
        groups: list[list[Piece]] = [[] for _ in turns]
        current = 0
        for piece in pieces:
            if piece.word is not None and piece.word.start is not None:
                current = max(0, bisect.bisect_right(starts, piece.word.start) - 1)
            groups[current].append(piece)
        for (path, turn), group in zip(turns, groups, strict=True):
            speaker = _label(turn.get("speaker_label"))
            yield Unit(
                [p._replace(word=p.word._replace(speaker=speaker)) if p.word else p for p in group],
                speaker,
            )

    def put_word(self, item: dict[str, Any], word: Word) -> None:
        """Content, confidence (a string, as Transcribe writes it) and times of an item."""
        best = item["alternatives"][0]
        best["content"] = word.text
        if word.confidence is not None:
            best["confidence"] = str(round(word.confidence, 4))
        item["start_time"] = _seconds_text(word.start)
        item["end_time"] = _seconds_text(word.end)

    def put_mark(self, item: Any, text: str) -> None:
        """A punctuation item's content."""
        item["alternatives"][0]["content"] = text

    def rebuild(self, data: Any) -> None:
        """Item ids in file order, the full transcript, and each audio segment's items and text."""
        results = data["results"]
        all_items = [item for item in results.get("items", []) if isinstance(item, dict)]
        if any("id" in item for item in all_items):
            for number, item in enumerate(all_items):
                item["id"] = number
        transcripts = results.get("transcripts")
        if isinstance(transcripts, list) and transcripts and isinstance(transcripts[0], dict):
            transcripts[0]["transcript"] = _text(all_items)
        segments = [seg for seg in results.get("audio_segments", []) if isinstance(seg, dict)]
        if not segments:
            return
        starts = [float(seg.get("start_time", 0)) for seg in segments]
        groups: list[list[dict[str, Any]]] = [[] for _ in segments]
        current = 0
        for item in all_items:
            if item.get("type") != "punctuation" and "start_time" in item:
                current = max(0, bisect.bisect_right(starts, float(item["start_time"])) - 1)
            groups[current].append(item)
        for seg, group in zip(segments, groups, strict=True):
            seg["items"] = [item["id"] for item in group]
            seg["transcript"] = _text(group)


def _label(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _text(all_items: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for item in all_items:
        content = item["alternatives"][0]["content"]
        if parts and item.get("type") != "punctuation":
            parts.append(" ")
        parts.append(content)
    return "".join(parts)
