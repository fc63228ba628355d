"""Ctrl-C during a batch: held back while a version is written, never lost.

Python raises ``KeyboardInterrupt`` wherever the main thread happens to be when
the signal is handled; if that is inside a finaliser (a compiled pattern being
freed, say), Python prints "Exception ignored" and the run goes on as if
nothing was pressed. ``catch_interrupts`` makes the interrupt stick: the
handler also records it, and ``stop_if_interrupted``, called between files,
raises it again; the traceback Python would print for the dropped one is left
out (the run says "aborted" instead).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

_interrupted = False
"""Whether Ctrl-C was pressed since ``catch_interrupts``."""


def catch_interrupts() -> None:
    """Record every Ctrl-C of this process from now on (and raise it, as Python does).

    Only the main thread can set a signal handler; elsewhere this does nothing.
    """
    global _interrupted
    if threading.current_thread() is threading.main_thread():
        _interrupted = False
        signal.signal(signal.SIGINT, _on_interrupt)
        if not isinstance(sys.unraisablehook, _QuietAboutInterrupts):
            sys.unraisablehook = _QuietAboutInterrupts(sys.unraisablehook)


class _QuietAboutInterrupts:
    """An ``unraisablehook`` that passes on what a finaliser dropped, but a recorded Ctrl-C."""

    def __init__(self, report: Callable[[sys.UnraisableHookArgs], object]) -> None:
        self.report = report
        """The hook in place before: it reports everything else."""

    def __call__(self, unraisable: sys.UnraisableHookArgs) -> None:
        """Leave out a Ctrl-C already recorded; report anything else as before."""
        if not (_interrupted and unraisable.exc_type is KeyboardInterrupt):
            self.report(unraisable)


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    """The SIGINT handler: remember the interrupt, then raise it where the thread is."""
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def stop_if_interrupted() -> None:
    """Raise ``KeyboardInterrupt`` if Ctrl-C was pressed, even if a finaliser swallowed it."""
    if _interrupted:
        raise KeyboardInterrupt


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) while the block runs; it takes effect right after.

    A version and its manifest are written in this block, so an interrupted
    run leaves each document either at its old version or at a whole new one.
    Only the main thread receives signals, so elsewhere (a Dask worker's
    thread) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
