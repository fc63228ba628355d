"""Kind ``timing``: cues a viewer cannot read as timed — zero-length, overlapping,
too short or too long, read too fast, lines too long — each with a fix where one exists.

Cues are judged as the viewer sees them (``workbench.checks.onscreen``): in rolling
captions, a cue that only repeats the line before adds nothing and is not judged
alone, and a cue's reading speed and time on screen are those of its new text.
A fix never makes the cue list worse: it moves no start, and an end only back to
the next cue's start or on into time no other cue holds."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
import textwrap
from collections.abc import Iterator, Sequence
from typing import Literal

from pydantic import Field

from workbench.checks.base import Check, CheckContext, RuleModel
from workbench.checks.onscreen import Shown, shown
from workbench.model import Segment, Suggestion, Transcript
from workbench.splitting import cut_time

_BREAK = re.compile(r"\s+")
_CLAUSE_END = (".", ",", "?", "!", ";", ":", "…")


class TimingRule(RuleModel):
    """Flag cues that break subtitle timing conventions (timed formats only), judged
    on what the viewer sees (in rolling captions, each cue's new line for as long as
    it stays on screen): the fix clamps an overlap to the next cue's start, extends a
    short or fast cue into the free gap after it, splits a long cue near its middle,
    and re-wraps long lines."""

    kind: Literal["timing"] = "timing"
    """Always ``timing``."""
    min_duration: float = Field(default=0.7, ge=0)
    """Seconds a cue's text must at least stay on screen."""
    max_duration: float = Field(default=7.0, gt=0)
    """Seconds a cue's text may at most be the newest on screen; a longer pop-on cue
    is split in two."""
    max_cps: float = Field(default=20.0, gt=0)
    """Reading speed: the most characters (line breaks not counted) of a cue's new
    text per second it is on screen."""
    max_line_length: int = Field(default=42, ge=1)
    """The most characters on one line of a cue."""
    line_formats: list[str] = Field(
        default_factory=lambda: ["srt", "vtt", "ass", "sbv", "ttml", "sami", "mpl2", "microdvd"]
    )
    """Formats whose cues are display lines, where ``max_line_length`` applies (a
    Whisper segment is a sentence, not a line on screen)."""


@dataclasses.dataclass
class _Cue:
    """One cue's problems and the times its fix proposes, worked out step by step."""

    start: int
    end: int
    problems: list[str] = dataclasses.field(default_factory=list)
    fixes: list[str] = dataclasses.field(default_factory=list)


def _s(ms: int) -> str:
    return f"{ms / 1000:.2f} s"


def _characters(text: str) -> int:
    return len(text.replace("\n", ""))


class TimingCheck(Check[TimingRule]):
    """Looks at each timed cue as the viewer sees it, and at the cues around it."""

    model = TimingRule

    def __init__(self, rule: TimingRule, context: CheckContext) -> None:
        super().__init__(rule, context)
        self._wrapper = textwrap.TextWrapper(
            rule.max_line_length, break_long_words=False, break_on_hyphens=False
        )

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """One flag per cue with problems, holding all of them and the fix of all."""
        segments = transcript.segments
        if not self.rule.applies_to(transcript) or not segments:
            return
        if any(seg.start is None or seg.end is None for seg in segments):
            return  # an untimed format: nothing to check
        lines = transcript.format in self.rule.line_formats
        views = shown(segments)
        free = _free_until([(seg.start, seg.end) for seg in segments])  # type: ignore[misc]
        for position, seg in enumerate(segments):
            following = segments[position + 1].start if position + 1 < len(segments) else None
            flag = self._flag(transcript, seg, views[position], following, free[position], lines)
            if flag is not None:
                yield flag

    def _flag(
        self,
        transcript: Transcript,
        seg: Segment,
        view: Shown,
        following: int | None,
        free: int | None,
        lines: bool,
    ) -> Suggestion | None:
        """The flag of ``seg`` as ``view`` shows it (``following``: the next cue's start;
        ``free``: where the free time after it ends; ``lines``: check line lengths), or
        None when it has no problem."""
        assert seg.start is not None and seg.end is not None
        rule = self.rule
        cue = _Cue(seg.start, seg.end)
        if not view.stacked:  # a stacked line overlaps the next by design
            _order(cue, following)
        text = seg.text
        if view.new:  # a cue that adds nothing is judged with the cue it repeats
            self._times(cue, view, free, seg.end)
            if lines:
                text = self._lines(cue, seg.text, view.repeats)
        if not cue.problems:
            return None
        after: tuple[str, ...] = (text,)
        retimed: tuple[tuple[int, int], ...] = ((cue.start, cue.end),)
        if view.new and cue.end - cue.start > rule.max_duration * 1000:
            split = (
                None if view.rolling else _split(seg.changed(start=cue.start, end=cue.end), text)
            )
            if view.rolling:
                cue.fixes.append("a rolling caption is not split")
            elif split is None:
                cue.fixes.append("no split: the cue has one word")
            else:
                after, retimed = split
                if lines:
                    after = tuple(self._wrapped(piece) for piece in after)
                cue.fixes.append(f"split at {_s(retimed[1][0])}")
        if (cue.start, cue.end) == (seg.start, seg.end) and len(after) == 1:
            retimed = ()
        if not retimed and after == (seg.text,):
            cue.fixes.append("no fix proposed")
        prefix = rule.description + ": " if rule.description else ""
        return Suggestion(
            rule_id=rule.id,
            kind=rule.kind,
            doc_id=transcript.doc_id,
            span=(seg.index, seg.index),
            before=(seg.text,),
            after=after,
            reason=f"{prefix}{'; '.join(cue.problems)} ({'; '.join(cue.fixes)})",
            auto=rule.auto,
            line=seg.line,
            last_line=seg.line,
            times=(seg.start, seg.end),
            retimed=retimed,
        )

    def _times(self, cue: _Cue, view: Shown, free: int | None, end: int) -> None:
        """Note the problems of ``cue``'s time on screen (``end``: its end as read, before
        any clamp) and extend it into its free time."""
        rule = self.rule
        start = cue.start
        own = end - start
        subject = "its new text " if view.repeats else ""
        characters = _characters(view.new)
        if own < 0:
            cue.problems.append("ends before it starts")
        elif own == 0:
            cue.problems.append("zero-length cue")
        else:
            if view.visible < rule.min_duration * 1000:
                shown_for = "lasts" if view.visible == own else "is on screen"
                cue.problems.append(
                    f"{subject}{shown_for} {_s(view.visible)}, under {rule.min_duration:g} s"
                )
            if view.newest > rule.max_duration * 1000:
                cue.problems.append(f"lasts {_s(view.newest)}, over {rule.max_duration:g} s")
            if characters * 1000 / view.visible > rule.max_cps:
                cue.problems.append(
                    f"{subject}reads at {characters * 1000 / view.visible:.1f} characters/s,"
                    f" over {rule.max_cps:g}"
                )
        if not cue.problems:
            return
        # Extend towards the time on screen the text needs, within the free time after it.
        needed = max(rule.min_duration * 1000, math.ceil(characters * 1000 / rule.max_cps))
        wanted = max(start, end) + int(needed) - view.visible
        longer = wanted if free is None else min(wanted, free)
        if longer > cue.end and longer >= start:
            cue.fixes.append(f"end {_s(cue.end)} → {_s(longer)}")
            cue.end = longer

    def _lines(self, cue: _Cue, text: str, repeats: int) -> str:
        """Note the new lines of ``text`` (after the ``repeats`` it repeats) longer than
        ``max_line_length``; ``text`` with them re-wrapped."""
        width = self.rule.max_line_length
        lines = text.split("\n")
        long = [
            f"line {number} has {len(line)} characters, over {width}"
            for number, line in enumerate(lines, start=1)
            if number > repeats and len(line) > width
        ]
        if not long:
            return text
        cue.problems += long
        wrapped = "\n".join([*lines[:repeats], self._wrapped("\n".join(lines[repeats:]))])
        cue.fixes.append("re-wrapped" if wrapped != text else "a word is longer than a line")
        return wrapped

    def _wrapped(self, text: str) -> str:
        """``text`` in lines of at most ``max_line_length`` characters (no word broken)."""
        return "\n".join(self._wrapper.wrap(text))


