"""Carry review decisions from a document to a re-transcription of the same audio.

A user re-runs speech recognition and gets a different transcript: times
shifted, segments split or inserted, words changed. Their decisions on the old
document still hold where the same words are still there. For each decision:

1. **Where.** Its segments in the old document are aligned with the new
   transcript: by time where both have times (the new segments whose times
   overlap the old ones'), else by text (diff-match-patch over words, through
   ``workbench.diffing``), mapping the old segments' characters into the new text.
2. **What.** Its change is the word diff of its ``before`` and its final text
   (the suggestion's fix, or the reviewer's edit): each changed run of words,
   with a word of context either side where there is one.
3. **Carried** when every changed run's old words are found in the aligned
   place (with their context, else alone; the occurrence nearest the same
   relative position): the same change is made there. A structural decision
   (a merge, a deletion, a scrape's header) is carried when the rules make the
   same suggestion on the same texts there. A rejection is carried as a
   rejection of the suggestion the rules make again at that place.

What is not found is listed with the reason, never guessed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from workbench.checks.textfix import span_edits, text_suggestion
from workbench.diffing import DELETE, EQUAL, INSERT, word_diff
from workbench.engine import Engine, apply_decisions
from workbench.model import Decision, Suggestion, TextEdit, Transcript, Verdict
from workbench.review.db import StoredDecision

CARRIED: tuple[Verdict, ...] = ("accepted", "edited", "rejected")
"""The verdicts a replay carries (a skip decides nothing)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One changed run of words: ``old`` becomes ``new``, between ``left`` and ``right``
    (the word and space either side in the old text, empty at an end)."""

    old: str
    new: str
    left: str
    right: str
    at: float
    """Where the run starts in the old text, as a fraction of its length."""


def changes(before: str, after: str) -> list[Change]:
    """The changed runs of words between ``before`` and ``after`` (word diff)."""
    ops = word_diff(before, after)
    found: list[Change] = []
    position = 0
    index = 0
    while index < len(ops):
        op, text = ops[index]
        if op == EQUAL:
            position += len(text)
            index += 1
            continue
        old = new = ""
        start = position
        while index < len(ops) and ops[index][0] != EQUAL:
            op, text = ops[index]
            if op == DELETE:
                old += text
                position += len(text)
            elif op == INSERT:
                new += text
            index += 1
        left = _last_word(before[:start])
        right = _first_word(before[position:])
        found.append(Change(old, new, left, right, start / max(len(before), 1)))
    return found


def _last_word(text: str) -> str:
    """The last word of ``text`` and the spaces after it ("" when there is none)."""
    stripped = text.rstrip()
    cut = max(stripped.rfind(" "), stripped.rfind("\n")) + 1
    return text[cut:] if stripped else ""


def _first_word(text: str) -> str:
    """The spaces and first word of ``text`` ("" when there is none)."""
    stripped = text.lstrip()
    if not stripped:
        return ""
    lead = len(text) - len(stripped)
    ends = [i for i in (stripped.find(" "), stripped.find("\n")) if i != -1]
    return text[: lead + (min(ends) if ends else len(stripped))]


class Alignment:
    """Which segments of ``new`` stand where segments of ``old`` stood."""

    def __init__(self, old: Transcript, new: Transcript) -> None:
        self.old = old
        self.new = new
        self._old_starts = _starts(old)
        self._new_starts = _starts(new)
        self._ops: list[tuple[int, int, int, int]] | None = None
        """(op, old offset, new offset, length in the old or new text), made when first needed."""
        self._times = [
            (s.start, s.end) for s in new.segments if s.start is not None and s.end is not None
        ]
        """The new segments' times, when every one has them."""
        if len(self._times) != len(new.segments):
            self._times = []
        self._begins = [start for start, _ in self._times]
        self._sorted = all(a <= b for a, b in zip(self._begins, self._begins[1:]))
        self._longest = max((end - start for start, end in self._times), default=0)

    def place(self, first: int, last: int) -> tuple[int, int] | None:
        """The new segments (first, last) aligned with old segments ``first``-``last``."""
        if not self.new.segments or last >= len(self.old.segments):
            return None
        olds = self.old.segments[first : last + 1]
        timed = all(s.start is not None and s.end is not None for s in olds)
        if timed and self._times:
            start = min(s.start for s in olds if s.start is not None)
            end = max(s.end for s in olds if s.end is not None)
            overlapping = self._overlapping(start, end)
            if overlapping:
                return overlapping[0], overlapping[-1]
        return self._by_text(first, last)

    def _overlapping(self, start: int, end: int) -> list[int]:
        """The new segments whose times overlap ``start``-``end``; of segments in time
        order only those starting before ``end`` and at most the longest segment's
        duration before ``start`` are looked at."""
        low, high = 0, len(self._times)
        if self._sorted:
            low = bisect.bisect_left(self._begins, start - self._longest)
            high = bisect.bisect_left(self._begins, end)
        return [
            index
            for index in range(low, high)
            if self._times[index][0] < end and start < self._times[index][1]
        ]

    def _by_text(self, first: int, last: int) -> tuple[int, int]:
        """Old segments' characters mapped into the new text by a word diff."""
        a = self._new_offset(self._old_starts[first])
        end = self._old_starts[last] + len(self.old.segments[last].text)
        b = max(a, self._new_offset(end) - 1)
        return self._segment_at(a), self._segment_at(b)

    def _new_offset(self, old_offset: int) -> int:
        """Where the old text's character ``old_offset`` went in the new text."""
        if self._ops is None:
            self._ops = []
            at_old = at_new = 0
            joined_old = "\n".join(s.text for s in self.old.segments)
            joined_new = "\n".join(s.text for s in self.new.segments)
            for op, text in word_diff(joined_old, joined_new):
                self._ops.append((op, at_old, at_new, len(text)))
                if op != INSERT:
                    at_old += len(text)
                if op != DELETE:
                    at_new += len(text)
        for op, at_old, at_new, size in self._ops:
            if op == INSERT:
                continue
            if old_offset < at_old + size:
                return at_new + (old_offset - at_old if op == EQUAL else 0)
        last = self._ops[-1] if self._ops else (EQUAL, 0, 0, 0)
        return last[2] + (last[3] if last[0] != DELETE else 0)

    def _segment_at(self, offset: int) -> int:
        """The new segment holding character ``offset`` of the new joined text."""
        return max(0, bisect.bisect_right(self._new_starts, offset) - 1)


