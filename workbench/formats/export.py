"""Our own JSON export: ``{"source", "format", "segments": [{"index", "line", "start", "end", "text", "speaker"}]}``.

Times are seconds (null for untimed sources); ``line`` is the segment's line in
the file it was read from. ``"metadata": {…}`` follows ``format`` when the source
says something about the recording outside its segments (a caption scrape's
title, video id and date: ``Format.metadata``). ``source`` is the document name and ``format`` the
format it was read in. The reader makes it round-trip: an unchanged export is
given back byte for byte, and a changed one keeps its ``source``/``format``.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from workbench.errors import FormatError
from workbench.formats.base import check_order
from workbench.formats.jsonbase import JsonFormat, read_json, seconds_to_ms, sniffed_json
from workbench.model import Segment, Transcript


def is_export(data: object) -> bool:
    """True for the JSON value of our export: ``source``, ``format`` and ``segments``."""
    return isinstance(data, dict) and {"source", "format", "segments"} <= data.keys()


def _seconds(ms: int | None) -> float | None:
    return None if ms is None else ms / 1000


class JsonExport(JsonFormat):
    """The workbench's JSON export, readable again."""

    name: ClassVar[str] = "json"
    extensions: ClassVar[tuple[str, ...]] = ("json",)
    timed: ClassVar[bool] = False
    speakers: ClassVar[bool] = True

    @classmethod
    def sniff(cls, text: str) -> bool:
        """A JSON object with ``source``, ``format`` and ``segments``."""
        return is_export(sniffed_json(text))

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """Segments from the export's ``segments`` list (times null or seconds)."""
        data = read_json(text, origin)
        segments = []
        for index, item in enumerate(data["segments"]):
            where = f"segment {index}"
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise FormatError(f'{where}: expected an object with "text"', path=origin)
            start = (
                None
                if item.get("start") is None
                else seconds_to_ms(item["start"], f"{where} start", origin)
            )
            end = (
                None
                if item.get("end") is None
                else seconds_to_ms(item["end"], f"{where} end", origin)
            )
            if start is not None and end is not None:
                check_order(start, end, origin, None)
            speaker = item.get("speaker") if isinstance(item.get("speaker"), str) else None
            segments.append(
                Segment.read(
                    json.dumps(item, ensure_ascii=False),
                    index=index,
                    start=start,
                    end=end,
                    text=item["text"],
                    speaker=speaker,
                )
            )
        return Transcript(doc_id=doc_id, format=self.name, segments=tuple(segments), extra=text)

    def document(self, transcript: Transcript, original: dict[str, Any] | None) -> dict[str, Any]:
        """The export object; a re-written export keeps its ``source``, ``format`` and
        ``metadata``."""
        from workbench.formats import get_format  # the registry imports this module

        if original is None:
            metadata = get_format(transcript.format).metadata(transcript)
        else:
            metadata = original.get("metadata") or {}
        exported: dict[str, Any] = {
            "source": original["source"] if original else transcript.doc_id,
            "format": original["format"] if original else transcript.format,
        }
        if metadata:
            exported["metadata"] = metadata
        exported["segments"] = [
            self._item(seg, original is not None) for seg in transcript.segments
        ]
        return exported

    @staticmethod
    def _item(segment: Segment, own: bool) -> dict[str, Any]:
        source = segment.source if own else None
        # A segment read from an export keeps its recorded line (JSON segments have none).
        line = json.loads(source.raw).get("line") if source else segment.line
        return {
            "index": segment.index,
            "line": line,
            "start": _seconds(segment.start),
            "end": _seconds(segment.end),
            "text": segment.text,
            "speaker": segment.speaker,
        }
