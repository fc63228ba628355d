"""Changes a person makes without a flag: a segment's speaker (``S``) and a cut (``|``).

Each is a suggestion of its own rule (``speaker``, ``split``) decided as
``accepted``, so that it is undone, written and recorded like any decision;
the scan shows it from the database (``scanning.HAND_RULES``). Here: what is
changed but not yet written, the run of a speaker, and the rule that a cut is
of the text as read (a cue with unwritten fixes is not cut, and a cut cue
takes no fix, until a version is written).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from workbench.documents import OpenDocument
from workbench.errors import UsageError
from workbench.model import Decision, Suggestion
from workbench.review.db import TEXT_CHANGING, Key, StoredDecision
from workbench.review.decisions import Change, Ledger
from workbench.review.scanning import Item
from workbench.speakers import SPEAKER_RULE, speaker_change
from workbench.splitting import SPLIT_RULE, split_change


def _unwritten(decisions: Mapping[Key, StoredDecision], rule: str) -> list[StoredDecision]:
    return [
        decision
        for key, decision in decisions.items()
        if key.rule == rule and not decision.written and decision.verdict in TEXT_CHANGING
    ]


class HandWork:
    """Speakers and cuts over the documents under review and their stored decisions."""

    def __init__(self, documents: Mapping[str, OpenDocument], ledger: Ledger) -> None:
        self.documents = documents
        """The documents by name (the session's, kept up to date by it)."""
        self.ledger = ledger
        """The decisions, whose cache a re-scan replaces."""

    def changed_speakers(self) -> dict[str, dict[int, str | None]]:
        """Per document, the segments given a new speaker not yet written: their new one."""
        changed: dict[str, dict[int, str | None]] = {}
        for decision in _unwritten(self.ledger.decisions, SPEAKER_RULE):
            key = decision.key
            changed.setdefault(key.doc, {})[key.segment] = decision.suggestion.speakers[0][1]
        return changed

    def speaker_run(self, document: str, index: int) -> list[int]:
        """The segments around ``index`` that have its speaker now, without a break."""
        segments = self.documents[document].transcript.segments
        changed = self.changed_speakers().get(document, {})

        def speaker(at: int) -> str | None:
            return changed.get(at, segments[at].speaker)

        mine = speaker(index)
        first, last = index, index
        while first > 0 and speaker(first - 1) == mine:
            first -= 1
        while last + 1 < len(segments) and speaker(last + 1) == mine:
            last += 1
        return list(range(first, last + 1))

    def speaker_changes(
        self, document: str, indexes: Sequence[int], speaker: str | None
    ) -> list[Change]:
        """One accepted change of speaker per segment of ``indexes``."""
        transcript = self.documents[document].transcript
        changed = self.changed_speakers().get(document, {})
        changes: list[Change] = []
        for index in indexes:
            old = changed.get(index, transcript.segments[index].speaker)
            reason = f"speaker {old or '(none)'} → {speaker or '(none)'}"
            suggestion = speaker_change(transcript, [index], speaker, reason)
            changes.append((suggestion, "accepted", suggestion.after))
        return changes

    def cuts(self) -> dict[str, set[int]]:
        """Per document, the segments with a cut not yet written."""
        cuts: dict[str, set[int]] = {}
        for decision in _unwritten(self.ledger.decisions, SPLIT_RULE):
            cuts.setdefault(decision.key.doc, set()).add(decision.key.segment)
        return cuts

    @staticmethod
    def cut_under(item: Item, cuts: Mapping[str, set[int]]) -> int | None:
        """A segment of ``item``'s span with an unwritten cut (``item`` not being the cut)."""
        if item.suggestion.rule_id == SPLIT_RULE:
            return None
        first, last = item.suggestion.span
        return next((i for i in cuts.get(item.doc_id, ()) if first <= i <= last), None)

    def refuse_if_cut(self, item: Item) -> None:
        """Refuse a text change of a cue that is cut and not yet written."""
        if (cut := self.cut_under(item, self.cuts())) is not None:
            raise UsageError(
                f"segment {cut} is cut and not yet written: write it (w), then decide this"
            )

    def cut(self, document: str, index: int, at: int, pending: Sequence[Decision]) -> Change:
        """The cut of segment ``index`` before the word at character ``at`` of its text;
        refused where ``pending`` (the document's unwritten decisions) change its text."""
        busy = [
            d.suggestion.rule_id
            for d in pending
            if d.suggestion.span[0] <= index <= d.suggestion.span[1] and not d.suggestion.speakers
        ]
        if busy:
            raise UsageError(
                f"segment {index} has unwritten changes ({busy[0]}); write them (w) before cutting it"
            )
        suggestion: Suggestion | None = split_change(self.documents[document].transcript, index, at)
        if suggestion is None:
            raise UsageError(f"segment {index} is one word: nothing to cut")
        return (suggestion, "accepted", suggestion.after)
