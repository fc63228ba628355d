"""YouTube timedtext json3 (``yt-dlp --sub-format json3``): ``{"wireMagic": "pb3", "events": [...]}``.

Each event with ``segs`` is a segment: ``tStartMs`` and ``dDurationMs`` are its
times in milliseconds, each seg's ``utf8`` a piece of its text; a seg with
``tOffsetMs`` (automatic captions) is a word starting that long after the event
(it ends where the next word starts, the last at the event's end). A seg that
is only a line break adds a space. Written back: segs patched in place.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from workbench.formats.jsonbase import Place
from workbench.formats.wordalign import Piece
from workbench.formats.wordjson import JsonReader, Unit, items
from workbench.model import Word


class Json3(JsonReader):
    """YouTube's json3 captions."""

    name: ClassVar[str] = "json3"
    extensions: ClassVar[tuple[str, ...]] = ("json3", "json")
    looks_for: ClassVar[tuple[str, ...]] = ("events[].segs",)

    @classmethod
    def claims(cls, data: Any) -> bool:
        """An object with an ``events`` list (and ``wireMagic``, or events with ``segs``)."""
        if not isinstance(data, dict) or not isinstance(data.get("events"), list):
            return False
        return "wireMagic" in data or any(
            isinstance(e, dict) and "segs" in e for e in data["events"]
        )

    def units(self, data: Any, place: Place) -> Iterable[Unit]:
        """One unit per event that has text."""
        units = []
        for path, event in items(data, ("events",)):
            segs = items(data, (*path, "segs"))
            if not segs:
                continue
            start = place.seconds(event.get("tStartMs", 0), (*path, "tStartMs"), scale=0.001) or 0
            length = place.seconds(event.get("dDurationMs", 0), (*path, "dDurationMs"), scale=0.001)
            end = start + (length or 0)
            timed = [
                (p, s) for p, s in segs if isinstance(s.get("utf8"), str) and s["utf8"].strip()
            ]
            offsets = [
                place.seconds(s.get("tOffsetMs", 0), (*p, "tOffsetMs"), scale=0.001) or 0
                for p, s in timed
            ]
            pieces = []
            for k, (spath, seg) in enumerate(timed):
                text = seg["utf8"].strip()
                begin = start + offsets[k]
                finish = start + offsets[k + 1] if k + 1 < len(timed) else end
                confidence = seg.get("acAsrConf")
                word = place.word(
                    text,
                    begin,
                    max(begin, finish),
                    place.confidence(confidence / 255, (*spath, "acAsrConf"))
                    if isinstance(confidence, int | float)
                    else None,
                    None,
                    spath,
                )
                pieces.append(Piece(text, word))
            units.append(Unit(pieces, None, start, end))
        return units

    def put_word(self, item: dict[str, Any], word: Word) -> None:
        """A seg's text (with the leading space automatic captions write between words)."""
        spaced = item.get("utf8", "").startswith(" ")
        item["utf8"] = (" " if spaced else "") + word.text

    def rebuild(self, data: Any) -> None:
        """json3 repeats no text: nothing to rebuild."""
