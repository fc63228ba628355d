"""Scanning documents into review items: fresh flags, hand edits and stale decisions.

A long document is scanned first in its first block of segments, so that the
first flag shows at once; ``Scanner.rest`` and ``Scanner.take`` bring in the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from workbench.checks.textfix import shown_texts
from workbench.documents import OpenDocument
from workbench.engine import Engine
from workbench.model import Segment, Suggestion, Transcript
from workbench.review.db import Key, ReviewDB, StoredDecision, key_of
from workbench.review.edits import edit_makes
from workbench.ruleset import RuleSet
from workbench.speakers import SPEAKER_RULE
from workbench.splitting import SPLIT_RULE

MANUAL_RULE = "manual-edit"
"""The rule id of an edit made by hand in the whole-document view."""

HAND_RULES = frozenset({MANUAL_RULE, SPEAKER_RULE, SPLIT_RULE})
"""The rule ids of changes a person makes without a flag (an edit in the document
view, a change of speaker, a cut): shown from the database, not from the rules."""

Stale = Literal["", "segment", "rule"]
"""Why a decision is stale: its segment's text changed, or the rules no longer suggest it."""

GroupKey = tuple[str, str]
"""A group of flags shown as one row: (document, rule)."""

RestScan = dict[str, tuple[Transcript, RuleSet, list[Suggestion]]]
"""What ``Scanner.rest`` found: per document, the transcript and rules it scanned, and the
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

    @property
    def group(self) -> GroupKey | None:
        """The group it is shown in: a live flag of an ``auto`` rule (batch ``apply``
        makes those unattended) is, with the others of its rule and document."""
        if self.suggestion.auto and not self.stale:
            return self.doc_id, self.suggestion.rule_id
        return None


@dataclass(slots=True)
class Scanned:
    """One document's items, in list order, and the stored decisions the scan met."""

    items: list[Item] = field(default_factory=list)
    decisions: dict[Key, StoredDecision] = field(default_factory=dict)


def manual_suggestion(doc_id: str, segment: Segment) -> Suggestion:
    """The suggestion a hand edit of ``segment`` in the document view is recorded under."""
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


def current_text(transcript: Transcript, suggestion: Suggestion) -> str | None:
    """What the suggestion's target says now, or None when it is gone."""
    if suggestion.target == "header":
        return transcript.header
    if suggestion.target == "footer":
        return transcript.footer
    first, last = suggestion.span
    if last >= len(transcript.segments):
        return None
    return "\n".join(seg.text for seg in transcript.segments[first : last + 1])


def decided_text(transcript: Transcript, suggestion: Suggestion) -> str | None:
    """What the suggestion's ``original`` would say on the transcript now, or None when gone.

    Of a segment longer than ``LONG_TEXT`` a suggestion holds only a window
    around its change (see ``workbench.checks.textfix``), so that window is what
    its key was made of: the same window of the text now is what to compare,
    not the whole segment, which would never equal it.
    """
    if suggestion.target != "segments" or not suggestion.edits:
        return current_text(transcript, suggestion)
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


def _settled_by_edit(
    suggestion: Suggestion, edits: dict[tuple[tuple[int, int], str], list[str]]
) -> bool:
    """True when an unwritten edit of the suggestion's span already makes its change."""
    key = key_of(suggestion)
    return any(
        edit_makes(key.text, key.suggestion, final)
        for final in edits.get((suggestion.span, key.text), ())
    )


def suggestions(transcript: Transcript, rule_set: RuleSet) -> list[Suggestion]:
    """The engine's suggestions for a transcript, in list order (no database, any thread)."""
    found = Engine(rule_set).flags(transcript).suggestions
    return sorted(
        found, key=lambda s: (s.target != "header", s.target == "footer", s.span, s.rule_id)
    )


def in_position_order(items: list[Item]) -> list[Item]:
    """Items by span, a stale decision beside the flag of its rule that replaced it."""
    return sorted(items, key=lambda item: (item.suggestion.span, item.key.rule))


