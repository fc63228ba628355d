"""Rev.ai's transcript JSON: ``{"monologues": [{"speaker", "elements": [...]}]}``.

Each monologue is a speaker turn; its ``elements`` are ``text`` (a word, with
``ts``/``end_ts`` in seconds and ``confidence``; non-speech tags such as
``<laugh>`` too) and ``punct`` (punctuation and the spaces between words). The
text is the elements' values run together. Written back: text elements patched
in place, punctuation elements following the punctuation of the new text; an
added word gets a space element before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from workbench.formats.jsonbase import Place, speaker_name
from workbench.formats.wordalign import Piece
from workbench.formats.wordjson import JsonReader, Unit, items
from workbench.model import Word


class RevAi(JsonReader):
    """Rev.ai (async transcript JSON)."""

    name: ClassVar[str] = "revai"
    looks_for: ClassVar[tuple[str, ...]] = ("monologues",)
    spacer: ClassVar[dict[str, Any] | None] = {"type": "punct", "value": " "}

    @classmethod
    def claims(cls, data: Any) -> bool:
        """An object with a ``monologues`` list."""
        return isinstance(data, dict) and isinstance(data.get("monologues"), list)

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """One unit per monologue."""
        units = []
        for path, turn in items(data, ("monologues",)):
            speaker = speaker_name(turn.get("speaker"))
            pieces = []
            for epath, element in items(data, (*path, "elements")):
                value = element.get("value")
                if not isinstance(value, str):
                    raise place.fail('expected an element with a "value"', epath)
                if element.get("type") != "text":
                    mark = epath if value.strip() else None  # spaces are no punctuation
                    pieces.append(Piece(value, None, glued=True, ref=mark))
                    continue
                word = place.word(
                    value,
                    place.seconds(element.get("ts"), (*epath, "ts")),
                    place.seconds(element.get("end_ts"), (*epath, "end_ts")),
                    place.confidence(element.get("confidence"), (*epath, "confidence")),
                    turn.get("speaker"),
                    epath,
                )
                pieces.append(Piece(value, word, glued=True))
            units.append(Unit(pieces, speaker))
        return units

    def put_word(self, item: dict[str, Any], word: Word) -> None:
        """Value, times and confidence of a text element."""
        item["value"] = word.text
        if word.start is not None and word.end is not None:
            item["ts"], item["end_ts"] = word.start / 1000, word.end / 1000
        item["confidence"] = word.confidence

    def put_mark(self, item: Any, text: str) -> None:
        """A punctuation element's value."""
        item["value"] = text

    def rebuild(self, data: Any) -> None:
        """Rev.ai repeats no text: nothing to rebuild."""
