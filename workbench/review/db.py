"""The review database: decisions, an undo log and the position, in SQLite.

It lives at ``<store>/.workbench.db`` (stdlib ``sqlite3``, WAL). Every decision
is committed the moment it is made, so a killed session resumes exactly where
it was. A decision is keyed by (document, segment index, segment text, rule,
suggestion text), so it stays attached to its segment when the rules change and
a re-scan makes new suggestions.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from workbench.errors import StoreError
from workbench.model import Suggestion, TextEdit, Verdict

TEXT_CHANGING: tuple[Verdict, ...] = ("accepted", "edited", "auto")
"""Verdicts that change the transcript when a version is written."""


class Key(NamedTuple):
    """What a decision is attached to: it survives a re-scan while these stay the same."""

    doc: str
    segment: int
    text: str
    """The affected segments' texts as they were (``Suggestion.original``)."""
    rule: str
    suggestion: str
    """The proposed texts (``Suggestion.suggestion``)."""


def key_of(suggestion: Suggestion) -> Key:
    """The key a decision on ``suggestion`` is stored under."""
    return Key(
        suggestion.doc_id,
        suggestion.span[0],
        suggestion.original,
        suggestion.rule_id,
        suggestion.suggestion,
    )


@dataclass(frozen=True, slots=True)
class StoredDecision:
    """One row of the decision table: the verdict, the final texts and the suggestion."""

    key: Key
    suggestion: Suggestion
    verdict: Verdict
    final: tuple[str, ...]
    at: datetime
    written: bool
    """True once a version with this decision has been written."""


def _suggestion_json(suggestion: Suggestion) -> str:
    return json.dumps(
        {
            "rule_id": suggestion.rule_id,
            "kind": suggestion.kind,
            "doc_id": suggestion.doc_id,
            "span": list(suggestion.span),
            "before": list(suggestion.before),
            "after": list(suggestion.after),
            "reason": suggestion.reason,
            "confidence": suggestion.confidence,
            "auto": suggestion.auto,
            "line": suggestion.line,
            "last_line": suggestion.last_line,
            "target": suggestion.target,
            "edits": [[e.segment, e.start, e.end, e.replacement] for e in suggestion.edits],
            "times": suggestion.times,
            "retimed": suggestion.retimed,
            "speakers": suggestion.speakers,
        }
    )


def _suggestion_from_json(text: str) -> Suggestion:
    data = json.loads(text)
    return Suggestion(
        rule_id=data["rule_id"],
        kind=data["kind"],
        doc_id=data["doc_id"],
        span=(data["span"][0], data["span"][1]),
        before=tuple(data["before"]),
        after=tuple(data["after"]),
        reason=data["reason"],
        confidence=data["confidence"],
        auto=data["auto"],
        line=data["line"],
        last_line=data["last_line"],
        target=data["target"],
        edits=tuple(TextEdit(*edit) for edit in data["edits"]),
        times=(data["times"][0], data["times"][1]) if data.get("times") else None,
        retimed=tuple((start, end) for start, end in data.get("retimed", ())),
        speakers=tuple((old, new) for old, new in data.get("speakers", ())),
    )


_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    doc TEXT NOT NULL, segment INTEGER NOT NULL, text TEXT NOT NULL,
    rule TEXT NOT NULL, suggestion TEXT NOT NULL,
    payload TEXT NOT NULL, verdict TEXT NOT NULL, final TEXT NOT NULL,
    at TEXT NOT NULL, written INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc, segment, text, rule, suggestion)
);
CREATE TABLE IF NOT EXISTS undo (
    id INTEGER PRIMARY KEY AUTOINCREMENT, grp INTEGER NOT NULL,
    doc TEXT NOT NULL, segment INTEGER NOT NULL, text TEXT NOT NULL,
    rule TEXT NOT NULL, suggestion TEXT NOT NULL,
    previous TEXT  -- the row before the change as JSON, NULL when there was none
);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_COLUMNS = "doc, segment, text, rule, suggestion, payload, verdict, final, at, written"
_WHERE_KEY = "doc = ? AND segment = ? AND text = ? AND rule = ? AND suggestion = ?"


