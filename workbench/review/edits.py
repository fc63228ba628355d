"""How a hand edit relates to a suggestion on the same text.

An edit that leaves every word a suggestion would change as it was *keeps*
the flagged text: it rejects that suggestion. An edit that changes every place
a suggestion would change *makes* that change its own way: the suggestion is
settled by it. Both compare word diffs of the same original text.
"""

from __future__ import annotations

from workbench.diffing import DELETE, EQUAL, INSERT, word_diff

Range = tuple[int, int]
Signature = tuple[tuple[str, str], ...]


def changed_ranges(before: str, after: str) -> list[Range]:
    """The ranges of ``before`` that the word diff to ``after`` changes (an insertion is empty)."""
    ranges: list[Range] = []
    at = 0
    start: int | None = None
    for op, chunk in word_diff(before, after):
        if op == EQUAL:
            if start is not None:
                ranges.append((start, at))
                start = None
            at += len(chunk)
            continue
        if start is None:
            start = at
        if op == DELETE:
            at += len(chunk)
    if start is not None:
        ranges.append((start, at))
    return ranges


def _touch(a: Range, b: Range) -> bool:
    # An insertion touches a range it falls in or at the edge of; two changed
    # ranges touch when they share a character.
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] <= b[1] and b[0] <= a[1]
    return a[0] < b[1] and b[0] < a[1]


def edit_keeps(original: str, suggested: str, final: str) -> bool:
    """True when the edit ``original`` → ``final`` leaves alone every place the suggestion changes."""
    edited = changed_ranges(original, final)
    return not any(_touch(a, b) for a in changed_ranges(original, suggested) for b in edited)


def edit_makes(original: str, suggested: str, final: str) -> bool:
    """True when the edit ``original`` → ``final`` changes every place the suggestion changes."""
    edited = changed_ranges(original, final)
    wanted = changed_ranges(original, suggested)
    return bool(wanted) and all(any(_touch(a, b) for b in edited) for a in wanted)


def signature(before: str, after: str) -> Signature:
    """What a change does, wherever it is: each run of (removed words, inserted words)."""
    runs: list[tuple[str, str]] = []
    removed: list[str] = []
    inserted: list[str] = []
    for op, chunk in [*word_diff(before, after), (EQUAL, "")]:
        if op == EQUAL:
            if removed or inserted:
                runs.append(("".join(removed).strip(), "".join(inserted).strip()))
                removed, inserted = [], []
        elif op == INSERT:
            inserted.append(chunk)
        else:
            removed.append(chunk)
    return tuple(runs)
