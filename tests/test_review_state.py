"""The review database: decisions committed at once, keyed to survive re-scans, undo, position."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.errors import StoreError
from workbench.model import Suggestion
from workbench.review import Key, ReviewDB, key_of


def _suggestion(index: int = 3, before: str = "built with Dppd4.", after: str = "built with GPT-4.",
                rule: str = "gpt-4", doc: str = "welinder") -> Suggestion:
    return Suggestion(rule, "term", doc, (index, index), (before,), (after,), "a mishearing of GPT-4")


@pytest.fixture
def db(tmp_path: Path) -> ReviewDB:
    return ReviewDB(tmp_path / ".workbench.db")


def test_key_names_document_segment_text_rule_and_fix() -> None:
    assert key_of(_suggestion()) == Key("welinder", 3, "built with Dppd4.", "gpt-4", "built with GPT-4.")


def test_a_decision_is_committed_before_record_returns(db: ReviewDB, tmp_path: Path) -> None:
    db.record([(_suggestion(), "accepted", ("built with GPT-4.",))])
    # A second connection sees it without any close or flush: it is on disk.
    other = sqlite3.connect(tmp_path / ".workbench.db")
    rows = other.execute("SELECT doc, segment, verdict, final FROM decisions").fetchall()
    assert rows == [("welinder", 3, "accepted", '["built with GPT-4."]')]
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_decisions_survive_reopening_with_their_suggestion(db: ReviewDB, tmp_path: Path) -> None:
    suggestion = _suggestion()
    db.record([(suggestion, "edited", ("built with GPT 4.",))])
    db.close()
    stored = ReviewDB(tmp_path / ".workbench.db").decisions("welinder")
    decision = stored[key_of(suggestion)]
    assert (decision.verdict, decision.final, decision.written) == ("edited", ("built with GPT 4.",), False)
    assert decision.suggestion == suggestion


def test_undo_restores_every_earlier_state_across_a_restart(db: ReviewDB, tmp_path: Path) -> None:
    first, second = _suggestion(3), _suggestion(7)
    db.record([(first, "accepted", first.after)])
    db.record([(first, "rejected", first.after)])
    db.record([(second, "skipped", second.after)])
    db.close()
    db = ReviewDB(tmp_path / ".workbench.db")
    assert db.undo() == [key_of(second)]
    assert db.get(key_of(second)) is None
    assert db.undo() == [key_of(first)]
    stored = db.get(key_of(first))
    assert stored is not None and stored.verdict == "accepted"
    assert db.undo() == [key_of(first)]
    assert db.get(key_of(first)) is None
    assert db.undo() == []


def test_one_step_of_many_decisions_is_undone_at_once(db: ReviewDB) -> None:
    many = [_suggestion(i) for i in range(5)]
    db.record([(s, "accepted", s.after) for s in many])
    assert db.unwritten() == 5
    assert sorted(db.undo()) == sorted(key_of(s) for s in many)
    assert db.decisions("welinder") == {}


def test_writing_marks_decisions_written_and_ends_the_undo_log(db: ReviewDB) -> None:
    kept, other_doc = _suggestion(1), _suggestion(1, doc="schulman")
    db.record([(kept, "accepted", kept.after)])
    db.record([(other_doc, "accepted", other_doc.after)])
    db.record([(_suggestion(2), "rejected", ("x",))])
    assert (db.unwritten(), db.unwritten("welinder")) == (2, 1)
    db.mark_written("welinder")
    assert (db.unwritten(), db.unwritten("welinder")) == (1, 0)
    assert all(d.written for d in db.decisions("welinder").values())
    # The other document's step is still undoable; this one's are not.
    assert db.undo() == [key_of(other_doc)]
    assert db.undo() == []


def test_position_is_kept(db: ReviewDB, tmp_path: Path) -> None:
    assert db.position() is None
    db.set_position(key_of(_suggestion(9)))
    db.close()
    assert ReviewDB(tmp_path / ".workbench.db").position() == key_of(_suggestion(9))


def test_rekey_moves_a_decision_to_its_segment_new_index(db: ReviewDB) -> None:
    old = _suggestion(10)
    db.record([(old, "rejected", old.after)])
    moved = db.rekey(key_of(old), _suggestion(9))
    assert moved is not None and moved.verdict == "rejected" and moved.key.segment == 9
    assert db.get(key_of(old)) is None
    assert db.undo() == [key_of(_suggestion(9))]


def test_an_unusable_database_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / ".workbench.db"
    bad.write_bytes(b"this is not a database, just some bytes" * 20)
    with pytest.raises(StoreError, match="review database"):
        ReviewDB(bad)
