"""A review over several documents: the one object the screen talks to.

The TUI is a thin driver over ``ReviewSession``; nothing here knows about a
screen. The session joins four parts, one job each: ``scanning`` (documents
into items), ``cursor`` (the shown list, filters and search), ``decisions``
(verdicts with undo, and progress) and ``versions`` (what a write settles).
Each operation commits to the ``ReviewDB`` before it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from workbench.checks.confidence import ConfidenceRule
from workbench.documents import OpenDocument, open_latest
from workbench.engine import apply_decisions
from workbench.errors import UsageError
from workbench.model import Decision, Segment, Suggestion, Transcript, Verdict
from workbench.review.cursor import VERDICT_FILTERS, Cursor, Filters, Group
from workbench.review.db import TEXT_CHANGING, Key, ReviewDB, StoredDecision, key_of
from workbench.review.decisions import Ledger, Progress, Undone
from workbench.review.edits import edit_makes
from workbench.review.handwork import HandWork
from workbench.review.scanning import (
    MANUAL_RULE,
    Item,
    RestScan,
    Scanner,
    Stale,
    decided_text,
    manual_suggestion,
)
from workbench.review.versions import (
    WriteResult,
    pending,
    rejected_again,
    rejections_to_carry,
    settled_keys,
)
from workbench.ruleset import RuleSet
from workbench.rulestats import RuleStats, rule_stats
from workbench.store import Store
from workbench.wording import plural

__all__ = [
    "MANUAL_RULE",
    "VERDICT_FILTERS",
    "Filters",
    "Group",
    "Item",
    "Progress",
    "RestScan",
    "ReviewSession",
    "SessionFactory",
    "Stale",
    "Undone",
    "WriteResult",
    "session_factory",
]

SessionFactory = Callable[[int | None], "ReviewSession"]
"""Builds the review session; given a number, it scans only that many first
segments of longer documents (``ReviewSession(first_block=...)``)."""


def session_factory(
    store: Store, documents: Sequence[OpenDocument], load_rules: Callable[[], RuleSet]
) -> SessionFactory:
    """The ``SessionFactory`` of a review of ``documents`` in ``store``, its rules from ``load_rules``."""

    def open_session(first_block: int | None = None) -> ReviewSession:
        return ReviewSession(
            ReviewDB(store.db_path), store, documents, load_rules, first_block=first_block
        )

    return open_session


class ReviewSession:
    """Flagged items over several documents, with a cursor, filters and decisions."""

    def __init__(
        self,
        db: ReviewDB,
        store: Store,
        documents: Sequence[OpenDocument],
        load_rules: Callable[[], RuleSet],
        *,
        first_block: int | None = None,
    ) -> None:
        """With ``first_block``, a longer document is scanned only in its first
        ``first_block`` segments, so that the first flag shows at once;
        ``scan_rest`` and ``complete`` then bring in the rest."""
        self.db = db
        self.store = store
        self.scanner = Scanner(db, documents, load_rules, first_block=first_block)
        self.ledger = Ledger(db)
        self.hand = HandWork(self.scanner.documents, self.ledger)
        self.list = Cursor(self.ledger.verdict_of, db.set_position)
        self.rescan(keep_partial=True)
        if not self._restore_position():
            self.list.first_to_decide()

    # -- the parts' state, as the screen reads it ----------------------------

    @property
    def documents(self) -> dict[str, OpenDocument]:
        """The documents under review, by name, each at its latest version."""
        return self.scanner.documents

    @property
    def rule_set(self) -> RuleSet:
        """The rules the items were scanned with."""
        return self.scanner.rule_set

    @property
    def partial(self) -> dict[str, int]:
        """Documents scanned only in part so far: how many segments were."""
        return self.scanner.partial

    @property
    def scanning(self) -> tuple[int, int] | None:
        """While some document is scanned only in part: segments scanned and in all."""
        return self.scanner.scanning

    @property
    def items(self) -> list[Item]:
        """Every item, shown or filtered out, grouped by document in position order."""
        return self.list.items

    @property
    def visible(self) -> list[int]:
        """Indices into ``items`` of the rows shown: each flag that the filters let
        through, but only the first of a collapsed group of auto flags."""
        return self.list.visible

    @property
    def shown(self) -> int:
        """How many items the filters let through (those in collapsed groups too)."""
        return self.list.shown

    @property
    def cursor(self) -> int:
        """The current row: an index into ``visible``."""
        return self.list.row

    @property
    def filters(self) -> Filters:
        """What the list is filtered by."""
        return self.list.filters

    @property
    def current(self) -> Item | None:
        """The item under the cursor, or None when the list is empty."""
        return self.list.current

    @property
    def group(self) -> Group | None:
        """The collapsed group of ``auto`` flags under the cursor, or None on a flag's row."""
        return self.list.group

    def group_at(self, row: int) -> Group | None:
        """The collapsed group shown on row ``row``, or None for a flag's own row."""
        return self.list.group_at(row)

    def group_of(self, item: Item) -> Group | None:
        """The group of ``auto`` flags ``item`` is shown in, collapsed or expanded."""
        return self.list.group_of(item)

    @property
    def decisions(self) -> dict[Key, StoredDecision]:
        """The stored decisions of the documents, by key."""
        return self.ledger.decisions

    def verdict_of(self, item: Item) -> Verdict | None:
        """The verdict stored for an item, or None when it is undecided."""
        return self.ledger.verdict_of(item)

    # -- building the list ---------------------------------------------------

    def _show(self, items: list[Item], keep: Item | None) -> None:
        """Make ``items`` the list (grouped in document order), counted and filtered."""
        order = {doc_id: place for place, doc_id in enumerate(self.documents)}
        items = sorted(items, key=lambda item: order[item.doc_id])
        self.ledger.count(items, self.documents)
        self.list.show(items, keep)

    def scan_rest(self) -> RestScan:
        """Scan the documents shown in part, whole; touches no state (run it off the UI thread)."""
        return self.scanner.rest()

    def complete(self, found: RestScan) -> None:
        """Swap in the whole documents' items from ``scan_rest``, keeping the cursor on its flag.

        A document written, re-scanned or re-ruled meanwhile is whole already, and keeps that.
        """
        here = self.current
        target = self.list.resume or (here.key if here is not None else None)
        fresh = self.scanner.take(found)
        if not fresh:
            return
        for doc_id, scanned in fresh.items():
            # Reloaded with the document: decisions made meanwhile are in the database.
            self.ledger.forget(doc_id)
            self.ledger.decisions.update(scanned.decisions)
        kept = [item for item in self.items if item.doc_id not in fresh]
        self._show(kept + [item for scanned in fresh.values() for item in scanned.items], None)
        if target is not None:
            self.list.move_to(target)
        if not self.partial:
            self.list.resume = None

    def rescan(self, document: str | None = None, *, keep_partial: bool = False) -> None:
        """Scan every document (or one) again with the current rules, keeping the cursor."""
        here = self.current
        if not keep_partial:
            # A re-scan asked for by an operation covers the whole document.
            self.scanner.whole(document)
        if document is None:
            self.ledger.forget()
            docs = list(self.documents)
            kept = []
        else:
            # Decisions a write settled are history now: only the scan's are kept.
            self.ledger.forget(document)
            docs = [document]
            kept = [item for item in self.items if item.doc_id != document]
        for doc_id in docs:
            scanned = self.scanner.scan(doc_id)
            self.ledger.decisions.update(scanned.decisions)
            kept += scanned.items
        self._show(kept, here)

    def reload_rules(self) -> None:
        """Load the rule files again (after learning a rule) and re-scan everything."""
        self.scanner.reload_rules()
        self.rescan()

    def _restore_position(self) -> bool:
        """Go where the last session stood; False when it stood nowhere."""
        position = self.db.position()
        if position is None:
            return False
        self.list.move_to(position)
        here = self.current
        if position.doc in self.partial and (here is None or here.key != position):
            self.list.resume = position  # past the first block: go there once it is scanned
        return True

    # -- filters and cursor --------------------------------------------------

    def set_filters(self, filters: Filters) -> None:
        """Show only the items that pass ``filters``; the cursor stays on its item if shown."""
        self.list.set_filters(filters)

    def search(self, text: str) -> None:
        """Show only items whose segments contain ``text`` (empty shows all again)."""
        self.list.search(text)

    def go(self, row: int) -> None:
        """Put the cursor on row ``row`` of the shown list (clamped)."""
        self.list.go(row)

    def next(self) -> None:
        """Move to the next shown item."""
        self.list.next()

    def prev(self) -> None:
        """Move to the previous shown item."""
        self.list.prev()

    def next_unreviewed(self) -> bool:
        """Move to the next undecided flag (wrapping), else a skipped one, else a group
        with undecided flags; False if there is none."""
        return self.list.next_unreviewed()

    def toggle_group(self) -> Group | None:
        """Expand the collapsed group under the cursor, or collapse the group of its flag;
        the group as it is now, or None when the flag is in none."""
        return self.list.toggle()

    # -- decisions -----------------------------------------------------------

    def _decidable(self) -> Item:
        item = self.current
        if item is None:
            raise UsageError("no flag to decide on")
        if item.stale == "segment":
            raise UsageError("this decision is stale: its segment changed since it was made")
        if item.stale:
            raise UsageError("this decision is stale: the rules no longer make its suggestion")
        return item

    def _decide(self, verdict: Verdict) -> None:
        """Record ``verdict`` on the current flag, or on every open flag of the collapsed
        group under the cursor (one undo step; a group is skipped by moving on)."""
        item = self._decidable()
        group = self.group
        if group is None:
            members = [item]
        else:  # a group is skipped by moving on
            members = [] if verdict == "skipped" else self.open_members(group)
        if verdict in TEXT_CHANGING:
            for member in members:
                self.hand.refuse_if_cut(member)
        if members:
            self.ledger.record([(m.suggestion, verdict, m.suggestion.after) for m in members])
        self.next()

    def open_members(self, group: Group) -> list[Item]:
        """The flags of ``group`` with no decision yet (or skipped)."""
        members = (self.items[index] for index in group.members)
        return [item for item in members if self.verdict_of(item) in (None, "skipped")]

    def accept(self) -> None:
        """Accept the current suggestion and move on."""
        self._decide("accepted")

    def reject(self) -> None:
        """Reject the current suggestion and move on."""
        self._decide("rejected")

    def skip(self) -> None:
        """Leave the current suggestion for later and move on."""
        self._decide("skipped")

    def edit(self, text: str) -> None:
        """Record the user's own text for the current span (lines split segments) and move on.

        Other undecided flags of the span that the edit already makes are
        settled by it and leave the list (undo brings them back).
        """
        item = self._decidable()
        if self.group is not None:
            raise UsageError("a group of auto flags: Enter expands it, to edit one of them")
        self.hand.refuse_if_cut(item)
        final = tuple(text.split("\n"))
        self.ledger.record([(item.suggestion, "edited", final)])
        self._drop_made_by(item, "\n".join(final))
        self.next()

    def _drop_made_by(self, edited: Item, final: str) -> None:
        span, text = edited.suggestion.span, edited.key.text
        dropped = {
            index
            for index, item in enumerate(self.items)
            if item is not edited
            and item.doc_id == edited.doc_id
            and not item.stale
            and item.suggestion.span == span
            and item.key.text == text
            and item.key not in self.decisions
            and edit_makes(text, item.key.suggestion, final)
        }
        if dropped:
            kept = [item for index, item in enumerate(self.items) if index not in dropped]
            self._show(kept, self.current)

    def discard(self) -> StoredDecision:
        """Delete the current stale decision from the store and the list: what it was.

        Only a stale decision can go this way (a live flag is decided on, or
        undone); ``undo`` puts it back, like any other step.
        """
        item = self.current
        if item is None:
            raise UsageError("no flag here")
        decision = self.decisions.get(item.key)
        if not item.stale or decision is None:
            raise UsageError("only a stale decision can be discarded: this flag is live")
        row = self.cursor
        self.ledger.discard(item.key)
        self._show([other for other in self.items if other is not item], None)
        # The flag that followed it takes its row (or the last one, at the end).
        self.go(row)
        return decision

    def undo(self) -> list[Undone]:
        """Take back the last decision step (any depth, back to the last write): what it undid."""
        step = self.ledger.undo()
        for doc in step.rescan:
            self.rescan(doc)
        if step.keys:
            self.list.move_to(step.keys[-1])
        return step.undone

    def _accept_all_items(self, rule: str, document: str | None) -> list[Item]:
        cuts = self.hand.cuts()
        return [
            item
            for item in self.items
            if item.suggestion.rule_id == rule
            and (document is None or item.doc_id == document)
            and not item.stale
            and self.verdict_of(item) in (None, "skipped")
            and self.hand.cut_under(item, cuts) is None
        ]

    def count_accept_all(self, rule: str, document: str | None) -> int:
        """How many undecided items ``accept_all`` would accept."""
        return len(self._accept_all_items(rule, document))

    def accept_all(self, rule: str, document: str | None) -> int:
        """Accept every undecided item of ``rule`` (in ``document``, or everywhere) as one step."""
        items = self._accept_all_items(rule, document)
        if items:
            self.ledger.record(
                [(item.suggestion, "accepted", item.suggestion.after) for item in items]
            )
        return len(items)

    def edit_segment(self, document: str, index: int, text: str) -> None:
        """Record a hand edit of one segment (document view), flagged or not, as ``edited``."""
        doc = self.documents[document]
        if not 0 <= index < len(doc.transcript.segments):
            raise UsageError(f"segment {index} is not in {document}")
        for item in self.items:
            s = item.suggestion
            covers = s.span == (index, index) and s.target == "segments"
            if item.doc_id == document and covers and not item.stale:
                self.ledger.record([(s, "edited", (text,))])
                return
        suggestion = manual_suggestion(document, doc.transcript.segments[index])
        self.ledger.record([(suggestion, "edited", (text,))])
        self.rescan(document)

    def changed_speakers(self, document: str) -> dict[int, str | None]:
        """The segments of ``document`` given a new speaker not yet written: their new one."""
        return self.hand.changed_speakers().get(document, {})

    def all_changed_speakers(self) -> dict[str, dict[int, str | None]]:
        """``changed_speakers`` of every document that has some, in one pass."""
        return self.hand.changed_speakers()

    def speaker_run(self, document: str, index: int) -> list[int]:
        """The segments around ``index`` that have its speaker now, without a break."""
        return self.hand.speaker_run(document, index)

    def change_speaker(self, document: str, indexes: Sequence[int], speaker: str | None) -> None:
        """Give segments ``indexes`` of ``document`` the speaker ``speaker``: one decision
        per segment (rule ``speaker``), all one undo step."""
        if changes := self.hand.speaker_changes(document, indexes, speaker):
            self.ledger.record(changes)
            self.rescan(document)

    def split(self, document: str, index: int, at: int) -> None:
        """Cut segment ``index`` of ``document`` before the word at character ``at`` of its
        text (rule ``split``; times from its words, else by characters)."""
        change = self.hand.cut(document, index, at, self.pending(document))
        self.ledger.record([change])
        self.rescan(document)
        self.list.move_to(key_of(change[0]))

    # -- what a document becomes ---------------------------------------------

    def pending(self, document: str) -> list[Decision]:
        """The text-changing decisions of a document not yet in a written version."""
        return pending(self.items, self.decisions, document)

    def preview(self, document: str) -> Transcript:
        """The document as it would be written now."""
        return apply_decisions(self.documents[document].transcript, self.pending(document))

    def write_version(self, document: str) -> WriteResult:
        """Write the document's pending changes as its next version, then review that version."""
        decisions = self.pending(document)
        if not decisions:
            return WriteResult(
                None, f"{document}: nothing accepted or edited changes it, no version written"
            )
        doc = self.documents[document]
        written = apply_decisions(doc.transcript, decisions)
        carried = rejections_to_carry(self.items, self.decisions, document, doc.transcript, written)
        ref = self.store.write_version(
            doc.source, written, decisions, parent=doc.version, rule_files=list(self.rule_set.files)
        )
        # Only what the version settles: a stale decision was not written.
        self.db.mark_written(document, settled_keys(self.items, self.decisions, document))
        self.documents[document] = open_latest(doc.source, self.store)
        self.rescan(document)
        self._reject_again(document, rejected_again(self.items, self.decisions, document, carried))
        return WriteResult(ref.path, f"wrote {ref.path} ({plural(len(decisions), 'change')})")

    def _reject_again(self, document: str, again: list[Suggestion]) -> None:
        """Reject, as already written, the new version's flags that repeat a carried rejection."""
        if not again:
            return
        self.ledger.record([(s, "rejected", s.after) for s in again])
        keys = [key_of(s) for s in again]
        self.db.mark_written(document, keys)
        for key in keys:
            if (decision := self.db.get(key)) is not None:
                self.decisions[decision.key] = decision

    def write_all(self) -> list[WriteResult]:
        """Write a version of every document with unwritten changes; what was written."""
        return [self.write_version(doc) for doc in self.documents if self.unwritten(doc)]

    def unwritten(self, document: str | None = None) -> int:
        """How many text-changing decisions a write would write (in one document or all shown).

        Stale decisions are not counted: no version can write them as they stand.
        """
        return self.ledger.unwritten([document] if document is not None else self.documents)

    # -- what the screen shows -------------------------------------------------

    def progress(self, document: str | None = None) -> Progress:
        """Decided (not skipped) items out of flagged ones, in one document or all."""
        return self.ledger.progress(document)

    def stale_count(self) -> int:
        """How many decisions are stale (their segment changed, or their suggestion is gone)."""
        return self.ledger.stale_count()

    @property
    def unsure_below(self) -> float | None:
        """The confidence under which a word is unsure: the highest threshold of the
        ``confidence`` rules turned on; None when none is."""
        thresholds = [r.threshold for r in self.rule_set.rules if isinstance(r, ConfidenceRule)]
        return max(thresholds, default=None)

    def context(
        self, item: Item, around: int = 2
    ) -> tuple[list[Segment], list[Segment], list[Segment]]:
        """The segments before, in and after the item's span."""
        segments = self.documents[item.doc_id].transcript.segments
        first, last = item.suggestion.span
        if item.suggestion.target != "segments":
            return [], [], []
        return (
            list(segments[max(0, first - around) : first]),
            list(segments[first : last + 1]),
            list(segments[last + 1 : last + 1 + around]),
        )

    def text_now(self, item: Item) -> str:
        """What the item's segments say now, as its suggestion shows them: of a long
        segment (a whole talk on one line) only the window around its change."""
        return decided_text(self.documents[item.doc_id].transcript, item.suggestion) or ""

    def values(self, field: str) -> list[str]:
        """The distinct rule ids, kinds or documents of the items, for the filter screen."""
        if field == "document":
            return list(self.documents)
        getter: Callable[[Suggestion], str] = (
            (lambda s: s.rule_id) if field == "rule" else (lambda s: s.kind)
        )
        return sorted({getter(item.suggestion) for item in self.items})

    def rule_stats(self) -> list[RuleStats]:
        """Per rule, its flags in this review and the verdicts given them (the
        filter screen's ``rules stats``); a stale decision counts, not as a flag."""
        live = (item.suggestion for item in self.items if not item.stale)
        decided = [
            (item.suggestion, verdict)
            for item in self.items
            if (verdict := self.verdict_of(item)) is not None
        ]
        return rule_stats(live, decided)

    def __iter__(self) -> Iterator[Item]:
        """The shown items in list order."""
        return (self.items[i] for i in self.visible)
