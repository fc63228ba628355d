"""What the two JSON formats share: reading with clear errors, and giving back the source.

JSON cannot be rewritten piece by piece, so a JSON transcript with no changed,
added or removed segment is written as its exact source text; any change
re-serialises the whole document (same data, the source's indentation, line
ending and trailing newline, or lack of one).
"""

from __future__ import annotations

import json
from abc import abstractmethod
from typing import Any

from workbench.errors import FormatError
from workbench.formats.base import Format
from workbench.model import Transcript


def read_json(text: str, origin: str) -> dict[str, Any]:
    """The top-level object of a JSON transcript, which must hold a ``segments`` list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"expected JSON: {exc.msg}", path=origin, line=exc.lineno, column=exc.colno
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise FormatError('expected a JSON object with a "segments" list', path=origin, line=1)
    return data


def seconds_to_ms(value: object, what: str, origin: str) -> int:
    """A time in seconds (a JSON number) as integer milliseconds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FormatError(f"{what}: expected a time in seconds, found {value!r}", path=origin)
    return round(value * 1000)


def indent_of(text: str) -> int | None:
    """The indentation of a JSON text's first member (None when it is on one line)."""
    stripped = text.lstrip()
    after = stripped[1:]
    if not after.startswith(("\n", "\r")):
        return None
    body = after.lstrip("\r\n")
    return len(body) - len(body.lstrip(" "))


def untouched(transcript: Transcript, source: str) -> bool:
    """True when the transcript is its JSON ``source`` exactly: same segments, none changed."""
    raws = [seg.source.raw if seg.source else None for seg in transcript.segments]
    return all(seg.unchanged for seg in transcript.segments) and raws == [
        json.dumps(item, ensure_ascii=False) for item in read_json(source, "")["segments"]
    ]


def write_json(data: dict[str, Any], indent: int | None, newline: str, end: str) -> str:
    """Serialise with the given indentation and line ending, non-ASCII kept, followed by ``end``."""
    return json.dumps(data, ensure_ascii=False, indent=indent).replace("\n", newline) + end


class JsonFormat(Format):
    """A JSON transcript format (its segments have no line numbers)."""

    def dumps(self, transcript: Transcript) -> str:
        """The source text when nothing changed, else the document serialised anew."""
        source = transcript.extra if transcript.format == self.name else None
        if not isinstance(source, str):
            return write_json(self.document(transcript, None), 2, "\n", "\n")
        if untouched(transcript, source):
            return source
        document = self.document(transcript, read_json(source, transcript.doc_id))
        # What followed the source's closing brace (a newline, or nothing) stays.
        end = source[len(source.rstrip()) :]
        return write_json(document, indent_of(source), transcript.newline, end)

    @abstractmethod
    def document(self, transcript: Transcript, original: dict[str, Any] | None) -> dict[str, Any]:
        """The JSON object for a transcript; ``original`` is its source object, if it has one."""
