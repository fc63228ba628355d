"""Running a file work over files, in this process or on a pool of processes.

Reports come back in the order of the files whatever finishes first, so a
command prints the same bytes with ``--jobs 1`` and ``--jobs 8``. A worker
ignores Ctrl-C: the command's process stops handing out files, waits for the
ones being worked on (each ends with a whole version or none) and stops.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator, Sequence
from pathlib import Path

from workbench.batch.interrupts import catch_interrupts, stop_if_interrupted
from workbench.batch.reports import FileReport, FileWork
from workbench.errors import WorkbenchError

POOL_WORTHWHILE_BYTES = 1 << 20
"""Below this much transcript text, the default ``--jobs`` works in this process:
starting workers (and their engines) would cost more than it saves."""


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def default_jobs(sources: Sequence[Path]) -> int:
    """``--jobs`` when not given: every core for a batch worth a pool, else 1."""
    total = 0
    for source in sources:
        try:
            total += source.stat().st_size
        except OSError:
            continue  # the file's own work reports it
        if total >= POOL_WORTHWHILE_BYTES:
            return cores()
    return 1


def run_files(work: FileWork, sources: Sequence[Path], jobs: int = 1) -> Iterator[FileReport]:
    """``work``'s report on each of ``sources``, in their order; ``jobs`` processes at a time
    (1: in this process, today's path)."""
    catch_interrupts()
    if jobs <= 1 or len(sources) <= 1:
        return _in_process(work, sources)
    return _pooled(work, sources, min(jobs, len(sources)))


def _in_process(work: FileWork, sources: Sequence[Path]) -> Iterator[FileReport]:
    """The reports of ``work`` run here, one file after another; Ctrl-C stops it
    between files even when a finaliser swallowed the interrupt."""
    for source in sources:
        stop_if_interrupted()
        yield work(source)
    stop_if_interrupted()


def _pooled(work: FileWork, sources: Sequence[Path], jobs: int) -> Iterator[FileReport]:
    """The reports of a process pool, in order; an interrupted run waits for the files
    being worked on and drops the rest."""
    # Imported here: a run in this process (a small scan) does without them (10 ms).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # fork: a worker starts with the modules and the rule set already in memory.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    executor = ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(work,),
    )
    try:
        futures = [executor.submit(_work_on, source) for source in sources]
        for source, future in zip(sources, futures, strict=True):
            try:
                report = future.result()
            except BrokenProcessPool:
                raise WorkbenchError(
                    "a worker process died (killed, or out of memory) while this or another "
                    "file was worked on; files done so far are written, the rest are not",
                    path=source,
                ) from None
            stop_if_interrupted()
            yield report
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


_worker_work: FileWork | None = None
"""The work of this worker process, set once by ``_start_worker`` (the pool's
initializer): what it compiles stays built for every file the worker is given."""


def _start_worker(work: FileWork) -> None:
    """Make this process a worker of ``work``; Ctrl-C is for the command's process alone."""
    global _worker_work
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_work = work


def _work_on(source: Path) -> FileReport:
    """The worker's report on ``source``."""
    assert _worker_work is not None, "_start_worker runs first in every worker"
    return _worker_work(source)
