"""Reading an input file's bytes without hanging or running out of memory.

Transcripts, rule files and glossaries are all read here. Only a regular file
is read: a named pipe would block until a writer comes, and a device such as
``/dev/zero`` never ends, so both are refused by their type before anything is
read. The file is checked before it is opened, opened without blocking (a path
swapped for a pipe in between still cannot hang us) and checked again on the
open file. At most ``MAX_INPUT_BYTES`` are read; a larger file is refused.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from workbench.errors import WorkbenchError

MAX_INPUT_BYTES = 2 * 1024**3
"""The largest input file read (2 GiB); a larger one is refused with one clear error."""

_CHUNK_BYTES = 1024**2

_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_input(path: Path, error: type[WorkbenchError], what: str = "file") -> bytes:
    """The bytes of the regular file at ``path``, at most ``MAX_INPUT_BYTES`` of them.

    Anything else is an ``error`` naming the path and what was wrong with it:
    missing, not a regular file, too large, or an OS error (too long a name, no
    permission). ``what`` names what was expected (``"file"``, ``"glossary file"``).
    """
    try:
        _check(path, os.stat(path), error, what)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise error(f"no such {what}", path=path) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path=path) from None
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        _check(path, status, error, what)
        try:
            parts = [handle.read(status.st_size)]  # nearly always all of it, in one piece
            total = len(parts[0])
            # More when the file grew, or its size was not known (as in /proc).
            while chunk := handle.read(_CHUNK_BYTES):
                total += len(chunk)
                if total > MAX_INPUT_BYTES:
                    raise error(_too_large(), path=path)
                parts.append(chunk)
        except OSError as exc:
            raise error(f"cannot read: {exc.strerror}", path=path) from None
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _check(path: Path, status: os.stat_result, error: type[WorkbenchError], what: str) -> None:
    """Refuse what is not a regular file, or is larger than the limit."""
    kind = stat.S_IFMT(status.st_mode)
    if kind != stat.S_IFREG:
        name = _KINDS.get(kind, "a special file")
        raise error(f"is {name}; expected a regular {what}", path=path)
    if status.st_size > MAX_INPUT_BYTES:
        raise error(_too_large(status.st_size), path=path)


def _too_large(size: int | None = None) -> str:
    of = f" ({size:,} bytes)" if size is not None else ""
    return f"file too large{of}; the limit is {MAX_INPUT_BYTES:,} bytes"
