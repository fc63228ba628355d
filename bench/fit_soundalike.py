"""Fit the sound-alike scorer's weights on annotated transcripts (run by hand, and by a test).

Every candidate the index finds (a window and a term it may stand for, with
its features) in each transcript of the training sets is labelled 1 when it
covers an annotated mishearing on its line and proposes that annotation's
right form, else 0. A logistic regression (Newton's method, L2 penalty, numpy)
is fitted on those rows and written, rounded, to
``workbench/soundalike/weights.json``. The fit is deterministic: a test re-runs
it and compares with the shipped file.

Training sets: the project's ``corpus/`` (``tests/data/corpus-gold.jsonl``,
glossary ``rules/glossary.txt``, no other rules: the corpus measurement) and
the development set ``../shared/devset`` (``gold.jsonl``, its glossary, on top
of the shipped pack). Only features are fitted: no term, variant or string of
either set enters the weights.

Usage: ``.venv/bin/python bench/fit_soundalike.py [--out FILE] [--check]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.atomic import write_atomic
from workbench.checks import CheckContext
from workbench.checks.glossary import GlossaryCheck, GlossaryRule
from workbench.engine import canonical_words
from workbench.formats import load
from workbench.model import Transcript
from workbench.ruleset import load_rule_set
from workbench.soundalike import Candidate, CandidateIndex, tokenize_segments
from workbench.soundalike.features import FEATURES
from workbench.soundalike.scorer import WEIGHTS

DEVSET = ROOT.parent / "shared" / "devset"
PENALTY = 10.0
"""The L2 penalty on the weights (not the bias): few rows of some features must not run away."""
POSITIVE_WEIGHT = 4.0
"""How many times a mishearing row counts against an ordinary one."""
DIGITS = 4
"""Weights are rounded to this many decimals, so a refit gives back the same file."""

SLACK = 2
"""Letters a window may hold beyond the wrong text and still count as covering it ("a")."""

Row = tuple[tuple[float, ...], int]
"""One candidate's feature values and its label."""


@dataclass(frozen=True)
class Dataset:
    """Annotated transcripts and the rules a user would scan them with."""

    name: str
    folder: Path
    gold: Path
    glossary: Path
    default_rules: bool
    """True: the shipped pack plus the glossary; False: the glossary alone."""

    def files(self) -> list[Path]:
        """The transcripts, in name order."""
        return sorted(p for p in self.folder.iterdir() if p.is_file())

    def annotations(self) -> list[dict[str, object]]:
        """The misheard names and terms annotated (scope records left out)."""
        lines = self.gold.read_text(encoding="utf-8").splitlines()
        return [a for a in map(json.loads, filter(None, lines)) if a.get("kind") != "scope"]


CORPUS = Dataset(
    "corpus",
    ROOT / "corpus",
    ROOT / "tests" / "data" / "corpus-gold.jsonl",
    ROOT / "rules" / "glossary.txt",
    default_rules=False,
)
DEV = Dataset(
    "devset", DEVSET / "corpus", DEVSET / "gold.jsonl", DEVSET / "glossary.txt", default_rules=True
)
DATASETS = {dataset.name: dataset for dataset in (CORPUS, DEV)}


def candidate_index(dataset: Dataset) -> CandidateIndex:
    """The candidate index of the glossary check a scan of ``dataset`` runs (its terms
    with the variants the rules around it list)."""
    rules = load_rule_set(use_default=dataset.default_rules, glossaries=[dataset.glossary]).rules
    terms = tuple(
        (str(rule.canonical), tuple(getattr(rule, "variants", ())), bool(rule.fuzzy))  # type: ignore[attr-defined]
        for rule in rules
        if rule.kind == "term"
    )
    (rule,) = [r for r in rules if isinstance(r, GlossaryRule)]
    check = GlossaryCheck(rule, CheckContext(frozenset(canonical_words(rules)), 2.0, terms))
    return CandidateIndex(check.terms())


def candidates(index: CandidateIndex, transcript: Transcript) -> Iterable[Candidate]:
    """Every candidate of every window of the transcript."""
    tokens = tokenize_segments(transcript.segments)
    scan = index.scan(tokens, frozenset(token.norm for token in tokens))
    for first, last in index.windows(scan):
        yield from index.candidates(scan, first, last)


TAG = re.compile(r"<[^>]*>")
"""A WebVTT tag (``<c>``, ``<00:01:02.300>``): annotations keep them where they sit
in the file (rolling captions), the segment text the index sees does not."""


def _squash(text: str) -> str:
    """Letters and digits only, lowercased, tags dropped: how labels compare wrong and right forms."""
    return "".join(ch for ch in TAG.sub("", text).lower() if ch.isalnum())