def _starts(transcript: Transcript) -> list[int]:
    """Where each segment starts in the segments' texts joined with line breaks."""
    starts, at = [], 0
    for segment in transcript.segments:
        starts.append(at)
        at += len(segment.text) + 1
    return starts


@dataclass
class ReplayResult:
    """What a replay carried and what it could not."""

    decisions: list[Decision] = field(default_factory=list)
    """Accepted and edited decisions, made anew on the new transcript."""
    rejections: list[Suggestion] = field(default_factory=list)
    """Suggestions the rules make on the new transcript that were rejected before."""
    missing: list[tuple[StoredDecision, str]] = field(default_factory=list)
    """Decisions that found nothing to apply to, each with why."""

    @property
    def carried(self) -> int:
        """How many decisions were carried."""
        return len(self.decisions) + len(self.rejections)


class Replay:
    """Carries one document's decisions onto a new transcript of the same audio."""

    def __init__(self, versions: Sequence[Transcript], engine: Engine, origin: str) -> None:
        """``versions``: the old document's versions, latest first (decisions were made
        on one of them); ``origin`` names it in the reasons of carried changes."""
        self.versions = versions
        self.engine = engine
        self.origin = origin
        self._alignments: dict[tuple[int, int], Alignment] = {}
        """Alignments made so far, by the ids of their old and new transcripts: the
        word diff of a text alignment is made once for all decisions."""

    def run(
        self, decisions: Sequence[StoredDecision], new: Transcript
    ) -> tuple[Transcript, ReplayResult]:
        """The new transcript with the accepted and edited decisions carried, and what
        was carried and not (rejections are matched on that carried transcript)."""
        result = ReplayResult()
        wanted = sorted(
            (d for d in decisions if d.verdict in CARRIED),
            key=lambda d: (d.suggestion.span, d.suggestion.line or 0, d.suggestion.rule_id),
        )
        changed: list[tuple[int, int, int]] = []
        flags = self.engine.flags(new).suggestions
        for decision in (d for d in wanted if d.verdict != "rejected"):
            carried = self._carry(decision, new, flags)
            if isinstance(carried, str):
                result.missing.append((decision, carried))
            elif _clashes(carried, changed):
                result.missing.append((decision, "another carried decision changes those words"))
            else:
                changed += _ranges(carried)
                # An in-text change was made of the final text; a structural one
                # (the same suggestion found again) keeps the reviewer's own.
                final = carried.after if carried.edits else decision.final
                result.decisions.append(
                    Decision(carried, decision.verdict, final, datetime.now(UTC))
                )
        fixed = apply_decisions(new, result.decisions)
        flags = self.engine.flags(fixed).suggestions
        for decision in (d for d in wanted if d.verdict == "rejected"):
            again = self._flagged_again(decision, fixed, flags)
            if isinstance(again, str):
                result.missing.append((decision, again))
            else:
                result.rejections.append(again)
        return fixed, result

    def _old(self, decision: StoredDecision) -> Transcript | None:
        """The version the decision was made on: its segments there hold its ``before``."""
        suggestion = decision.suggestion
        first, last = suggestion.span
        for transcript in self.versions:
            segments = transcript.segments[first : last + 1]
            if len(segments) == last - first + 1 and all(
                before in segment.text
                for before, segment in zip(suggestion.before, segments, strict=False)
            ):
                return transcript
        return None

    def _where(self, decision: StoredDecision, new: Transcript) -> tuple[int, int] | str:
        """The new segments aligned with the decision's, or why there are none."""
        old = self._old(decision)
        if old is None:
            return "its segments are in no version of the old document"
        alignment = self._alignments.get((id(old), id(new)))
        if alignment is None:
            alignment = self._alignments[(id(old), id(new))] = Alignment(old, new)
        place = alignment.place(*decision.suggestion.span)
        return place if place is not None else "the new transcript has no segments there"

    def _carry(
        self, decision: StoredDecision, new: Transcript, flags: Sequence[Suggestion]
    ) -> Suggestion | str:
        """The decision's change made on ``new``, or why it cannot be."""
        suggestion = decision.suggestion
        if suggestion.target != "segments" or not suggestion.edits:
            return self._same_suggestion(decision, new, flags)
        place = self._where(decision, new)
        if isinstance(place, str):
            return place
        first, last = place
        texts = [segment.text for segment in new.segments[first : last + 1]]
        region = "\n".join(texts)
        starts = [0]
        for text in texts[:-1]:
            starts.append(starts[-1] + len(text) + 1)
        edits: list[TextEdit] = []
        for change in changes(suggestion.original, "\n".join(decision.final)):
            found = _find(region, change)
            if found is None:
                return f"{change.old.strip()!r} is not in {_lines(new, first, last)}"
            a = bisect.bisect_right(starts, found) - 1
            b = bisect.bisect_right(starts, max(found, found + len(change.old) - 1)) - 1
            replacement = change.new.replace("\n", " ")
            edits += span_edits(
                new.segments,
                first + a,
                found - starts[a],
                first + b,
                found + len(change.old) - starts[b],
                replacement,
            )
        carried = text_suggestion(
            new,
            suggestion.rule_id,
            suggestion.kind,
            edits,
            reason=f"carried from {self.origin}: {suggestion.reason}",
            auto=False,
        )
        return carried if carried is not None else "the new transcript already reads so"

    def _same_suggestion(
        self, decision: StoredDecision, new: Transcript, flags: Sequence[Suggestion]
    ) -> Suggestion | str:
        """A structural decision is carried onto the rules' same suggestion in ``new``."""
        old = decision.suggestion
        place = self._where(decision, new) if old.target == "segments" else None
        if isinstance(place, str):
            return place
        for flag in flags:
            same = (flag.rule_id, flag.target, flag.before, flag.after) == (
                old.rule_id,
                old.target,
                old.before,
                old.after,
            )
            if same and (place is None or place[0] <= flag.span[0] <= place[1]):
                return flag
        return f"the rules make no such {old.kind} suggestion on the same texts"

    def _flagged_again(
        self, decision: StoredDecision, fixed: Transcript, flags: Sequence[Suggestion]
    ) -> Suggestion | str:
        """The suggestion the rules make again where a rejected one was, or why there is none."""
        old = decision.suggestion
        if old.target != "segments" or not old.edits:
            return self._same_suggestion(decision, fixed, flags)
        place = self._where(decision, fixed)
        if isinstance(place, str):
            return place
        wanted = _bare(changes(old.original, old.suggestion))
        for flag in flags:
            if flag.rule_id != old.rule_id or not place[0] <= flag.span[0] <= place[1]:
                continue
            if _bare(changes(flag.original, flag.suggestion)) == wanted:
                return flag
        return f"the rules no longer suggest it in {_lines(fixed, *place)}"


