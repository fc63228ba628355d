"""Stage 3: a logistic model, fitted on annotated transcripts, turns features into a probability.

The recogniser's doubt about a word (its confidence, where the format gives one)
is added to the model's log-odds as its own odds (``doubt``).

The weights live in ``weights.json`` beside this module, written by
``bench/fit_soundalike.py`` (which a test re-runs to show it reproduces the
file). A weights file names its features; one that does not name exactly
``FEATURES`` is refused, so a stale file cannot be read against new features.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import RuleFileError
from workbench.soundalike.features import FEATURES, UNSURE, Features

WEIGHTS = Path(__file__).with_name("weights.json")
"""The shipped weights."""


@dataclass(frozen=True, slots=True)
class Scorer:
    """Logistic regression over ``FEATURES``: P(mishearing) = σ(bias + Σ wᵢ·xᵢ)."""

    weights: tuple[float, ...]
    bias: float

    def logit(self, features: Features) -> float:
        """The weighted sum before the logistic function, plus the recogniser's doubt."""
        fitted = sum(w * x for w, x in zip(self.weights, features.values, strict=True))
        return self.bias + fitted + doubt(features.confidence)

    def probability(self, features: Features) -> float:
        """How likely the window is a mishearing of the term, 0..1."""
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-z)) if z >= -700 else 0.0

    def decisive(self, features: Features, count: int = 2) -> list[str]:
        """The names of the features that pushed the probability up most (strongest first)."""
        pushes = [
            (w * x, name)
            for w, x, name in zip(self.weights, features.values, FEATURES, strict=True)
            if w * x > 0
        ]
        if doubt(features.confidence) > 0:
            pushes.append((doubt(features.confidence), "ASR unsure"))
        return [name for _, name in sorted(pushes, reverse=True)[:count]]


FLOOR = 0.01
"""The lowest confidence taken at its word: below it, the odds stop growing."""


def doubt(confidence: float | None) -> float:
    """What the recogniser's doubt adds to the logit: the log-odds that it misheard a
    word it gave ``confidence`` (log((1 − p) / p)), for a word under ``UNSURE``.

    Not fitted: no training transcript has word confidences, so it enters as the
    recogniser's own odds (a naive-Bayes update). A sure word adds nothing (the
    recogniser is as sure of its mishearings of a name it never heard); neither
    does a format without confidences.
    """
    if confidence is None or confidence >= UNSURE:
        return 0.0
    p = max(confidence, FLOOR)
    return math.log((1 - p) / p)


def load(path: Path) -> Scorer:
    """The scorer of a weights file; a ``RuleFileError`` when it is not one for ``FEATURES``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        named = dict(zip(data["features"], data["weights"], strict=True))
        bias = float(data["bias"])
    except FileNotFoundError:
        raise RuleFileError("no such weights file", path=path) from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise RuleFileError(f"expected a scorer weights file ({error})", path=path) from None
    if list(data["features"]) != list(FEATURES):
        raise RuleFileError(f"expected weights for the features {', '.join(FEATURES)}", path=path)
    return Scorer(tuple(float(named[name]) for name in FEATURES), bias)


@functools.cache
def shipped() -> Scorer:
    """The scorer of the shipped weights, loaded once per process."""
    return load(WEIGHTS)
