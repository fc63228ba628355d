"""Flags on repeated copies of a line, folded into the flag on the line itself.

YouTube's rolling captions show each spoken line three times: once with ``<c>``
word timings, under the previous line, then alone in a 10 ms cue, then as the
first line of the next cue. A ``duplicate`` rule flags the two copies for
removal, and every other rule finds a misheard word in all three places. The
reviewer should meet it once, where it was said: a flag whose words all lie in
text that a ``duplicate`` suggestion removes, and that makes the same change
(same rule, same words, same replacement) as a flag up to ``REACH`` segments
before it, is folded into that flag as its ``copies``. Accepting the flag then
fixes the copies too (``engine.apply_decisions``), unless their removal is
accepted as well.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from itertools import chain, compress

from workbench.model import Suggestion, TextEdit, Transcript

REACH = 3
"""How many segments after its original a copy may stand (rolling captions: two)."""

_Change = tuple[str, tuple[tuple[str, str], ...]]
"""A flag's rule and, per edit, the words it replaces and their replacement."""


def fold_copies(
    suggestions: Sequence[Suggestion], overlapped: Sequence[Suggestion], transcript: Transcript
) -> tuple[tuple[Suggestion, ...], tuple[Suggestion, ...]]:
    """``suggestions`` and ``overlapped`` (in their order) with each copy's flag taken out
    and its edits added to the ``copies`` of its original, which names them in its reason.

    A copy that lost an overlap (to the ``duplicate`` trim that removes it) is
    folded too, so that the fix still reaches it if the trim is rejected.
    """
    removed = _removed_ranges(suggestions)
    if not removed:
        return tuple(suggestions), tuple(overlapped)
    # Whether each flag lies in removed text, worked out once: most flags do not, and
    # only the flags of a rule that has such a copy can be its original.
    kept_copies = [_may_be_copy(suggestion, removed) for suggestion in suggestions]
    lost_copies = [_may_be_copy(suggestion, removed) for suggestion in overlapped]
    rules = {s.rule_id for s in compress(chain(suggestions, overlapped), kept_copies + lost_copies)}
    if not rules:
        return tuple(suggestions), tuple(overlapped)
    originals: dict[_Change, list[tuple[int, int, int]]] = defaultdict(list)
    """The flags that are no copy, by their change: (first segment, last segment,
    position in ``suggestions``), in the order of ``suggestions`` (by span)."""
    for position, (suggestion, copy) in enumerate(zip(suggestions, kept_copies, strict=True)):
        if (
            not copy
            and suggestion.rule_id in rules
            and suggestion.edits
            and suggestion.kind != "duplicate"
        ):
            originals[_change(suggestion, transcript)].append((*suggestion.span, position))
    extra: dict[int, list[TextEdit]] = defaultdict(list)
    folded: dict[int, int] = defaultdict(int)
    """Per original's position, how many copies it took."""

    def fold(suggestion: Suggestion, copy: bool) -> bool:
        if not copy:
            return False
        original = _original(suggestion, originals.get(_change(suggestion, transcript), []))
        if original is None:
            return False
        extra[original] += [*suggestion.edits, *suggestion.copies]
        folded[original] += 1
        return True

    kept = [s for s, copy in zip(suggestions, kept_copies, strict=True) if not fold(s, copy)]
    lost = tuple(s for s, copy in zip(overlapped, lost_copies, strict=True) if not fold(s, copy))
    if not extra:
        return tuple(suggestions), lost
    with_copies = {
        id(suggestions[position]): dataclasses.replace(
            suggestions[position],
            copies=(*suggestions[position].copies, *edits),
            reason=f"{suggestions[position].reason} (and in {_copies(folded[position])} below)",
        )
        for position, edits in extra.items()
    }
    return tuple(with_copies.get(id(s), s) for s in kept), lost


def _original(copy: Suggestion, originals: list[tuple[int, int, int]]) -> int | None:
    """The position of the flag nearest before ``copy`` among ``originals`` (sorted by
    span) that ends at most ``REACH`` segments before it; a bisection, so that a word
    misheard the same way thousands of times costs no more per copy."""
    first = copy.span[0]
    at = bisect.bisect_left(originals, (first,))
    # Spans are short: the few flags starting just before ``first`` are all to look at.
    for start, end, position in reversed(originals[max(0, at - 2 * REACH) : at]):
        if 0 < first - end <= REACH:
            return position
        if first - start > 2 * REACH:
            break
    return None


def _copies(count: int) -> str:
    return "its repeated copy" if count == 1 else f"its {count} repeated copies"


def _removed_ranges(suggestions: Sequence[Suggestion]) -> dict[int, list[tuple[int, int]]]:
    """Per segment, the character ranges that ``duplicate`` suggestions remove (a deleted
    segment: all of it)."""
    removed: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for suggestion in suggestions:
        if suggestion.kind != "duplicate" or suggestion.target != "segments":
            continue
        if suggestion.edits:
            for edit in suggestion.edits:
                if not edit.replacement:
                    removed[edit.segment].append((edit.start, edit.end))
        elif not suggestion.after:
            for index in range(suggestion.span[0], suggestion.span[1] + 1):
                removed[index].append((0, -1))
    return removed


def _may_be_copy(suggestion: Suggestion, removed: dict[int, list[tuple[int, int]]]) -> bool:
    """True for a flag that changes text (no ``duplicate`` one) all in text that is removed."""
    return (
        bool(suggestion.edits) and suggestion.kind != "duplicate" and _is_copy(suggestion, removed)
    )


def _is_copy(suggestion: Suggestion, removed: dict[int, list[tuple[int, int]]]) -> bool:
    """True when every edit of ``suggestion`` lies in text that is removed."""
    return all(
        any(
            end == -1 or (start <= edit.start and edit.end <= end)
            for start, end in removed.get(edit.segment, ())
        )
        for edit in suggestion.edits
    )


def _change(suggestion: Suggestion, transcript: Transcript) -> _Change:
    segments = transcript.segments
    return suggestion.rule_id, tuple(
        (segments[edit.segment].text[edit.start : edit.end].lower(), edit.replacement.lower())
        for edit in suggestion.edits
    )
