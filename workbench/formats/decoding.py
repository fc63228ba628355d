"""Bytes to text and back, keeping the file's encoding so that writing gives back its bytes.

Decisions: UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded and
re-encoded the same way (UTF-16 is always written with its BOM). A file that is
not valid UTF-8 is read as Windows-1252 and that encoding is recorded in
``Transcript.encoding``, so it round-trips; but a file with bytes that cp1252
leaves undefined (they would be replacement characters) is refused with their
count, since it is in some other encoding and would be read as mojibake. The
user names that encoding (``--encoding cp1251``): it is used for the files that
are not UTF-8 (a BOM, or valid UTF-8 text, still wins). NUL bytes or other control characters, in any encoding,
mean a binary file, which is refused, as is an empty file.
"""

from __future__ import annotations

import codecs
import re

from workbench.errors import FormatError, UsageError

_UTF16_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
# C0 controls other than tab, line feed, form feed and carriage return never occur in text.
_BINARY_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}
_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_BINARY = "binary file (control bytes); expected a text transcript"


def decode(data: bytes, origin: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes; returns the text and the encoding to write it back with.

    ``encoding`` (``--encoding``) names the encoding of a file that is neither
    UTF-8 nor UTF-16 with a BOM: a file that is valid UTF-8 text is read as
    UTF-8 anyway (a folder may mix both); without it such a file is read as cp1252.
    """
    named = None if encoding is None else known_encoding(encoding)
    if not data.strip():
        raise FormatError("empty file; expected a transcript", path=origin)
    for name, bom in _UTF16_BOMS.items():
        if data.startswith(bom):
            text = _strict(data[len(bom) :], name, origin)
            if _binary(text):
                raise FormatError(_BINARY, path=origin)
            return text, name
    if named is not None and not data.startswith(codecs.BOM_UTF8) and not _is_utf8_text(data):
        text = _strict(data, named, origin)
        if _binary(text):
            raise FormatError(_BINARY, path=origin)
        # Python's other spelling of a UTF-16 codec, so that ``encode`` adds no BOM it never had.
        return text, named.replace("-", "_") if named in _UTF16_BOMS else named
    if _BINARY_BYTES.intersection(data[:65536]) or 0 in data:
        raise FormatError(_BINARY, path=origin)
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", origin), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    undefined = sum(data.count(byte) for byte in _CP1252_UNDEFINED)
    if undefined:
        raise FormatError(
            f"not UTF-8, and read as cp1252 (the fallback) {undefined} bytes would be "
            "replacement characters; expected UTF-8, or name the file's encoding with "
            "--encoding (e.g. --encoding cp1251)",
            path=origin,
        )
    return data.decode("cp1252"), "cp1252"


def _binary(text: str) -> bool:
    """True for decoded text with control characters, judged as bytes are (NUL anywhere)."""
    return _BINARY_CHARS.search(text, 0, 65536) is not None or "\0" in text


def _is_utf8_text(data: bytes) -> bool:
    """True when ``data`` is UTF-8 without control characters: read as UTF-8, whatever is named."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _binary(text)


def known_encoding(name: str) -> str:
    """Python's name for the text encoding ``name``; a usage error if there is none."""
    try:
        "".encode(name)  # a LookupError for unknown names and bytes-to-bytes codecs (base64)
    except LookupError:
        raise UsageError(
            f"unknown text encoding {name!r}; expected a name such as cp1251"
        ) from None
    return codecs.lookup(name).name


def _strict(data: bytes, encoding: str, origin: str) -> str:
    """``data`` decoded as ``encoding``; an error naming the first byte that is not."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FormatError(
            f"invalid {encoding} at byte {exc.start} (0x{data[exc.start]:02x}); "
            f"expected text in {encoding}",
            path=origin,
        ) from None


def encode(text: str, encoding: str, origin: str = "<string>") -> bytes:
    """Encode text as ``encoding`` (a UTF-16 encoding gets its BOM back)."""
    try:
        return _UTF16_BOMS.get(encoding, b"") + text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise FormatError(
            f"character {text[exc.start]!r} cannot be written as {encoding}", path=origin
        ) from None
