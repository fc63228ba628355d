"""Whisper JSON: ``{"text", "segments": [{"start", "end", "text", "words"?, ...}], ...}``.

Times are seconds; a segment's text loses its leading space in ``Segment.text``
and gets it back when written. An optional ``speaker`` (WhisperX) becomes
``Segment.speaker``. Unchanged, the file is given back byte for byte; after a
change the same data is written with the source's indentation (key order kept),
the changed segments without their ``words`` and ``tokens``, and the top-level
``text`` rebuilt from the segments.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from workbench.errors import FormatError
from workbench.formats.base import check_order
from workbench.formats.jsonbase import JsonFormat, read_json, seconds_to_ms
from workbench.model import Segment, Transcript

_STALE_WHEN_EDITED = ("words", "tokens")
_SNIFF = re.compile(
    r'\s*\{[^\n]{0,200}?"(?:text|segments|language)"\s*:|\s*\{\s*\n\s*"(?:text|segments|language)"'
)


class WhisperJson(JsonFormat):
    """The JSON that Whisper (and WhisperX, faster-whisper) write."""

    name: ClassVar[str] = "whisper-json"
    extensions: ClassVar[tuple[str, ...]] = ("json",)

    @classmethod
    def sniff(cls, text: str) -> bool:
        """A JSON object whose first keys are Whisper's ``text``/``segments``/``language``."""
        return _SNIFF.match(text[:400]) is not None

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
            segments.append(
                Segment.read(raw, index=index, start=start, end=end, text=spoken, speaker=speaker)
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
        for key in _STALE_WHEN_EDITED:
            item.pop(key, None)
        assert segment.start is not None and segment.end is not None
        item.setdefault("id", segment.index)
        item.update(start=segment.start / 1000, end=segment.end / 1000, text=" " + segment.text)
        if segment.speaker:
            item["speaker"] = segment.speaker
        else:
            item.pop("speaker", None)
        return item
