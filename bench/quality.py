"""How well sound-alike detection finds the mishearings of a dataset (run by hand).

``--dataset corpus`` (the default) runs ``workbench scan corpus/
--no-default-rules --glossary rules/glossary.txt --json`` (every variant list
removed: only sound-alike detection) and scores its flags against
``tests/data/corpus-gold.jsonl``:

* recall — annotations for which a flag changes characters of the wrong text on
  its line (a flag fixing another word of the same line does not count);
* accuracy — of those, the share whose suggestion writes the right form;
* precision — flags that match an annotation.

``--dataset devset`` scans ``../shared/devset/corpus`` as a user would (the
shipped pack plus the dev set's glossary), leaves out the kinds its README
leaves out, and prints ``score.py``'s figures per file and overall, then the
same without the two rolling-caption files (``*.en.vtt``).

Both then print leave-one-file-out figures for the fitted scorer: for each
file, weights fitted (``bench/fit_soundalike.py``, settings chosen on the same
files) on every other file of the training sets (the planted copy of a corpus
file goes out with it), that file scanned with them; the flags of all files
scored together.

``--misses`` lists, per file, what each run missed and what it flagged that
matches no annotation; on the dev set also the annotations it found with a
wrong fix, and which misses no candidate at all proposes the right form for
(those the scorer never saw: candidate generation's) — the instrument for
what to work on next.

Usage: ``.venv/bin/python bench/quality.py [--dataset corpus|devset] [--no-lofo] [--misses]``.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit_soundalike as fitting

LEFT_OUT_KINDS = {"spelling", "repeat", "filler", "fragment", "boilerplate", "timing"}
"""Kinds the dev set's README leaves out of its measurement, and ``timing``, which
came later: a re-timed or re-wrapped cue holds every word of it, so counting it
would score as found every mishearing on a flagged cue's lines."""
ROLLING = ".en.vtt"
"""The rolling-caption files of the dev set (YouTube WebVTT), reported apart until their fix lands."""

Flag = dict[str, Any]
"""One object of ``scan --json``."""
Annotation = dict[str, Any]
"""One line of the gold file: ``file``, ``line``, ``wrong`` (lines split by ``\\n``), ``right``."""


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


def changed_ranges(original: str, suggestion: str) -> list[tuple[int, int]]:
    """The character ranges of ``original`` that ``suggestion`` changes (half-open).

    The text both share at the start and the end is left out first, so a change
    is never attributed to unchanged words around it; what remains is split by
    ``difflib`` into the runs that really differ. An insertion is an empty range.
    """
    prefix = 0
    limit = min(len(original), len(suggestion))
    while prefix < limit and original[prefix] == suggestion[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and original[len(original) - 1 - suffix] == suggestion[len(suggestion) - 1 - suffix]
    ):
        suffix += 1
    before = original[prefix : len(original) - suffix]
    after = suggestion[prefix : len(suggestion) - suffix]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        (prefix + i1, prefix + i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"
    ]


def wrong_ranges(flag: Flag, gold: Annotation) -> list[tuple[int, int]]:
    """Where ``gold``'s wrong text (each of its lines) sits in the flag's original text.

    The flag's original holds one line per segment, for lines ``line`` to
    ``last_line``; an annotation over two lines ("Ways\nand Biases") has one
    part on its line and one on the next, and either part may be hit.
    """
    first = int(flag["line"])
    last = int(flag["last_line"] or first)
    original = str(flag["original"])
    lines = original.split("\n")
    starts = [0]
    for text in lines[:-1]:
        starts.append(starts[-1] + len(text) + 1)
    if len(lines) != last - first + 1:
        # Segments of several lines each (SRT): any line of the span may hold it.
        lines, starts, numbers = [original], [0], [range(first, last + 1)]
    else:
        numbers = [range(first + k, first + k + 1) for k in range(len(lines))]
    found = []
    for offset, part in enumerate(str(gold["wrong"]).split("\n")):
        line = int(gold["line"]) + offset
        for text, start, held in zip(lines, starts, numbers, strict=True):
            if line not in held or not part:
                continue
            at = text.find(part)
            while at >= 0:
                found.append((start + at, start + at + len(part)))
                at = text.find(part, at + 1)
    return found


def _overlap(change: tuple[int, int], wrong: tuple[int, int]) -> bool:
    """True when a change touches the wrong text (an insertion counts at its edges too)."""
    (c1, c2), (w1, w2) = change, wrong
    if c1 == c2:
        return w1 <= c1 <= w2
    return c1 < w2 and w1 < c2