class Scanner:
    """Turns documents into items with the current rules, a long one first in part."""

    def __init__(
        self,
        db: ReviewDB,
        documents: Sequence[OpenDocument],
        load_rules: Callable[[], RuleSet],
        *,
        first_block: int | None = None,
    ) -> None:
        """With ``first_block``, a longer document is scanned only in its first
        ``first_block`` segments until ``take`` brings in the rest."""
        self.db = db
        self.load_rules = load_rules
        self.rule_set = load_rules()
        self.documents: dict[str, OpenDocument] = {doc.doc_id: doc for doc in documents}
        self.partial: dict[str, int] = {}
        """Documents scanned only in part (see ``first_block``): how many segments were."""
        if first_block is not None:
            self.partial = {
                doc_id: first_block
                for doc_id, doc in self.documents.items()
                if len(doc.transcript.segments) > first_block
            }

    def reload_rules(self) -> None:
        """Load the rule files again (after learning a rule)."""
        self.rule_set = self.load_rules()

    def whole(self, document: str | None = None) -> None:
        """Scan every document (or one) whole from now on."""
        if document is None:
            self.partial = {}
        else:
            self.partial.pop(document, None)

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

    def scan(self, document: str, found: list[Suggestion] | None = None) -> Scanned:
        """The items of one document: fresh suggestions, then hand edits and stale decisions.

        A document in ``partial`` is scanned only up to its block: flags touching the
        block's last segment (a structural rule may look past it) wait for the full scan,
        and so do stale decisions and moved ones, which only the whole document can tell.
        ``found`` are its suggestions when they were worked out already (``rest``).
        """
        doc = self.documents[document]
        block = self.partial.get(document)
        if block is not None:
            return self._scan_block(doc, block)
        stored = self.db.decisions(doc.doc_id)
        if found is None:
            found = suggestions(doc.transcript, self.rule_set)
        fresh = {key_of(s) for s in found}
        moved = {(k.text, k.rule, k.suggestion): k for k in stored if k not in fresh}
        edits = _unwritten_edits(stored.values())
        out = Scanned()
        for suggestion in found:
            key = key_of(suggestion)
            if key in stored:
                out.decisions[key] = stored.pop(key)
            elif (old := moved.pop((key.text, key.rule, key.suggestion), None)) is not None:
                # Same text, rule and fix at another index: segments before it
                # were merged or deleted in a written version.
                del stored[old]
                if (rekeyed := self.db.rekey(old, suggestion)) is not None:
                    out.decisions[key] = rekeyed
            elif _settled_by_edit(suggestion, edits):
                # The user's edit of this span already changes what it would
                # change (say, the rule was just learned from that edit).
                continue
            out.items.append(Item(suggestion))
        for decision in stored.values():
            if (item := _left_over(doc.transcript, decision)) is not None:
                out.items.append(item)
                out.decisions[decision.key] = decision
        out.items = in_position_order(out.items)
        return out

    def _scan_block(self, doc: OpenDocument, block: int) -> Scanned:
        """The items of a document's first ``block`` segments, as the full scan gives them."""
        transcript = doc.transcript
        head = transcript.changed(segments=transcript.segments[:block], footer="")
        stored = self.db.decisions(doc.doc_id)
        # Every decision is known, shown or not yet.
        out = Scanned(decisions=dict(stored))
        edits = _unwritten_edits(stored.values())
        for suggestion in suggestions(head, self.rule_set):
            if suggestion.target != "header" and suggestion.span[1] >= block - 1:
                continue
            if key_of(suggestion) not in stored and _settled_by_edit(suggestion, edits):
                continue
            out.items.append(Item(suggestion))
        for decision in stored.values():
            s = decision.suggestion
            if (
                decision.key.rule in HAND_RULES
                and (decision.key.rule == MANUAL_RULE or not decision.written)
                and s.span[1] < block - 1
                and current_text(transcript, s) == decision.key.text
            ):
                out.items.append(Item(s))
        out.items = in_position_order(out.items)
        return out

    def rest(self) -> RestScan:
        """Scan the documents shown in part, whole; touches no state (run it off the UI thread)."""
        rule_set = self.rule_set
        out: RestScan = {}
        for doc_id in list(self.partial):
            transcript = self.documents[doc_id].transcript
            out[doc_id] = (transcript, rule_set, suggestions(transcript, rule_set))
        return out

    def take(self, found: RestScan) -> dict[str, Scanned]:
        """The whole documents' items from ``rest``, each document then scanned whole.

        A document written, re-scanned or re-ruled meanwhile is whole already, and keeps that.
        """
        out: dict[str, Scanned] = {}
        for doc_id, (transcript, rule_set, found_here) in found.items():
            doc = self.documents.get(doc_id)
            if doc_id not in self.partial or doc is None or doc.transcript is not transcript:
                continue
            if rule_set is not self.rule_set:
                continue
            del self.partial[doc_id]
            out[doc_id] = self.scan(doc_id, found_here)
        return out


def _left_over(transcript: Transcript, decision: StoredDecision) -> Item | None:
    """How a stored decision that no fresh suggestion claimed is shown, if it is."""
    now = current_text(transcript, decision.suggestion)
    # A written change of speaker leaves the text as it was: it is history.
    shown_by_hand = decision.key.rule == MANUAL_RULE or not decision.written
    if decision.key.rule in HAND_RULES and now == decision.key.text and shown_by_hand:
        return Item(decision.suggestion)
    if decision.written:
        return None  # history: it is in a version already
    decided = decided_text(transcript, decision.suggestion)
    if decision.verdict == "edited" and decided == decision.key.text:
        # The user's own text for a segment that is as it was: it holds
        # whatever the rules now say (say, a rule just learned from it).
        return Item(decision.suggestion)
    # Never dropped: a decision whose segment changed, or whose suggestion the
    # rules no longer make, is shown and not written (until the user discards it).
    return Item(decision.suggestion, stale="segment" if decided != decision.key.text else "rule")
