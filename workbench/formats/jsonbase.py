"""What the JSON formats share: safe reading, times and confidences with clear errors,
and (for whisper-json and our export) giving back the source.

Every JSON text is read once by ``parse_json`` (cached: every JSON format's
``sniff`` and then its ``parse`` ask for the same text), which refuses what no
transcript holds: NaN, Infinity, a number too large to be finite or an integer of
more digits than Python reads (4,300; a long number that reads is then out of range as a time), nesting deeper than Python's recursion limit, a text over
``MAX_JSON_CHARS``. ``Place`` reads times and confidences, naming the JSON path of
a bad value; a negative time is clamped to 0 with a warning naming the place.

JSON cannot be rewritten piece by piece, so a JSON transcript with no changed,
added or removed segment is written as its exact source text; any change
re-serialises the whole document (same data, the source's indentation, line
ending and trailing newline, or lack of one).
"""

from __future__ import annotations

import json
import logging
import math
import re
from abc import abstractmethod
from functools import lru_cache
from typing import Any

from workbench.errors import FormatError
from workbench.formats.base import Format
from workbench.model import Transcript, Word

log = logging.getLogger(__name__)

MAX_SECONDS = 10_000_000
"""The largest time read (about 116 days): anything above is a broken file."""
MAX_JSON_CHARS = 100 * 1024 * 1024
"""The largest JSON transcript read (100 MB, a day of speech with every word timed);
a larger one is refused with this limit named rather than parsed into gigabytes."""

Path = tuple[str | int, ...]
"""Where a value lives in a JSON document: keys and list indices from the top."""

_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)")
_JSON_START = re.compile(r"\s*[\[{]")
_LONG_NUMBER = re.compile(r"\d{1000,}")


class _BadNumber(ValueError):
    """A JSON number no transcript holds; ``token`` is how it was written."""

    def __init__(self, message: str, token: str) -> None:
        super().__init__(message)
        self.token = token


def _constant(token: str) -> float:
    raise _BadNumber(f"{token} is not a number; expected a finite JSON number", token)


def _float(token: str) -> float:
    value = float(token)
    if not math.isfinite(value):
        raise _BadNumber(f"{token[:40]} is too large; expected a finite JSON number", token)
    return value


def _line_of(text: str, token: str) -> int | None:
    at = text.find(token)
    return None if at < 0 else text.count("\n", 0, at) + 1


@lru_cache(maxsize=1)
def _parsed(text: str) -> tuple[Any, FormatError | None]:
    """The JSON value of ``text``, or the error to report (with no path yet), cached for
    ``sniff`` and ``parse`` of the same text."""
    if len(text) > MAX_JSON_CHARS:
        limit = MAX_JSON_CHARS // (1024 * 1024)
        return None, FormatError(f"JSON transcript over the {limit} MB limit; refused")
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_float)
    except json.JSONDecodeError as exc:
        return None, FormatError(f"expected JSON: {exc.msg}", line=exc.lineno, column=exc.colno)
    except _BadNumber as exc:
        return None, FormatError(str(exc), line=_line_of(text, exc.token))
    except ValueError:
        # int() refuses more than sys.get_int_max_str_digits() digits (4,300).
        digits = _LONG_NUMBER.search(text)
        token = digits.group() if digits else ""
        return None, FormatError(
            f"a {len(token)}-digit number; expected a number of sensible size",
            line=_line_of(text, token) if token else None,
        )
    except RecursionError:
        return None, FormatError("JSON nested too deeply; expected a transcript")
    return value, None


def parse_json(text: str, origin: str) -> Any:
    """The JSON value of ``text``; FormatError naming ``origin`` when it is not safe JSON.

    The value is shared with every other reader of the same text: never change it.
    """
    value, error = _parsed(text)
    if error is not None:
        raise FormatError(error.message, path=origin, line=error.line, column=error.column)
    return value


def sniffed_json(text: str) -> Any:
    """The JSON value of ``text`` for sniffing: None unless it is a JSON object or list."""
    if _JSON_START.match(text) is None:
        return None
    value, error = _parsed(text)
    return None if error is not None else value