def _row_decision(row: Sequence[object]) -> StoredDecision:
    doc, segment, text, rule, suggestion, payload, verdict, final, at, written = row
    return StoredDecision(
        key=Key(str(doc), int(str(segment)), str(text), str(rule), str(suggestion)),
        suggestion=_suggestion_from_json(str(payload)),
        verdict=str(verdict),  # type: ignore[arg-type]
        final=tuple(json.loads(str(final))),
        at=datetime.fromisoformat(str(at)),
        written=bool(written),
    )


def _next_group(db: sqlite3.Connection) -> int:
    """The number of a new undo step: one past the last."""
    return int(db.execute("SELECT COALESCE(MAX(grp), 0) + 1 FROM undo").fetchone()[0])


def _log_previous(db: sqlite3.Connection, group: int, key: Key) -> None:
    """Log the row under ``key`` as it is now (or that there is none) as part of undo step ``group``."""
    previous = db.execute(f"SELECT {_COLUMNS} FROM decisions WHERE {_WHERE_KEY}", key).fetchone()
    db.execute(
        "INSERT INTO undo (grp, doc, segment, text, rule, suggestion, previous)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (group, *key, json.dumps(previous) if previous else None),
    )


_MOVE_ASIDE = " (move the file aside to start the review afresh)"


def read_decisions(path: Path, docs: Collection[str] | None = None) -> list[StoredDecision]:
    """Every decision in the review database at ``path`` (of ``docs`` only, if given),
    read without writing a byte: none when there is no database."""
    if not path.exists():
        return []
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = db.execute(f"SELECT {_COLUMNS} FROM decisions").fetchall()
        finally:
            db.close()
    except sqlite3.Error as error:
        raise StoreError(f"cannot read the review database: {error}", path=path) from error
    found = map(_row_decision, rows)
    return [d for d in found if docs is None or d.key.doc in docs]


