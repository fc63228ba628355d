"""One command's work over many files: in this process, on a process pool, or on Dask.

A command hands a *file work* (a picklable callable, ``FileWork``: one source
path in, one ``FileReport`` out) and its files to ``run_files``, which yields
the reports in the order of the files, however they were run. The command
prints them: so its output is the same, byte for byte, with one worker or many.
"""

from __future__ import annotations

from workbench.batch.interrupts import deferred_interrupts
from workbench.batch.reports import FileReport, FileWork
from workbench.batch.runners import default_jobs, run_files

__all__ = ["FileReport", "FileWork", "default_jobs", "deferred_interrupts", "run_files"]
