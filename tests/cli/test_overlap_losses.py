"""``overlap_losses`` names, for each lost suggestion, the first kept one it clashes
with: checked against the straightforward pass over every kept suggestion."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.cli.scan_table import overlap_losses
from workbench.engine import ScanResult
from workbench.model import Suggestion, TextEdit


def _suggestion(rule_id: str, first: int, length: int, edit: tuple[int, int] | None) -> Suggestion:
    span = (first, first + length)
    edits = () if edit is None else (TextEdit(first, edit[0], edit[0] + edit[1], "x"),)
    return Suggestion(rule_id, "duplicate", "d", span, (), (), "why", edits=edits)


_SUGGESTIONS = st.lists(
    st.builds(
        _suggestion,
        st.sampled_from(["a", "b", "c", "d"]),
        st.integers(0, 30),
        st.integers(0, 3),
        st.none() | st.tuples(st.integers(0, 10), st.integers(0, 4)),
    ),
    max_size=25,
)


def _each_kept(result: ScanResult) -> list[tuple[Suggestion, str | None]]:
    """The straightforward pass: every kept suggestion tried for each lost one."""
    losses = []
    for lost in result.overlapped:
        winner = None
        for kept in result.suggestions:
            if lost.edits and kept.edits:
                clash = any(
                    mine.segment == theirs.segment
                    and (
                        (mine.start, mine.end) == (theirs.start, theirs.end)
                        or (mine.start < theirs.end and theirs.start < mine.end)
                    )
                    for mine in lost.edits
                    for theirs in kept.edits
                )
            elif not lost.edits and not kept.edits:
                clash = kept.span[0] <= lost.span[1] and lost.span[0] <= kept.span[1]
            else:
                clash = False
            if clash:
                winner = kept.rule_id
                break
        losses.append((lost, winner))
    return losses


@given(_SUGGESTIONS, _SUGGESTIONS)
def test_each_loss_names_the_first_kept_suggestion_it_clashes_with(
    kept: list[Suggestion], lost: list[Suggestion]
) -> None:
    result = ScanResult(tuple(kept), tuple(lost))
    assert overlap_losses(result) == _each_kept(result)


def test_a_rolling_caption_copy_lost_to_the_deletion_of_its_segment() -> None:
    deletion = _suggestion("rolling-captions", 4, 1, None)
    merge = _suggestion("merge", 9, 2, None)
    copy = _suggestion("repeated-segment", 5, 0, None)
    apart = _suggestion("fragment", 7, 1, None)
    result = ScanResult((deletion, merge), (copy, apart))
    assert overlap_losses(result) == [(copy, "rolling-captions"), (apart, None)]
