"""IBM Watson Speech to Text: ``{"results": [{"final", "alternatives": [{"transcript", "timestamps", "word_confidence"}]}], "speaker_labels"?}``.

Also the asynchronous job object (``{"id", "status", "results": [{"results": [...], "speaker_labels"}]}``),
whose first result holds the recognition results. Each result is a segment;
``timestamps`` are ``[word, start, end]`` (seconds) and ``word_confidence``
``[word, confidence]`` (a confidence counts only when its word matches).
``speaker_labels`` give each word's speaker by its start time (``from``). A job
not ``completed`` is refused. Written back: timestamps and confidences patched
in place, each alternative's ``transcript`` rebuilt from them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from workbench.formats.jsonbase import Path, Place
from workbench.formats.wordalign import CHANGED_CONFIDENCE, Piece
from workbench.formats.wordjson import JsonReader, Unit, dig, items
from workbench.model import Word


def _root(data: Any) -> Path:
    return ("results", 0) if isinstance(dig(data, ("results", 0, "results")), list) else ()


class Watson(JsonReader):
    """IBM Watson Speech to Text (``/v1/recognize`` response or async job)."""

    name: ClassVar[str] = "watson"
    looks_for: ClassVar[tuple[str, ...]] = ("results[].alternatives[].timestamps", "result_index")

    @classmethod
    def claims(cls, data: Any) -> bool:
        """Results with ``final`` or ``timestamps``, or a response with ``result_index``."""
        if not isinstance(data, dict):
            return False
        root = _root(data)
        inner = dig(data, root) if root else data
        results = dig(data, (*root, "results"))
        if not isinstance(results, list):
            return False
        if "result_index" in inner and not results:
            return True
        first = results[0] if results else None
        return isinstance(first, dict) and (
            "final" in first or isinstance(dig(first, ("alternatives", 0, "timestamps")), list)
        )

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """One unit per result."""
        status = data.get("status", "completed")
        if status != "completed":
            raise place.fail(f"recognition job status is {status}; expected completed", "status")
        root = _root(data)
        labels = sorted(
            (label["from"], label.get("speaker"))
            for _, label in items(data, (*root, "speaker_labels"))
            if isinstance(label.get("from"), int | float)
        )
        speakers = dict(labels)
        units = []
        for path, result in items(data, (*root, "results")):
            best_path = (*path, "alternatives", 0)
            best = dig(data, best_path)
            if not isinstance(best, dict):
                continue
            confidences = best.get("word_confidence") or []
            pieces = []
            for k, stamp in enumerate(best.get("timestamps") or []):
                where = (*best_path, "timestamps", k)
                if not (isinstance(stamp, list) and len(stamp) == 3 and isinstance(stamp[0], str)):
                    raise place.fail("expected [word, start, end]", where)
                pair = confidences[k] if k < len(confidences) else None
                confidence = (
                    place.confidence(pair[1], (*best_path, "word_confidence", k, 1))
                    if isinstance(pair, list) and len(pair) == 2 and pair[0] == stamp[0]
                    else None
                )
                word = place.word(
                    stamp[0],
                    place.seconds(stamp[1], (*where, 1)),
                    place.seconds(stamp[2], (*where, 2)),
                    confidence,
                    speakers.get(stamp[1]),
                    where,
                )
                pieces.append(Piece(stamp[0], word))
            who = {p.word.speaker for p in pieces if p.word is not None}
            units.append(Unit(pieces, who.pop() if len(who) == 1 else None))
        return units

    def put_word(self, item: Any, word: Word) -> None:
        """A ``[word, start, end]`` timestamp, in place."""
        item[0] = word.text
        if word.start is not None and word.end is not None:
            item[1], item[2] = word.start / 1000, word.end / 1000

    def rebuild(self, data: Any) -> None:
        """Transcripts and word confidences from the timestamps."""
        for _, result in items(data, (*_root(data), "results")):
            best = dig(result, ("alternatives", 0))
            if not isinstance(best, dict) or "timestamps" not in best:
                continue
            stamps = best["timestamps"]
            best["transcript"] = "".join(f"{stamp[0]} " for stamp in stamps)
            if "word_confidence" in best:
                best["word_confidence"] = _confidences(stamps, best["word_confidence"])


def _confidences(stamps: list[list[Any]], old: list[Any]) -> list[Any]:
    """Old ``[word, confidence]`` pairs kept in order where their word is still there;
    a new word gets ``CHANGED_CONFIDENCE``."""
    pairs: list[Any] = []
    at = 0
    for stamp in stamps:
        found = next((j for j in range(at, min(at + 4, len(old))) if old[j][0] == stamp[0]), None)
        if found is None:
            pairs.append([stamp[0], CHANGED_CONFIDENCE])
        else:
            pairs.append(old[found])
            at = found + 1
    return pairs
