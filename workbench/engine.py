"""The rule engine: compiles a rule set once, scans transcripts, applies decisions.

All whole-word phrases of all rules (term variants, literal replace patterns) go
into one Aho-Corasick automaton; the other checks run after it. In-text
suggestions that overlap are resolved deterministically — the longest match
wins, then the rule loaded first — and the losers are kept in
``ScanResult.overlapped`` so a reviewer can still see them.

Batch mode (``Engine.fix``) runs the same scan and resolution but keeps the
automaton's hits as plain tuples and composes them straight into the fixed
transcript: its cost follows the number of changes at a few microseconds each,
and a change becomes a ``Suggestion`` only when it is shown or written
(``Fix.changes``).
"""

from __future__ import annotations

import bisect
import operator
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import not_
from typing import TYPE_CHECKING

from workbench.checks import CHECKS, Check, CheckContext
from workbench.checks.glossary import FuzzyTermsCheck
from workbench.checks.matcher import Hit, LiteralMatcher
from workbench.checks.term import TermRule
from workbench.checks.textfix import window_of
from workbench.errors import RuleError
from workbench.model import Decision, Segment, SourceBlock, Suggestion, Transcript

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


class Engine:
    """A rule set compiled once, ready to scan any number of transcripts."""

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
        self._where = rule_set.where
        checks: list[Check] = [CHECKS[rule.kind](rule, context) for rule in rules]  # type: ignore[type-arg]
        self.order = {rule.id: position for position, rule in enumerate(rules)}
        """Each rule id's position in load order (the tie-breaker of overlaps)."""
        with_literals = [(i, check) for i, check in enumerate(checks) if check.literals()]
        self._matcher = LiteralMatcher(with_literals)
        literal = {i for i, _ in with_literals}
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
        hits, others, problems = self._find(transcript)
        kept, lost, _ = _resolve(hits, others, self.order)
        return ScanResult(
            self._sorted(kept, transcript), self._sorted(lost, transcript), tuple(problems)
        )

    def fix(self, transcript: Transcript, *, everything: bool = False) -> Fix:
        """What batch mode makes of ``transcript``: every ``auto`` suggestion (or, with
        ``everything``, every suggestion) of ``scan`` applied — the same transcript as
        ``apply_decisions`` with an ``auto`` decision for each, without building them."""
        hits, others, problems = self._find(transcript)
        kept, _, mixed = _resolve(hits, others, self.order)
        if everything or (
            self._matcher.all_auto
            and all(
                suggestion.auto  # type: ignore[union-attr]  # only suggestions pass
                for suggestion in compress(kept, map(not_, map(isinstance, kept, repeat(tuple))))
            )
        ):
            # Every rule of the automaton is ``auto`` (as in most batch rule sets): only
            # the few suggestions need a look, not every hit.
            chosen = kept
        else:
            auto = self._matcher.autos
            chosen = [item for item in kept if (item[4] in auto if isinstance(item, tuple) else item.auto)]
        fixed = _apply_chosen(transcript, chosen, mixed, self._matcher.wordless)
        return Fix(fixed, chosen, self, transcript, tuple(problems))

    def _find(self, transcript: Transcript) -> tuple[list[Hit], list[Suggestion], list[RuleError]]:
        """The automaton's hits within one segment, every other suggestion (unresolved),
        and the errors of rules that failed (which are then dropped)."""
        hits, crossing = self._matcher.collect(transcript, self._blocks.of(transcript))
        others = [suggestion for _, suggestion in crossing]
        problems: list[RuleError] = []
        for check in list(self._others):
            try:
                # All or nothing: a rule that fails halfway finds nothing here.
                others.extend(list(check.find(transcript)))
            except RuleError as error:
                problems.append(self._located(error, check.rule.id))
                self._others.remove(check)
        return hits, others, problems

    def _located(self, error: RuleError, rule_id: str) -> RuleError:
        """``error`` naming the file and line of the rule, when it does not already."""
        if error.path is not None:
            return error
        path, line = self._where(error.rule_id or rule_id)
        return RuleError(error.message, path=path, line=line, rule_id=error.rule_id or rule_id)

    def _sorted(self, found: Iterable[Found], transcript: Transcript) -> tuple[Suggestion, ...]:
        """Suggestions (hits made into them) by span, line, rule order, start."""
        make = self._matcher.suggestion
        suggestions = [
            make(transcript, item) if isinstance(item, tuple) else item for item in found
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
        chosen: list[Found],
        engine: Engine,
        source: Transcript,
        problems: tuple[RuleError, ...] = (),
    ) -> None:
        self.transcript = transcript
        """The fixed transcript."""
        self.problems = problems
        """Rules that failed on this transcript and changed nothing (as ``ScanResult.problems``)."""
        self.count = len(chosen)
        """How many changes were made."""
        self._chosen = chosen
        self._engine = engine
        self._source = source

    def counts(self) -> Counter[str]:
        """How many changes each rule made, by rule id."""
        rule_id = self._engine._matcher.rule_id
        counts: Counter[str] = Counter()
        chosen = self._chosen
        # The hits' rule orders, counted without a Python-level step per hit.
        hits = compress(chosen, map(isinstance, chosen, repeat(tuple)))
        orders = Counter(map(_ORDER, hits))  # type: ignore[arg-type]
        for order, count in orders.items():
            counts[rule_id(order)] += count
        counts.update(item.rule_id for item in self._chosen if not isinstance(item, tuple))
        return counts

    def changes(self) -> tuple[Suggestion, ...]:
        """Each change as the suggestion ``scan`` reports for it, in ``scan``'s order.

        Built on each call: ask for them only where they are shown or written.
        """
        return self._engine._sorted(self._chosen, self._source)


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


