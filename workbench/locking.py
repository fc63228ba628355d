"""A lock file that says who holds it: ``flock`` on the file, the holder's pid,
command and start time written into it, and a bounded wait.

The kernel drops a ``flock`` when its process dies, so a lock is never left
behind by a killed writer; the text in the file is only read to name the
holder while the lock is held.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shlex
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from workbench.errors import StoreError

POLL_SECONDS = 0.05
DEFAULT_WAIT_SECONDS = 60.0
"""How long a writer waits for another process's lock on a document (``--wait``)."""


def _holder() -> str:
    """Who holds a lock, as written into the lock file: pid, command and since when."""
    command = shlex.join(["workbench", *sys.argv[1:]])
    since = datetime.now(UTC).strftime("%H:%M:%S UTC")
    return f"pid {os.getpid()} ({command[:120]}) since {since}"


def _read_holder(lock: IO[str]) -> str:
    lock.seek(0)
    return lock.read().strip() or "another process"


@contextmanager
def held(
    path: Path, *, wait: float, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock file ``path`` (created if need be) while inside.

    A lock held by another process is waited for up to ``wait`` seconds
    (``on_wait`` is told once, naming the holder); then a StoreError names it.
    """
    with _open_lock(path) as lock:
        _acquire(lock, path, wait, on_wait)
        try:
            lock.truncate(0)
            lock.write(_holder())
            lock.flush()
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


def _open_lock(path: Path) -> IO[str]:
    """The lock file, opened for writing: a regular file, never through a link (a
    planted ``.lock`` link would have the holder's line written over its target)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise StoreError("the lock is a link; refusing to follow it", path=path) from error
        raise StoreError(f"cannot open the lock: {error.strerror}", path=path) from error
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise StoreError("the lock is not a regular file (a pipe, device or socket)", path=path)
    return os.fdopen(fd, "a+", encoding="utf-8")


def _acquire(lock: IO[str], path: Path, wait: float, on_wait: Callable[[str], None] | None) -> None:
    """Take the lock, waiting up to ``wait`` seconds for the process holding it."""
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = _read_holder(lock)
        except OSError as error:
            raise StoreError(f"cannot lock: {error.strerror}", path=path) from error
        if time.monotonic() >= deadline:
            raise StoreError(
                f"locked by {holder}; gave up after {wait:g} s (wait longer with --wait SECONDS)",
                path=path,
            )
        if not told and on_wait is not None:
            on_wait(f"{path}: locked by {holder}; waiting up to {wait:g} s")
            told = True
        time.sleep(POLL_SECONDS)
