"""Learning a rule from an edit: the replaced phrase, term variant or replace rule, saved in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import UsageError
from workbench.learning import learned_path, propose, replaced_phrase, rule_dirs, save
from workbench.ruleset import load_rule_set


@pytest.mark.parametrize(
    ("before", "after", "old", "new"),
    [
        ("what you all build with Dppd4.", "what you all build with GPT-4.", "Dppd4", "GPT-4"),
        (
            "I talked to Peter Wellender today",
            "I talked to Peter Welinder today",
            "Wellender",
            "Welinder",
        ),
        ("Elias at skever said so", "Ilya Sutskever said so", "Elias at skever", "Ilya Sutskever"),
        (
            "the instruction following models",
            "the instruction-following models",
            "instruction following",
            "instruction-following",
        ),
    ],
)
def test_replaced_phrase(before: str, after: str, old: str, new: str) -> None:
    assert replaced_phrase(before, after) == (old, new)


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ("same text", "same text", "changes nothing"),
        ("keep this", "keep this and more", "not only added"),
        ("one two three four five six seven eight", "a b c d e f g h", "more than 6 words"),
    ],
)
def test_edits_that_teach_no_rule(before: str, after: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        replaced_phrase(before, after)


def test_an_edit_of_two_places_is_one_rule_at_a_time_never_one_glued_phrase() -> None:
    before = "Before ChatGBT, OpenAI had these instruction following models."
    after = "Before ChatGPT, OpenAI had these instruction-following models."
    with pytest.raises(UsageError, match=r"changes 2 places \('ChatGBT' → 'ChatGPT'; "):
        replaced_phrase(before, after)
    # The place the flag itself fixes teaches nothing new: the other one is the rule.
    suggested = "Before ChatGPT, OpenAI had these instruction following models."
    assert replaced_phrase(before, after, suggested) == (
        "instruction following",
        "instruction-following",
    )


def test_a_known_canonical_becomes_a_new_variant_of_that_term(tmp_path: Path) -> None:
    rules = load_rule_set([])
    target = tmp_path / "learned.yaml"
    proposal = propose("built with GPT Four today", "built with GPT-4 today", rules, target)
    assert proposal.rule["kind"] == "term" and proposal.rule["canonical"] == "GPT-4"
    assert proposal.rule["variants"] == ["GPT Four"]
    save(proposal)
    learned = load_rule_set([tmp_path]).get(proposal.rule_id)
    assert learned is not None and learned.variants == ["GPT Four"]
    # A second mishearing of the same term joins the learned rule.
    again = propose(
        "built with GPT Fore today", "built with GPT-4 today", load_rule_set([tmp_path]), target
    )
    assert again.variant_of == proposal.rule_id
    save(again)
    assert load_rule_set([tmp_path]).get(proposal.rule_id).variants == ["GPT Four", "GPT Fore"]


def test_anything_else_becomes_a_replace_rule_appended_with_comments_kept(tmp_path: Path) -> None:
    target = tmp_path / "learned.yaml"
    target.write_text(
        "# my own rules\nrules:\n  - id: mine  # keep me\n    kind: repeat\n", encoding="utf-8"
    )
    proposal = propose(
        "the instruction following models",
        "the instruction-following models",
        load_rule_set([tmp_path]),
        target,
    )
    assert "pattern: instruction following" in proposal.yaml
    save(proposal)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# my own rules\nrules:\n  - id: mine  # keep me\n")
    rule = load_rule_set([tmp_path]).get("learned-instruction-following")
    assert rule is not None and rule.replace == "instruction-following"


def test_learned_rules_go_to_the_first_rules_folder_else_the_store(tmp_path: Path) -> None:
    store, mine = tmp_path / "corrected", tmp_path / "rules"
    assert learned_path([mine, tmp_path], store) == mine / "learned.yaml"
    assert learned_path([], store) == store / "learned.yaml"
    assert rule_dirs([], store) == []
    store.mkdir()
    (store / "learned.yaml").write_text("rules: []\n", encoding="utf-8")
    assert rule_dirs([], store) == [store]
    # Adding a --rules folder later never drops what was learned without one.
    assert rule_dirs([mine], store) == [mine, store]
    assert rule_dirs([store], store) == [store]


def test_a_rule_learned_into_a_comment_only_file_keeps_the_comment(tmp_path: Path) -> None:
    learned = tmp_path / "learned.yaml"
    learned.write_text("# my folder's learned rules\n", encoding="utf-8")
    rule_set = load_rule_set([], use_default=False)
    save(propose("we used chat jippity today.", "we used ChatGPT today.", rule_set, learned))
    text = learned.read_text(encoding="utf-8")
    assert text.startswith("# my folder's learned rules\n")
    assert [r.id for r in load_rule_set([tmp_path], use_default=False).rules] == [
        "learned-chat-jippity"
    ]
