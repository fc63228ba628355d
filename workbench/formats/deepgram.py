"""Deepgram's pre-recorded response: ``{"metadata", "results": {"channels": [{"alternatives": [...]}]}}``.

Words are ``channels[0].alternatives[0].words`` (the first alternative of the
first channel); a word's text is its ``punctuated_word`` where there is one,
else ``word``. Times are seconds. Segments are the ``paragraphs`` when present
(each takes its ``num_words`` words), else the ``utterances`` (words by time),
else one unit split at sentence ends; a word's ``speaker`` (a number) is kept as
text. Written back: words patched in place (``word`` is the lower-case text
without punctuation), the alternative's ``transcript``, each paragraph's
``num_words`` and its sentences' ``text`` (words by time), and each utterance's
``transcript`` and ``words`` rebuilt.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Iterable
from typing import Any, ClassVar

from workbench.formats.jsonbase import Place, speaker_name
from workbench.formats.wordalign import Piece, clean
from workbench.formats.wordjson import JsonReader, Unit, dig, items
from workbench.model import Word

_BEST = ("results", "channels", 0, "alternatives", 0)


class Deepgram(JsonReader):
    """Deepgram (``/v1/listen`` pre-recorded)."""

    name: ClassVar[str] = "deepgram"
    looks_for: ClassVar[tuple[str, ...]] = ("results.channels",)

    @classmethod
    def claims(cls, data: Any) -> bool:
        """An object whose ``results`` holds ``channels``."""
        return isinstance(dig(data, ("results", "channels")), list)

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """Paragraphs, else utterances, else one unit."""
        pieces: list[Piece] = []
        for path, item in items(data, (*_BEST, "words")):
            text = item.get("punctuated_word", item.get("word"))
            if not isinstance(text, str):
                raise place.fail('expected a word with "word" or "punctuated_word"', path)
            word = place.word(
                text,
                place.seconds(item.get("start"), (*path, "start")),
                place.seconds(item.get("end"), (*path, "end")),
                place.confidence(item.get("confidence"), (*path, "confidence")),
                item.get("speaker"),
                path,
            )
            pieces.append(Piece(text, word))
        paragraphs = [p for _, p in items(data, (*_BEST, "paragraphs", "paragraphs"))]
        counts = [n for p in paragraphs if isinstance(n := p.get("num_words"), int)]
        if paragraphs and len(counts) == len(paragraphs) and sum(counts) == len(pieces):
            units, at = [], 0
            for paragraph, count in zip(paragraphs, counts, strict=True):
                units.append(Unit(pieces[at : at + count], speaker_name(paragraph.get("speaker"))))
                at += count
            return units
        turns = [turn for _, turn in items(data, ("results", "utterances"))]
        if turns:
            starts = [round(float(turn.get("start", 0)) * 1000) for turn in turns]
            groups: list[list[Piece]] = [[] for _ in turns]
            for piece in pieces:
                assert piece.word is not None
                at = bisect.bisect_right(starts, piece.word.start or 0) - 1
                groups[max(0, at)].append(piece)
            return [
                Unit(group, speaker_name(turn.get("speaker")))
                for turn, group in zip(turns, groups, strict=True)
                if group
            ]
        return [Unit(pieces)] if pieces else []

    def put_word(self, item: dict[str, Any], word: Word) -> None:
        """``word``, ``punctuated_word``, times and confidence of a word object."""
        item["word"] = clean(word.text).lower()
        if "punctuated_word" in item:
            item["punctuated_word"] = word.text
        if word.start is not None and word.end is not None:
            item["start"], item["end"] = word.start / 1000, word.end / 1000
        item["confidence"] = word.confidence

    def rebuild(self, data: Any) -> None:
        """The transcript, paragraphs' word counts and sentences, and utterances from the words."""
        best = dig(data, _BEST)
        words = [w for w in best.get("words", []) if isinstance(w, dict)]
        best["transcript"] = " ".join(_text(w) for w in words)
        paragraphs = [p for _, p in items(data, (*_BEST, "paragraphs", "paragraphs"))]
        if paragraphs and all("num_words" in p for p in paragraphs):
            # Each word counts in the last paragraph starting at or before it.
            starts = [p["start"] for p in paragraphs]
            counts = [0] * len(paragraphs)
            for word in words:
                counts[max(0, bisect.bisect_right(starts, word["start"]) - 1)] += 1
            for paragraph, count in zip(paragraphs, counts, strict=True):
                paragraph["num_words"] = count
        sentences = [s for p in paragraphs for s in p.get("sentences", []) if isinstance(s, dict)]
        for sentence in sentences:
            inside = [w for w in words if sentence["start"] <= w["start"] < sentence["end"]]
            if inside:
                sentence["text"] = " ".join(_text(w) for w in inside)
        for _, turn in items(data, ("results", "utterances")):
            inside = [
                w
                for w in words
                if turn["start"] <= w["start"] < turn["end"] or w["start"] == turn["start"]
            ]
            if inside:
                turn["words"] = copy.deepcopy(inside)
                turn["transcript"] = " ".join(_text(w) for w in inside)


def _text(word: dict[str, Any]) -> str:
    return str(word.get("punctuated_word", word.get("word", "")))
