"""Cue times of rolling captions once their repeated copies are removed.

YouTube's rolling WebVTT shows each line under the line before, then alone in a
10 ms cue (the scroll), then on top of the next line until the line after next
comes; the ``rolling-captions`` rule removes those copies. Left with its own cue's
time, a line would be on screen about half as long as the viewer had it. So a line
whose copies go keeps the time it was on screen (``onscreen.Shown.shows``): its
cue ends where the last cue that repeated it ends, and, when all its copies go,
after the scroll that took it off, where the line after next starts. The result
is two-row roll-up captions as YouTube writes the same captions in SRT: a cue per
line, overlapping the next line's cue for as long as the viewer saw both (the
``timing`` check reads such a cue as stacked, not overlapping).
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from workbench.checks.onscreen import Shown, shown
from workbench.model import Segment


def kept_on_screen(segments: Sequence[Segment], stripped: AbstractSet[int]) -> dict[int, int]:
    """The new end of each cue (by position) whose line's repeated copies go: those in
    the cues at the positions ``stripped`` (deleted, or their repeated lines removed).

    The cue right before a stripped copy shows that copy's line: it is the line's own
    cue, or a scroll cue left in place (only the trims accepted) after it. The line's
    own cue stays on screen through each stripped copy of the line from there on;
    when all of them are, also through the stripped cues right after them that add
    nothing (the scroll). Empty when a segment is untimed.
    """
    if not stripped:
        return {}
    times = [(seg.start, seg.end) for seg in segments]
    if any(start is None or end is None for start, end in times):
        return {}
    starts = [start or 0 for start, _ in times]
    stops = [end or 0 for _, end in times]
    views = shown(segments)
    ends: dict[int, int] = {}
    for before in {p - 1 for p in stripped if p > 0}:
        position = _owner(views, before)
        view = views[position]
        if view.stacked or before + 1 not in view.shows or before + 1 not in stripped:
            continue
        last = before
        for copy in view.shows[view.shows.index(before + 1) :]:
            if copy not in stripped:
                break
            last = copy
        end = max(stops[position : last + 1])
        if last == view.shows[-1]:
            after = last + 1
            while after in stripped and not views[after].new and starts[after] <= end:
                end = max(end, stops[after])
                after += 1
        if end > stops[position]:
            ends[position] = end
    return ends


def _owner(views: Sequence[Shown], position: int) -> int:
    """The cue whose line the cue at ``position`` shows: itself, or for a cue that adds
    nothing but repeats (a scroll), the nearest cue before it with new text."""
    while position > 0 and not views[position].new and views[position].repeats:
        position -= 1
    return position