def flags_annotation(flag: Flag, gold: Annotation) -> bool:
    """True when ``flag`` is in ``gold``'s file and changes characters of its wrong text."""
    if flag["file"] != gold["file"]:
        return False
    wrong = wrong_ranges(flag, gold)
    if not wrong:
        return False
    changes = changed_ranges(str(flag["original"]), str(flag["suggestion"]))
    return any(_overlap(change, span) for change in changes for span in wrong)


def fixes_annotation(flag: Flag, gold: Annotation) -> bool:
    """True when the flag's suggestion writes the right form where the original did not."""
    right = str(gold["right"])
    return str(flag["suggestion"]).count(right) > str(flag["original"]).count(right)


def score(flags: list[Flag], gold: list[Annotation]) -> Quality:
    """Recall, accuracy and precision of ``flags`` against the annotations in ``gold``."""
    found = right = 0
    for annotation in gold:
        hits = [flag for flag in flags if flags_annotation(flag, annotation)]
        if hits:
            found += 1
            right += any(fixes_annotation(flag, annotation) for flag in hits)
    true_flags = sum(any(flags_annotation(flag, a) for a in gold) for flag in flags)
    return Quality(len(gold), found, right, len(flags), true_flags)


def workbench(*args: str) -> list[Flag]:
    """The flags of one ``workbench scan --json`` run in the repository."""
    with tempfile.TemporaryDirectory() as store:
        command = [str(Path(sys.executable).with_name("workbench")), "scan", *args]
        command += ["--json", "--store", store]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    flags: list[Flag] = json.loads(done.stdout)
    return flags


def rules_args(dataset: fitting.Dataset, weights: Path | None, folder: Path) -> list[str]:
    """The rule options of a scan of ``dataset``: its glossary, fitted ``weights`` if given."""
    base = [] if dataset.default_rules else ["--no-default-rules"]
    if weights is None:
        return [*base, "--glossary", str(dataset.glossary)]
    rule = {"id": "glossary-lofo", "kind": "glossary", "file": str(dataset.glossary)}
    rule["weights"] = str(weights)
    (folder / "glossary.yaml").write_text(json.dumps({"rules": [rule]}), encoding="utf-8")
    return [*base, "--rules", str(folder)]