class ReviewDB:
    """The review database: decisions, an undo log that survives restarts, the position."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # The TUI builds the session in a worker thread and uses it on the
            # main thread; access is never concurrent, so sharing is safe.
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            # Checked before anything is written to it: a damaged file stays as it was.
            damage = self._db.execute("PRAGMA quick_check(1)").fetchone()[0]
            if damage != "ok":
                self._db.close()
                found = " ".join(str(damage).split())  # SQLite's report spans lines
                raise StoreError(f"the review database is damaged: {found}{_MOVE_ASIDE}", path=path)
            self._db.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL still commits each decision before the call
            # returns, and a killed process loses nothing; it skips the fsync
            # per commit (only a power cut can lose the last few), which was
            # most of a keypress's own time (the position is saved on every move).
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._db.executescript(_SCHEMA)
            # A store that cannot be written shows at once, not at the first decision.
            self._db.execute(
                "INSERT OR REPLACE INTO state (name, value) VALUES ('opened', ?)",
                (datetime.now(UTC).isoformat(),),
            )
        except sqlite3.Error as error:
            damaged = error.sqlite_errorname in {"SQLITE_NOTADB", "SQLITE_CORRUPT"}
            raise StoreError(
                f"cannot open the review database: {error}{_MOVE_ASIDE if damaged else ''}",
                path=path,
            ) from error

    def close(self) -> None:
        """Close the connection (every decision is already committed)."""
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreError(f"review database: {error}", path=self.path) from error

    def _read(self, query: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """The rows of a query; a damaged database is a StoreError, as for writes."""
        try:
            return self._db.execute(query, params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"review database: {error}{_MOVE_ASIDE}", path=self.path) from error

    def decisions(self, doc: str) -> dict[Key, StoredDecision]:
        """Every stored decision of one document, by key."""
        rows = self._read(f"SELECT {_COLUMNS} FROM decisions WHERE doc = ?", (doc,))
        return {decision.key: decision for decision in map(_row_decision, rows)}

    def get(self, key: Key) -> StoredDecision | None:
        """The decision stored under ``key``, if any."""
        rows = self._read(f"SELECT {_COLUMNS} FROM decisions WHERE {_WHERE_KEY}", key)
        return _row_decision(rows[0]) if rows else None

    def record(self, changes: Iterable[tuple[Suggestion, Verdict, tuple[str, ...]]]) -> None:
        """Store decisions as one undoable step, committed before this returns."""
        at = datetime.now(UTC).isoformat()
        with self._transaction() as db:
            group = _next_group(db)
            for suggestion, verdict, final in changes:
                key = key_of(suggestion)
                _log_previous(db, group, key)
                db.execute(
                    f"INSERT OR REPLACE INTO decisions ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,0)",
                    (*key, _suggestion_json(suggestion), verdict, json.dumps(final), at),
                )

    def discard(self, keys: Iterable[Key]) -> None:
        """Delete decisions as one undoable step (``undo`` puts them back), committed at once."""
        with self._transaction() as db:
            group = _next_group(db)
            for key in keys:
                _log_previous(db, group, key)
                db.execute(f"DELETE FROM decisions WHERE {_WHERE_KEY}", key)

    def undo(self) -> list[Key]:
        """Take back the last step (of any document); the keys it touched, or [] if none."""
        with self._transaction() as db:
            group = db.execute("SELECT MAX(grp) FROM undo").fetchone()[0]
            if group is None:
                return []
            rows = db.execute(
                "SELECT id, doc, segment, text, rule, suggestion, previous FROM undo"
                " WHERE grp = ? ORDER BY id DESC",
                (group,),
            ).fetchall()
            keys = []
            for _id, doc, segment, text, rule, suggestion, previous in rows:
                key = Key(doc, segment, text, rule, suggestion)
                keys.append(key)
                db.execute(f"DELETE FROM decisions WHERE {_WHERE_KEY}", key)
                if previous is not None:
                    db.execute(
                        f"INSERT INTO decisions ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        json.loads(previous),
                    )
            db.execute("DELETE FROM undo WHERE grp = ?", (group,))
            return keys

    def mark_written(self, doc: str, keys: Iterable[Key] | None = None) -> None:
        """A version of ``doc`` was written: its decisions (or only ``keys``) are written,
        and its undo log ends here."""
        with self._transaction() as db:
            if keys is None:
                db.execute("UPDATE decisions SET written = 1 WHERE doc = ?", (doc,))
            else:
                db.executemany(f"UPDATE decisions SET written = 1 WHERE {_WHERE_KEY}", list(keys))
            db.execute("DELETE FROM undo WHERE doc = ?", (doc,))

    def unwritten(self, doc: str | None = None) -> int:
        """How many text-changing decisions are not yet in a written version."""
        marks = ",".join("?" * len(TEXT_CHANGING))
        query = f"SELECT COUNT(*) FROM decisions WHERE written = 0 AND verdict IN ({marks})"
        params: tuple[str, ...] = TEXT_CHANGING
        if doc is not None:
            query += " AND doc = ?"
            params = (*params, doc)
        return int(str(self._read(query, params)[0][0]))

    def unwritten_by_doc(self) -> dict[str, int]:
        """How many text-changing decisions of each document are not yet written."""
        marks = ",".join("?" * len(TEXT_CHANGING))
        rows = self._read(
            f"SELECT doc, COUNT(*) FROM decisions WHERE written = 0 AND verdict IN ({marks})"
            " GROUP BY doc",
            TEXT_CHANGING,
        )
        return {str(doc): int(str(count)) for doc, count in rows}

    def position(self) -> Key | None:
        """Where the last session stood, if it stood anywhere."""
        rows = self._read("SELECT value FROM state WHERE name = 'position'")
        return Key(*json.loads(str(rows[0][0]))) if rows else None

    def set_position(self, key: Key) -> None:
        """Remember the current flag so that a restart resumes there."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO state (name, value) VALUES ('position', ?)",
                (json.dumps(list(key)),),
            )

    def rekey(self, old: Key, suggestion: Suggestion) -> StoredDecision | None:
        """Move a decision to a suggestion whose segment moved (same text, rule and fix)."""
        new = key_of(suggestion)
        with self._transaction() as db:
            db.execute(
                "UPDATE decisions SET segment = ?, payload = ? WHERE " + _WHERE_KEY,
                (new.segment, _suggestion_json(suggestion), *old),
            )
            db.execute("UPDATE undo SET segment = ? WHERE " + _WHERE_KEY, (new.segment, *old))
        return self.get(new)
