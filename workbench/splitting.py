"""Cutting a cue in two: where the text breaks and when the second half starts.

A cue is cut at a gap between words. The second half starts when its first
word was said, where the segment has word times (a recogniser's JSON, Whisper
with ``word_timestamps``); otherwise the cue's time is shared out in
proportion to the characters of the two halves. A cut is a ``Suggestion``
(rule and kind ``split``) so that it is decided, undone, written and recorded
like any other change.
"""

from __future__ import annotations

import re

from workbench.formats.wordalign import current_words, token_words
from workbench.model import Segment, Suggestion, Transcript

SPLIT_RULE = "split"
"""The rule id and kind of a cut made by a person."""

_GAP = re.compile(r"\s+")


def cut_text(text: str, at: int) -> tuple[str, str] | None:
    """``text`` cut before the word under character ``at`` (at the end of a word: after
    it; in the first word: after that word); None when the text is one word."""
    body = text.strip()
    at -= len(text) - len(text.lstrip())
    gaps = [match.span() for match in _GAP.finditer(body)]
    if not gaps:
        return None
    before = [gap for gap in gaps if gap[0] <= at]
    gap_start, gap_end = before[-1] if before else gaps[0]
    return body[:gap_start], body[gap_end:]


def share_by_characters(first: str, second: str, start: int, end: int) -> int:
    """The time between ``start`` and ``end`` where ``second`` starts, shared out in
    proportion to the characters of the two texts (line breaks not counted)."""
    size = len(first.replace("\n", ""))
    total = size + len(second.replace("\n", ""))
    return start + round((end - start) * (size / total)) if total else start


def cut_time(segment: Segment, first: str, second: str) -> int:
    """When ``second``, the latter part of ``segment``'s text, starts: its first timed
    word's start where the segment has word times, else by characters."""
    assert segment.start is not None and segment.end is not None
    tokens = token_words(segment.text, current_words(segment))
    starts = [
        word.start
        for _, words in tokens[len(first.split()) :]
        for word in words
        if word.start is not None and segment.start < word.start < segment.end
    ]
    if starts:
        return starts[0]
    return share_by_characters(first, second, segment.start, segment.end)


def split_change(transcript: Transcript, index: int, at: int) -> Suggestion | None:
    """Segment ``index`` cut at the gap nearest character ``at`` of its text, timed as
    ``cut_time`` says (an untimed segment keeps no times); None for a single word."""
    segment = transcript.segments[index]
    halves = cut_text(segment.text, at)
    if halves is None:
        return None
    first, second = halves
    retimed: tuple[tuple[int, int], ...] = ()
    reason = "cut in two"
    if segment.start is not None and segment.end is not None:
        cut = cut_time(segment, first, second)
        retimed = ((segment.start, cut), (cut, segment.end))
        reason = f"cut in two at {cut / 1000:.2f} s"
    return Suggestion(
        rule_id=SPLIT_RULE,
        kind=SPLIT_RULE,
        doc_id=transcript.doc_id,
        span=(index, index),
        before=(segment.text,),
        after=halves,
        reason=reason,
        line=segment.line,
        last_line=segment.line,
        times=(segment.start, segment.end)
        if segment.start is not None and segment.end is not None
        else None,
        retimed=retimed,
    )
