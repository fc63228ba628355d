"""Review state: the database (committed at once, keyed to survive re-scans, undo, position) and the session."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.documents import open_latest
from workbench.errors import StoreError, UsageError
from workbench.learning import propose, save
from workbench.model import Suggestion
from workbench.resources import sample_corpus_dir
from workbench.review import Key, ReviewDB, key_of
from workbench.review.session import ReviewSession
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.wording import plural


def _suggestion(
    index: int = 3,
    before: str = "built with Dppd4.",
    after: str = "built with GPT-4.",
    rule: str = "gpt-4",
    doc: str = "welinder",
) -> Suggestion:
    return Suggestion(
        rule, "term", doc, (index, index), (before,), (after,), "a mishearing of GPT-4"
    )


@pytest.fixture
def db(tmp_path: Path) -> ReviewDB:
    return ReviewDB(tmp_path / ".workbench.db")


def test_key_names_document_segment_text_rule_and_fix() -> None:
    assert key_of(_suggestion()) == Key(
        "welinder", 3, "built with Dppd4.", "gpt-4", "built with GPT-4."
    )


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
    assert (decision.verdict, decision.final, decision.written) == (
        "edited",
        ("built with GPT 4.",),
        False,
    )
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


# -- the session over real corpus files: decisions that rules, edits and writes must not lose --

LAMDA_AS_GOOGLE = """\
rules:
  - id: lamda
    kind: term
    description: LaMDA, with its maker.
    canonical: LaMDA-Google
    variants: [Lambda]
