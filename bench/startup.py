"""How long the ``workbench`` process takes to start and do a little (run by hand).

Times whole processes, each the median of ``--runs`` runs (default 20), and
prints each against ``python -c pass`` measured in the same run:

* ``--version``, ``--help`` and ``scan --help`` (targets: under 0.25 s);
* ``scan`` of a small transcript (its first 20 lines; target: under 0.5 s),
  with an empty store in a temporary folder.

Runs ``python -m workbench`` with this interpreter, so it measures the code of
this checkout (and the installed packages), not whichever ``workbench`` is on
PATH, with its bytecode compiled as a pip install has it (``installed.py``).
For where the time goes: ``python -X importtime -m workbench --help``.

Usage: ``.venv/bin/python bench/startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from installed import installed_env

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "welinder-gpt4-launch.txt"
SAMPLE_LINES = 20


def median_seconds(command: list[str], runs: int, cwd: Path, env: dict[str, str]) -> float:
    """The median wall time of ``runs`` runs of ``command`` (output discarded), after one
    run that is not timed (it fills the disk cache of rule set and dictionary)."""
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Time each command and print it against ``python -c pass``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Runs per command (median).")
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        small = work / "small.txt"
        lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
        small.write_text("".join(lines[:SAMPLE_LINES]), encoding="utf-8")
        workbench = [sys.executable, "-m", "workbench"]
        env = installed_env()
        baseline = median_seconds([sys.executable, "-c", "pass"], runs, work, env)
        print(f"python -c pass            {baseline:6.3f} s")
        for args, target in (
            (["--version"], 0.25),
            (["--help"], 0.25),
            (["scan", "--help"], 0.25),
            (["scan", str(small), "--store", str(work / "store")], 0.5),
        ):
            seconds = median_seconds(workbench + args, runs, work, env)
            name = " ".join("small.txt" if arg == str(small) else arg for arg in args[:2])
            verdict = "ok" if seconds < target else "OVER"
            print(
                f"workbench {name:<15} {seconds:6.3f} s  {seconds / baseline:5.1f}× python "
                f"(target < {target} s: {verdict})"
            )
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"load {load}")


if __name__ == "__main__":
    main()
