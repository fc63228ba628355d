"""``context``, ``unless`` and ``context_window`` on ``term`` and ``replace`` rules:
"GPD" → "GPT" where the talk is about AI, never in a gardening podcast."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_transcript, rule_set
from workbench.cli.app import main
from workbench.engine import Engine
from workbench.rulecheck import check_rule_dirs

AI_TALK = [
    "Welcome back to the show.",
    "Today we look at the new GPD model from OpenAI.",
    "It writes code, and GPD answers questions too.",
]
GARDEN_TALK = [
    "Welcome back to the potting shed.",
    "The GPD on the label means grams per decilitre of feed.",
    "Water the tomatoes before the feed goes on.",
]
GPD = {"id": "gpd", "kind": "term", "canonical": "GPT", "variants": ["GPD"]}


def _fixed_lines(rules: dict[str, object], texts: list[str]) -> list[int]:
    """The segment indexes a rule set flags in a transcript of ``texts``."""
    found = Engine(rule_set(rules)).scan(make_transcript(texts)).suggestions
    return [suggestion.span[0] for suggestion in found]


def test_a_term_with_context_fires_only_on_the_transcript_about_it() -> None:
    rule = {**GPD, "context": ["OpenAI", "language model"]}
    assert _fixed_lines(GPD, GARDEN_TALK) == [1]  # without context: a false fix
    assert _fixed_lines(rule, AI_TALK) == [1, 2]
    assert _fixed_lines(rule, GARDEN_TALK) == []


def test_unless_vetoes_and_a_window_keeps_the_context_near() -> None:
    assert _fixed_lines({**GPD, "unless": ["tomatoes"]}, GARDEN_TALK) == []
    assert _fixed_lines({**GPD, "unless": ["tomatoes"]}, AI_TALK) == [1, 2]
    near = {**GPD, "context": ["OpenAI"], "context_window": 0}
    assert _fixed_lines(near, AI_TALK) == [1]  # "OpenAI" is in segment 1 only
    assert _fixed_lines({**near, "context_window": 1}, AI_TALK) == [1, 2]
    vetoed = {**GPD, "unless": ["code"], "context_window": 0}
    assert _fixed_lines(vetoed, AI_TALK) == [1]


def test_a_replace_rule_literal_or_regex_keeps_to_its_context() -> None:
    literal = {"id": "r", "kind": "replace", "pattern": "GPD", "replace": "GPT"}
    pattern = {**literal, "regex": True, "pattern": r"\bGPD\b"}
    for rule in (literal, pattern):
        assert _fixed_lines({**rule, "context": ["OpenAI"]}, AI_TALK) == [1, 2]
        assert _fixed_lines({**rule, "context": ["OpenAI"]}, GARDEN_TALK) == []
        assert _fixed_lines({**rule, "context": ["OpenAI"], "context_window": 0}, AI_TALK) == [1]


def test_batch_apply_keeps_to_the_context_too() -> None:
    engine = Engine(rule_set({**GPD, "auto": True, "context": ["OpenAI"]}))
    assert engine.fix(make_transcript(GARDEN_TALK)).count == 0
    fixed = engine.fix(make_transcript(AI_TALK)).transcript
    assert [segment.text for segment in fixed.segments][1:] == [
        "Today we look at the new GPT model from OpenAI.",
        "It writes code, and GPT answers questions too.",
    ]


def test_scan_of_two_transcripts_flags_only_the_one_on_topic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "topic.yaml").write_text(
        "rules:\n"
        "  - id: gpd\n"
        "    kind: term\n"
        "    canonical: GPT\n"
        "    variants: [GPD]\n"
        "    context: [OpenAI, language model]\n"
        "    examples:\n"
        "      - {text: GPD is a model by OpenAI, fixed: GPT is a model by OpenAI}\n"
        "      - {text: GPD on the label of the feed}\n",
        encoding="utf-8",
    )
    assert check_rule_dirs([rules]) == []
    for name, texts in (("ai.txt", AI_TALK), ("garden.txt", GARDEN_TALK)):
        (tmp_path / name).write_text(
            "".join(
                f"[00:00:0{i}.000 --> 00:00:0{i + 1}.000]   {t}\n" for i, t in enumerate(texts)
            ),
            encoding="utf-8",
        )
    args = ["scan", "--json", "--no-default-rules", "--rules", str(rules)]
    args += [
        "--store",
        str(tmp_path / "st"),
        str(tmp_path / "ai.txt"),
        str(tmp_path / "garden.txt"),
    ]
    assert main(args) == 0
    flags = json.loads(capsys.readouterr().out)
    assert [(Path(str(f["file"])).name, f["line"]) for f in flags] == [("ai.txt", 2), ("ai.txt", 3)]


def test_a_context_phrase_must_be_whole_words(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "rules:\n  - {id: gpd, kind: term, canonical: GPT, variants: [GPD], context: [-ai-]}\n",
        encoding="utf-8",
    )
    (problem,) = check_rule_dirs([tmp_path])
    assert "context: '-ai-' must start and end with a letter or digit" in problem.message


def test_a_regex_replace_rule_keeps_to_its_formats() -> None:
    rule = {"id": "r", "kind": "replace", "regex": True, "pattern": r"\bGPD\b", "replace": "GPT"}
    assert _fixed_lines({**rule, "formats": ["srt"]}, AI_TALK) == []
    assert _fixed_lines({**rule, "formats": ["whisper"]}, AI_TALK) == [1, 2]