def _rank(item: Found, order: dict[str, int]) -> tuple[int, int, tuple[int, int], int]:
    """Who wins an overlap: the longest, then the rule loaded first (then span and start)."""
    if isinstance(item, tuple):
        index, start, end, _, rule = item
        return (start - end, rule, (index, index), start)
    return (-_size(item), order.get(item.rule_id, 0), item.span, _first_start(item))


def _resolve(
    hits: Sequence[Hit], others: Sequence[Suggestion], order: dict[str, int]
) -> tuple[list[Found], list[Found], set[int]]:
    """Split what a scan found into winners and overlap losers (longest, then earliest rule).

    The result is that of going through every in-text finding in rank order and
    keeping each that overlaps none kept before it. Only findings that share a
    segment with another can lose, so only those are ranked, and a segment that
    only automaton hits share is settled on its own: in a large transcript nearly
    every finding is alone in its segment and is kept as found.

    Winners come back as found (the hits of a segment in order of their starts),
    then the contested winners in rank order, then structural winners (losers
    likewise); the caller sorts them with a stable sort, and only findings in one
    segment can tie, so ties keep their rank order. Last comes the set of segments
    where a hit met a suggestion of another check (its hits may come in any order).
    """
    kept: list[Found] = []
    lost: list[Found] = []
    structural: list[Suggestion] = []
    in_text: list[Suggestion] = []
    per_segment: Counter[int] = Counter()
    """How many findings each segment with a suggestion of another check holds."""
    mixed: set[int] = set()
    """Segments where a suggestion of another check competes too."""
    for suggestion in others:
        if suggestion.target != "segments":
            kept.append(suggestion)
        elif not suggestion.edits:
            structural.append(suggestion)
        else:
            in_text.append(suggestion)
            for edit in suggestion.edits:
                per_segment[edit.segment] += 1
                mixed.add(edit.segment)
    contested: list[Found] = []
    # The hits of one segment come one after another (in order of their ends): a
    # group is settled as soon as the next segment's hit arrives. Nearly every group
    # is one hit, kept as found without any list of its own.
    previous: Hit | None = None
    previous_index = -1
    run: list[Found] | None = None
    for hit in hits:
        index = hit[0]
        if index == previous_index:
            if run is None:
                run = [previous, hit]  # type: ignore[list-item]
            else:
                run.append(hit)
            continue
        if run is not None:
            _group(run, previous_index, mixed, per_segment, kept, lost, contested, order)
            run = None
        elif previous is not None:
            if previous_index in mixed:
                contested.append(previous)
                per_segment[previous_index] += 1
            else:
                kept.append(previous)
        previous, previous_index = hit, index
    if run is not None:
        _group(run, previous_index, mixed, per_segment, kept, lost, contested, order)
    elif previous is not None:
        if previous_index in mixed:
            contested.append(previous)
            per_segment[previous_index] += 1
        else:
            kept.append(previous)
    for suggestion in in_text:
        alone = all(per_segment[edit.segment] == 1 for edit in suggestion.edits)
        (kept if alone else contested).append(suggestion)
    _settle(contested, kept, lost, order)
    # Structural changes compete by span: the longer span, then the earlier rule, wins.
    covered: set[int] = set()
    structural.sort(key=lambda s: (s.span[0] - s.span[1], order.get(s.rule_id, 0), s.span))
    for suggestion in structural:
        span = range(suggestion.span[0], suggestion.span[1] + 1)
        if covered.isdisjoint(span):
            covered.update(span)
            kept.append(suggestion)
        else:
            lost.append(suggestion)
    return kept, lost, mixed