class Place:
    """Where a reader is in a file: names the file and the item in errors and warnings."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, message: str, where: Path | str = ()) -> FormatError:
        """The error for ``message`` at JSON path ``where``."""
        return FormatError(f"{_show(where)}{message}", path=self.origin)

    def seconds(self, value: object, where: Path | str, *, scale: float = 1.0) -> int | None:
        """A time as milliseconds: a number of seconds (times ``scale``: 1000 for milliseconds
        given as ``scale=0.001``), a numeric string, ``"1.5s"``, ``{"seconds", "nanos"}``
        or ``"hh:mm:ss.mmm"``; None when absent. Negative times are clamped to 0 with a warning."""
        if value is None:
            return None
        kind = type(value)
        if kind is float or kind is int or kind is str:
            # The usual case, a number or a numeric string in range, without further calls
            # (a 10 MB Transcribe result has a hundred thousand times: bench/formats.py).
            try:
                fast = float(value) * scale  # type: ignore[arg-type]
            except ValueError:
                pass
            else:
                if 0 <= fast <= MAX_SECONDS:
                    return round(fast * 1000)
        number = self._number(value, where)
        if number is None:
            raise self.fail(f"expected a time in seconds, found {_short(value)}", where)
        number *= scale
        if not math.isfinite(number) or number > MAX_SECONDS:
            raise self.fail(
                f"time {_short(value)} is out of range; expected 0 to {MAX_SECONDS} seconds", where
            )
        if number < 0:
            log.warning(
                "%s: %snegative time %s clamped to 0", self.origin, _show(where), _short(value)
            )
            return 0
        return round(number * 1000)

    def _number(self, value: object, where: Path | str) -> float | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return float(value)
        if isinstance(value, dict):
            return self._duration(value, where)
        if isinstance(value, str) and len(value) <= 40:
            try:
                return float(value)  # AWS writes every time and confidence as a string
            except ValueError:
                pass
            text = value.strip().removesuffix("s")
            clock = _CLOCK.fullmatch(text)
            if clock is not None:
                hours, minutes, secs = clock.groups()
                return (int(hours or 0) * 60 + int(minutes)) * 60 + float(secs.replace(",", "."))
            try:
                return float(text)
            except ValueError:
                return None
        return None

    def _duration(self, value: dict[str, Any], where: Path | str) -> float | None:
        seconds, nanos = value.get("seconds", 0), value.get("nanos", 0)
        parts = [self._number(part, where) for part in (seconds, nanos)]
        if parts[0] is None or parts[1] is None:
            return None
        return parts[0] + parts[1] / 1e9

    def confidence(self, value: object, where: Path) -> float | None:
        """A confidence 0..1 (a number or a numeric string); None when absent."""
        if value is None:
            return None
        number = self._number(value, where) if not isinstance(value, dict) else None
        if number is None or not 0.0 <= number <= 1.0:
            raise self.fail(f"confidence {_short(value)} is out of range; expected 0 to 1", where)
        return number

    def word(
        self,
        text: str,
        start: int | None,
        end: int | None,
        confidence: float | None,
        speaker: object,
        where: Path,
    ) -> Word:
        """A word, refused when it ends before it starts."""
        if start is not None and end is not None and end < start:
            raise self.fail(
                f"word {text[:40]!r} ends ({end} ms) before it starts ({start} ms); "
                "expected end >= start",
                where,
            )
        return Word(text, start, end, confidence, speaker_name(speaker), where)


def speaker_name(value: object) -> str | None:
    """A speaker label as the model keeps it: a string (Deepgram's ``0`` is ``"0"``)."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    return str(value) if isinstance(value, str | int) else None


def _show(where: Path | str) -> str:
    if isinstance(where, str):
        return f"{where}: " if where else ""
    if not where:
        return ""
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in where)
    return text.lstrip(".") + ": "


def _short(value: object) -> str:
    text = json.dumps(value) if not isinstance(value, float) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def read_json(text: str, origin: str) -> dict[str, Any]:
    """The top-level object of a JSON transcript, which must hold a ``segments`` list."""
    data = parse_json(text, origin)
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise FormatError('expected a JSON object with a "segments" list', path=origin, line=1)
    return data


def seconds_to_ms(value: object, what: str, origin: str) -> int:
    """A time in seconds (a JSON number) as integer milliseconds, checked as ``Place.seconds``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FormatError(f"{what}: expected a time in seconds, found {value!r}", path=origin)
    ms = Place(origin).seconds(value, what)
    assert ms is not None
    return ms


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
