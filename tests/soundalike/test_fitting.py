"""The fitted scorer: the shipped weights are what the fitting script gives, and are used."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.soundalike.conftest import ROOT, rule, scan, transcript
from workbench.errors import RuleFileError
from workbench.soundalike.features import FEATURES
from workbench.soundalike.scorer import WEIGHTS, load


def _bench(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


fitting = _bench("fit_soundalike")


def test_refitting_reproduces_the_shipped_weights() -> None:
    assert fitting.refit(fitting.training_files()) == WEIGHTS.read_text(encoding="utf-8")


def test_settings_are_chosen_by_how_well_fits_on_other_files_flag_a_file() -> None:
    # Where feature 0 is on, 3 windows in 10 are mishearings: unweighted (or twice
    # weighted) they stay under one half and nothing is flagged; four times
    # weighted they are flagged, with 7 false flags for 3 found: a better F1 than none.
    zeros = (0.0,) * (len(FEATURES) - 1)
    on, off = (1.0, *zeros), (0.0, *zeros)
    rows = [(on, k + 1, (k, k)) for k in range(3)] + [(on, 0, (k, k)) for k in range(3, 10)]
    rows += [(off, 0, (k, k)) for k in range(10, 20)]
    files = {("set", name): rows for name in "abc"}
    assert fitting.choose(files) == (1.0, 4.0)
    text = json.loads(fitting.refit(files))
    assert (text["penalty"], text["positive_weight"]) == (1.0, 4.0)


def test_the_fit_separates_what_its_rows_say() -> None:
    # Feature 0 (sound) on means a mishearing, off means none: its weight comes out positive.
    zeros = [0.0] * len(FEATURES)
    rows = [((1.0, *zeros[1:]), 1, (k, k)) for k in range(20)]
    rows += [(tuple(zeros), 0, (k, k)) for k in range(20, 40)]
    weights, bias = fitting.fit(rows, positive=1.0)
    assert weights[0] > 0.5 and bias < 0.0 and not any(weights[1:])


def test_a_window_covers_the_wrong_text_or_most_of_it_and_little_more() -> None:
    assert fitting._covers("luxfreedom", "luxfreedom")
    assert fitting._covers("atskever", "eliasatskever")  # at least half of it
    assert not fitting._covers("skever", "eliasatskever")
    assert fitting._covers("aboom", "boom")  # a short word around it
    assert not fitting._covers("gardnercallsit", "gardner")  # padded with other words


def test_a_rule_can_carry_its_own_weights(tmp_path: Path) -> None:
    text = transcript("metrics go to Promethius")
    terms = [{"canonical": "Prometheus"}]
    assert scan(text, rule(file=None, terms=terms))
    never = tmp_path / "never.json"
    data = {"features": list(FEATURES), "weights": [0.0] * len(FEATURES), "bias": -30.0}
    never.write_text(json.dumps(data), encoding="utf-8")
    assert scan(text, rule(file=None, terms=terms, weights=str(never))) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"features": ["sound"], "weights": [1.0], "bias": 0}', "expected weights for"),
        ("not json", "expected a scorer weights file"),
    ],
)
def test_a_bad_weights_file_is_one_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "w.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RuleFileError, match=message) as caught:
        load(path)
    assert str(caught.value).startswith(str(path))


def test_labels_ignore_the_webvtt_tags_an_annotation_keeps() -> None:
    # A rolling caption's annotation quotes the <c>-timed line as stored.
    assert fitting._squash("storm</c><00:12:58.399><c> vermin") == "stormvermin"