def _group(
    run: list[Found],
    index: int,
    mixed: set[int],
    per_segment: Counter[int],
    kept: list[Found],
    lost: list[Found],
    contested: list[Found],
    order: dict[str, int],
) -> None:
    """Settle the hits of segment ``index`` (more than one), or leave them to the
    contest with other checks' suggestions there."""
    if index in mixed:
        contested += run
        per_segment[index] += len(run)
    else:
        _settle_run(run, kept, lost, order)


def _settle_run(run: list[Found], kept: list[Found], lost: list[Found], order: dict[str, int]) -> None:
    """Settle the hits of one segment, in order of their ends."""
    # If each starts after the one before it ends, none overlaps another (the usual
    # case: different words), and all stay.
    end = -1
    for hit in run:
        assert isinstance(hit, tuple)  # a run holds hits only
        if hit[1] < end:
            winners: list[Found] = []
            _settle(run, winners, lost, order)
            # Winners never overlap, so in order of their starts (which batch mode
            # composes in one pass) no two of them tie.
            kept += sorted(winners, key=lambda won: won[1])  # type: ignore[index]
            return
        end = hit[2]
    kept += run


def _settle(found: list[Found], kept: list[Found], lost: list[Found], order: dict[str, int]) -> None:
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
    decision blanks that block. Where two decisions overlap, the first given wins.
    Of a long segment an in-text suggestion shows only a window (see
    ``workbench.checks.textfix``): an edit of that window replaces the window.
    """
    changes = _Changes()
    for decision in decisions:
        verdict = decision.verdict
        if verdict not in _CHANGES_TEXT:
            continue
        suggestion = decision.suggestion
        if suggestion.target != "segments":
            changes.blocks[suggestion.target] = ""
        elif suggestion.edits and verdict != "edited":
            for edit in suggestion.edits:
                changes.edit(edit.segment, edit.start, edit.end, edit.replacement)
        elif suggestion.edits:
            changes.spans.append((suggestion, _widened(transcript, suggestion, decision.final), True))
        else:
            changes.spans.append((suggestion, decision.final, verdict == "edited"))
    return changes.applied(transcript)


def _widened(transcript: Transcript, suggestion: Suggestion, final: tuple[str, ...]) -> tuple[str, ...]:
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


def _apply_chosen(
    transcript: Transcript, chosen: Iterable[Found], mixed: set[int], wordless: frozenset[int]
) -> Transcript:
    """``apply_decisions`` with an ``auto`` decision for each of ``chosen``, as ``_resolve``
    left them (no two overlap; the hits of a segment outside ``mixed`` together, in
    order of their starts); ``wordless`` are the orders of the rules whose phrases
    may be replaced by text without a word character."""
    changes = _Changes()
    texts = changes.texts
    segments = transcript.segments
    current = -1
    text = ""
    first_start, first_replacement = 0, ""
    """The start and replacement of the current segment's first hit."""
    pieces: list[str] = []
    """The current segment's text so far, when it has more than one hit."""
    at = 0
    """Where the current segment's text after its hits so far starts."""
    for item in chosen:
        if isinstance(item, tuple):
            index, start, end, replacement, _ = item
            if index in mixed:
                changes.edit(index, start, end, replacement)
                continue
            if wordless and item[4] in wordless:
                changes.note(index, replacement)
            # One pass over the hits: the text of a segment with one hit is made at
            # once (nearly always); with more, its pieces are joined once at the end
            # (a copy of the text per hit would be quadratic on a long line).
            if index == current:
                if not pieces:
                    pieces = [text[:first_start], first_replacement]
                pieces += (text[at:start], replacement)
                at = end
                continue
            if pieces:
                pieces.append(text[at:])
                texts[current] = "".join(pieces)
                pieces = []
            text = segments[index].text
            texts[index] = text[:start] + replacement + text[end:]
            current, at, first_start, first_replacement = index, end, start, replacement
        elif item.target != "segments":
            changes.blocks[item.target] = ""
        elif item.edits:
            for edit in item.edits:
                changes.edit(edit.segment, edit.start, edit.end, edit.replacement)
        else:
            changes.spans.append((item, item.after, False))
    if pieces:
        pieces.append(text[at:])
        texts[current] = "".join(pieces)
    return changes.applied(transcript)


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
        """Texts already composed (by batch mode), for segments without ``edits``."""
        self.spans: list[_Span] = []
        self.blocks: dict[str, object] = {}
        """``header``/``footer`` values to blank."""
        self.wordless: set[int] = set()
        """Segments given a replacement without a word character: a fix may have left
        them without words (only those are checked, not every changed segment)."""
        self._has_word: dict[str, bool] = {}

    def note(self, segment: int, replacement: str) -> None:
        """Remember ``segment`` if ``replacement`` holds no word character."""
        has_word = self._has_word.get(replacement)
        if has_word is None:
            has_word = self._has_word[replacement] = _WORD_CHAR.search(replacement) is not None
        if not has_word:
            self.wordless.add(segment)

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
        """``transcript`` with every collected change made."""
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
            numbered = _drop_emptied(made, dropped) if dropped else _renumbered(made)
            result = transcript.changed(segments=numbered)
        elif emptied:
            # Texts, removals and renumbering in one pass: one new segment each.
            result = transcript.changed(segments=_drop_emptied(segments, emptied, texts))
        else:
            # Text edits only: the segments keep their places, so no renumbering pass is needed.
            changed = list(segments)
            make = _new_segment
            for index, text in texts.items():
                seg = segments[index]
                # ``seg.changed(text=text)`` (see ``_with_text``), inline: this runs per change.
                changed[index] = make(
                    seg.index, seg.start, seg.end, text, seg.speaker, seg.line, seg.source
                )
            result = transcript.changed(segments=tuple(changed))
        return result.changed(**self.blocks) if self.blocks else result


