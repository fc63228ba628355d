"""How well the glossary alone finds the corpus's mishearings (run by hand).

Runs ``workbench scan corpus/ --no-default-rules --glossary rules/glossary.txt
--json`` (every variant list removed: only sound-alike detection) and scores
its flags against ``tests/data/corpus-gold.jsonl``:

* recall — annotations for which a flag on the right line holds the wrong text;
* accuracy — of those, the share whose suggestion writes the right form;
* precision — flags that match an annotation.

Usage: ``.venv/bin/python bench/quality.py [--glossary FILE] [--gold FILE]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Quality:
    """The three figures, with the counts behind them."""

    annotations: int
    found: int
    right: int
    flags: int
    true_flags: int

    @property
    def recall(self) -> float:
        """Annotations found / annotations."""
        return self.found / self.annotations if self.annotations else 0.0

    @property
    def accuracy(self) -> float:
        """Found annotations whose suggestion holds the right form / found annotations."""
        return self.right / self.found if self.found else 0.0

    @property
    def precision(self) -> float:
        """Flags that match an annotation / flags."""
        return self.true_flags / self.flags if self.flags else 0.0


def flags_annotation(flag: dict[str, object], gold: dict[str, object]) -> bool:
    """True when ``flag`` covers ``gold``'s line in its file and its original holds the wrong text."""
    first = int(flag["line"])  # type: ignore[call-overload]
    last = int(flag["last_line"] or first)  # type: ignore[call-overload]
    return (
        flag["file"] == gold["file"]
        and first <= int(gold["line"]) <= last  # type: ignore[call-overload]
        and str(gold["wrong"]) in str(flag["original"])
    )


def fixes_annotation(flag: dict[str, object], gold: dict[str, object]) -> bool:
    """True when the flag's suggestion writes the right form where the original did not."""
    right = str(gold["right"])
    return str(flag["suggestion"]).count(right) > str(flag["original"]).count(right)


def score(flags: list[dict[str, object]], gold: list[dict[str, object]]) -> Quality:
    """Recall, accuracy and precision of ``flags`` against the annotations in ``gold``."""
    found = right = 0
    for annotation in gold:
        hits = [flag for flag in flags if flags_annotation(flag, annotation)]
        if hits:
            found += 1
            right += any(fixes_annotation(flag, annotation) for flag in hits)
    true_flags = sum(any(flags_annotation(flag, a) for a in gold) for flag in flags)
    return Quality(len(gold), found, right, len(flags), true_flags)


def scan(glossary: Path) -> list[dict[str, object]]:
    """The flags of a glossary-only ``workbench scan --json`` of the corpus."""
    command = [
        str(Path(sys.executable).with_name("workbench")),
        "scan",
        "corpus/",
        "--no-default-rules",
        "--glossary",
        str(glossary),
        "--json",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    flags: list[dict[str, object]] = json.loads(done.stdout)
    return flags


def main() -> None:
    """Print the figures of the glossary-only scan."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glossary", type=Path, default=Path("rules/glossary.txt"))
    parser.add_argument("--gold", type=Path, default=ROOT / "tests/data/corpus-gold.jsonl")
    parser.add_argument("--misses", action="store_true", help="also list what was missed")
    args = parser.parse_args()
    gold = [json.loads(line) for line in args.gold.read_text().splitlines() if line.strip()]
    flags = scan(args.glossary)
    quality = score(flags, gold)
    print(f"annotations {quality.annotations}, flags {quality.flags}")
    print(
        f"recall    {quality.recall:.3f}  ({quality.found}/{quality.annotations})  target >= 0.80"
    )
    print(f"accuracy  {quality.accuracy:.3f}  ({quality.right}/{quality.found})  target >= 0.70")
    print(
        f"precision {quality.precision:.3f}  ({quality.true_flags}/{quality.flags})  target >= 0.85"
    )
    if args.misses:
        for annotation in gold:
            if not any(flags_annotation(flag, annotation) for flag in flags):
                print("missed", annotation["file"], annotation["line"], repr(annotation["wrong"]))
        for flag in flags:
            if not any(flags_annotation(flag, a) for a in gold):
                print("extra", flag["file"], flag["line"], repr(flag["original"]))


if __name__ == "__main__":
    main()