def scan(
    dataset: fitting.Dataset, files: Sequence[Path], weights: Path | None = None
) -> list[Flag]:
    """The flags of a scan of ``files`` of ``dataset`` (scored kinds only)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = [str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in files]
        flags = workbench(*paths, *rules_args(dataset, weights, Path(folder)))
    return [flag for flag in flags if flag["kind"] not in LEFT_OUT_KINDS]


def left_out_flags(dataset: fitting.Dataset) -> list[Flag]:
    """Each file scanned with weights fitted on every other file of the training sets
    (the fit's settings, too, chosen on those other files alone)."""
    files = fitting.training_files()
    flags: list[Flag] = []
    with tempfile.TemporaryDirectory() as folder:
        weights = Path(folder) / "weights.json"
        for path in dataset.files():
            # Mishearings planted into a corpus file go out with it.
            training = {key: found for key, found in files.items() if key[1] != path.name}
            weights.write_text(fitting.refit(training), encoding="utf-8")
            flags += scan(dataset, [path], weights)
    return flags


def report_corpus(flags: list[Flag], gold: list[Annotation], title: str) -> None:
    """Print the corpus figures of ``flags``."""
    quality = score(flags, gold)
    print(f"{title}: annotations {quality.annotations}, flags {quality.flags}")
    print(
        f"recall    {quality.recall:.3f}  ({quality.found}/{quality.annotations})  target >= 0.80"
    )
    print(f"accuracy  {quality.accuracy:.3f}  ({quality.right}/{quality.found})  target >= 0.70")
    print(
        f"precision {quality.precision:.3f}  ({quality.true_flags}/{quality.flags})  target >= 0.85"
    )


def report_devset(
    flags: list[Flag], title: str, without: set[tuple[str, int, str]] | None = None
) -> None:
    """Print ``score.py``'s figures of ``flags``, per file, then without the rolling
    captions; given ``without`` (``unproposed``), the dev-set listing after them."""
    gold = fitting.DEV.gold
    with tempfile.TemporaryDirectory() as folder:
        for part, keep in (("all files", lambda name: True), ("without *.en.vtt", _settled)):
            kept_gold = Path(folder) / "gold.jsonl"
            kept_gold.write_text(
                "".join(
                    line + "\n"
                    for line in gold.read_text(encoding="utf-8").splitlines()
                    if line.strip() and keep(json.loads(line)["file"])
                ),
                encoding="utf-8",
            )
            kept = Path(folder) / "flags.json"
            chosen = [f for f in flags if keep(Path(str(f["file"])).name)]
            kept.write_text(json.dumps(chosen), encoding="utf-8")
            command = [sys.executable, str(fitting.DEVSET / "score.py"), str(kept_gold), str(kept)]
            if part == "all files":
                command.append("--per-file")
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            print(f"== {title}, {part}")
            print(done.stdout.rstrip())
    if without is not None:
        print(f"== {title}: misses, wrong fixes and false flags by file")
        print("\n".join(devset_listing(flags, without)))


def devset_scorer() -> ModuleType:
    """The dev set's own ``score.py``, imported (its matching rules are the measure)."""
    spec = importlib.util.spec_from_file_location("devset_score", fitting.DEVSET / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unproposed(dataset: fitting.Dataset) -> set[tuple[str, int, str]]:
    """(file, line, wrong) of each annotation of ``dataset`` that no candidate covers
    while proposing its right form: what the scorer never got to weigh."""
    proposed = {
        (name, label) for name, found in fitting.rows(dataset).items() for _, label, _ in found
    }
    left: set[tuple[str, int, str]] = set()
    for name in {Path(str(a["file"])).name for a in dataset.annotations()}:
        own = [a for a in dataset.annotations() if Path(str(a["file"])).name == name]
        # A row's label numbers the annotations of its own file, from 1.
        left.update(
            (name, int(str(a["line"])), str(a["wrong"]))
            for number, a in enumerate(own, 1)
            if (name, number) not in proposed
        )
    return left


def devset_listing(flags: list[Flag], without: set[tuple[str, int, str]]) -> list[str]:
    """Per file, as ``score.py`` matches them: each missed annotation (``MISS``, or
    ``MISS-NC`` when it is in ``without``: no candidate proposes its right form), each
    found one with a wrong fix (``WRONG``, the suggestions made) and each scored flag
    that matches none (``FALSE``)."""
    scorer = devset_scorer()
    items, _, scope, _ = scorer.load_gold(fitting.DEV.gold)
    normal = scorer.normalise_flags(flags)
    by_file: dict[str, list[str]] = {}
    for item in items:
        hits = [f for f in normal if scorer.detects(item, f)]
        said = f"{item['line']}: {item['wrong']!r} -> {item['right']!r}"
        if not hits:
            missed = (item["file"], item["line"], item["wrong"]) in without
            by_file.setdefault(item["file"], []).append(
                f"  {'MISS-NC' if missed else 'MISS'} {said}"
            )
        elif not any(scorer.corrects(item, f) for f in hits):
            made = ", ".join(repr(f["suggestion"]) for f in hits)
            by_file.setdefault(item["file"], []).append(f"  WRONG {said} (made {made})")
    for f in normal:
        if f["kind"] in scorer.DUP_KINDS or f["file"] not in scope:
            continue
        if any(scorer.detects(item, f) for item in items):
            continue
        if scorer.loose(f["original"]) == scorer.loose(f["suggestion"]):
            continue  # formatting only: neutral
        said = f"{f['line']}: {f['original']!r} -> {f['suggestion']!r} [{f['kind']}]"
        by_file.setdefault(f["file"], []).append(f"  FALSE {said}")
    return [line for name in sorted(by_file) for line in [name, *by_file[name]]]


def _settled(name: str) -> bool:
    return not name.endswith(ROLLING)


def main() -> None:
    """Print the figures of the chosen dataset: in-sample, then leave-one-file-out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=sorted(fitting.DATASETS), default="corpus")
    parser.add_argument("--no-lofo", action="store_true", help="skip leave-one-file-out")
    parser.add_argument(
        "--misses", action="store_true", help="list what was missed and flagged wrongly"
    )
    args = parser.parse_args()
    dataset = fitting.DATASETS[args.dataset]
    flags = scan(dataset, [dataset.folder])
    if dataset is fitting.DEV:
        without = unproposed(dataset) if args.misses else None
        report_devset(flags, "shipped weights (in-sample)", without)
        if not args.no_lofo:
            report_devset(left_out_flags(dataset), "leave-one-file-out", without)
        return
    gold = [json.loads(line) for line in dataset.gold.read_text().splitlines() if line.strip()]
    report_corpus(flags, gold, "shipped weights (in-sample)")
    if args.misses:
        for annotation in gold:
            if not any(flags_annotation(flag, annotation) for flag in flags):
                print("missed", annotation["file"], annotation["line"], repr(annotation["wrong"]))
        for flag in flags:
            if not any(flags_annotation(flag, a) for a in gold):
                print("extra", flag["file"], flag["line"], repr(flag["original"]))
    if not args.no_lofo:
        report_corpus(left_out_flags(dataset), gold, "leave-one-file-out")


if __name__ == "__main__":
    main()
