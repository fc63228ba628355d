"""Whisper JSON: ``{"text", "segments": [{"start", "end", "text", "words"?, ...}], ...}``.

Times are seconds; a segment's text loses its leading space in ``Segment.text``
and gets it back when written. An optional ``speaker`` (WhisperX) becomes
``Segment.speaker``. A segment's ``words`` (``word_timestamps=True``, WhisperX,
faster-whisper) become its ``Word``s: text stripped, confidence from
``probability`` (Whisper, faster-whisper) or ``score`` (WhisperX), a word's own
``speaker``; WhisperX leaves some words (numbers) without times. Unchanged, the file is given back byte for byte; after a
change the same data is written with the source's indentation (key order kept),
a changed segment without its ``tokens`` and with its ``words`` realigned with its
new text (an unchanged word as it was; a changed word spans the words it
replaced, confidence ``wordjson.CHANGED_CONFIDENCE``), and the top-level ``text``
rebuilt from the segments.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

from workbench.errors import FormatError
from workbench.formats.base import check_order
from workbench.formats.export import is_export
from workbench.formats.jsonbase import (
    JsonFormat,
    Path,
    Place,
    read_json,
    seconds_to_ms,
    sniffed_json,
)
from workbench.formats.wordalign import current_words
from workbench.model import Segment, Transcript, Word

_STALE_WHEN_EDITED = ("words", "tokens")
"""What an edited segment loses; its words come back realigned with its new text."""


def _words(item: dict[str, Any], index: int, place: Place) -> Iterator[Word]:
    """The words of segment ``index`` (``item``), as ``Word``s."""
    words = item.get("words")
    if not isinstance(words, list):
        return
    for k, word in enumerate(words):
        where: Path = ("segments", index, "words", k)
        if not isinstance(word, dict) or not isinstance(word.get("word"), str):
            raise place.fail('expected a word with a "word"', where)
        confidence = word.get("probability", word.get("score"))
        key = "probability" if "probability" in word else "score"
        yield place.word(
            word["word"].strip(),
            place.seconds(word.get("start"), (*where, "start")),
            place.seconds(word.get("end"), (*where, "end")),
            place.confidence(confidence, (*where, key)),
            word.get("speaker", item.get("speaker")),
            where,
        )


def _realigned_words(segment: Segment, words: list[Any]) -> list[Any]:
    """The ``words`` of an edited segment: an unchanged word's object as it was, a changed
    one new, with the time span of the words it replaced (``wordjson.realigned``)."""
    key = "score" if any(isinstance(w, dict) and "score" in w for w in words) else "probability"
    made: list[Any] = []
    for word in current_words(segment):
        if isinstance(word.ref, tuple):
            made.append(words[word.ref[-1]])
            continue
        new: dict[str, Any] = {"word": " " + word.text}
        if word.start is not None and word.end is not None:
            new.update(start=word.start / 1000, end=word.end / 1000)
        new[key] = word.confidence
        if segment.speaker:
            new["speaker"] = segment.speaker
        made.append(new)
    return made


def _spoken_by(words: Any, speaker: str | None) -> Any:
    """``words`` (WhisperX's, each with its own ``speaker``) given a segment's new speaker."""
    if not isinstance(words, list):
        return words
    made = []
    for word in words:
        if isinstance(word, dict) and "speaker" in word:
            word = {key: value for key, value in word.items() if key != "speaker"}
            if speaker:
                word["speaker"] = speaker
        made.append(word)
    return made


class WhisperJson(JsonFormat):
    """The JSON that Whisper (and WhisperX, faster-whisper) write."""

    name: ClassVar[str] = "whisper-json"
    extensions: ClassVar[tuple[str, ...]] = ("json",)
    speakers: ClassVar[bool] = True

    @classmethod
    def sniff(cls, text: str) -> bool:
        """A JSON object with a ``segments`` list (not our own export)."""
        data = sniffed_json(text)
        return (
            isinstance(data, dict)
            and isinstance(data.get("segments"), list)
            and not is_export(data)
        )

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """One segment per element of ``segments``."""
        data = read_json(text, origin)
        segments = []
        for index, item in enumerate(data["segments"]):
            where = f"segment {index}"
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise FormatError(
                    f'{where}: expected an object with "start", "end" and "text"', path=origin
                )
            start = seconds_to_ms(item.get("start"), f"{where} start", origin)
            end = seconds_to_ms(item.get("end"), f"{where} end", origin)
            check_order(start, end, origin, None)
            spoken = item["text"].strip()
            speaker = item.get("speaker") if isinstance(item.get("speaker"), str) else None
            raw = json.dumps(item, ensure_ascii=False)
            words = tuple(_words(item, index, Place(origin)))
            segments.append(
                Segment.read(
                    raw,
                    index=index,
                    start=start,
                    end=end,
                    text=spoken,
                    speaker=speaker,
                    words=words,
                )
            )
        return Transcript(doc_id=doc_id, format=self.name, segments=tuple(segments), extra=text)

    def document(self, transcript: Transcript, original: dict[str, Any] | None) -> dict[str, Any]:
        """Whisper's layout: untouched segments as they were, others rebuilt."""
        own = original is not None
        items = [self._item(seg, own) for seg in transcript.segments]
        data = dict(original) if original else {}
        data["text"] = "".join(item["text"] for item in items)
        data["segments"] = items
        return data

    @staticmethod
    def _item(segment: Segment, own: bool) -> dict[str, Any]:
        source = segment.source if own else None
        item: dict[str, Any] = json.loads(source.raw) if source else {}
        if source and segment.unchanged:
            return item
        words = item.get("words")
        for key in _STALE_WHEN_EDITED:
            item.pop(key, None)
        if source and source.words and isinstance(words, list):
            item["words"] = _realigned_words(segment, words)
        if source and segment.speaker != source.speaker:
            item["words"] = _spoken_by(item.get("words"), segment.speaker)
        assert segment.start is not None and segment.end is not None
        item.setdefault("id", segment.index)
        item.update(start=segment.start / 1000, end=segment.end / 1000, text=" " + segment.text)
        if segment.speaker:
            item["speaker"] = segment.speaker
        else:
            item.pop("speaker", None)
        return item
