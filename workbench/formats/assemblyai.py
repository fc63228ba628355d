"""AssemblyAI's transcript object: ``{"id", "status", "text", "words", "utterances"?, ...}``.

Times are milliseconds. Segments are the ``utterances`` (speaker turns, each
with its own copy of its words) when the transcript was diarised, else the
top-level ``words`` as one unit split at sentence ends. Words keep their
punctuation (``"smoggy."``). A transcript still ``queued`` or ``processing``,
or one that failed, is refused. Written back: the words of the utterances (or
the top-level words) patched in place; each utterance's ``text``, the
top-level ``words`` (from the utterances) and ``text`` rebuilt.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, ClassVar

from workbench.formats.jsonbase import Path, Place
from workbench.formats.wordalign import Piece
from workbench.formats.wordjson import JsonReader, Unit, dig, items
from workbench.model import Word


class AssemblyAi(JsonReader):
    """AssemblyAI (``GET /v2/transcript/{id}``)."""

    name: ClassVar[str] = "assemblyai"
    looks_for: ClassVar[tuple[str, ...]] = ("utterances", "words with audio_url")

    @classmethod
    def claims(cls, data: Any) -> bool:
        """An object with ``utterances``, or ``words`` beside ``audio_url``/``acoustic_model``."""
        if not isinstance(data, dict):
            return False
        return "utterances" in data or (
            "words" in data and ("audio_url" in data or "acoustic_model" in data)
        )

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """One unit per utterance, else one of all the words."""
        status = data.get("status", "completed")
        if status != "completed":
            why = f" ({data['error']})" if isinstance(data.get("error"), str) else ""
            raise place.fail(f"transcript status is {status}{why}; expected completed", "status")
        utterances = items(data, ("utterances",))
        if utterances:
            return [
                Unit(
                    self._pieces(data, (*path, "words"), place),
                    _speaker(turn.get("speaker")),
                    place.seconds(turn.get("start"), (*path, "start"), scale=0.001),
                    place.seconds(turn.get("end"), (*path, "end"), scale=0.001),
                )
                for path, turn in utterances
            ]
        pieces = self._pieces(data, ("words",), place)
        return [Unit(pieces)] if pieces else []

    @staticmethod
    def _pieces(data: Any, where: Path, place: Place) -> list[Piece]:
        pieces = []
        for path, item in items(data, where):
            text = item.get("text")
            if not isinstance(text, str):
                raise place.fail('expected a word with a "text"', path)
            word = place.word(
                text,
                place.seconds(item.get("start"), (*path, "start"), scale=0.001),
                place.seconds(item.get("end"), (*path, "end"), scale=0.001),
                place.confidence(item.get("confidence"), (*path, "confidence")),
                item.get("speaker"),
                path,
            )
            pieces.append(Piece(text, word))
        return pieces

    def put_word(self, item: dict[str, Any], word: Word) -> None:
        """Text, times (milliseconds) and confidence of a word object."""
        item["text"] = word.text
        if word.start is not None and word.end is not None:
            item["start"], item["end"] = word.start, word.end
        item["confidence"] = word.confidence

    def rebuild(self, data: Any) -> None:
        """Utterance texts, then the top-level words and text from them."""
        turns = [turn for turn in data.get("utterances") or [] if isinstance(turn, dict)]
        for turn in turns:
            turn["text"] = " ".join(word["text"] for word in turn.get("words", []))
        if turns:
            data["words"] = [copy.deepcopy(w) for turn in turns for w in turn.get("words", [])]
        words = dig(data, ("words",)) or []
        data["text"] = " ".join(word["text"] for word in words if isinstance(word, dict))


def _speaker(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