"""


def _lamda_as_google(tmp_path: Path) -> Path:
    """A rule folder whose ``lamda`` rule makes another fix (``LAMDA_AS_GOOGLE``)."""
    mine = tmp_path / "myrules"
    mine.mkdir()
    (mine / "lamda.yaml").write_text(LAMDA_AS_GOOGLE, encoding="utf-8")
    return mine


@pytest.fixture
def open_session(tmp_path: Path) -> Callable[..., ReviewSession]:
    """A factory of sessions over a corpus copy and one store, with the given rule folders."""

    def make(name: str, *rule_dirs: Path, first_block: int | None = None) -> ReviewSession:
        source = tmp_path / name
        if not source.exists():
            shutil.copy(sample_corpus_dir() / name, source)
        store = Store(tmp_path / "corrected")
        documents = [open_latest(source, store)]
        return ReviewSession(
            ReviewDB(store.db_path),
            store,
            documents,
            lambda: load_rule_set(list(rule_dirs)),
            first_block=first_block,
        )

    return make


def _go(
    session: ReviewSession, rule: str, segment: int | None = None, *, stale: bool = False
) -> None:
    """Put the cursor on the first shown flag of ``rule`` (at ``segment``; a stale one, if
    asked), expanding the group of auto flags it is in."""
    for item in session.items:
        if (
            item.key.rule == rule
            and segment in (None, item.key.segment)
            and (item.stale or not stale)
        ):
            group = session.group_of(item)
            if group is not None and not group.expanded:
                session.go(session.visible.index(group.members[0]))
                session.toggle_group()
            session.go(session.visible.index(session.items.index(item)))
            return
    raise AssertionError(f"no {'stale decision' if stale else 'flag'} of {rule}")


def _written(tmp_path: Path) -> dict[tuple[str, int], int]:
    with sqlite3.connect(tmp_path / "corrected" / ".workbench.db") as db:
        return {
            (rule, seg): w
            for rule, seg, w in db.execute("SELECT rule, segment, written FROM decisions")
        }


def test_a_decision_whose_suggestion_the_rules_no_longer_make_is_shown_stale_and_never_written(
    open_session: Callable[..., ReviewSession], tmp_path: Path
) -> None:
    doc = "schulman-chatgpt-origins.txt"
    first = open_session(doc)
    _go(first, "lamda")
    first.accept()
    _go(first, "chatgpt", 0)
    first.accept()
    mine = _lamda_as_google(tmp_path)
    session = open_session(doc, mine)
    stale = [item for item in session.items if item.stale]
    assert [(i.key.rule, i.stale, session.verdict_of(i)) for i in stale] == [
        ("lamda", "rule", "accepted")
    ]
    assert (
        stale[0].suggestion.suggestion == "They had LaMDA and earlier Mina."
    )  # the old text, kept
    assert (session.unwritten(), session.stale_count()) == (1, 1)
    result = session.write_version("schulman-chatgpt-origins")
    assert result.message.endswith("(1 change)")
    assert _written(tmp_path) == {("lamda", 22): 0, ("chatgpt", 0): 1}
    # With the rule as it was, the decision is live again and a write writes it.
    again = open_session(doc)
    live = [i for i in again.items if i.key.rule == "lamda"]
    assert [(i.stale, again.verdict_of(i)) for i in live] == [("", "accepted")]
    assert again.unwritten() == 1


def test_an_edit_that_keeps_the_flagged_word_rejects_its_flag_also_after_writing(
    open_session: Callable[..., ReviewSession],
) -> None:
    session = open_session("dwarkesh-schulman.txt")
    _go(session, "commandbar", 652)
    item = session.current
    assert item is not None and "answers. Command bar is a user assistant" in item.key.text
    session.edit(item.key.text.replace("often useless answers.", "often-useless answers."))
    session.write_version("dwarkesh-schulman")
    flagged = [
        i
        for i in session.items
        if i.key.rule == "commandbar" and "Command bar is a user" in i.key.text
    ]
    assert (
        len(flagged) == 1 and "often-useless answers." in flagged[0].key.text
    )  # the new version's text
    assert session.verdict_of(flagged[0]) == "rejected"
    assert session.unwritten() == 0
    # It sticks: a new session over the new version finds the rejection too.
    reopened = open_session("dwarkesh-schulman.txt")
    kept = [reopened.verdict_of(i) for i in reopened.items if "Command bar is a user" in i.key.text]
    assert kept == ["rejected"]


def test_a_rejection_survives_a_version_that_changes_its_segment(
    open_session: Callable[..., ReviewSession],
) -> None:
    session = open_session("dwarkesh-schulman.txt")
    _go(session, "meena", 435)
    session.reject()
    _go(session, "lamda", 435)
    session.accept()
    session.write_version("dwarkesh-schulman")
    meena = [i for i in session.items if i.key.rule == "meena" and i.key.segment == 435]
    assert len(meena) == 1 and "had a LaMDA and" in meena[0].key.text
    assert session.verdict_of(meena[0]) == "rejected"


def test_a_learned_rule_does_not_flag_the_segment_its_edit_already_fixes(
    open_session: Callable[..., ReviewSession], tmp_path: Path
) -> None:
    mine = tmp_path / "rules"
    mine.mkdir()
    session = open_session("schulman-chatgpt-origins.txt", mine)
    _go(session, "chatgpt", 4)
    edited = "Before ChatGBT, OpenAI had these instruction-following models."
    session.edit(edited)
    save(
        propose(
            "Before ChatGBT, OpenAI had these instruction following models.",
            edited,
            session.rule_set,
            mine / "learned.yaml",
        )
    )
    before = len(session.items)
    session.reload_rules()
    learned = [
        i.key.segment for i in session.items if i.key.rule == "learned-instruction-following"
    ]
    assert learned and 4 not in learned
    assert len(session.items) - before == len(learned)
    # Undoing the edit brings the flag back; a restart hides it like the re-scan did.
    assert open_session("schulman-chatgpt-origins.txt", mine).items == session.items
    session.undo()
    assert 4 in [
        i.key.segment for i in session.items if i.key.rule == "learned-instruction-following"
    ]


def test_an_edit_settles_the_other_flags_of_its_span_that_it_makes(
    open_session: Callable[..., ReviewSession], tmp_path: Path
) -> None:
    mine = tmp_path / "rules"
    mine.mkdir()
    (mine / "learned.yaml").write_text(
        "rules:\n  - id: if\n    kind: replace\n    description: x\n    pattern: instruction following\n"
        "    replace: instruction-following\n",
        encoding="utf-8",
    )
    session = open_session("schulman-chatgpt-origins.txt", mine)
    on_4 = [i.key.rule for i in session.items if i.key.segment == 4]
    assert on_4 == ["chatgpt", "if"]
    _go(session, "chatgpt", 4)
    session.edit("Before ChatGPT, OpenAI had these instruction-following models.")
    assert [i.key.rule for i in session.items if i.key.segment == 4] == ["chatgpt"]
    session.undo()
    assert [i.key.rule for i in session.items if i.key.segment == 4] == on_4


@pytest.mark.parametrize(
    ("count", "noun", "many", "expected"),
    [
        (1, "change", None, "1 change"),
        (2, "change", None, "2 changes"),
        (0, "segment", None, "0 segments"),
        (1, "decision is", "decisions are", "1 decision is"),
        (3, "decision is", "decisions are", "3 decisions are"),
    ],
)
def test_plural(count: int, noun: str, many: str | None, expected: str) -> None:
    assert plural(count, noun, many) == expected


def test_a_first_block_session_completes_to_the_full_list_and_the_saved_position(
    open_session: Callable[..., ReviewSession],
) -> None:
    full = open_session("welinder-gpt4-launch.txt")
    keys = [item.key for item in full.items]
    # The last flag in the text that is not in a group of auto flags: its own row.
    mine = max(index for index, item in enumerate(full.items) if item.group is None)
    last = full.visible.index(mine)
    full.go(last)  # the saved position is past the first block
    decided = full.items[full.visible[0]].key
    full.go(0)
    full.accept()  # a decision before the restart, inside the block
    full.go(last)
    block = keys[mine].segment  # that flag's segment is not in the block
    session = open_session("welinder-gpt4-launch.txt", first_block=block)
    assert session.partial and session.scanning is not None
    assert all(item.key.segment < block - 1 for item in session.items)
    assert [item.key for item in session.items] == [k for k in keys if k.segment < block - 1]
    assert session.decisions[decided].verdict == "accepted"
    session.complete(session.scan_rest())
    assert not session.partial and session.scanning is None
    assert [item.key for item in session.items] == keys
    assert session.current is not None and session.current.key == keys[mine]
    assert session.progress().reviewed == 1


def test_a_stale_decision_is_discarded_from_the_store_and_undo_brings_it_back(
    open_session: Callable[..., ReviewSession], tmp_path: Path
) -> None:
    doc = "schulman-chatgpt-origins.txt"
    first = open_session(doc)
    _go(first, "lamda")
    first.accept()
    mine = _lamda_as_google(tmp_path)
    session = open_session(doc, mine)
    # A live flag is refused, and nothing changes.
    _go(session, "chatgpt", 0)
    with pytest.raises(UsageError, match="only a stale decision can be discarded"):
        session.discard()
    assert _written(tmp_path) == {("lamda", 22): 0}
    _go(session, "lamda", stale=True)
    after = session.items[session.visible[session.cursor + 1]]
    stale = session.current
    assert stale is not None
    discarded = session.discard()
    assert (discarded.key, discarded.verdict) == (stale.key, "accepted")
    assert _written(tmp_path) == {}  # gone from SQLite at once
    assert stale not in session.items and session.stale_count() == 0 and session.unwritten() == 0
    assert session.current == after  # the next flag takes its row
    # Gone for good, also after a restart; and that restart's undo still reaches it.
    again = open_session(doc, mine)
    assert again.stale_count() == 0
    undone = again.undo()
    assert [(u.discard, u.decision.key, u.decision.verdict) for u in undone] == [
        (True, stale.key, "accepted")
    ]
    assert [(i.key, i.stale) for i in again.items if i.stale] == [(stale.key, "rule")]
    assert again.current is not None and again.current.key == stale.key
    assert _written(tmp_path) == {("lamda", 22): 0}


LONG = " ".join(["the model answered the question well and"] * 40)
"""1,679 characters of one segment: longer than ``LONG_TEXT``, so a flag in it holds a window."""


def test_a_stale_decision_on_a_long_segment_says_rule_or_segment_by_its_window(
    open_session: Callable[..., ReviewSession], tmp_path: Path
) -> None:
    (tmp_path / "talk.txt").write_text(
        f"[00:00:00.000 --> 00:00:30.000]   {LONG} They had Lambda and earlier Mina. {LONG}\n",
        encoding="utf-8",
    )
    first = open_session("talk.txt")
    _go(first, "lamda")
    item = first.current
    assert item is not None and len(item.key.text) < len(LONG)  # its key holds a window of the text
    first.accept()
    mine = _lamda_as_google(tmp_path)
    # The segment is as it was: only the rule changed (the whole text never equals the window).
    session = open_session("talk.txt", mine)
    assert [(i.key.rule, i.stale) for i in session.items if i.stale] == [("lamda", "rule")]
    # A version that changes the window's words (written outside this review): now the segment.
    store = Store(tmp_path / "corrected")
    latest = open_latest(tmp_path / "talk.txt", store)
    segment = latest.transcript.segments[0]
    changed = segment.changed(text=segment.text.replace("earlier Mina", "later Meena"))
    store.write_version(
        latest.source,
        latest.transcript.changed(segments=[changed]),
        [],
        parent=latest.version,
        rule_files=[],
    )
    session = open_session("talk.txt", mine)
    assert [(i.key.rule, i.stale) for i in session.items if i.stale] == [("lamda", "segment")]
    # What the screen shows as "now" is the same window of today's text, not the whole talk.
    (stale,) = [i for i in session.items if i.stale]
    now = session.text_now(stale)
    assert "later Meena" in now and len(now) < len(LONG)
