"""A review over several documents: flagged items, cursor, filters and every operation.

The TUI is a thin driver over ``ReviewSession``; nothing here knows about a
screen. Each operation commits to the ``ReviewDB`` before it returns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from workbench.checks.textfix import shown_texts
from workbench.documents import OpenDocument, open_latest
from workbench.engine import Engine, apply_decisions
from workbench.errors import UsageError
from workbench.model import Decision, Segment, Suggestion, Transcript, Verdict
from workbench.review.db import TEXT_CHANGING, Key, ReviewDB, StoredDecision, key_of
from workbench.review.edits import Signature, edit_keeps, edit_makes, signature
from workbench.review.wording import plural
from workbench.ruleset import RuleSet
from workbench.store import Store

MANUAL_RULE = "manual-edit"
"""The rule id of an edit made by hand in the whole-document view."""

VERDICT_FILTERS = ("unreviewed", "accepted", "rejected", "edited", "skipped", "stale")
"""What the verdict filter can select."""

Stale = Literal["", "segment", "rule"]
"""Why a decision is stale: its segment's text changed, or the rules no longer suggest it."""

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


RestScan = dict[str, tuple[Transcript, RuleSet, list[Suggestion]]]
"""What ``scan_rest`` found: per document, the transcript and rules it scanned, and the
suggestions (sorted as the list shows them)."""


@dataclass(frozen=True, slots=True)
class Item:
    """One flagged place in the list: a suggestion, or a decision whose segment changed."""

    suggestion: Suggestion
    stale: Stale = ""
    """Why this is a stale decision, never written as it stands: ``segment`` when its
    segment's text is no longer what it was decided on, ``rule`` when the rules no
    longer make its suggestion; empty for a live flag."""

    @property
    def key(self) -> Key:
        """The key its decision is stored under."""
        return key_of(self.suggestion)

    @property
    def doc_id(self) -> str:
        """The document it belongs to."""
        return self.suggestion.doc_id


@dataclass(frozen=True, slots=True)
class Filters:
    """Which items the list shows; ``None`` or ``""`` means any."""

    rule: str | None = None
    kind: str | None = None
    document: str | None = None
    verdict: str | None = None
    """One of ``VERDICT_FILTERS``."""
    search: str = ""
    """Text that the item's segments must contain (case-insensitive)."""

    @property
    def active(self) -> bool:
        """True when some filter or a search hides flags."""
        return self != Filters()


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a review is: decided items out of flagged ones."""

    reviewed: int
    flagged: int


@dataclass(frozen=True, slots=True)
class Undone:
    """One decision that ``undo`` took back, and the one it put back (if any)."""

    decision: StoredDecision
    restored: StoredDecision | None
    discard: bool = False
    """True when the step undone was the discard of a stale decision: ``decision``
    (and ``restored``) is that decision, back in the store."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What ``w`` did: the version file written, or why nothing was."""

    path: Path | None
    message: str


def _manual_suggestion(doc_id: str, segment: Segment) -> Suggestion:
    # The suggestion is the text itself, so a second edit of the same segment
    # replaces the first decision instead of adding another.
    return Suggestion(
        rule_id=MANUAL_RULE,
        kind="edit",
        doc_id=doc_id,
        span=(segment.index, segment.index),
        before=(segment.text,),
        after=(segment.text,),
        reason="edited by hand in the document view",
        line=segment.line,
        last_line=segment.line,
    )


def _current_text(transcript: Transcript, suggestion: Suggestion) -> str | None:
    """What the suggestion's target says now, or None when it is gone."""
    if suggestion.target == "header":
        return transcript.header
    if suggestion.target == "footer":
        return transcript.footer
    first, last = suggestion.span
    if last >= len(transcript.segments):
        return None
    return "\n".join(seg.text for seg in transcript.segments[first : last + 1])


def _decided_text(transcript: Transcript, suggestion: Suggestion) -> str | None:
    """What the suggestion's ``original`` would say on the transcript now, or None when gone.

    Of a segment longer than ``LONG_TEXT`` a suggestion holds only a window
    around its change (see ``workbench.checks.textfix``), so that window is what
    its key was made of: the same window of the text now is what to compare,
    not the whole segment, which would never equal it.
    """
    if suggestion.target != "segments" or not suggestion.edits:
        return _current_text(transcript, suggestion)
    first, last = suggestion.span
    if last >= len(transcript.segments):
        return None
    texts = []
    for seg in transcript.segments[first : last + 1]:
        # As ``text_suggestion`` built ``before``: a window of each segment an edit is in.
        edits = [
            (e.start, e.end, e.replacement) for e in suggestion.edits if e.segment == seg.index
        ]
        texts.append(shown_texts(seg.text, edits)[0] if edits else seg.text)
    return "\n".join(texts)