def _bare(found: Sequence[Change]) -> list[tuple[str, str]]:
    """Changes without their context, to compare two suggestions' fixes."""
    return [(change.old.strip(), change.new.strip()) for change in found]


def _find(region: str, change: Change) -> int | None:
    """Where ``change.old`` starts in ``region``: with its context if that is there,
    else alone as whole words; of several, the one nearest its old relative position."""
    wanted = change.at * len(region)
    for context in (True, False):
        needle = change.left + change.old + change.right if context else change.old
        if not needle.strip():
            continue
        offset = len(change.left) if context else 0
        hits = []
        at = region.find(needle)
        while at != -1:
            start = at + offset
            if context or _whole_words(region, start, start + len(change.old)):
                hits.append(start)
            at = region.find(needle, at + 1)
        if hits:
            return min(hits, key=lambda hit: abs(hit - wanted))
    return None


def _whole_words(text: str, start: int, end: int) -> bool:
    """No letter or digit right before ``start`` or right after ``end``."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _ranges(suggestion: Suggestion) -> list[tuple[int, int, int]]:
    """The (segment, start, end) character ranges a suggestion's edits change."""
    return [(edit.segment, edit.start, edit.end) for edit in suggestion.edits]


def _clashes(suggestion: Suggestion, taken: Sequence[tuple[int, int, int]]) -> bool:
    """True when the suggestion changes characters another carried change does."""
    if not suggestion.edits:
        first, last = suggestion.span
        return any(first <= segment <= last for segment, _, _ in taken)
    return any(
        segment == edit.segment and start < edit.end and edit.start < end
        for edit in suggestion.edits
        for segment, start, end in taken
    )


def _lines(transcript: Transcript, first: int, last: int) -> str:
    """``line 12`` / ``lines 12-14`` of the new file (segment numbers where it has no lines)."""
    a, b = transcript.segments[first].line, transcript.segments[last].line
    if a is None or b is None:
        return f"segment {first}" if first == last else f"segments {first}-{last}"
    return f"line {a}" if a == b else f"lines {a}-{b}"
