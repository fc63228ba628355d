"""Fit the sound-alike scorer's weights on annotated transcripts (run by hand, and by a test).

Every candidate the index finds (a window and a term it may stand for, with
its features) in each transcript of the training sets is labelled 1 when it
covers an annotated mishearing on its line and proposes that annotation's
right form, else 0. A logistic regression (Newton's method, L2 penalty, numpy)
is fitted on those rows and written, rounded, to
``workbench/soundalike/weights.json``. Its two settings (the penalty, and how
much a mishearing row counts) are chosen by leave-one-file-out inside the
training rows: each setting's fits on all files but one score that one's rows.
The fit is deterministic: a test re-runs it and compares with the shipped file.

Training sets: the project's ``corpus/`` (``tests/data/corpus-gold.jsonl``,
glossary ``rules/glossary.txt``, no other rules: the corpus measurement), the
development set ``../shared/devset`` (``gold.jsonl``, its glossary, on top of
the shipped pack) and mishearings planted into corpus text
(``bench/plant_mishearings.py``: ``tests/data/planted/``, only the lines that
hold one). Only features are fitted: no term, variant or string of any set
enters the weights.

Usage: ``.venv/bin/python bench/fit_soundalike.py [--out FILE] [--check]``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
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
PENALTIES = (1.0, 3.0, 10.0, 30.0)
"""L2 penalties on the weights (not the bias) tried: few rows of some features must not
run away. Which one is chosen by leave-one-file-out inside the training data (``choose``)."""
POSITIVE_WEIGHTS = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0)
"""How many times a mishearing row may count against an ordinary one (the classes are
far apart in size); chosen with the penalty."""
THRESHOLD = 0.5
"""The probability a row must reach to count as flagged when settings are compared
(the glossary rule's default ``min_score``)."""
DIGITS = 4
"""Weights are rounded to this many decimals, so a refit gives back the same file."""

SLACK = 2
"""Letters a window may hold beyond the wrong text and still count as covering it ("a")."""

Row = tuple[tuple[float, ...], int, tuple[int, int]]
"""One candidate: its feature values, its label (the number, from 1, of the annotation
it finds; 0 for none) and its first and last token."""


@dataclass(frozen=True)
class Dataset:
    """Annotated transcripts and the rules a user would scan them with."""

    name: str
    folder: Path
    gold: Path
    glossary: Path
    default_rules: bool
    """True: the shipped pack plus the glossary; False: the glossary alone."""
    planted_only: bool = False
    """True: only the lines holding an annotation give rows (the rest of a planted
    transcript is the corpus file it was made from, whose rows the corpus gives)."""

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
PLANTED = Dataset(
    "planted",
    ROOT / "tests" / "data" / "planted",
    ROOT / "tests" / "data" / "planted-gold.jsonl",
    ROOT / "rules" / "glossary.txt",
    default_rules=False,
    planted_only=True,
)
"""Mishearings generated into corpus text by ``bench/plant_mishearings.py``."""
DATASETS = {dataset.name: dataset for dataset in (CORPUS, DEV)}
"""The datasets ``bench/quality.py`` measures."""
TRAINING = (CORPUS, DEV, PLANTED)
"""The datasets the weights are fitted on."""


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
        planted = {int(str(a["line"])) for a in own}
        for c in candidates(index, transcript):
            if dataset.planted_only and not _on(c, lines) & planted:
                continue
            row = (c.features.values, _label(c, lines, own), (c.first, c.last))
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
    """The number (from 1) of the annotation the candidate covers on its line and whose
    right form it proposes; 0 for none."""
    tokens = candidate.tokens
    on = _on(candidate, lines)
    said = _squash(" ".join(token.text for token in tokens))
    proposed = _squash(candidate.term.canonical)
    for number, annotation in enumerate(gold, 1):
        wrong = _squash(str(annotation["wrong"]))
        alts = annotation.get("alts") or []
        rights = {_squash(str(r)) for r in [annotation["right"], *alts]}  # type: ignore[misc]
        if (
            wrong
            and proposed in rights
            and int(str(annotation["line"])) in on
            and _covers(said, wrong)
        ):
            return number
    return 0


def _on(candidate: Candidate, lines: dict[int, list[tuple[int, int, int]]]) -> set[int]:
    """The file lines the candidate's tokens stand on."""
    return {
        line
        for token in candidate.tokens
        for start, end, line in lines[token.segment]
        if start <= token.start <= end
    }


def _covers(said: str, wrong: str) -> bool:
    """True when a window's letters are the wrong text's, or at least half of them,
    or hold them with no more than a short word around them."""
    return (said in wrong and 2 * len(said) >= len(wrong)) or (
        wrong in said and len(said) <= len(wrong) + SLACK
    )


Settings = tuple[float, float]
"""An L2 penalty and a positive weight."""


def fit(
    data: Iterable[Row], positive: float = 1.0, penalty: float = 1.0
) -> tuple[list[float], float]:
    """Logistic regression by Newton's method with an L2 penalty: (weights, bias), rounded.

    Each mishearing row counts ``positive`` times.
    """
    listed = list(data)
    x = np.array([[1.0, *values] for values, _, _ in listed])
    y = np.array([float(label > 0) for _, label, _ in listed])
    counts = np.where(y == 1.0, positive, 1.0)
    penalty_matrix = np.eye(x.shape[1]) * penalty
    penalty_matrix[0, 0] = 0.0  # the bias is not penalised
    return _newton(x, y, counts, penalty_matrix)


def _newton(
    x: np.ndarray, y: np.ndarray, counts: np.ndarray, penalty: np.ndarray
) -> tuple[list[float], float]:
    """The penalised maximum-likelihood weights, rounded to ``DIGITS``."""
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


def training_files(sets: Sequence[Dataset] = TRAINING) -> dict[tuple[str, str], list[Row]]:
    """The rows of every file of ``sets``, by (dataset name, file name)."""
    return {
        (dataset.name, name): found for dataset in sets for name, found in rows(dataset).items()
    }


def choose(files: Mapping[tuple[str, str], Sequence[Row]]) -> Settings:
    """The settings whose fits flag each file best, each file scored by a fit on all the
    other files (the first best in ``PENALTIES`` x ``POSITIVE_WEIGHTS`` order).

    A file is flagged as the index does it: the most probable candidates at or over
    ``THRESHOLD`` that share no token. The score is the F1 of annotations found
    (against those some candidate could find) and flags made.
    """
    best: tuple[float, Settings] | None = None
    for penalty in PENALTIES:
        for positive in POSITIVE_WEIGHTS:
            found = missed = false = 0
            for held in files:
                others = [row for name, rows in files.items() if name != held for row in rows]
                flags = _flagged(files[held], *fit(others, positive, penalty))
                hits = {label for label in flags if label}
                found += len(hits)
                missed += len({label for _, label, _ in files[held] if label} - hits)
                false += flags.count(0)
            f1 = 2 * found / (2 * found + missed + false) if found else 0.0
            if best is None or f1 > best[0]:
                best = (f1, (penalty, positive))
    assert best is not None
    return best[1]


def _flagged(rows: Sequence[Row], weights: Sequence[float], bias: float) -> list[int]:
    """The labels of the rows a scan would flag: best first, at or over ``THRESHOLD``,
    sharing no token with a better one."""
    cut = math.log(THRESHOLD / (1 - THRESHOLD))
    logits = np.array([values for values, _, _ in rows]) @ np.array(weights) + bias
    scored = sorted(
        (-float(z), span, label) for z, (_, label, span) in zip(logits, rows, strict=True)
    )
    taken: list[tuple[int, int]] = []
    labels = []
    for z, (first, last), label in scored:
        if -z < cut:
            break
        if any(first <= end and start <= last for start, end in taken):
            continue
        taken.append((first, last))
        labels.append(label)
    return labels


def refit(files: Mapping[tuple[str, str], Sequence[Row]]) -> str:
    """The weights file of a fit on ``files`` with the settings ``choose`` picks on them."""
    penalty, positive = choose(files)
    weights, bias = fit([row for found in files.values() for row in found], positive, penalty)
    return weights_json(weights, bias, (penalty, positive))


def weights_json(weights: Sequence[float], bias: float, settings: Settings | None = None) -> str:
    """The weights file's text (with the settings of the fit, when given)."""
    data: dict[str, object] = {"features": list(FEATURES), "weights": list(weights), "bias": bias}
    if settings is not None:
        data["penalty"], data["positive_weight"] = settings
    return json.dumps(data, indent=2) + "\n"


def main() -> int:
    """Fit on every training set and write (or, with --check, compare) the weights file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs")
    args = parser.parse_args()
    text = refit(training_files())
    if args.check:
        same = args.out.read_text(encoding="utf-8") == text
        print("weights reproduce" if same else f"{args.out} differs from a refit")
        return 0 if same else 1
    write_atomic(args.out, text.encode("utf-8"))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
