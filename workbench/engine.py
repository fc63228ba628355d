"""The rule engine: compiles a rule set once, scans transcripts, applies decisions.

All whole-word phrases of all rules (term variants, literal replace patterns) go
into one Aho-Corasick automaton; the other checks run after it. In-text
suggestions that overlap are resolved deterministically — the longest match
wins, then the rule loaded first — and the losers are kept in
``ScanResult.overlapped`` so a reviewer can still see them.

Batch mode (``Engine.fix``) makes the same choices but keeps the automaton's
hits as columns of plain values (``BlockHits``): they are filtered, settled and
composed into the fixed transcript by C-level steps over whole lists, so its
cost follows the number of changes at about two microseconds each, and a change
becomes a ``Suggestion`` only when it is shown or written (``Fix.changes``).
"""

from __future__ import annotations

import bisect
import gc
import operator
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, compress, count, repeat
from operator import not_
from typing import TYPE_CHECKING

from workbench.checks import CHECKS, Check, CheckContext
from workbench.checks.glossary import FuzzyTermsCheck
from workbench.checks.matcher import BlockHits, Hit, LiteralMatcher
from workbench.checks.term import TermRule
from workbench.checks.textfix import window_of
from workbench.copies import fold_copies
from workbench.errors import RuleError
from workbench.flaglines import FlagLines
from workbench.model import Decision, Segment, Suggestion, TextEdit, Transcript
from workbench.rollup import kept_on_screen

if TYPE_CHECKING:
    from workbench.ruleset import RuleSet

Found = Hit | Suggestion
"""What a scan finds before it is resolved: a plain automaton hit, or a suggestion."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What a scan found: the suggestions to review, and those that lost an overlap."""

    suggestions: tuple[Suggestion, ...]
    """Sorted by span, then line, then rule order."""
    overlapped: tuple[Suggestion, ...]
    """Suggestions that overlapped a longer (or earlier-loaded) one, in the same order."""
    problems: tuple[RuleError, ...] = ()
    """Rules that failed on this transcript (a pattern that took too long), each an
    error naming the rule's file and line. Such a rule found nothing here and is left
    out of the engine's later scans, so each is reported once per engine."""


@dataclass(frozen=True, slots=True)
class _Settled:
    """What a scan found, overlaps settled, before suggestions are made of the hits."""

    columns: list[BlockHits]
    """Per block, the automaton's hits that won (and that no other check competed with)."""
    kept: list[Found]
    """The other winners: suggestions, and hits that competed with them."""
    lost: list[Found]
    problems: tuple[RuleError, ...]


