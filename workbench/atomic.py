"""Atomic file writes: a synced temp file in the same folder, then moved into place.

A reader never sees a half-written file and a crash never leaves one behind.
Every file the workbench writes (versions, manifests, exports, rule files)
goes through ``write_atomic``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbench.errors import WriteError


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(
    path: Path, data: bytes, *, overwrite: bool = True, sync_folder: bool = True
) -> None:
    """Write ``data`` to ``path`` via a synced temp file in the same folder.

    The file gets the mode of the file it replaces, else the usual
    ``0o666 & ~umask`` (mkstemp alone would leave it private). With
    ``overwrite=False`` an existing ``path`` is a WriteError: the temp file is
    hard-linked into place, which, unlike a rename, never replaces. With
    ``sync_folder=False`` the folder is not synced: the caller's next write
    into it syncs it, making both names durable at once.
    """
    path = Path(path)
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_current_umask()
    try:
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteError(f"cannot write here: {error.strerror}", path=path) from error
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temp, path)
        else:
            os.link(temp, path)
        if sync_folder:
            _fsync_dir(folder)
    except FileExistsError as error:
        raise WriteError("already exists and is never rewritten", path=path) from error
    except OSError as error:
        raise WriteError(f"cannot write: {error.strerror}", path=path) from error
    finally:
        temp.unlink(missing_ok=True)
