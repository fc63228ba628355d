"""``--jobs``, ``--dask``, ``--quiet``: how a batch command runs its files, and its progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from workbench.batch import FileReport, FileWork

F = TypeVar("F", bound=Callable[..., Any])


def jobs_option(command: F) -> F:
    """Add ``--jobs N`` and ``--quiet``."""
    command = click.option(
        "--quiet", "-q", is_flag=True, help="No progress bar (it shows only on a terminal)."
    )(command)
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        metavar="N",
        help="Worker processes (default: every core for a batch over 1 MB; 1 works in this process).",
    )(command)


def dask_option(command: F) -> F:
    """Add ``--dask ADDRESS|local``."""
    return click.option(
        "--dask",
        "dask",
        metavar="ADDRESS",
        help="Run the files on a Dask scheduler (tcp://host:8786), a few to a task, or on a "
        "LocalCluster of --jobs processes with 'local' (needs the [dask] extra).",
    )(command)


def run_batch(
    work: FileWork,
    sources: Sequence[Path],
    *,
    label: str,
    jobs: int | None,
    quiet: bool,
    dask: str | None = None,
) -> AbstractContextManager[Iterator[FileReport]]:
    """``work``'s reports on ``sources`` in order, with a progress bar on a terminal."""
    from workbench.batch import default_jobs, run_files
    from workbench.batch.progress import corpus_progress
    from workbench.batch.runners import cores

    if dask is not None and sources:  # no files, no cluster to start
        from workbench.batch.dask import run_on_dask

        reports = run_on_dask(work, sources, dask, workers=jobs or cores())
    else:
        reports = run_files(work, sources, jobs or default_jobs(sources))
    return corpus_progress(reports, sources, label, quiet=quiet)
