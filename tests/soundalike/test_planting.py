"""Generated training data: mishearings planted into corpus text by a noise model."""

from __future__ import annotations

import pytest

from tests.soundalike.test_fitting import _bench

planting = _bench("plant_mishearings")


def test_replanting_reproduces_the_shipped_files() -> None:
    for path, text in planting.planted().items():
        assert path.read_text(encoding="utf-8") == text, path


@pytest.mark.parametrize(
    ("term", "kind", "wrong"),
    [
        ("Lukas", "sound", "Looks"),  # the commonest word with its sound and first letter
        ("RLHF", "sound", None),  # an acronym's key is not how it is said
        ("reward model", "letters", "rewart model"),  # d heard as t
        ("Jordan Peterson", "letters", "Jordan Petersom"),  # n heard as m
        ("OpenAI", "case", "Open AI"),  # run apart at a capital
        ("RLHF", "case", "rlhf"),
    ],
)
def test_the_noise_model_mishears_one_word_the_way_recognisers_do(
    term: str, kind: str, wrong: str | None
) -> None:
    assert planting.misheard(term, kind) == wrong


def test_a_term_is_planted_only_where_it_is_written_elsewhere_too() -> None:
    lines = ["we use Kubeflow daily", "Kubeflow again", "and Kubeflow", "once Airflow"]
    out, gold = planting.plant(lines, ["Kubeflow", "Airflow"], "talk.txt")
    assert out[0] == lines[0] and out[2] == lines[2] and out[3] == lines[3]
    assert out[1] != lines[1]
    assert gold == [
        {"file": "planted/talk.txt", "line": 2, "wrong": out[1].split()[0], "right": "Kubeflow"}
    ]
