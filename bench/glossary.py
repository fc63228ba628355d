"""What a 1,000-term glossary costs a corpus scan (run by hand; target < 3x).

Builds a glossary of 1,000 terms (the shipped glossary plus made-up names and
products, fixed seed), then times the whole ``workbench scan corpus/ --json``
process with and without ``--glossary`` (best of three) and prints the ratio.

Usage: ``.venv/bin/python bench/glossary.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    shipped = ROOT / "rules" / "glossary.txt"
    terms = [
        line.split("#", 1)[0].strip()
        for line in shipped.read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    rng = random.Random(seed)
    seen = set(terms)
    while len(terms) < count:
        words = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            for _ in range(rng.randint(1, 2))
        ]
        if rng.random() < 0.15:
            words[-1] += f"-{rng.randint(2, 9)}"
        term = " ".join(words)
        if term not in seen:
            seen.add(term)
            terms.append(term)
    return terms


def timed(command: list[str], runs: int) -> float:
    """The best wall time of ``runs`` runs of ``command`` in the repository."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print scan times with and without a 1,000-term glossary, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--terms", type=int, default=1000)
    args = parser.parse_args()
    workbench = str(Path(sys.executable).with_name("workbench"))
    with tempfile.TemporaryDirectory() as tmp:
        glossary = Path(tmp) / "big.txt"
        glossary.write_text("\n".join(made_up_terms(args.terms)) + "\n", encoding="utf-8")
        base = [workbench, "scan", "corpus/", "--json", "--store", str(Path(tmp) / "store")]
        without = timed(base, args.runs)
        with_glossary = timed([*base, "--glossary", str(glossary)], args.runs)
    print(f"scan without glossary        {without:.2f} s")
    print(f"scan with {args.terms}-term glossary  {with_glossary:.2f} s")
    print(f"ratio {with_glossary / without:.2f}x  (target < 3x)")


if __name__ == "__main__":
    main()
