"""Line handling shared by the readers: split only at ``\\n`` and keep each line's ending.

``str.splitlines`` also splits at form feeds, ``\\x1c`` and U+2028, which would
break the rule that the raw blocks put together give back the file exactly.
"""

from __future__ import annotations


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its own ending (``\\n``, ``\\r\\n`` or none at the end)."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def content(line: str) -> str:
    """A line without its ending."""
    line = line.removesuffix("\n")
    line = line.removesuffix("\r")
    return line


def ending(line: str) -> str:
    """The ending of a line: ``\\r\\n``, ``\\n`` or ``""``."""
    return line[len(content(line)) :]


def detect_newline(text: str) -> str:
    """The file's line ending, judged by its first line (``\\n`` when it has none).

    A file with carriage returns and no line feed at all ends its lines in ``\\r``
    (classic Mac OS).
    """
    first = text.find("\n")
    if first < 0:
        return "\r" if "\r" in text else "\n"
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