def _unwritten_edits(
    decisions: Iterable[StoredDecision],
) -> dict[tuple[tuple[int, int], str], list[str]]:
    """The texts of edits not yet written, by the (span, segment text) they edited:
    a fresh suggestion there that the edit already makes is settled by it."""
    edits: dict[tuple[tuple[int, int], str], list[str]] = {}
    for decision in decisions:
        if decision.verdict == "edited" and not decision.written:
            place = (decision.suggestion.span, decision.key.text)
            edits.setdefault(place, []).append("\n".join(decision.final))
    return edits


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
        self.load_rules = load_rules
        self.rule_set = load_rules()
        self.documents: dict[str, OpenDocument] = {doc.doc_id: doc for doc in documents}
        self.items: list[Item] = []
        self.decisions: dict[Key, StoredDecision] = {}
        self.filters = Filters()
        self.visible: list[int] = []
        """Indices into ``items`` that the filters let through, in list order."""
        self.cursor = 0
        """Index into ``visible``."""
        self._by_key: dict[Key, Item] = {}
        self._reviewed: dict[str, int] = {}
        self._flagged: dict[str, int] = {}
        self._stale_keys: set[Key] = set()
        self.partial: dict[str, int] = {}
        """Documents scanned only in part (see ``first_block``): how many segments were."""
        self._resume: Key | None = None
        """A saved position past the first blocks, to go to once they are complete."""
        if first_block is not None:
            self.partial = {
                doc_id: first_block
                for doc_id, doc in self.documents.items()
                if len(doc.transcript.segments) > first_block
            }
        self.rescan(keep_partial=True)
        self._restore_position()

    # -- building the list ---------------------------------------------------

    def _suggestions(self, transcript: Transcript, rule_set: RuleSet) -> list[Suggestion]:
        """The engine's suggestions for a transcript, in list order (no database, any thread)."""
        found = Engine(rule_set).scan(transcript).suggestions
        return sorted(
            found, key=lambda s: (s.target != "header", s.target == "footer", s.span, s.rule_id)
        )

    def _scan(self, doc: OpenDocument, suggestions: list[Suggestion] | None = None) -> list[Item]:
        """The items of one document: fresh suggestions, then hand edits and stale decisions.

        A document in ``partial`` is scanned only up to its block: flags touching the
        block's last segment (a structural rule may look past it) wait for the full scan,
        and so do stale decisions and moved ones, which only the whole document can tell.
        """
        block = self.partial.get(doc.doc_id)
        if block is not None:
            return self._scan_block(doc, block)
        stored = self.db.decisions(doc.doc_id)
        if suggestions is None:
            suggestions = self._suggestions(doc.transcript, self.rule_set)
        fresh = {key_of(s) for s in suggestions}
        moved = {(k.text, k.rule, k.suggestion): k for k in stored if k not in fresh}
        edits = _unwritten_edits(stored.values())
        items: list[Item] = []
        for suggestion in suggestions:
            key = key_of(suggestion)
            if key in stored:
                self.decisions[key] = stored.pop(key)
            elif (old := moved.pop((key.text, key.rule, key.suggestion), None)) is not None:
                # Same text, rule and fix at another index: segments before it
                # were merged or deleted in a written version.
                del stored[old]
                if (rekeyed := self.db.rekey(old, suggestion)) is not None:
                    self.decisions[key] = rekeyed
            elif any(
                edit_makes(key.text, key.suggestion, final)
                for final in edits.get((suggestion.span, key.text), ())
            ):
                # The user's edit of this span already changes what it would
                # change (say, the rule was just learned from that edit).
                continue
            items.append(Item(suggestion))
        for decision in stored.values():
            now = _current_text(doc.transcript, decision.suggestion)
            if decision.key.rule == MANUAL_RULE and now == decision.key.text:
                items.append(Item(decision.suggestion))
            elif decision.written:
                continue  # history: it is in a version already
            elif (
                decision.verdict == "edited"
                and _decided_text(doc.transcript, decision.suggestion) == decision.key.text
            ):
                # The user's own text for a segment that is as it was: it holds
                # whatever the rules now say (say, a rule just learned from it).
                items.append(Item(decision.suggestion))
            else:
                # Never dropped: a decision whose segment changed, or whose
                # suggestion the rules no longer make, is shown and not written
                # (until the user discards it).
                changed = _decided_text(doc.transcript, decision.suggestion) != decision.key.text
                why: Stale = "segment" if changed else "rule"
                items.append(Item(decision.suggestion, stale=why))
            self.decisions[decision.key] = decision
        # A stale decision sits beside the flag of its rule that replaced it.
        items.sort(key=lambda item: (item.suggestion.span, item.key.rule))
        return items

    def _scan_block(self, doc: OpenDocument, block: int) -> list[Item]:
        """The items of a document's first ``block`` segments, as the full scan gives them."""
        transcript = doc.transcript
        head = transcript.changed(segments=transcript.segments[:block], footer="")
        stored = self.db.decisions(doc.doc_id)
        self.decisions.update(stored)  # every decision is known, shown or not yet
        edits = _unwritten_edits(stored.values())
        items: list[Item] = []
        for suggestion in self._suggestions(head, self.rule_set):
            if suggestion.target != "header" and suggestion.span[1] >= block - 1:
                continue
            key = key_of(suggestion)
            if key not in stored and any(
                edit_makes(key.text, key.suggestion, final)
                for final in edits.get((suggestion.span, key.text), ())
            ):
                continue
            items.append(Item(suggestion))
        for decision in stored.values():
            s = decision.suggestion
            if (
                decision.key.rule == MANUAL_RULE
                and s.span[1] < block - 1
                and _current_text(transcript, s) == decision.key.text
            ):
                items.append(Item(s))
        items.sort(key=lambda item: (item.suggestion.span, item.key.rule))
        return items

    @property
    def scanning(self) -> tuple[int, int] | None:
        """While some document is scanned only in part: segments scanned and in all."""
        if not self.partial:
            return None
        total = sum(len(doc.transcript.segments) for doc in self.documents.values())
        done = total - sum(
            len(self.documents[doc_id].transcript.segments) - block
            for doc_id, block in self.partial.items()
        )
        return done, total

    def scan_rest(self) -> RestScan:
        """Scan the documents shown in part, whole; touches no state (run it off the UI thread)."""
        rule_set = self.rule_set
        out: RestScan = {}
        for doc_id in list(self.partial):
            transcript = self.documents[doc_id].transcript
            out[doc_id] = (transcript, rule_set, self._suggestions(transcript, rule_set))
        return out

    def complete(self, found: RestScan) -> None:
        """Swap in the whole documents' items from ``scan_rest``, keeping the cursor on its flag.

        A document written, re-scanned or re-ruled meanwhile is whole already, and keeps that.
        """
        here = self.current
        target = self._resume or (here.key if here is not None else None)
        fresh: dict[str, list[Item]] = {}
        for doc_id, (transcript, rule_set, suggestions) in found.items():
            doc = self.documents.get(doc_id)
            if doc_id not in self.partial or doc is None or doc.transcript is not transcript:
                continue
            if rule_set is not self.rule_set:
                continue
            del self.partial[doc_id]
            # Reloaded with the document: decisions made meanwhile are in the database.
            self.decisions = {k: d for k, d in self.decisions.items() if k.doc != doc_id}
            fresh[doc_id] = self._scan(doc, suggestions)
        if not fresh:
            return
        kept = [item for item in self.items if item.doc_id not in fresh]
        order = list(self.documents)
        self.items = sorted(
            kept + [item for items in fresh.values() for item in items],
            key=lambda item: order.index(item.doc_id),
        )
        self._count()
        self._refilter(None)
        if target is not None:
            self._move_to(target)
        if not self.partial:
            self._resume = None

    def rescan(self, document: str | None = None, *, keep_partial: bool = False) -> None:
        """Scan every document (or one) again with the current rules, keeping the cursor."""
        here = self.current
        if not keep_partial:
            # A re-scan asked for by an operation covers the whole document.
            if document is None:
                self.partial = {}
            else:
                self.partial.pop(document, None)
        if document is None:
            self.decisions = {}
            self.items = [item for doc in self.documents.values() for item in self._scan(doc)]
        else:
            kept = [item for item in self.items if item.doc_id != document]
            fresh = self._scan(self.documents[document])
            order = list(self.documents)
            self.items = sorted(kept + fresh, key=lambda item: order.index(item.doc_id))
        self._count()
        self._refilter(here)

    @staticmethod
    def _is_reviewed(verdict: Verdict | None) -> bool:
        return verdict not in (None, "skipped")

    def _count(self) -> None:
        """Count flagged and reviewed items per document once; decisions then adjust it."""
        self._by_key = {item.key: item for item in self.items if not item.stale}
        self._stale_keys = {item.key for item in self.items if item.stale}
        self._flagged = dict.fromkeys(self.documents, 0)
        self._reviewed = dict.fromkeys(self.documents, 0)
        for item in self._by_key.values():
            self._flagged[item.doc_id] += 1
            self._reviewed[item.doc_id] += self._is_reviewed(self.verdict_of(item))

    def _store(self, key: Key, decision: StoredDecision | None) -> None:
        """Keep the cached decision and the progress counts in step with the database."""
        old = self.decisions.pop(key, None)
        if decision is not None:
            self.decisions[key] = decision
        if key in self._by_key:
            self._reviewed[key.doc] += self._is_reviewed(
                decision.verdict if decision else None
            ) - self._is_reviewed(old.verdict if old else None)

    def reload_rules(self) -> None:
        """Load the rule files again (after learning a rule) and re-scan everything."""
        self.rule_set = self.load_rules()
        self.rescan()

    def _restore_position(self) -> None:
        position = self.db.position()
        if position is not None:
            self._move_to(position)
            here = self.current
            if position.doc in self.partial and (here is None or here.key != position):
                self._resume = position  # past the first block: go there once it is scanned

    # -- filters and cursor --------------------------------------------------

    def verdict_of(self, item: Item) -> Verdict | None:
        """The verdict stored for an item, or None when it is undecided."""
        decision = self.decisions.get(item.key)
        return decision.verdict if decision else None

    def _passes(self, item: Item) -> bool:
        f = self.filters
        s = item.suggestion
        if f.rule and s.rule_id != f.rule or f.kind and s.kind != f.kind:
            return False
        if f.document and s.doc_id != f.document:
            return False
        if f.verdict:
            verdict = "stale" if item.stale else self.verdict_of(item) or "unreviewed"
            if verdict != f.verdict:
                return False
        if f.search:
            # The segments' text, not the suggestion: "search text in the segments".
            return f.search.casefold() in s.original.casefold()
        return True

    def _refilter(self, keep: Item | None) -> None:
        self.visible = [i for i, item in enumerate(self.items) if self._passes(item)]
        self.cursor = 0
        if keep is not None:
            self._move_to(keep.key)

    def set_filters(self, filters: Filters) -> None:
        """Show only the items that pass ``filters``; the cursor stays on its item if shown."""
        self.filters = filters
        self._refilter(self.current)

    def search(self, text: str) -> None:
        """Show only items whose segments contain ``text`` (empty shows all again)."""
        self.set_filters(dataclasses.replace(self.filters, search=text.strip()))

    def _move_to(self, key: Key) -> None:
        """Put the cursor on ``key``'s item, else on the next shown item of its document."""
        fallback = None
        for row, index in enumerate(self.visible):
            item_key = self.items[index].key
            if item_key == key:
                self.cursor = row
                return
            if fallback is None and item_key.doc == key.doc and item_key.segment >= key.segment:
                fallback = row
        if fallback is not None:
            self.cursor = fallback

    @property
    def current(self) -> Item | None:
        """The item under the cursor, or None when the list is empty."""
        if not self.visible:
            return None
        return self.items[self.visible[min(self.cursor, len(self.visible) - 1)]]

    def _go(self, row: int) -> None:
        self._resume = None  # the user moved: stay where they are
        if self.visible:
            self.cursor = max(0, min(row, len(self.visible) - 1))
            item = self.current
            assert item is not None
            self.db.set_position(item.key)

    def go(self, row: int) -> None:
        """Put the cursor on row ``row`` of the shown list (clamped)."""
        self._go(row)

    def next(self) -> None:
        """Move to the next shown item."""
        self._go(self.cursor + 1)

    def prev(self) -> None:
        """Move to the previous shown item."""
        self._go(self.cursor - 1)

    def next_unreviewed(self) -> bool:
        """Move to the next undecided item (wrapping), else a skipped one; False if none."""
        count = len(self.visible)
        for wanted in ((None,), ("skipped",)):
            for step in range(1, count + 1):
                row = (self.cursor + step) % count
                item = self.items[self.visible[row]]
                if not item.stale and self.verdict_of(item) in wanted:
                    self._go(row)
                    return True
        return False

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

    def _record(self, changes: Sequence[tuple[Suggestion, Verdict, tuple[str, ...]]]) -> None:
        self.db.record(changes)
        for suggestion, _verdict, _final in changes:
            key = key_of(suggestion)
            self._store(key, self.db.get(key))

    def _decide(self, verdict: Verdict, final: tuple[str, ...] | None = None) -> None:
        item = self._decidable()
        self._record(
            [(item.suggestion, verdict, item.suggestion.after if final is None else final)]
        )
        self.next()

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
        final = tuple(text.split("\n"))
        self._record([(item.suggestion, "edited", final)])
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
            here = self.current
            self.items = [item for index, item in enumerate(self.items) if index not in dropped]
            self._count()
            self._refilter(here)

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
        self.db.discard([item.key])
        self._store(item.key, None)
        self.items = [other for other in self.items if other is not item]
        self._count()
        self._refilter(None)
        # The flag that followed it takes its row (or the last one, at the end).
        self._go(row)
        return decision

    def undo(self) -> list[Undone]:
        """Take back the last decision step (any depth, back to the last write): what it undid."""
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
            if key.rule == MANUAL_RULE or "edited" in verdicts:
                # A hand edit hides the flags it settles: they come back, or go.
                rescan.add(key.doc)
            self._store(key, new)
        for doc in rescan:
            self.rescan(doc)
        if keys:
            self._move_to(keys[-1])
        return undone

    def _accept_all_items(self, rule: str, document: str | None) -> list[Item]:
        return [
            item
            for item in self.items
            if item.suggestion.rule_id == rule
            and (document is None or item.doc_id == document)
            and not item.stale
            and self.verdict_of(item) in (None, "skipped")
        ]

    def count_accept_all(self, rule: str, document: str | None) -> int:
        """How many undecided items ``accept_all`` would accept."""
        return len(self._accept_all_items(rule, document))

    def accept_all(self, rule: str, document: str | None) -> int:
        """Accept every undecided item of ``rule`` (in ``document``, or everywhere) as one step."""
        items = self._accept_all_items(rule, document)
        if items:
            self._record([(item.suggestion, "accepted", item.suggestion.after) for item in items])
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
                self._record([(s, "edited", (text,))])
                return
        suggestion = _manual_suggestion(document, doc.transcript.segments[index])
        self._record([(suggestion, "edited", (text,))])
        self.rescan(document)

    # -- what a document becomes ---------------------------------------------

    def _settled_keys(self, document: str) -> list[Key]:
        """The keys of the document's decisions that a version written now settles."""
        return [
            item.key
            for item in self.items
            if item.doc_id == document and not item.stale and item.key in self.decisions
        ]

    def pending(self, document: str) -> list[Decision]:
        """The text-changing decisions of a document not yet in a written version."""
        out = []
        for item in self.items:
            decision = self.decisions.get(item.key)
            if (
                item.doc_id == document
                and not item.stale
                and decision is not None
                and not decision.written
                and decision.verdict in TEXT_CHANGING
            ):
                out.append(Decision(item.suggestion, decision.verdict, decision.final, decision.at))
        return out

    def preview(self, document: str) -> Transcript:
        """The document as it would be written now."""
        return apply_decisions(self.documents[document].transcript, self.pending(document))

    def write_version(self, document: str) -> WriteResult:
        """Write the document's pending changes as its next version, then review that version."""
        decisions = self.pending(document)
        if not decisions:
            return WriteResult(None, f"{document}: nothing accepted or edited, no version written")
        doc = self.documents[document]
        written = apply_decisions(doc.transcript, decisions)
        rejected = self._rejections_to_carry(document, doc.transcript, written)
        ref = self.store.write_version(
            doc.source, written, decisions, parent=doc.version, rule_files=list(self.rule_set.files)
        )
        # Only what the version settles: a stale decision was not written.
        self.db.mark_written(document, self._settled_keys(document))
        self.documents[document] = open_latest(doc.source, self.store)
        self.rescan(document)
        self._reject_again(document, rejected)
        return WriteResult(ref.path, f"wrote {ref.path} ({plural(len(decisions), 'change')})")

    def write_all(self) -> list[WriteResult]:
        """Write a version of every document with unwritten changes; what was written."""
        return [self.write_version(doc) for doc in self.documents if self.unwritten(doc)]

    def _rejections_to_carry(
        self, document: str, before: Transcript, after: Transcript
    ) -> set[tuple[int, str, Signature]]:
        """The rejections a new version must keep: (segment in it, rule, change).

        A rejected flag (or one edited with its flagged words kept) whose
        segment the version changes would come back undecided on the new text.
        """
        carried: set[tuple[int, str, Signature]] = set()
        index_by_line = {
            seg.line: i for i, seg in enumerate(after.segments) if seg.line is not None
        }
        same_count = len(before.segments) == len(after.segments)
        for item in self.items:
            decision = self.decisions.get(item.key)
            s = item.suggestion
            if item.doc_id != document or item.stale or decision is None or s.target != "segments":
                continue
            keeps = (
                decision.verdict == "edited"
                and s.rule_id != MANUAL_RULE
                and edit_keeps(s.original, s.suggestion, "\n".join(decision.final))
            )
            if decision.verdict != "rejected" and not keeps:
                continue
            first = s.span[0]
            line = before.segments[first].line if first < len(before.segments) else None
            index = index_by_line.get(line) if line is not None else first if same_count else None
            if index is not None:
                carried.add((index, s.rule_id, signature(s.original, s.suggestion)))
        return carried

    def _reject_again(self, document: str, carried: set[tuple[int, str, Signature]]) -> None:
        """Reject, as already written, the new version's flags that repeat a carried rejection."""
        places = {(index, rule) for index, rule, _ in carried}
        again = [
            item.suggestion
            for item in self.items
            if item.doc_id == document
            and not item.stale
            and (item.suggestion.span[0], item.key.rule) in places
            and item.key not in self.decisions
            and (
                item.suggestion.span[0],
                item.key.rule,
                signature(item.key.text, item.key.suggestion),
            )
            in carried
        ]
        if again:
            self._record([(s, "rejected", s.after) for s in again])
            self.db.mark_written(document, [key_of(s) for s in again])
            for s in again:
                if (decision := self.db.get(key_of(s))) is not None:
                    self.decisions[decision.key] = decision

    def unwritten(self, document: str | None = None) -> int:
        """How many text-changing decisions a write would write (in one document or all shown).

        Stale decisions are not counted: no version can write them as they stand.
        """
        stale = sum(
            1
            for key in self._stale_keys
            if (document is None or key.doc == document)
            and (d := self.decisions.get(key)) is not None
            and not d.written
            and d.verdict in TEXT_CHANGING
        )
        docs = [document] if document is not None else list(self.documents)
        counts = self.db.unwritten_by_doc()
        return sum(counts.get(doc, 0) for doc in docs) - stale

    # -- what the screen shows -------------------------------------------------

    def progress(self, document: str | None = None) -> Progress:
        """Decided (not skipped) items out of flagged ones, in one document or all."""
        if document is not None:
            return Progress(self._reviewed[document], self._flagged[document])
        return Progress(sum(self._reviewed.values()), sum(self._flagged.values()))

    def stale_count(self) -> int:
        """How many decisions are stale (their segment changed, or their suggestion is gone)."""
        return len(self._stale_keys)

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
        return _decided_text(self.documents[item.doc_id].transcript, item.suggestion) or ""

    def values(self, field: str) -> list[str]:
        """The distinct rule ids, kinds or documents of the items, for the filter screen."""
        if field == "document":
            return list(self.documents)
        getter: Callable[[Suggestion], str] = (
            (lambda s: s.rule_id) if field == "rule" else (lambda s: s.kind)
        )
        return sorted({getter(item.suggestion) for item in self.items})

    def __iter__(self) -> Iterator[Item]:
        """The shown items in list order."""
        return (self.items[i] for i in self.visible)
