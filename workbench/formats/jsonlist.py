"""A plain JSON list of segments: ``[{"start", "end", "text"}, ...]``.

The text is under ``text``, ``content`` or ``transcript``; times are seconds (a
number or a numeric string) or ``"hh:mm:ss.mmm"``; a ``speaker`` is kept. The
list has no words. Written back: each changed segment's text in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from workbench.formats.jsonbase import Place, speaker_name
from workbench.formats.wordalign import Piece
from workbench.formats.wordjson import JsonReader, Unit
from workbench.model import Word

_TEXT_KEYS = ("text", "content", "transcript")


def _text_key(item: dict[str, Any]) -> str | None:
    return next((key for key in _TEXT_KEYS if isinstance(item.get(key), str)), None)


class JsonList(JsonReader):
    """A JSON list of ``{start, end, text}`` objects."""

    name: ClassVar[str] = "json-list"
    looks_for: ClassVar[tuple[str, ...]] = ("[{start, end, text|content|transcript}]",)

    @classmethod
    def claims(cls, data: Any) -> bool:
        """A non-empty list of objects that each have a start, an end and a text."""
        return (
            isinstance(data, list)
            and bool(data)
            and all(
                isinstance(item, dict)
                and "start" in item
                and "end" in item
                and _text_key(item) is not None
                for item in data
            )
        )

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """One unit per object, never split."""
        units = []
        for index, item in enumerate(data):
            key = _text_key(item)
            assert key is not None
            start = place.seconds(item["start"], (index, "start"))
            end = place.seconds(item["end"], (index, "end"))
            if start is not None and end is not None and end < start:
                raise place.fail(f"ends ({end} ms) before it starts ({start} ms)", (index,))
            text = item[key].strip()
            pieces = [Piece(text, None)] if text else []
            units.append(
                Unit(pieces, speaker_name(item.get("speaker")), start, end, (index,), True)
            )
        return units

    def put_speaker(self, item: dict[str, Any], speaker: str | None) -> bool:
        """The object's ``speaker`` (removed when there is none)."""
        item.pop("speaker", None)
        if speaker is not None:
            item["speaker"] = speaker
        return True

    def put_word(self, item: dict[str, Any], word: Word) -> None:
        """The list has no words."""

    def put_text(self, item: dict[str, Any], text: str) -> None:
        """The segment's text under the key it was read from."""
        key = _text_key(item)
        if key is not None:
            item[key] = text

    def rebuild(self, data: Any) -> None:
        """The list repeats no text: nothing to rebuild."""
