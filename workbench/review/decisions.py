"""Decisions with undo: what is decided on each item, kept in step with the database,
and the progress counts it makes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.model import Suggestion, Verdict
from workbench.review.db import TEXT_CHANGING, Key, ReviewDB, StoredDecision, key_of
from workbench.review.scanning import HAND_RULES, Item


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a review is: decided flags out of those to decide on, and the flags of
    ``auto`` rules (shown in groups) apart."""

    reviewed: int
    flagged: int
    """Flags to decide on: every live flag but those of ``auto`` rules."""
    auto: int = 0
    """Flags of ``auto`` rules."""
    auto_open: int = 0
    """Flags of ``auto`` rules with no decision yet (or skipped)."""

    @property
    def to_review(self) -> int:
        """Flags to decide on that have no decision yet (or were skipped)."""
        return self.flagged - self.reviewed


@dataclass(frozen=True, slots=True)
class Undone:
    """One decision that ``undo`` took back, and the one it put back (if any)."""

    decision: StoredDecision
    restored: StoredDecision | None
    discard: bool = False
    """True when the step undone was the discard of a stale decision: ``decision``
    (and ``restored``) is that decision, back in the store."""


@dataclass(frozen=True, slots=True)
class UndoStep:
    """What ``Ledger.undo`` did: the decisions undone, the documents whose items
    the step changes (to scan again) and the keys it touched, last one last."""

    undone: list[Undone]
    rescan: set[str]
    keys: list[Key]


Change = tuple[Suggestion, Verdict, tuple[str, ...]]
"""A decision to record: the suggestion, the verdict and the final texts."""


def _is_reviewed(verdict: Verdict | None) -> bool:
    return verdict not in (None, "skipped")


def changes_nothing(decision: StoredDecision) -> bool:
    """True for a decision that, written, would change neither text, times nor speakers:
    a flag to check by ear accepted as it is, or an edit back to the text as it was."""
    suggestion = decision.suggestion
    return (
        decision.final == suggestion.before and not suggestion.retimed and not suggestion.speakers
    )


class Ledger:
    """The decisions of a review, cached from the database, and the progress they make."""

    def __init__(self, db: ReviewDB) -> None:
        self.db = db
        self.decisions: dict[Key, StoredDecision] = {}
        self._live: dict[Key, Item] = {}
        self._stale_keys: set[Key] = set()
        self._idle: set[Key] = set()
        """The keys of decisions that change nothing (``changes_nothing``)."""
        self._auto: set[Key] = set()
        """The keys of live flags of ``auto`` rules, counted apart."""
        self._reviewed: dict[str, int] = {}
        self._flagged: dict[str, int] = {}
        self._auto_flagged: dict[str, int] = {}
        self._auto_open: dict[str, int] = {}

    def verdict_of(self, item: Item) -> Verdict | None:
        """The verdict stored for an item, or None when it is undecided."""
        decision = self.decisions.get(item.key)
        return decision.verdict if decision else None

    def forget(self, document: str | None = None) -> None:
        """Drop the cached decisions of one document (or all), to be loaded again by a scan."""
        if document is None:
            self.decisions = {}
        else:
            self.decisions = {k: d for k, d in self.decisions.items() if k.doc != document}

    def count(self, items: Iterable[Item], documents: Iterable[str]) -> None:
        """Count flagged and reviewed items per document once; decisions then adjust it."""
        items = list(items)
        self._live = {item.key: item for item in items if not item.stale}
        self._stale_keys = {item.key for item in items if item.stale}
        self._idle = {key for key, decision in self.decisions.items() if changes_nothing(decision)}
        self._auto = {key for key, item in self._live.items() if item.group is not None}
        self._flagged = dict.fromkeys(documents, 0)
        self._reviewed = dict.fromkeys(self._flagged, 0)
        self._auto_flagged = dict.fromkeys(self._flagged, 0)
        self._auto_open = dict.fromkeys(self._flagged, 0)
        for key, item in self._live.items():
            reviewed = _is_reviewed(self.verdict_of(item))
            if key in self._auto:
                self._auto_flagged[item.doc_id] += 1
                self._auto_open[item.doc_id] += not reviewed
            else:
                self._flagged[item.doc_id] += 1
                self._reviewed[item.doc_id] += reviewed

    def store(self, key: Key, decision: StoredDecision | None) -> None:
        """Keep the cached decision and the progress counts in step with the database."""
        old = self.decisions.pop(key, None)
        self._idle.discard(key)
        if decision is not None:
            self.decisions[key] = decision
            if changes_nothing(decision):
                self._idle.add(key)
        if key in self._live:
            change = _is_reviewed(decision.verdict if decision else None) - _is_reviewed(
                old.verdict if old else None
            )
            if key in self._auto:
                self._auto_open[key.doc] -= change
            else:
                self._reviewed[key.doc] += change

    def record(self, changes: Sequence[Change]) -> None:
        """Commit decisions as one undo step."""
        self.db.record(changes)
        for suggestion, _verdict, _final in changes:
            key = key_of(suggestion)
            self.store(key, self.db.get(key))

    def discard(self, key: Key) -> None:
        """Delete a decision from the database (an undo step of its own)."""
        self.db.discard([key])
        self.store(key, None)

    def undo(self) -> UndoStep:
        """Take back the last decision step (any depth, back to the last write)."""
        keys = self.db.undo()
        undone = []
        rescan = set()
        for key in keys:
            old, new = self.decisions.get(key), self.db.get(key)
            if old is not None:
                undone.append(Undone(old, new))
            elif new is not None:
                # A step that left no row where there is one now discarded it:
                # every other step writes the row it decides.
                undone.append(Undone(new, new, discard=True))
                rescan.add(key.doc)  # the scan places it again, stale or live
            verdicts = {d.verdict for d in (old, new) if d is not None}
            if key.rule in HAND_RULES or "edited" in verdicts:
                # A hand edit hides the flags it settles: they come back, or go.
                rescan.add(key.doc)
            self.store(key, new)
        return UndoStep(undone, rescan, keys)

    def progress(self, document: str | None = None) -> Progress:
        """Decided (not skipped) flags out of those to decide on, and the flags of
        ``auto`` rules, in one document or all."""
        docs = [document] if document is not None else list(self._flagged)
        return Progress(
            sum(self._reviewed[doc] for doc in docs),
            sum(self._flagged[doc] for doc in docs),
            sum(self._auto_flagged[doc] for doc in docs),
            sum(self._auto_open[doc] for doc in docs),
        )

    def stale_count(self) -> int:
        """How many decisions are stale (their segment changed, or their suggestion is gone)."""
        return len(self._stale_keys)

    def unwritten(self, documents: Iterable[str]) -> int:
        """How many text-changing decisions a write of ``documents`` would write.

        Stale decisions are not counted: no version can write them as they stand;
        nor are decisions that change nothing.
        """
        docs = set(documents)
        unwritable = sum(
            1
            for key in self._stale_keys | self._idle
            if key.doc in docs
            and (d := self.decisions.get(key)) is not None
            and not d.written
            and d.verdict in TEXT_CHANGING
        )
        counts = self.db.unwritten_by_doc()
        return sum(counts.get(doc, 0) for doc in docs) - unwritable