class Engine:
    """A rule set compiled once, ready to scan any number of transcripts.

    ``regex_timeout`` is each user pattern's time limit in seconds for all that
    this engine scans (one run of a command): a pattern that uses it up is
    reported once and left out from then on.
    """

    def __init__(
        self,
        rule_set: RuleSet,
        *,
        vocabulary: Iterable[str] | None = None,
        regex_timeout: float = 2.0,
    ) -> None:
        rules = rule_set.rules
        if vocabulary is None:
            vocabulary = canonical_words(rules)
        context = CheckContext(frozenset(vocabulary), regex_timeout, _terms(rules))
        self._blocks = context.blocks
        self._words = context.words
        self._where = rule_set.where
        checks: list[Check] = [CHECKS[rule.kind](rule, context) for rule in rules]  # type: ignore[type-arg]
        self.order = {rule.id: position for position, rule in enumerate(rules)}
        """Each rule id's position in load order (the tie-breaker of overlaps)."""
        phrases = [check.literals() for check in checks]
        with_literals = [(i, check, phrases[i]) for i, check in enumerate(checks) if phrases[i]]
        self._matcher = LiteralMatcher(with_literals)
        literal = {i for i, _, _ in with_literals}
        self._others = [check for i, check in enumerate(checks) if i not in literal]
        if any(fuzzy for _, _, fuzzy in context.terms) and not any(
            rule.kind == "glossary" for rule in rules
        ):
            # Fuzzy terms sound-alike detection of their own (a glossary rule would do it).
            self._others.append(FuzzyTermsCheck(rules, context))

    def scan(self, transcript: Transcript) -> ScanResult:
        """Every suggestion of every rule for ``transcript``, overlaps resolved.

        A rule that fails (a pattern that takes too long) does not stop the scan:
        it is reported in ``ScanResult.problems`` and left out from then on.
        """
        found = self._settled(transcript)
        hits = chain.from_iterable(columns.tuples() for columns in found.columns)
        return ScanResult(
            self._sorted(chain(hits, found.kept), transcript),
            self._sorted(found.lost, transcript),
            found.problems,
        )

    def flags(self, transcript: Transcript) -> ScanResult:
        """What a reviewer (and ``scan``) is shown: ``scan``, with the flags on repeated
        copies of a line (rolling captions) folded into the flag on the line itself
        (``Suggestion.copies``, see ``workbench.copies``)."""
        result = self.scan(transcript)
        suggestions, overlapped = fold_copies(result.suggestions, result.overlapped, transcript)
        return ScanResult(suggestions, overlapped, result.problems)

    def fix(self, transcript: Transcript, *, everything: bool = False) -> Fix:
        """What batch mode makes of ``transcript``: every ``auto`` suggestion (or, with
        ``everything``, every suggestion) of ``scan`` applied — the same transcript as
        ``apply_decisions`` with an ``auto`` decision for each, without building them.

        The automaton's hits stay columns (``BlockHits``) and each block's fixed
        text is made in one piece; only the changes of other checks (and hits
        across a boundary or competing with them) are applied one by one.
        """
        with collector_paused():
            found = self._settled(transcript)
            columns, kept = found.columns, found.kept
            if not everything and not (
                self._matcher.all_auto
                and all(
                    suggestion.auto  # type: ignore[union-attr]  # only suggestions pass
                    for suggestion in compress(
                        kept, map(not_, map(isinstance, kept, repeat(tuple)))
                    )
                )
            ):
                auto = self._matcher.autos
                for hits in columns:
                    hits.keep(list(map(auto.__contains__, hits.orders)))
                kept = [
                    item
                    for item in kept
                    if (item[4] in auto if isinstance(item, tuple) else item.auto)
                ]
            # A flag to check by ear is no change: it is neither made nor counted.
            kept = [item for item in kept if isinstance(item, tuple) or not proposes_nothing(item)]
            changes = _Changes()
            wordless = self._matcher.wordless
            for hits in columns:
                _compose(hits, changes, wordless)
            for item in kept:
                changes.add(item)
            return Fix(changes.applied(transcript), columns, kept, self, transcript, found.problems)

    def _settled(self, transcript: Transcript) -> _Settled:
        """What every rule finds in ``transcript``, overlaps settled.

        The automaton's hits within one segment stay columns (``BlockHits``) and
        settle among themselves; those in a segment where a suggestion of another
        check (or a hit across a boundary) competes are taken out and settled with
        those suggestions.
        """
        try:
            found = self._matcher.block_hits(transcript, self._blocks.of(transcript))
            others, problems = self._other_findings(transcript)
        finally:
            # What the checks shared is done with: kept, it would keep the transcript
            # alive for the collector to walk when it is switched back on (0.1 s for a
            # 100,000-segment file, ``collector_paused``).
            self._blocks.forget()
            self._words.forget()
        others = [suggestion for _, across in found for _, suggestion in across] + others
        mixed = sorted({edit.segment for suggestion in others for edit in suggestion.edits})
        columns = [hits for hits, _ in found]
        contested: list[Hit] = []
        lost: list[Found] = []
        for hits in columns:
            if mixed:
                contested += _take_segments(hits, mixed)
            lost += _settle_overlaps(hits)
        kept, beaten = _resolve(contested, others, self.order)
        return _Settled(columns, kept, lost + beaten, tuple(problems))

    def _other_findings(self, transcript: Transcript) -> tuple[list[Suggestion], list[RuleError]]:
        """The suggestions of the checks outside the automaton, and the errors of rules
        that failed (which are then dropped)."""
        others: list[Suggestion] = []
        problems: list[RuleError] = []
        for check in list(self._others):
            try:
                # All or nothing: a rule that fails halfway finds nothing here.
                others.extend(list(check.find(transcript)))
            except RuleError as error:
                problems.append(self._located(error, check.rule.id))
                self._others.remove(check)
        return others, problems

    def _located(self, error: RuleError, rule_id: str) -> RuleError:
        """``error`` naming the file and line of the rule, when it does not already."""
        if error.path is not None:
            return error
        path, line = self._where(error.rule_id or rule_id)
        return RuleError(error.message, path=path, line=line, rule_id=error.rule_id or rule_id)

    def _sorted(self, found: Iterable[Found], transcript: Transcript) -> tuple[Suggestion, ...]:
        """Suggestions (hits made into them) by span, line, rule order, start, each with
        the file lines of the words it changes (``flaglines.FlagLines``)."""
        make = self._matcher.suggestion
        place = FlagLines(transcript).placed
        suggestions = [
            place(make(transcript, item) if isinstance(item, tuple) else item) for item in found
        ]
        order = self.order
        return tuple(
            sorted(
                suggestions,
                key=lambda s: (s.span, s.line or 0, order.get(s.rule_id, 0), _first_start(s)),
            )
        )