def _order(cue: _Cue, following: int | None) -> None:
    """Note how ``cue`` and the next cue (starting at ``following``) meet, and clamp an
    overlap to the next cue's start."""
    if following is None:
        return
    if following <= cue.start and following < cue.end:
        cue.problems.append(
            "starts with the next cue"
            if following == cue.start
            else "the next cue starts before this one"
        )
    elif following > cue.start and cue.end > following:
        cue.problems.append(f"overlaps the next cue by {_s(cue.end - following)}")
        cue.fixes.append(f"end {_s(cue.end)} → {_s(following)}")
        cue.end = following


def _free_until(times: Sequence[tuple[int, int]]) -> list[int | None]:
    """For each cue's (start, end), where the time no other cue holds after it ends
    (None: never).

    That is the first start of another cue at or after its own start, or its own end
    when a cue that starts before it runs on past it: an end moved no further never
    adds to any overlap, whatever the order of the cues.
    """
    order = sorted(range(len(times)), key=lambda position: times[position][0])
    groups = [list(group) for _, group in itertools.groupby(order, lambda p: times[p][0])]
    free: list[int | None] = [None] * len(times)
    reach: int | None = None  # the latest end of the cues that start before this group
    for number, group in enumerate(groups):
        start = times[group[0]][0]
        after = times[groups[number + 1][0]][0] if number + 1 < len(groups) else None
        for position in group:
            limit = start if len(group) > 1 else after
            end = times[position][1]
            if reach is not None and reach > end:
                limit = end if limit is None else min(limit, end)
            free[position] = limit
        latest = max(times[position][1] for position in group)
        reach = latest if reach is None else max(reach, latest)
    return free


def _split(
    cue: Segment, text: str
) -> tuple[tuple[str, str], tuple[tuple[int, int], tuple[int, int]]] | None:
    """``text`` (``cue``'s, maybe re-wrapped) cut in two near its middle (after a clause's
    end where one is near), the second half starting when its first word was said where
    the cue has word times, else at a share of the cue's time in proportion to
    characters; None for one word."""
    assert cue.start is not None and cue.end is not None
    gaps = [match.span() for match in _BREAK.finditer(text.strip())]
    if not gaps:
        return None
    body = text.strip()
    middle = len(body) / 2
    clause = [gap for gap in gaps if body[: gap[0]].endswith(_CLAUSE_END)]
    near = [gap for gap in clause if abs(gap[0] - middle) <= len(body) / 4]
    cut_start, cut_end = min(near or gaps, key=lambda gap: abs(gap[0] - middle))
    first, second = body[:cut_start], body[cut_end:]
    cut = cut_time(cue, first, second)
    return (first, second), ((cue.start, cut), (cut, cue.end))
