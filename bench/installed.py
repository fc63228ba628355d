"""Whole-process runs of this checkout's ``workbench`` as a pip install runs it.

``pip install`` compiles every module to bytecode when it installs them; an
editable checkout has bytecode only once Python has written it, and never
under ``PYTHONDONTWRITEBYTECODE`` (set on some machines, this project's
included). Then every run compiles the whole package again (0.1–0.2 s; more
in each process a Dask ``LocalCluster`` spawns), a cost no installed user
pays. The benchmarks that time whole processes compile the package first and
run it with this environment.
"""

from __future__ import annotations

import compileall
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def installed_env() -> dict[str, str]:
    """The environment for a ``workbench`` process, the package's bytecode compiled as
    ``pip install`` compiles it (into ``workbench/**/__pycache__``, which git ignores)."""
    compileall.compile_dir(ROOT / "workbench", quiet=1)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def timed_workbench(arguments: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, its worker processes included) of one whole
    ``workbench ARGUMENTS`` process run from the checkout; a run that fails (an exit
    code other than 0, or 1 for flags found) ends the benchmark with its error.

    On a shared machine the wall time depends on what else runs; the CPU time much less.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "workbench", *arguments],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"workbench {' '.join(arguments)} failed: {done.stderr.strip()}")
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
