"""The tables ``scan`` prints: one for the whole corpus (flags, files and auto
per rule), the overlaps lost, and totals; with ``--per-file``, one per file first.

A suggestion that lost an overlap to another rule is shown, not dropped, so a
rule shadowed by a longer match is seen. On a large corpus there are hundreds of
them, nearly all the same two rules: they are counted per pair of rules (the
one that lost and the one that won), and ``--verbose`` lists each.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.engine import ScanResult
from workbench.model import Suggestion
from workbench.wording import files_done, plural

SHOWN_LINES = 5
"""How many lines of one pair's overlaps the summary names before an ellipsis."""


Loss = tuple[str, Suggestion, str | None]
"""A suggestion that lost an overlap: the file's label, the suggestion, the rule it lost to."""


@dataclass(frozen=True)
class FileFlags:
    """One file's flags as the tables need them: counts, not suggestions, so a
    file's part crosses from a worker process cheaply."""

    label: str
    counts: Counter[tuple[str, str]]
    """Flags per (rule id, kind)."""
    autos: Counter[str]
    """Auto flags per rule id."""
    losses: tuple[Loss, ...]
    """The suggestions that lost an overlap, with the rule each lost to."""

    @classmethod
    def of(cls, label: str, result: ScanResult) -> FileFlags:
        """The counts of ``result``, a scan of the file reported as ``label``."""
        return cls(
            label,
            Counter((s.rule_id, s.kind) for s in result.suggestions),
            Counter(s.rule_id for s in result.suggestions if s.auto),
            tuple((label, lost, winner) for lost, winner in overlap_losses(result)),
        )

    @property
    def flags(self) -> int:
        """How many flags the file has."""
        return sum(self.counts.values())


def scan_summary(
    files: Sequence[FileFlags],
    *,
    verbose: bool = False,
    per_file: bool = False,
    failed: int = 0,
) -> str:
    """The corpus table (after each file's table with ``per_file``), its overlaps, then totals.

    With ``per_file`` and one file, that file's table is the corpus's and is not
    repeated; ``verbose`` lists each overlap where the overlaps are first shown;
    ``failed`` files (stopped by an error) are named in the totals, and when no
    file was read there is no table.
    """
    lines: list[str] = []
    losses: list[Loss] = []
    for file in files:
        losses += file.losses
        if per_file:
            lines.append(f"{file.label}  ({plural(file.flags, 'flag')})")
            lines += _rule_table([file], files=False)
            lines += _each_loss(file.losses) if verbose else _losses_per_pair(file.losses)
    flags = sum(file.flags for file in files)
    auto = sum(sum(file.autos.values()) for file in files)
    if files and (not per_file or len(files) > 1):
        lines.append(f"all files  ({plural(flags, 'flag')} in {plural(len(files), 'file')})")
        lines += _rule_table(files, files=True)
        lines += _each_loss(losses) if verbose and not per_file else _losses_per_pair(losses)
    lines.append(
        f"total: {plural(flags, 'flag')} ({auto} auto) in {files_done(len(files), failed)}"
    )
    return "\n".join(lines)


def _rule_table(results: Sequence[FileFlags], *, files: bool) -> list[str]:
    """One row per rule: kind, flags (most first), files flagged (``files``) and auto flags."""
    counts: Counter[tuple[str, str]] = Counter()
    autos: Counter[str] = Counter()
    flagged_files: Counter[str] = Counter()
    for result in results:
        counts.update(result.counts)
        autos.update(result.autos)
        flagged_files.update(rule_id for rule_id, _ in result.counts)
    if not counts:
        return []
    head = f"  {'rule':<28} {'kind':<12} {'flags':>5}"
    rows = [head + (f"  {'files':>5}" if files else "") + f"  {'auto':>4}"]
    for (rule_id, kind), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        marker = f"{autos[rule_id]:>4}" if autos[rule_id] else f"{'-':>4}"
        row = f"  {rule_id:<28} {kind:<12} {count:>5}"
        rows.append(row + (f"  {flagged_files[rule_id]:>5}" if files else "") + f"  {marker}")
    return rows


def overlap_losses(result: ScanResult) -> list[tuple[Suggestion, str | None]]:
    """Each suggestion that lost an overlap, with the id of the rule it lost to.

    The winner is a kept suggestion that overlaps it: in-text changes clash on
    characters of a segment, structural ones (merges, deletions) on segments.
    None when no kept suggestion overlaps it (it lost to one that lost in turn).
    """
    in_text: defaultdict[int, list[tuple[int, int, str]]] = defaultdict(list)
    # The first structural suggestion kept on each segment, with its place in the
    # list: a lost one's winner (the first kept one over any of its segments) is then
    # found over its own span, not by a pass over every kept one (a rolling-caption
    # file has tens of thousands of each).
    structural: dict[int, tuple[int, str]] = {}
    for order, kept in enumerate(result.suggestions):
        if kept.target != "segments":
            continue
        if kept.edits:
            for edit in kept.edits:
                in_text[edit.segment].append((edit.start, edit.end, kept.rule_id))
        else:
            for segment in range(kept.span[0], kept.span[1] + 1):
                structural.setdefault(segment, (order, kept.rule_id))
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
            overlapping = [structural[n] for n in range(first, last + 1) if n in structural]
            winner = min(overlapping)[1] if overlapping else None
        losses.append((lost, winner))
    return losses


def _clash(start: int, end: int, other_start: int, other_end: int) -> bool:
    """Two character ranges overlap (an empty one clashes with the same empty one)."""
    if (start, end) == (other_start, other_end):
        return True
    return start < other_end and other_start < end


def _beaten_by(winner: str | None) -> str:
    return winner if winner is not None else "a longer or earlier rule"


def _losses_per_pair(losses: Sequence[Loss]) -> list[str]:
    """One line per pair of rules: how often, and where (lines of one file, else file:line)."""
    where: defaultdict[tuple[str, str | None], list[tuple[str, int | None]]] = defaultdict(list)
    for label, lost, winner in losses:
        where[(lost.rule_id, winner)].append((label, lost.line))
    one_file = len({label for label, _, _ in losses}) <= 1
    lines = []
    for (loser, winner), at in where.items():
        if one_file:
            places = [str(line) for _, line in at if line is not None]
        else:
            places = [label if line is None else f"{label}:{line}" for label, line in at]
        place = ""
        if places:
            more = ", …" if len(places) > SHOWN_LINES else ""
            label = "" if not one_file else "line " if len(places) == 1 else "lines "
            place = f"{label}{', '.join(places[:SHOWN_LINES])}{more}; "
        times = "once" if len(at) == 1 else f"{len(at)} times"
        if not one_file:
            files = len({label for label, _ in at})
            times += f" in {plural(files, 'file')}"
        lines.append(
            f"  overlapped: {loser} lost to {_beaten_by(winner)} {times} "
            f"({place}--verbose lists each)"
        )
    return lines


def _each_loss(losses: Sequence[Loss]) -> list[str]:
    """One line per lost suggestion, with its change (and its file, when there are several)."""
    one_file = len({label for label, _, _ in losses}) <= 1
    return [
        f"  overlapped: {lost.rule_id} at {'line ' if one_file else label + ':'}{lost.line} "
        f"({lost.original!r} → {lost.suggestion!r}) lost to {_beaten_by(winner)}"
        for label, lost, winner in losses
    ]