class Fix:
    """What batch mode made of one transcript: the fixed transcript and its changes."""

    def __init__(
        self,
        transcript: Transcript,
        columns: list[BlockHits],
        chosen: list[Found],
        engine: Engine,
        source: Transcript,
        problems: tuple[RuleError, ...] = (),
    ) -> None:
        self.transcript = transcript
        """The fixed transcript."""
        self.problems = problems
        """Rules that failed on this transcript and changed nothing (as ``ScanResult.problems``)."""
        self.count = sum(map(len, columns)) + len(chosen)
        """How many changes were made."""
        self._columns = columns
        """The automaton's hits made, per block."""
        self._chosen = chosen
        """The other changes made: hits where other checks competed, and suggestions."""
        self._engine = engine
        self._source = source

    def counts(self) -> Counter[str]:
        """How many changes each rule made, by rule id."""
        rule_id = self._engine._matcher.rule_id
        chosen = self._chosen
        orders = Counter(chain.from_iterable(hits.orders for hits in self._columns))
        orders.update(map(_ORDER, compress(chosen, map(isinstance, chosen, repeat(tuple)))))  # type: ignore[arg-type]
        counts: Counter[str] = Counter()
        for order, made in orders.items():
            counts[rule_id(order)] += made
        counts.update(item.rule_id for item in chosen if not isinstance(item, tuple))
        return counts

    def changes(self) -> tuple[Suggestion, ...]:
        """Each change as the suggestion ``scan`` reports for it, in ``scan``'s order.

        Built on each call: ask for them only where they are shown or written.
        """
        hits = chain.from_iterable(columns.tuples() for columns in self._columns)
        return self._engine._sorted(chain(hits, self._chosen), self._source)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) for the duration (it nests).

    What ``Engine.fix`` drops, reference counting frees (a cycle some check made
    would wait for the next pass), but its new segments — one per change, a
    million in a large batch — would each set off the collector's passes, which
    walk them and every object of the rule set again and again: a third of
    ``apply``'s time with 10,000 rules. Paused, they are looked at once, after.
    Reading a transcript is the same: a 100,000-segment file read in 0.32 s
    paused, 0.55 s not (``cli.filework`` pauses it over each file's work).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def canonical_words(rules: Sequence[object]) -> set[str]:
    """Words of every rule's ``canonical`` form: the spell checker must not flag them."""
    words: set[str] = set()
    for rule in rules:
        canonical = getattr(rule, "canonical", None)
        if isinstance(canonical, str):
            words.update(canonical.replace("-", " ").split())
    return words


def _terms(rules: Sequence[object]) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """(canonical, variants, fuzzy) of every ``term`` rule, for the ``glossary`` kind."""
    return tuple(
        (rule.canonical, tuple(rule.variants), bool(getattr(rule, "fuzzy", False)))
        for rule in rules
        if isinstance(rule, TermRule)
    )


def _first_start(suggestion: Suggestion) -> int:
    return suggestion.edits[0].start if suggestion.edits else -1


def _size(suggestion: Suggestion) -> int:
    """How much original text an in-text suggestion replaces (the "longest match")."""
    return sum(edit.end - edit.start for edit in suggestion.edits)


def proposes_nothing(suggestion: Suggestion) -> bool:
    """True for a flag that changes neither text nor times (a word to check by ear,
    a timing problem without a fix): accepted, it writes nothing."""
    return suggestion.after == suggestion.before and not suggestion.retimed


def _rank(item: Found, order: dict[str, int]) -> tuple[int, int, tuple[int, int], int]:
    """Who wins an overlap: the longest, then the rule loaded first (then span and start)."""
    if isinstance(item, tuple):
        index, start, end, _, rule = item
        return (start - end, rule, (index, index), start)
    return (-_size(item), order.get(item.rule_id, 0), item.span, _first_start(item))


def _resolve(
    hits: Sequence[Hit], others: Sequence[Suggestion], order: dict[str, int]
) -> tuple[list[Found], list[Found]]:
    """Split findings into winners and overlap losers (longest, then earliest rule):
    ``hits`` in segments where ``others`` (suggestions) compete, and those suggestions.

    The result is that of going through every in-text finding in rank order and
    keeping each that overlaps none kept before it; a suggestion alone in its
    segments is kept as found. Structural suggestions compete by span: the longer
    span, then the earlier rule, wins. Timing flags (``Suggestion.times``) do not
    compete: applied, the first decision over a segment wins; nor do flags that
    propose no change (``proposes_nothing``).
    """
    kept: list[Found] = []
    lost: list[Found] = []
    structural: list[Suggestion] = []
    in_text: list[Suggestion] = []
    per_segment = Counter(hit[0] for hit in hits)
    """How many in-text findings each segment holds."""
    for suggestion in others:
        if (
            suggestion.target != "segments"
            or suggestion.times is not None
            or proposes_nothing(suggestion)
        ):
            # A header/footer block, a cue's timing, or a flag to check by ear:
            # nothing else competes for it.
            kept.append(suggestion)
        elif not suggestion.edits:
            structural.append(suggestion)
        else:
            in_text.append(suggestion)
            per_segment.update(edit.segment for edit in suggestion.edits)
    contested: list[Found] = list(hits)
    for suggestion in in_text:
        alone = all(per_segment[edit.segment] == 1 for edit in suggestion.edits)
        (kept if alone else contested).append(suggestion)
    _settle(contested, kept, lost, order)
    covered: set[int] = set()
    structural.sort(key=lambda s: (s.span[0] - s.span[1], order.get(s.rule_id, 0), s.span))
    for suggestion in structural:
        span = range(suggestion.span[0], suggestion.span[1] + 1)
        if covered.isdisjoint(span):
            covered.update(span)
            kept.append(suggestion)
        else:
            lost.append(suggestion)
    return kept, lost


def _settle(
    found: list[Found], kept: list[Found], lost: list[Found], order: dict[str, int]
) -> None:
    """Keep each of ``found`` in rank order unless it overlaps one kept before it."""
    found.sort(key=lambda item: _rank(item, order))
    hits = [item for item in found if isinstance(item, tuple)]
    if len(hits) == len(found) and len({hit[0] for hit in hits}) == 1:
        # Hits in one segment (the common contest): their ranges in one list.
        ranges = _Ranges()
        for hit in hits:
            if ranges.clashes(hit[1], hit[2]):
                lost.append(hit)
            else:
                kept.append(hit)
                ranges.add(hit[1], hit[2], hit[3])
        return
    taken: dict[int, _Ranges] = {}
    for item in found:
        if isinstance(item, tuple):
            spans = [(item[0], item[1], item[2])]
        else:
            spans = [(edit.segment, edit.start, edit.end) for edit in item.edits]
        if any(index in taken and taken[index].clashes(start, end) for index, start, end in spans):
            lost.append(item)
        else:
            kept.append(item)
            for index, start, end in spans:
                taken.setdefault(index, _Ranges()).add(start, end, "")


class _Ranges:
    """Ranges ``start:end`` of one segment's text that do not overlap, each with its
    replacement, in order: a clash is found by bisection, so a segment with a million
    hits (a whole talk on one line) costs no more per hit than one with two."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str]] = []
        """(start, end, replacement), sorted; since none overlap, the ends are sorted too."""

    def clashes(self, start: int, end: int) -> bool:
        """True when ``start:end`` overlaps a range here (or is the same, empty, one)."""
        items = self.items
        if not items:
            return False
        last = items[-1]
        if start >= last[1] and (start > last[0] or end > start):
            return False  # after every range: the usual case, hits come in order
        # The ranges starting before ``end``; the last of them ends latest.
        at = bisect.bisect_left(items, end, key=_START)
        if at and items[at - 1][1] > start:
            return True
        # An empty range clashes only with the same empty range (or one around it, above).
        return start == end and at < len(items) and items[at][:2] == (start, end)

    def add(self, start: int, end: int, replacement: str) -> None:
        """Add a range that ``clashes`` nothing here."""
        items = self.items
        if not items or (start, end) >= items[-1][:2]:
            items.append((start, end, replacement))
        else:
            bisect.insort(items, (start, end, replacement), key=_BOUNDS)

    def applied(self, text: str) -> str:
        """``text`` with every range replaced, in one pass."""
        pieces: list[str] = []
        at = 0
        for start, end, replacement in self.items:
            pieces += (text[at:start], replacement)
            at = end
        pieces.append(text[at:])
        return "".join(pieces)


def apply_decisions(transcript: Transcript, decisions: Iterable[Decision]) -> Transcript:
    """The transcript with every text-changing decision applied (rejected/skipped ones do nothing).

    Accepted in-text edits within one segment compose; an ``edited`` decision
    writes ``Decision.final`` over its whole span (overriding other edits there);
    a structural decision replaces its span of segments with ``final`` (none =
    delete, one = merge: start of the first, end of the last); a header/footer
    decision blanks that block. A timing fix (``Suggestion.retimed``) gives the
    segments it writes those times; a change of speaker (``Suggestion.speakers``)
    gives its segments their new speakers before anything else is applied, so that
    a split or merge of them carries it. Where two decisions overlap, the first given wins.
    Of a long segment an in-text suggestion shows only a window (see
    ``workbench.checks.textfix``): an edit of that window replaces the window.
    An accepted suggestion's ``copies`` (its words repeated in rolling captions)
    are changed last, each where no other decision changed those words. A
    ``duplicate`` removed (a repeated cue or a rolling caption's repeated line)
    gives its time on screen to the cue of the line it repeats (``rollup``).
    """
    changes = _Changes()
    copies: list[TextEdit] = []
    speakers: dict[int, str | None] = {}
    for decision in decisions:
        verdict = decision.verdict
        if verdict not in _CHANGES_TEXT:
            continue
        suggestion = decision.suggestion
        if verdict != "edited":
            changes.strip(suggestion)
        if suggestion.speakers:
            for position, (_, new) in enumerate(suggestion.speakers, start=suggestion.span[0]):
                speakers.setdefault(position, new)
        elif suggestion.target != "segments":
            changes.blocks[suggestion.target] = ""
        elif suggestion.edits and verdict != "edited":
            for edit in suggestion.edits:
                changes.edit(edit.segment, edit.start, edit.end, edit.replacement)
            copies += suggestion.copies
        elif suggestion.edits:
            changes.spans.append(
                (suggestion, _widened(transcript, suggestion, decision.final), True)
            )
        else:
            changes.spans.append((suggestion, decision.final, verdict == "edited"))
    for edit in copies:
        changes.edit(edit.segment, edit.start, edit.end, edit.replacement)
    if speakers:
        transcript = transcript.changed(
            segments=tuple(
                seg._replace(speaker=speakers[seg.index]) if seg.index in speakers else seg
                for seg in transcript.segments
            )
        )
    return changes.applied(transcript)


def _widened(
    transcript: Transcript, suggestion: Suggestion, final: tuple[str, ...]
) -> tuple[str, ...]:
    """A reviewer's texts for an in-text suggestion, each window of a long segment it
    shows put back into the whole text of that segment."""
    if len(final) != len(suggestion.before):
        return final
    segments = transcript.segments
    widened = list(final)
    for position, shown in enumerate(suggestion.before):
        index = suggestion.span[0] + position
        if index >= len(segments):
            break
        text = segments[index].text
        edits = [edit for edit in suggestion.edits if edit.segment == index]
        if shown == text or not edits:
            continue
        a, b = window_of(text, min(e.start for e in edits), max(e.end for e in edits))
        if text[a:b] == shown:
            widened[position] = text[:a] + final[position] + text[b:]
    return tuple(widened)


def _take_segments(hits: BlockHits, segments: list[int]) -> list[Hit]:
    """Take the hits in ``segments`` (sorted indexes) out of ``hits``, and give them back
    as ``Hit`` tuples."""
    first = hits.block.first
    inside = segments[
        bisect.bisect_left(segments, first) : bisect.bisect_left(
            segments, first + len(hits.block.texts)
        )
    ]
    positions = hits.in_segments(inside)
    if not positions:
        return []
    taken = hits.tuples(positions)
    hits.keep(list(map(not_, map(set(positions).__contains__, range(len(hits))))))
    return taken


def _settle_overlaps(hits: BlockHits) -> list[Hit]:
    """Take out the hits that lose an overlap, and give them back as ``Hit`` tuples.

    ``_settle`` for hits alone, on the columns: in each group of overlapping hits
    (all in one segment), in rank order (longest, then the rule loaded first, then
    the earliest), each hit is kept unless it overlaps one kept before it.
    """
    starts, stops, orders = hits.starts, hits.stops, hits.orders
    lost: list[int] = []
    for group in hits.overlapping():
        if len(group) == 2:  # nearly always: two hits, one wins
            first, second = group
            rank = (starts[first] - stops[first], orders[first], starts[first])
            lost.append(
                second
                if rank <= (starts[second] - stops[second], orders[second], starts[second])
                else first
            )
            continue
        group.sort(key=lambda p: (starts[p] - stops[p], orders[p], starts[p]))
        taken: list[int] = []
        for position in group:
            start, stop = starts[position], stops[position]
            if any(start < stops[other] and starts[other] < stop for other in taken):
                lost.append(position)
            else:
                taken.append(position)
    if not lost:
        return []
    beaten = hits.tuples(sorted(lost))
    hits.keep(list(map(not_, map(set(lost).__contains__, range(len(hits))))))
    return beaten


def _compose(hits: BlockHits, changes: _Changes, wordless: frozenset[int]) -> None:
    """Add the texts that the (non-overlapping) ``hits`` make to ``changes``; ``wordless``
    are the orders of the rules whose phrases may be replaced by text without a word
    character."""
    texts = hits.composed()
    if texts is None:
        for index, start, end, replacement, _ in hits.tuples():
            changes.edit(index, start, end, replacement)
        return
    changes.texts.update(texts)
    if wordless:
        for index, _, _, replacement, _ in hits.tuples(
            compress(count(), map(wordless.__contains__, hits.orders))
        ):
            changes.note(index, replacement)


_CHANGES_TEXT = frozenset(("accepted", "edited", "auto"))
"""The verdicts that change text (``Decision.changes_text``), as a set for the hot loop."""

_Span = tuple[Suggestion, tuple[str, ...], bool]
"""A span replacement: the suggestion, the texts written over its span, and whether edited."""


class _Changes:
    """Changes collected from decisions, then applied to a transcript in one pass."""

    def __init__(self) -> None:
        self.edits: dict[int, _Ranges] = {}
        """In-text edits by segment index."""
        self.texts: dict[int, str] = {}
        """Texts already made (by batch mode), for segments without ``edits``."""
        self.spans: list[_Span] = []
        self.blocks: dict[str, object] = {}
        """``header``/``footer`` values to blank."""
        self.wordless: set[int] = set()
        """Segments given a replacement without a word character: a fix may have left
        them without words (only those are checked, not every changed segment)."""
        self._has_word: dict[str, bool] = {}
        self.stripped: set[int] = set()
        """Segments whose repeated text (a copy of the line before) is removed."""

    def note(self, segment: int, replacement: str) -> None:
        """Remember ``segment`` if ``replacement`` holds no word character."""
        has_word = self._has_word.get(replacement)
        if has_word is None:
            has_word = self._has_word[replacement] = _WORD_CHAR.search(replacement) is not None
        if not has_word:
            self.wordless.add(segment)

    def add(self, item: Found) -> None:
        """Add what an ``auto`` decision on ``item`` (a hit or a suggestion) changes."""
        if isinstance(item, tuple):
            index, start, end, replacement, _ = item
            self.edit(index, start, end, replacement)
        else:
            self.strip(item)
            if item.target != "segments":
                self.blocks[item.target] = ""
            elif item.edits:
                for edit in item.edits:
                    self.edit(edit.segment, edit.start, edit.end, edit.replacement)
            else:
                self.spans.append((item, item.after, False))

    def strip(self, suggestion: Suggestion) -> None:
        """Note the segments whose repeated text ``suggestion`` removes, if it is a
        ``duplicate`` one (a rolling copy of a line: the line keeps its time on screen)."""
        if suggestion.kind == "duplicate" and suggestion.target == "segments":
            first, last = suggestion.span
            self.stripped.update(range(first, last + 1))

    def edit(self, segment: int, start: int, end: int, replacement: str) -> None:
        """Add an in-text edit, unless it overlaps one already there (the first wins)."""
        mine = self.edits.get(segment)
        if mine is None:
            mine = self.edits[segment] = _Ranges()
        elif mine.clashes(start, end):
            return
        mine.add(start, end, replacement)
        self.note(segment, replacement)

    def applied(self, transcript: Transcript) -> Transcript:
        """``transcript`` with every collected change made; a line whose repeated copies
        go keeps its time on screen (``rollup.kept_on_screen``)."""
        ends = kept_on_screen(transcript.segments, self.stripped)
        if ends:
            transcript = transcript.changed(
                segments=tuple(
                    seg._replace(end=ends[position]) if position in ends else seg
                    for position, seg in enumerate(transcript.segments)
                )
            )
        segments = transcript.segments
        edits = self.edits
        texts = self.texts
        for index, ranges in edits.items():
            text = segments[index].text
            items = ranges.items
            if len(items) == 1:  # nearly always
                ((start, end, replacement),) = items
                texts[index] = text[:start] + replacement + text[end:]
            else:
                texts[index] = ranges.applied(text)
        # A segment whose words a fix took away entirely ("chat | GBT." → "ChatGPT." and
        # ""; or only punctuation left) is removed; see ``_drop_emptied``.
        search = _WORD_CHAR.search
        emptied = {
            index
            for index in self.wordless
            if index in texts and not search(texts[index]) and search(segments[index].text)
        }
        if self.spans:
            made, dropped = _replace_spans(segments, texts, self.spans, emptied)
            numbered = (
                _drop_emptied(made, dropped)
                if dropped
                else tuple(_in_place(made, {}, 0, len(made)))
            )
            result = transcript.changed(segments=numbered)
        elif emptied:
            result = transcript.changed(segments=_drop_emptied(segments, emptied, texts))
        else:
            # Text edits only: the segments keep their places.
            result = transcript.changed(
                segments=tuple(_in_place(segments, texts, 0, len(segments)))
            )
        return result.changed(**self.blocks) if self.blocks else result


_START = operator.itemgetter(0)
_ORDER = operator.itemgetter(4)
"""The rule order of a ``Hit``."""
_BOUNDS = operator.itemgetter(0, 1)


def _rebuilt(
    segments: Sequence[Segment], texts: Iterable[str], first_index: int | None = None
) -> Iterator[Segment]:
    """``segments`` with new ``texts``, numbered from ``first_index`` (or keeping their
    numbers), built in one step (``Segment.built``): a large batch builds one per
    change and one per segment after a removal."""
    indexes = map(_INDEX, segments) if first_index is None else count(first_index)
    return Segment.built(
        indexes, map(_TIME_START, segments), map(_TIME_END, segments), texts,
        map(_SPEAKER, segments), map(_LINE, segments), map(_SOURCE, segments),
    )  # fmt: skip


def _in_place(
    segments: Sequence[Segment], texts: Mapping[int, str], first: int, stop: int
) -> list[Segment]:
    """Segments ``first:stop`` with the new ``texts`` of their positions, numbered from
    ``first``: only the changed ones are built when all keep their numbers."""
    part = segments[first:stop]
    if not all(map(operator.eq, map(_INDEX, part), count(first))):
        return list(_rebuilt(part, map(texts.get, range(first, stop), map(_TEXT, part)), first))
    made = list(part)
    changed = [position for position in texts if first <= position < stop]
    for position, seg in zip(
        changed,
        _rebuilt([segments[position] for position in changed], map(texts.__getitem__, changed)),
    ):
        made[position - first] = seg
    return made


_INDEX, _TIME_START, _TIME_END, _TEXT, _SPEAKER, _LINE, _SOURCE = (
    operator.itemgetter(i) for i in range(len(Segment._fields))
)
"""The fields of a ``Segment`` (a named tuple), by position."""


def _replace_spans(
    segments: Sequence[Segment], texts: dict[int, str], spans: list[_Span], emptied: set[int]
) -> tuple[list[Segment], set[int]]:
    """Segments with composed text edits and span replacements applied (not yet
    renumbered), and the positions among them of segments left without words: those
    of ``emptied`` outside the spans, and those a reviewer's edit emptied."""
    starts: dict[int, _Span] = {}
    covered: set[int] = set()
    for span in spans:
        first, last = span[0].span
        if not covered.intersection(range(first, last + 1)):
            starts[first] = span
            covered.update(range(first, last + 1))
    result: list[Segment] = []
    dropped: set[int] = set()
    """Positions in ``result`` of emptied segments."""
    index = 0
    while index < len(segments):
        starting = starts.get(index)
        if starting is None:
            seg = segments[index]
            if index in emptied:
                dropped.add(len(result))
            result.append(seg._replace(text=texts[index]) if index in texts else seg)
            index += 1
            continue
        first, last = starting[0].span
        made = _span_segments(segments[first : last + 1], texts, starting)
        if starting[0].edits:
            # A reviewer's edit of an in-text fix that leaves a segment without words
            # removes it, as accepting the fix would.
            for position, seg in enumerate(made, start=len(result)):
                original = segments[min(first + position - len(result), last)].text
                if not _WORD_CHAR.search(seg.text) and _WORD_CHAR.search(original):
                    dropped.add(position)
        result.extend(made)
        index = last + 1
    return result, dropped


_WORD_CHAR = re.compile(r"\w")


def _drop_emptied(
    segments: Sequence[Segment], emptied: set[int], texts: Mapping[int, str] | None = None
) -> tuple[Segment, ...]:
    """``segments`` (with ``texts`` by position, if given) renumbered, without those at
    the positions ``emptied`` (left without words by a fix).

    The time of a removed segment goes to the segment before it (to the one after,
    for the first), and punctuation left in it ends the text of that segment unless
    it already ends with punctuation. Each segment is built at most once, the runs
    between removals in one step each (a large batch renumbers hundreds of thousands).
    """
    texts = texts or {}
    kept: list[Segment] = []
    removed_first: Segment | None = None
    """The first segment, when it is removed: its start goes to the first kept one."""
    at = 0
    for position in sorted(emptied):
        if len(kept) == at:
            kept += _in_place(segments, texts, at, position)
        else:
            part = segments[at:position]
            kept += _rebuilt(part, map(texts.get, range(at, position), map(_TEXT, part)), len(kept))
        seg = segments[position]
        if kept:
            kept[-1] = _absorbed(kept[-1], seg, texts.get(position, seg.text))
        elif removed_first is None:
            removed_first = seg
        at = position + 1
    part = segments[at:]
    kept += _rebuilt(part, map(texts.get, range(at, len(segments)), map(_TEXT, part)), len(kept))
    if removed_first is not None and kept and kept[0].start is not None:
        kept[0] = kept[0]._replace(start=removed_first.start)
    return tuple(kept)


def _absorbed(before: Segment, removed: Segment, left: str) -> Segment:
    """``before`` taking over the time of the ``removed`` segment after it, and the
    punctuation ``left`` in it unless ``before`` already ends with punctuation."""
    end = before.end
    if end is not None and removed.end is not None:
        end = max(end, removed.end)
    left = left.strip()
    joined = before.text.rstrip()
    if left and joined and _WORD_CHAR.match(joined[-1]):
        joined += left
    else:
        joined = before.text
    return before._replace(end=end, text=joined)


def _span_segments(
    originals: Sequence[Segment], texts: dict[int, str], span: _Span
) -> list[Segment]:
    """The segments that replace ``originals`` under a structural or edited decision."""
    suggestion, written, edited = span
    final = list(written)
    current = [texts.get(seg.index, seg.text) for seg in originals]
    if suggestion.retimed and not edited and final == list(suggestion.before):
        # New times only: keep the text fixes accepted in the cue.
        final = current
    joined = " ".join(text.strip() for text in suggestion.before)
    if not edited and len(final) == 1 and len(originals) > 1 and final[0] == joined:
        # A plain merge: keep the text fixes accepted in its parts (a part a fix
        # emptied, "chat | GBT." → "ChatGPT." and "", adds no space).
        final = [" ".join(text for text in (text.strip() for text in current) if text)]
    made: list[Segment] = []
    for position, text in enumerate(final):
        base = originals[min(position, len(originals) - 1)]
        values: dict[str, object] = {"text": text}
        if position == len(final) - 1 and len(final) < len(originals):
            values["end"] = originals[-1].end
        if len(suggestion.retimed) == len(final):
            values["start"], values["end"] = suggestion.retimed[position]
        made.append(base.changed(**values))
    return made


def flag_json(suggestion: Suggestion, file: str) -> dict[str, object]:
    """One suggestion as a "Flags in JSON" object (see DESIGN.md).

    ``original``/``suggestion`` are the affected segments' texts joined with
    ``\n``; of a segment longer than ``textfix.LONG_TEXT`` characters, only the
    window around the change (``textfix.window_of``), so that a line of megabytes
    with thousands of flags gives thousands of short flags.

    A suggestion about a scrape's header or footer block (``kind`` boilerplate)
    changes no segment: its ``segment`` and ``span`` are null, and ``line`` and
    ``last_line`` are the block's first and last lines; ``original`` is the
    block's text without a line break at either end.
    """
    in_segments = suggestion.target == "segments"
    return {
        "file": file,
        "line": suggestion.line,
        "last_line": suggestion.last_line,
        "segment": suggestion.span[0] if in_segments else None,
        "span": [suggestion.span[0], suggestion.span[1]] if in_segments else None,
        "rule": suggestion.rule_id,
        "kind": suggestion.kind,
        "original": suggestion.original,
        "suggestion": suggestion.suggestion,
        "auto": suggestion.auto,
        "reason": suggestion.reason,
        "score": suggestion.confidence,
        **_times_json(suggestion),
    }


def _times_json(suggestion: Suggestion) -> dict[str, object]:
    """``start``/``end`` in seconds for a timing flag; nothing for other flags."""
    if suggestion.times is None:
        return {}
    start, end = suggestion.times
    return {"start": start / 1000, "end": end / 1000}
