"""Speechmatics json-v2: ``{"format": "2.9", "job", "metadata", "results": [...]}``.

``results`` is a flat list of ``word`` and ``punctuation`` items (and, with
entities on, ``entity`` items whose ``spoken_form`` holds the words they stand
for, which are read as the words). ``alternatives[0]`` holds ``content``,
``confidence`` and ``speaker`` (``"UU"`` when diarisation was off).
Punctuation with ``attaches_to: "previous"`` joins the word before it. The file
has no segments: the words form one unit split at sentence ends (a new unit
starts where the speaker changes). Written back: word items patched in place,
an entity's ``written_form`` and content follow its spoken words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from workbench.formats.jsonbase import Path, Place
from workbench.formats.wordalign import Piece
from workbench.formats.wordjson import JsonReader, Unit, items
from workbench.model import Word


class Speechmatics(JsonReader):
    """Speechmatics (batch json-v2)."""

    name: ClassVar[str] = "speechmatics"
    looks_for: ClassVar[tuple[str, ...]] = ("results[].type with format",)

    @classmethod
    def claims(cls, data: Any) -> bool:
        """An object with a ``format`` and ``results`` whose items have a ``type``."""
        if not isinstance(data, dict) or "format" not in data:
            return False
        results = data.get("results")
        return isinstance(results, list) and all(
            isinstance(r, dict) and "type" in r for r in results[:5]
        )

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """Runs of one speaker's words."""
        units: list[Unit] = []
        for piece in self._pieces(data, place):
            speaker = piece.word.speaker if piece.word is not None else None
            if not units or (piece.word is not None and speaker != units[-1].speaker):
                units.append(Unit([], speaker))
            units[-1].pieces.append(piece)
        return units

    def _pieces(self, data: Any, place: Place) -> Iterator[Piece]:
        for path, result in items(data, ("results",)):
            kind = result.get("type")
            if kind == "entity":
                for spoken_path, spoken in items(data, (*path, "spoken_form")):
                    yield self._word(spoken, spoken_path, place)
            elif kind == "punctuation":
                content = _content(result, path, place)
                glued = result.get("attaches_to", "previous") == "previous"
                yield Piece(content, None, glued=glued, ref=path)
            else:
                yield self._word(result, path, place)

    @staticmethod
    def _word(result: dict[str, Any], path: Path, place: Place) -> Piece:
        text = _content(result, path, place)
        best = result["alternatives"][0]
        word = place.word(
            text,
            place.seconds(result.get("start_time"), (*path, "start_time")),
            place.seconds(result.get("end_time"), (*path, "end_time")),
            place.confidence(best.get("confidence"), (*path, "alternatives", 0, "confidence")),
            best.get("speaker"),
            path,
        )
        return Piece(text, word)

    def put_word(self, item: dict[str, Any], word: Word) -> None:
        """Content, times and confidence of a word item."""
        item["alternatives"][0]["content"] = word.text
        item["alternatives"][0]["confidence"] = word.confidence
        if word.start is not None and word.end is not None:
            item["start_time"], item["end_time"] = word.start / 1000, word.end / 1000

    def item_of(self, ref: Path) -> Path:
        """A word of an entity's spoken form is held by the entity's result."""
        return ref[:2]

    def put_mark(self, item: Any, text: str) -> None:
        """A punctuation item's content."""
        item["alternatives"][0]["content"] = text

    def rebuild(self, data: Any) -> None:
        """An entity whose spoken words changed is written as those words."""
        for _, result in items(data, ("results",)):
            if result.get("type") != "entity":
                continue
            spoken = [w for w in result.get("spoken_form", []) if isinstance(w, dict)]
            said = " ".join(w["alternatives"][0]["content"] for w in spoken)
            if said != result["alternatives"][0]["content"] and said:
                result["written_form"] = [dict(w) for w in spoken]
                result["alternatives"][0]["content"] = said


def _content(result: dict[str, Any], path: Path, place: Place) -> str:
    alternatives = result.get("alternatives")
    best = alternatives[0] if isinstance(alternatives, list) and alternatives else None
    if not isinstance(best, dict) or not isinstance(best.get("content"), str):
        raise place.fail('expected "alternatives" with a "content"', path)
    return str(best["content"])