def rows(dataset: Dataset) -> dict[str, list[Row]]:
    """The labelled candidates of each transcript of ``dataset``, by file name."""
    index = candidate_index(dataset)
    gold = dataset.annotations()
    found: dict[str, list[Row]] = {}
    for path in dataset.files():
        transcript = load(path)
        own = [a for a in gold if Path(str(a["file"])).name == path.name]
        lines = _lines(transcript)
        texts = {segment.index: segment.text for segment in transcript.segments}
        # One row per mishearing, not per copy of its line: rolling captions show a
        # line three times, and only the copy the annotation names is labelled 1.
        labelled: dict[tuple[str, int, int, str], Row] = {}
        for c in candidates(index, transcript):
            row = (c.features.values, _label(c, lines, own))
            key = _place(c, lines, texts)
            if key not in labelled or row[1] > labelled[key][1]:
                labelled[key] = row
        found[path.name] = list(labelled.values())
    return found


def _place(
    candidate: Candidate, lines: dict[int, list[tuple[int, int, int]]], texts: dict[int, str]
) -> tuple[str, int, int, str]:
    """Where a candidate stands, up to copies of its line: the line's text, the window's
    offset in it, its number of tokens and the term."""
    first = candidate.tokens[0]
    start, end = next(
        (start, end) for start, end, _ in lines[first.segment] if start <= first.start <= end
    )
    line = texts[first.segment][start:end]
    return line, first.start - start, len(candidate.tokens), candidate.term.canonical


def _lines(transcript: Transcript) -> dict[int, list[tuple[int, int, int]]]:
    """Per segment: (start offset, end offset, file line) of each of its text lines."""
    table: dict[int, list[tuple[int, int, int]]] = {}
    for segment in transcript.segments:
        first = segment.line or 0
        spans, offset = [], 0
        for k, part in enumerate(segment.text.split("\n")):
            spans.append((offset, offset + len(part), first + k))
            offset += len(part) + 1
        table[segment.index] = spans
    return table


def _label(
    candidate: Candidate,
    lines: dict[int, list[tuple[int, int, int]]],
    gold: Sequence[dict[str, object]],
) -> int:
    """1 when the candidate covers an annotation on its line and proposes its right form."""
    tokens = candidate.tokens
    on = {
        line
        for token in tokens
        for start, end, line in lines[token.segment]
        if start <= token.start <= end
    }
    said = _squash(" ".join(token.text for token in tokens))
    proposed = _squash(candidate.term.canonical)
    for annotation in gold:
        wrong = _squash(str(annotation["wrong"]))
        alts = annotation.get("alts") or []
        rights = {_squash(str(r)) for r in [annotation["right"], *alts]}  # type: ignore[misc]
        if (
            wrong
            and proposed in rights
            and int(str(annotation["line"])) in on
            and _covers(said, wrong)
        ):
            return 1
    return 0


def _covers(said: str, wrong: str) -> bool:
    """True when a window's letters are the wrong text's, or at least half of them,
    or hold them with no more than a short word around them."""
    return (said in wrong and 2 * len(said) >= len(wrong)) or (
        wrong in said and len(said) <= len(wrong) + SLACK
    )


def fit(data: Iterable[Row], positive: float = POSITIVE_WEIGHT) -> tuple[list[float], float]:
    """Logistic regression by Newton's method with an L2 penalty: (weights, bias), rounded.

    Each mishearing row counts ``positive`` times (the classes are far apart in size).
    """
    listed = list(data)
    x = np.array([[1.0, *values] for values, _ in listed])
    y = np.array([float(flag) for _, flag in listed])
    counts = np.where(y == 1.0, positive, 1.0)
    penalty = np.eye(x.shape[1]) * PENALTY
    penalty[0, 0] = 0.0  # the bias is not penalised
    beta = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (counts * (p - y)) + penalty @ beta
        hessian = (x.T * (counts * p * (1 - p))) @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    rounded = [round(float(b), DIGITS) + 0.0 for b in beta]
    return rounded[1:], rounded[0]


def training_rows(
    sets: Sequence[Dataset] = (CORPUS, DEV), leave_out: str | None = None
) -> list[Row]:
    """The rows of every file of ``sets``, but the file named ``leave_out``."""
    return [
        row
        for dataset in sets
        for name, found in rows(dataset).items()
        if name != leave_out
        for row in found
    ]


def weights_json(weights: Sequence[float], bias: float) -> str:
    """The weights file's text."""
    data = {"features": list(FEATURES), "weights": list(weights), "bias": bias}
    return json.dumps(data, indent=2) + "\n"


def main() -> int:
    """Fit on every training set and write (or, with --check, compare) the weights file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs")
    args = parser.parse_args()
    text = weights_json(*fit(training_rows()))
    if args.check:
        same = args.out.read_text(encoding="utf-8") == text
        print("weights reproduce" if same else f"{args.out} differs from a refit")
        return 0 if same else 1
    write_atomic(args.out, text.encode("utf-8"))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
