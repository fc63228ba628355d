"""Running a file work on a Dask cluster: one task per few files, the work shipped once.

``ADDRESS`` is a running ``dask.distributed`` scheduler (``tcp://host:8786``);
``local`` starts a ``LocalCluster`` of worker processes on this machine for the
run. The work (the rule set it compiles) is scattered to every worker once
and compiled there on its first file. A task is a run of consecutive files
(``batches``): the scheduler's cost per task, in the command's process and on
its cores, is paid once per batch. A task whose worker is lost is run again
elsewhere by the scheduler (up to its ``allowed-failures``); works that write
make a second run of a file harmless (``ApplyWork.bases``).

Dask is an optional extra: without it, ``--dask`` is one line saying how to
install it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from workbench.batch.reports import FileReport, FileWork
from workbench.errors import UsageError, WorkbenchError

INSTALL_HINT = "--dask needs Dask: pip install 'transcript-workbench[dask]'"
_LOCAL_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.scheduler.active-memory-manager.start": False,
}
"""A LocalCluster without the sampling profiler (every 10 ms) and the GIL monitor
(every 1 ms), which take a worker's core from the files, and without the memory
manager that drops the copies of the work ``scatter(broadcast=True)`` made."""


def _distributed() -> tuple[Any, Any]:
    """The ``distributed`` module and ``dask.config``, or the one line that says how to
    install them."""
    try:
        import dask.config
        import distributed
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    return distributed, dask.config


def run_on_dask(
    work: FileWork, sources: Sequence[Path], address: str, *, workers: int
) -> Iterator[FileReport]:
    """``work``'s report on each of ``sources``, in their order, run on the cluster at
    ``address`` (``local``: a LocalCluster of ``workers`` processes, one thread each)."""
    distributed, dask_config = _distributed()
    # Dask logs a lost worker and its restart; the command reports what matters itself.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with ExitStack() as stack:
        if address == "local":
            stack.enter_context(dask_config.set(_LOCAL_CLUSTER))  # its workers take it too
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(distributed.Client(cluster))
        else:
            try:
                # How long it waits: Dask's distributed.comm.timeouts.connect (30 s).
                client = stack.enter_context(distributed.Client(address))
            except (OSError, TimeoutError, ValueError) as error:
                raise UsageError(f"cannot reach the Dask scheduler at {address}: {error}") from None
        shipped = client.scatter((uuid.uuid4().hex, work), broadcast=True, hash=False)
        tasks = batches(sources, slots=sum(client.nthreads().values()) or workers)
        futures = client.map(_run, tasks, work=shipped, pure=False)
        try:
            for batch, future in zip(tasks, futures, strict=True):
                try:
                    yield from future.result()
                except distributed.KilledWorker:
                    rest = f" (or one of the {len(batch) - 1} after it)" if len(batch) > 1 else ""
                    raise WorkbenchError(
                        f"every Dask worker that was given this file{rest} died while working on it",
                        path=batch[0],
                    ) from None
        finally:
            client.cancel(futures)


BATCH_FILES = 8
"""The most files in one task. A task costs the cluster 1–2 ms of scheduling (on this
project's shared 2-core machine, a LocalCluster of 2: 1,000 empty one-item tasks
2.35 s, 125 of eight items 0.32 s), a file of 1,000 segments a worker some 35 ms;
larger batches would make the progress bar jumpy and a lost worker's retried work long."""


def batches(sources: Sequence[Path], *, slots: int) -> list[tuple[Path, ...]]:
    """``sources`` cut into runs of consecutive files, in order: up to ``BATCH_FILES`` each,
    fewer when there are not eight tasks for each of the cluster's ``slots`` (its workers'
    threads: the tasks it runs at once), so none waits idle at the end."""
    size = max(1, min(BATCH_FILES, len(sources) // (8 * max(slots, 1))))
    return [tuple(sources[start : start + size]) for start in range(0, len(sources), size)]


_kept: tuple[str, FileWork] | None = None
"""The work of the latest run on this worker process, by its run's token: a copy
the worker fetches again (a scheduler's memory manager may drop replicas) is
not compiled again. One slot: a long-lived worker keeps one run's work."""


def _run(batch: Sequence[Path], work: tuple[str, FileWork]) -> list[FileReport]:
    """One task: the run's work (compiled once in this worker) on each file of ``batch``."""
    global _kept
    if _kept is None or _kept[0] != work[0]:
        _kept = work
    return [_kept[1](source) for source in batch]
