"""The table ``scan`` prints: flags per file and rule, the overlaps lost, and totals.

A suggestion that lost an overlap to another rule is shown, not dropped, so a
rule shadowed by a longer match is seen. On a large file there are hundreds of
them, nearly all the same two rules: they are counted per pair of rules (the
one that lost and the one that won), and ``--verbose`` lists each.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from workbench.engine import ScanResult
from workbench.model import Suggestion

SHOWN_LINES = 5
"""How many lines of one pair's overlaps the summary names before an ellipsis."""


def file_summary(label: str, result: ScanResult, *, verbose: bool = False) -> list[str]:
    """One file's part of the table: its flags per rule and the overlaps it lost."""
    counts = Counter((s.rule_id, s.kind) for s in result.suggestions)
    autos = Counter(s.rule_id for s in result.suggestions if s.auto)
    lines = [f"{label}  ({len(result.suggestions)} flags)"]
    if counts:
        lines.append(f"  {'rule':<28} {'kind':<12} {'flags':>5}  {'auto':>4}")
    for (rule_id, kind), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = f"{autos[rule_id]:>4}" if autos[rule_id] else f"{'-':>4}"
        lines.append(f"  {rule_id:<28} {kind:<12} {count:>5}  {marker}")
    lost = overlap_losses(result)
    lines += _each_loss(lost) if verbose else _losses_per_pair(lost)
    return lines


def total_line(flags: int, auto: int, files: int) -> str:
    """The table's last line."""
    return f"total: {flags} flags ({auto} auto) in {files} files"


def overlap_losses(result: ScanResult) -> list[tuple[Suggestion, str | None]]:
    """Each suggestion that lost an overlap, with the id of the rule it lost to.

    The winner is a kept suggestion that overlaps it: in-text changes clash on
    characters of a segment, structural ones (merges, deletions) on segments.
    None when no kept suggestion overlaps it (it lost to one that lost in turn).
    """
    in_text: defaultdict[int, list[tuple[int, int, str]]] = defaultdict(list)
    structural: list[Suggestion] = []
    for kept in result.suggestions:
        if kept.target != "segments":
            continue
        if kept.edits:
            for edit in kept.edits:
                in_text[edit.segment].append((edit.start, edit.end, kept.rule_id))
        else:
            structural.append(kept)
    losses: list[tuple[Suggestion, str | None]] = []
    for lost in result.overlapped:
        winner: str | None = None
        if lost.edits:
            winner = next(
                (
                    rule_id
                    for edit in lost.edits
                    for start, end, rule_id in in_text.get(edit.segment, ())
                    if _clash(start, end, edit.start, edit.end)
                ),
                None,
            )
        else:
            first, last = lost.span
            winner = next(
                (s.rule_id for s in structural if s.span[0] <= last and first <= s.span[1]), None
            )
        losses.append((lost, winner))
    return losses


def _clash(start: int, end: int, other_start: int, other_end: int) -> bool:
    """Two character ranges overlap (an empty one clashes with the same empty one)."""
    if (start, end) == (other_start, other_end):
        return True
    return start < other_end and other_start < end


def _beaten_by(winner: str | None) -> str:
    return winner if winner is not None else "a longer or earlier rule"


def _losses_per_pair(losses: Sequence[tuple[Suggestion, str | None]]) -> list[str]:
    """One line per pair of rules: how often, and on which lines."""
    where: defaultdict[tuple[str, str | None], list[int | None]] = defaultdict(list)
    for lost, winner in losses:
        where[(lost.rule_id, winner)].append(lost.line)
    lines = []
    for (loser, winner), at in where.items():
        numbers = [str(line) for line in at if line is not None]
        place = ""
        if numbers:
            more = ", …" if len(numbers) > SHOWN_LINES else ""
            label = "line" if len(numbers) == 1 else "lines"
            place = f"{label} {', '.join(numbers[:SHOWN_LINES])}{more}; "
        times = "once" if len(at) == 1 else f"{len(at)} times"
        lines.append(
            f"  overlapped: {loser} lost to {_beaten_by(winner)} {times} "
            f"({place}--verbose lists each)"
        )
    return lines


def _each_loss(losses: Sequence[tuple[Suggestion, str | None]]) -> list[str]:
    """One line per lost suggestion, with its change."""
    return [
        f"  overlapped: {lost.rule_id} at line {lost.line} "
        f"({lost.original!r} → {lost.suggestion!r}) lost to {_beaten_by(winner)}"
        for lost, winner in losses
    ]
