"""``rules stats``: per rule, flags and documents over a corpus, and the review
decisions on them, with the "auto candidate" and "noisy" hints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench import formats
from workbench.cli.app import main
from workbench.engine import Engine
from workbench.review.db import ReviewDB
from workbench.ruleset import load_rule_set
from workbench.store import Store

RULES = (
    "rules:\n"
    "  - {id: gpt, kind: replace, pattern: gpd, replace: GPT}\n"
    "  - {id: hello, kind: replace, pattern: helo, replace: hello}\n"
    "  - {id: moat, kind: replace, pattern: mode, replace: moat, auto: true}\n"
)


def _line(n: int, text: str) -> str:
    return f"[00:00:{n:02d}.000 --> 00:00:{n:02d}.900]   {text}\n"


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two documents (a: 25 × gpd, 12 × helo; b: one mode), and a review of a:
    gpt accepted 24 times of 25, hello rejected 10 times, accepted once, edited once."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [_line(n, "we use gpd") for n in range(25)]
    lines += [_line(25 + n, "helo there") for n in range(12)]
    (corpus / "a.txt").write_text("".join(lines), encoding="utf-8")
    (corpus / "b.txt").write_text(_line(0, "a mode here"), encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(RULES, encoding="utf-8")
    store = Store(tmp_path / "store")
    rule_set = load_rule_set([rules], use_default=False)
    found = Engine(rule_set).flags(formats.load(corpus / "a.txt"))
    gpt = [s for s in found.suggestions if s.rule_id == "gpt"]
    hello = [s for s in found.suggestions if s.rule_id == "hello"]
    db = ReviewDB(store.db_path)
    db.record((s, "accepted", s.after) for s in gpt[:24])
    db.record([(gpt[24], "rejected", gpt[24].before)])
    db.record((s, "rejected", s.before) for s in hello[:10])
    db.record([(hello[10], "accepted", hello[10].after)])
    db.record([(hello[11], "edited", ("hello there!",))])
    db.close()
    return corpus, rules, store.root


def test_stats_over_a_corpus_and_its_review(
    reviewed: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules, store = reviewed
    args = ["rules", "stats", str(corpus), "--json", "--no-default-rules", "--rules", str(rules)]
    assert main([*args, "--store", str(store)]) == 0
    rows = {row["rule"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["gpt"] == {
        "rule": "gpt", "kind": "replace", "auto": False, "flags": 25, "documents": 1,
        "accepted": 24, "rejected": 1, "edited": 0, "skipped": 0, "acceptance": 0.96,
        "hint": "auto candidate",
    }  # fmt: skip
    assert rows["hello"] == {
        "rule": "hello", "kind": "replace", "auto": False, "flags": 12, "documents": 1,
        "accepted": 1, "rejected": 10, "edited": 1, "skipped": 0, "acceptance": 0.0833,
        "hint": "noisy",
    }  # fmt: skip
    assert rows["moat"]["flags"] == 1 and rows["moat"]["acceptance"] is None
    assert list(rows) == ["gpt", "hello", "moat"]  # most flags first


def test_the_table_shows_rates_and_hints(
    reviewed: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, rules, store = reviewed
    args = ["rules", "stats", "--no-default-rules", "--rules", str(rules), "--store", str(store)]
    assert main([*args, str(corpus)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == [
        "gpt",
        "replace",
        "25",
        "1",
        "24",
        "1",
        "0",
        "0",
        "96%",
        "auto",
        "candidate",
    ]
    assert out[2].split() == ["hello", "replace", "12", "1", "1", "10", "1", "0", "8%", "noisy"]
    # Without PATH: the decisions of every reviewed document, no flags counted.
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split()[:5] == ["gpt", "replace", "-", "-", "24"]


def test_stats_never_creates_a_review_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    assert main(["rules", "stats", "--store", str(store)]) == 0
    assert capsys.readouterr().out.strip() == "no flags and no review decisions"
    assert not store.exists()


def test_a_garbage_review_database_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / ".workbench.db").write_bytes(b"not a database at all" * 100)
    assert main(["rules", "stats", "--store", str(store)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot read the review database" in err[0]


def test_a_rule_that_may_not_be_auto_is_never_an_auto_candidate() -> None:
    from workbench.rulestats import RuleStats

    def hint(*, auto: bool = False, suggest_only: bool = False) -> str | None:
        stats = RuleStats("sp", "spelling", auto, suggest_only, flags=30, accepted=30)
        return stats.hint

    assert hint() == "auto candidate"
    assert hint(suggest_only=True) is None
    assert hint(auto=True) is None
