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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def installed_env() -> dict[str, str]:
    """The environment for a ``workbench`` process, the package's bytecode compiled as
    ``pip install`` compiles it (into ``workbench/**/__pycache__``, which git ignores)."""
    compileall.compile_dir(ROOT / "workbench", quiet=1)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