_START = operator.itemgetter(0)
_ORDER = operator.itemgetter(4)
"""The rule order of a ``Hit``."""
_BOUNDS = operator.itemgetter(0, 1)


def _new_segment(
    index: int,
    start: int | None,
    end: int | None,
    text: str,
    speaker: str | None,
    line: int | None,
    source: SourceBlock | None,
) -> Segment:
    """A segment from its fields, positionally: cheaper than ``dataclasses.replace``
    (a large batch builds one per change and per renumbered segment)."""
    return Segment(index, start, end, text, speaker, line, source)


def _renumbered(segments: Sequence[Segment]) -> tuple[Segment, ...]:
    """``segments`` numbered from 0 (``Transcript.replace_segments``, with segments built
    directly: after a removal, every later segment of the document is renumbered)."""
    return tuple(
        seg
        if seg.index == i
        else _new_segment(i, seg.start, seg.end, seg.text, seg.speaker, seg.line, seg.source)
        for i, seg in enumerate(segments)
    )


def _with_text(seg: Segment, text: str) -> Segment:
    """``seg.changed(text=text)``, built directly: ``dataclasses.replace`` costs 3× as much,
    and a large batch changes hundreds of thousands of segments."""
    return _new_segment(seg.index, seg.start, seg.end, text, seg.speaker, seg.line, seg.source)


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
            result.append(_with_text(seg, texts[index]) if index in texts else seg)
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
    it already ends with punctuation. Each segment is built at most once (a large
    batch renumbers hundreds of thousands after a removal).
    """
    texts = texts or {}
    kept: list[Segment] = []
    start: int | None = None
    """The start of emptied segments before the first kept one."""
    carried = False
    make = _new_segment
    for position, seg in enumerate(segments):
        text = texts.get(position)
        if position not in emptied:
            number = len(kept)
            if text is not None or number != seg.index or carried:
                begin = start if carried and seg.start is not None else seg.start
                text = seg.text if text is None else text
                seg = make(number, begin, seg.end, text, seg.speaker, seg.line, seg.source)
                carried = False
            kept.append(seg)
        elif kept:
            before = kept[-1]
            end = before.end
            if end is not None and seg.end is not None:
                end = max(end, seg.end)
            left = (seg.text if text is None else text).strip()
            joined = before.text.rstrip()
            if left and joined and _WORD_CHAR.match(joined[-1]):
                joined += left
            else:
                joined = before.text
            kept[-1] = make(
                before.index, before.start, end, joined, before.speaker, before.line, before.source
            )
        elif not carried:
            start, carried = seg.start, True
    return tuple(kept)


def _span_segments(
    originals: Sequence[Segment], texts: dict[int, str], span: _Span
) -> list[Segment]:
    """The segments that replace ``originals`` under a structural or edited decision."""
    suggestion, written, edited = span
    final = list(written)
    current = [texts.get(seg.index, seg.text) for seg in originals]
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
    }
