"""Bytes to text and back, keeping the file's encoding so that writing gives back its bytes.

Decisions: UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded and
re-encoded the same way (UTF-16 is always written with its BOM). A file that is
not valid UTF-8 is read as Windows-1252 (Latin-1 for the five bytes cp1252 leaves
undefined) and that encoding is recorded in ``Transcript.encoding``, so it
round-trips. NUL bytes or other control characters outside UTF-16 mean a binary
file, which is refused, as is an empty file.
"""

from __future__ import annotations

import codecs

from workbench.errors import FormatError

_UTF16_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
# C0 controls other than tab, line feed, form feed and carriage return never occur in text.
_BINARY_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}


def decode(data: bytes, origin: str) -> tuple[str, str]:
    """Decode a file's bytes; returns the text and the encoding to write it back with."""
    if not data.strip():
        raise FormatError("empty file; expected a transcript", path=origin)
    for encoding, bom in _UTF16_BOMS.items():
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise FormatError(f"invalid UTF-16 at byte {exc.start}", path=origin) from None
    if _BINARY_BYTES.intersection(data[:65536]) or 0 in data:
        raise FormatError("binary file (control bytes); expected a text transcript", path=origin)
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def encode(text: str, encoding: str, origin: str = "<string>") -> bytes:
    """Encode text as ``encoding`` (a UTF-16 encoding gets its BOM back)."""
    try:
        return _UTF16_BOMS.get(encoding, b"") + text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise FormatError(
            f"character {text[exc.start]!r} cannot be written as {encoding}", path=origin
        ) from None
