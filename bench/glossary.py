"""What a 1,000-term glossary costs a corpus scan (run by hand; target < 3x).

Builds a glossary of 1,000 terms (the shipped glossary plus made-up names and
products, fixed seed), then times the whole ``workbench scan corpus/ --json``
process (best of three) against both baselines, each "the same scan without
the glossary", i.e. the same rule set minus the glossary:

* the default pack: ``scan`` vs ``scan --glossary FILE``;
* no rules at all: ``scan --no-default-rules`` (process start, reading the
  corpus) vs ``scan --no-default-rules --glossary FILE`` (the glossary alone).

Each time is the best of the runs, as wall time and as the process's CPU time
(user + system; on a machine shared with other work the CPU time moves less
than the wall time); the load average is printed before and after.

Usage: ``.venv/bin/python bench/glossary.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.glossary import read_glossary

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mu",
    "sen",
    "zha",
    "vel",
    "dor",
    "pix",
    "lan",
    "qua",
    "bre",
    "sto",
    "fen",
    "gul",
    "ix",
    "ar",
    "om",
    "tev",
    "yun",
]


def made_up_terms(count: int, seed: int = 5) -> list[str]:
    """``count`` distinct name-like terms: the shipped glossary first, then invented ones."""
    terms = [entry.term for entry in read_glossary(ROOT / "rules" / "glossary.txt")]
    rng = random.Random(seed)
    seen = {term.casefold() for term in terms}
    while len(terms) < count:
        words = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            for _ in range(rng.randint(1, 2))
        ]
        if rng.random() < 0.15:
            words[-1] += f"-{rng.randint(2, 9)}"
        term = " ".join(words)
        if term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """The best wall time and the best CPU time of ``runs`` runs of ``command`` in the
    repository."""
    wall = cpu = float("inf")
    for _ in range(runs):
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, _children_cpu() - before)
    return wall, cpu


def _children_cpu() -> float:
    """User and system time of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    """The machine's load average over 1, 5 and 15 minutes, in words."""
    return "load average " + " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def main() -> None:
    """Print scan times with and without a 1,000-term glossary, and their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--terms", type=int, default=1000)
    args = parser.parse_args()
    workbench = str(Path(sys.executable).with_name("workbench"))
    with tempfile.TemporaryDirectory() as tmp:
        glossary = Path(tmp) / "big.txt"
        glossary.write_text("\n".join(made_up_terms(args.terms)) + "\n", encoding="utf-8")
        read_glossary(glossary)  # the bench's own glossary must be a valid one
        base = [workbench, "scan", "corpus/", "--json", "--store", str(Path(tmp) / "store")]
        print(_load())
        for name, rules in (("default pack", []), ("no other rules", ["--no-default-rules"])):
            without, without_cpu = timed([*base, *rules], args.runs)
            with_glossary, with_cpu = timed([*base, *rules, "--glossary", str(glossary)], args.runs)
            print(
                f"{name}: scan {without:.2f} s, with {args.terms}-term glossary "
                f"{with_glossary:.2f} s, ratio {with_glossary / without:.2f}x  (target < 3x); "
                f"CPU {without_cpu:.2f} s -> {with_cpu:.2f} s, {with_cpu / without_cpu:.2f}x"
            )
        print(_load())


if __name__ == "__main__":
    main()
