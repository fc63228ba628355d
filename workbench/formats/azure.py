"""Azure Speech batch transcription: ``{"source", "combinedRecognizedPhrases", "recognizedPhrases": [...]}``.

Each recognised phrase is a segment, read in time order (``offsetInTicks``), so
the two channels of a call interleave; its best entry (``nBest[0]``) gives the
text (``display``) and the words (the ``lexical`` form, times in ticks of 100 ns,
``confidence``). A phrase's ``speaker`` (diarisation) is its speaker; without
one, its channel is (``"channel 0"``, ``"channel 1"``). Phrases with no best
entry (31 in a real call) add nothing. Written back: words patched in place, a
changed phrase's ``display``, ``itn`` and ``maskedITN`` become its new text and
its ``lexical`` the words; ``combinedRecognizedPhrases`` are rebuilt per channel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from workbench.formats.jsonbase import Place, speaker_name
from workbench.formats.wordalign import Piece, clean
from workbench.formats.wordjson import JsonReader, Unit, items
from workbench.model import Word

_TICK = 1e-7
"""Seconds per tick."""


def _ticks(ms: int) -> int:
    return ms * 10_000


class Azure(JsonReader):
    """Azure Speech batch transcription (v3 result file)."""

    name: ClassVar[str] = "azure"
    looks_for: ClassVar[tuple[str, ...]] = ("recognizedPhrases",)

    @classmethod
    def claims(cls, data: Any) -> bool:
        """An object with a ``recognizedPhrases`` list."""
        return isinstance(data, dict) and isinstance(data.get("recognizedPhrases"), list)

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """One unit per phrase with a best entry, in time order."""
        found: list[tuple[int, int, Unit]] = []
        for path, phrase in items(data, ("recognizedPhrases",)):
            best = items(data, (*path, "nBest"))
            if not best:
                continue
            best_path, entry = best[0]
            speaker = speaker_name(phrase.get("speaker")) or (
                f"channel {phrase['channel']}" if isinstance(phrase.get("channel"), int) else None
            )
            start = place.seconds(
                phrase.get("offsetInTicks"), (*path, "offsetInTicks"), scale=_TICK
            )
            pieces = []
            for wpath, item in items(data, (*best_path, "words")):
                text = item.get("word")
                if not isinstance(text, str):
                    raise place.fail('expected a word with a "word"', wpath)
                begin = place.seconds(
                    item.get("offsetInTicks"), (*wpath, "offsetInTicks"), scale=_TICK
                )
                length = place.seconds(
                    item.get("durationInTicks"), (*wpath, "durationInTicks"), scale=_TICK
                )
                end = None if begin is None or length is None else begin + length
                word = place.word(
                    text,
                    begin,
                    end,
                    place.confidence(item.get("confidence"), (*wpath, "confidence")),
                    speaker,
                    wpath,
                )
                pieces.append(Piece(text, word))
            display = entry.get("display")
            if isinstance(display, str) and pieces:
                # The display text is what a reader reads; the words stay the lexical ones.
                pieces = [Piece(display, None), *(p._replace(text="", glued=True) for p in pieces)]
            elif isinstance(display, str):
                pieces = [Piece(display, None)]
            found.append(
                (start or 0, len(found), Unit(pieces, speaker, start, ref=best_path, whole=True))
            )
        return [unit for _, _, unit in sorted(found)]

    def put_word(self, item: dict[str, Any], word: Word) -> None:
        """Lexical word, times in ticks and confidence."""
        item["word"] = clean(word.text).lower()
        if word.start is not None and word.end is not None:
            item["offsetInTicks"] = float(_ticks(word.start))
            item["durationInTicks"] = float(_ticks(word.end - word.start))
        item["confidence"] = word.confidence

    def put_text(self, item: dict[str, Any], text: str) -> None:
        """The phrase's display forms are its new text."""
        for key in ("display", "itn", "maskedITN"):
            if key in item:
                item[key] = text

    def rebuild(self, data: Any) -> None:
        """Each phrase's lexical form from its words; the combined phrases per channel."""
        by_channel: dict[Any, list[dict[str, Any]]] = {}
        for _, phrase in items(data, ("recognizedPhrases",)):
            best = phrase.get("nBest")
            if not isinstance(best, list) or not best or not isinstance(best[0], dict):
                continue
            entry = best[0]
            if entry.get("words"):
                entry["lexical"] = " ".join(w["word"] for w in entry["words"])
            by_channel.setdefault(phrase.get("channel"), []).append(entry)
        for _, combined in items(data, ("combinedRecognizedPhrases",)):
            entries = by_channel.get(combined.get("channel"), [])
            for key in ("lexical", "itn", "maskedITN", "display"):
                if key in combined:
                    combined[key] = " ".join(str(e.get(key, "")) for e in entries)
