"""Aligning an old transcript's segments with a re-transcription's: by time where
both have times, else by text (a word diff)."""

from __future__ import annotations

from workbench.model import Segment, Transcript
from workbench.replay import Alignment, changes


def _transcript(cues: list[tuple[int | None, int | None, str]]) -> Transcript:
    segments = tuple(
        Segment(i, start, end, text, line=i + 1) for i, (start, end, text) in enumerate(cues)
    )
    return Transcript(doc_id="t", format="srt", segments=segments)


def test_times_align_segments_whatever_their_words() -> None:
    old = _transcript([(0, 2000, "alpha"), (2000, 4000, "beta"), (4000, 6000, "gamma")])
    # Every word different, times 0.3 s later, one cue split in two.
    new = _transcript(
        [(300, 2300, "one"), (2300, 3300, "two"), (3300, 4300, "three"), (4300, 6300, "four")]
    )
    alignment = Alignment(old, new)
    assert alignment.place(0, 0) == (0, 0)  # 0-2 s overlaps 0.3-2.3 only
    assert alignment.place(1, 1) == (0, 2)
    assert alignment.place(2, 2) == (2, 3)


def test_without_times_the_words_align_segments() -> None:
    old = _transcript([(None, None, "we built this"), (None, None, "then it came out")])
    new = _transcript(
        [(None, None, "so we built this"), (None, None, "right"), (None, None, "then it came out")]
    )
    alignment = Alignment(old, new)
    assert alignment.place(0, 0) == (0, 0)
    assert alignment.place(1, 1) == (2, 2)


def test_changes_are_runs_of_words_with_a_word_of_context() -> None:
    found = changes("The mode was strong.", "The moat was very strong.")
    assert [(c.left, c.old, c.new, c.right) for c in found] == [
        ("The ", "mode", "moat", " was"),
        ("was ", "", "very ", "strong."),
    ]
