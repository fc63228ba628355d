"""A cache of pickled values on disk, each under the sha256 of what it is made of.

Used for what costs a command most before its first file: the loaded rule set
(``ruleset.cache``), the spelling dictionary (``checks.spelling``) and, beside the
pickles, the sound-alike detector's familiarity table (``soundalike.familiar``). The
folder is ``$WORKBENCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/transcript-workbench``,
else ``~/.cache/transcript-workbench``, created private (0700): a pickle runs
code when it is read, so the folder is the user's own, as their Python files
are. An entry is ``<folder>/<kind>/<key>.pickle``; an entry whose inputs change
gets a new key, and the old one is left (delete the folder at any time).

A file that cannot be read (corrupt, truncated, of another version) is ignored
and written again; a cache that cannot be written is done without. Writes are
atomic (``write_atomic``), so two processes never see half a file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from workbench import __version__
from workbench.atomic import write_atomic
from workbench.errors import WorkbenchError

T = TypeVar("T")


def cache_dir() -> Path:
    """Where cached values live (see the module's docstring)."""
    explicit = os.environ.get("WORKBENCH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "transcript-workbench"


def cache_key(*parts: str | bytes) -> str:
    """The sha256 of ``parts`` (each length-prefixed), the workbench's and Python's versions."""
    digest = hashlib.sha256()
    for part in (__version__, sys.version, *parts):
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def module_stamp(module: str) -> str:
    """The file of ``module``, its size and time, which an upgrade changes: a cache key
    part for a package without ``__version__`` (breame's word lists) or whose data
    a value is made of, found without importing the module or ``importlib.metadata``
    (0.015 s of every scan)."""
    spec = importlib.util.find_spec(module)
    origin = spec.origin if spec is not None else None
    if origin is None:
        return module
    status = os.stat(origin)
    return f"{origin} {status.st_size} {status.st_mtime_ns}"


def cached(kind: str, key: str, expected: type[T], build: Callable[[], T]) -> T:
    """The ``expected`` value cached as ``kind``/``key``; else ``build()``, cached for next time."""
    path = cache_dir() / kind / f"{key}.pickle"
    found = _read(path)
    if isinstance(found, expected):
        return found
    value = build()
    _write(path, value)
    return value


def _read(path: Path) -> object:
    """The value pickled at ``path``; None when there is none or it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # noqa: BLE001  # any damage to a cache file means: build it again
        return None


def _write(path: Path, value: object) -> None:
    """Keep ``value`` at ``path``; a cache that cannot be written (read-only home, full
    disk) is done without."""
    try:
        cache_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (WorkbenchError, OSError):
        return
