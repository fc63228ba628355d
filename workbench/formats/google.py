"""Google Cloud Speech-to-Text: ``{"results": [{"alternatives": [{"transcript", "confidence", "words"}]}]}``.

Also inside an operation (``{"name", "done", "response": {"results"}}``). Each
result is a segment; its first alternative is read (others are kept in the
file, untouched). Word times are strings (``"12.900s"``) or ``{seconds, nanos}``
(``startTime``/``endTime``, or v2's ``startOffset``/``endOffset``); word
confidence is there only when it was asked for; ``speakerTag`` (or v2's
``speakerLabel``) is the speaker. A result without words is its transcript
text, without times. Written back: words patched in place, each alternative's
``transcript`` rebuilt from them (from the segment text where it has no words).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from workbench.formats.jsonbase import Path, Place
from workbench.formats.wordalign import Piece
from workbench.formats.wordjson import JsonReader, Unit, dig, items
from workbench.model import Word

_STARTS = ("startTime", "startOffset")
_ENDS = ("endTime", "endOffset")


def _root(data: Any) -> Path:
    return ("response",) if isinstance(dig(data, ("response", "results")), list) else ()


def _key(item: dict[str, Any], names: tuple[str, str]) -> str:
    return next((name for name in names if name in item), names[0])


class Google(JsonReader):
    """Google Cloud Speech-to-Text (v1 and v2 recognition responses)."""

    name: ClassVar[str] = "google"
    looks_for: ClassVar[tuple[str, ...]] = ("results[].alternatives",)

    @classmethod
    def claims(cls, data: Any) -> bool:
        """``results`` of objects with ``alternatives`` (and none of Watson's or Speechmatics' keys)."""
        results = dig(data, (*_root(data), "results"))
        if not isinstance(results, list) or not results or "result_index" in data:
            return False
        first = results[0]
        return (
            isinstance(first, dict)
            and isinstance(first.get("alternatives"), list)
            and not {"type", "final"} & first.keys()
            and not isinstance(dig(first, ("alternatives", 0, "timestamps")), list)
        )

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """One unit per result."""
        units = []
        for path, result in items(data, (*_root(data), "results")):
            best_path = (*path, "alternatives", 0)
            best = dig(data, best_path)
            if not isinstance(best, dict):
                continue
            pieces = []
            for wpath, item in items(data, (*best_path, "words")):
                text = item.get("word")
                if not isinstance(text, str):
                    raise place.fail('expected a word with a "word"', wpath)
                start, end = _key(item, _STARTS), _key(item, _ENDS)
                word = place.word(
                    text,
                    place.seconds(item.get(start, "0s"), (*wpath, start)),
                    place.seconds(item.get(end, "0s"), (*wpath, end)),
                    place.confidence(item.get("confidence"), (*wpath, "confidence")),
                    item.get("speakerTag", item.get("speakerLabel")),
                    wpath,
                )
                pieces.append(Piece(text, word))
            if not pieces and isinstance(best.get("transcript"), str):
                pieces = [Piece(best["transcript"].strip(), None)]
            speakers = {p.word.speaker for p in pieces if p.word is not None}
            speaker = speakers.pop() if len(speakers) == 1 else None
            units.append(Unit(pieces, speaker, ref=best_path))
        return units

    def put_word(self, item: dict[str, Any], word: Word) -> None:
        """``word``, times (as ``"1.500s"``) and confidence (where the file has it)."""
        item["word"] = word.text
        for names, ms in ((_STARTS, word.start), (_ENDS, word.end)):
            if ms is not None:
                item[_key(item, names)] = f"{ms / 1000:.3f}s"
        if "confidence" in item:
            item["confidence"] = word.confidence

    def put_text(self, item: dict[str, Any], text: str) -> None:
        """A result without words: its transcript is the segment's text."""
        if not item.get("words"):
            item["transcript"] = text

    def rebuild(self, data: Any) -> None:
        """Each alternative's transcript from its words (a leading space after the first, as Google writes)."""
        for number, (_, result) in enumerate(items(data, (*_root(data), "results"))):
            best = dig(result, ("alternatives", 0))
            if isinstance(best, dict) and best.get("words"):
                text = " ".join(w["word"] for w in best["words"] if isinstance(w, dict))
                best["transcript"] = (" " if number else "") + text
