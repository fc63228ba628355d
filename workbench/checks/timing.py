"""Kind ``timing``: cues a viewer cannot read as timed — zero-length, overlapping,
too short or too long, read too fast, lines too long — each with a fix where one exists."""

from __future__ import annotations

import dataclasses
import math
import re
import textwrap
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from workbench.checks.base import Check, CheckContext, RuleModel
from workbench.model import Segment, Suggestion, Transcript
from workbench.splitting import share_by_characters

_BREAK = re.compile(r"\s+")
_CLAUSE_END = (".", ",", "?", "!", ";", ":", "…")


class TimingRule(RuleModel):
    """Flag cues that break subtitle timing conventions (timed formats only): the fix
    clamps an overlap to the next cue's start, extends a short or fast cue into the
    free gap after it, splits a long cue near its middle, and re-wraps long lines."""

    kind: Literal["timing"] = "timing"
    """Always ``timing``."""
    min_duration: float = Field(default=0.7, ge=0)
    """Seconds a cue must at least last."""
    max_duration: float = Field(default=7.0, gt=0)
    """Seconds a cue may at most last; a longer one is split in two."""
    max_cps: float = Field(default=20.0, gt=0)
    """Reading speed: the most characters (line breaks not counted) per second."""
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
    """Looks at each timed cue and the start of the cue after it."""

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
        for position, seg in enumerate(segments):
            following = segments[position + 1].start if position + 1 < len(segments) else None
            flag = self._flag(transcript, seg, following, lines)
            if flag is not None:
                yield flag

    def _flag(
        self, transcript: Transcript, seg: Segment, following: int | None, lines: bool
    ) -> Suggestion | None:
        """The flag of ``seg`` (``following``: the next cue's start; ``lines``: check
        line lengths), or None when it has no problem."""
        assert seg.start is not None and seg.end is not None
        rule = self.rule
        cue = _Cue(seg.start, seg.end)
        self._times(cue, following, _characters(seg.text.strip()))
        text = seg.text
        if lines:
            text = self._lines(cue, seg.text)
        if not cue.problems:
            return None
        after: tuple[str, ...] = (text,)
        retimed: tuple[tuple[int, int], ...] = ((cue.start, cue.end),)
        if cue.end - cue.start > rule.max_duration * 1000:
            split = _split(text, cue.start, cue.end)
            if split is None:
                cue.fixes.append("no split: the cue is one word")
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

    def _times(self, cue: _Cue, following: int | None, characters: int) -> None:
        """Note ``cue``'s timing problems and fix its end (within the free gap after it)."""
        rule = self.rule
        start, end = cue.start, cue.end
        # The free gap ends where the next cue starts (when it starts after this one).
        limit = following if following is not None and following > start else None
        if following is not None and following <= start and following < end:
            cue.problems.append("the next cue starts before this one")
        elif limit is not None and end > limit:
            cue.problems.append(f"overlaps the next cue by {_s(end - limit)}")
            cue.fixes.append(f"end {_s(end)} → {_s(limit)}")
            cue.end = limit
        duration = end - start
        if duration <= 0:
            cue.problems.append("zero-length cue" if duration == 0 else "ends before it starts")
        elif duration < rule.min_duration * 1000:
            cue.problems.append(f"lasts {_s(duration)}, under {rule.min_duration:g} s")
        elif duration > rule.max_duration * 1000:
            cue.problems.append(f"lasts {_s(duration)}, over {rule.max_duration:g} s")
        if duration > 0 and characters * 1000 / duration > rule.max_cps:
            cue.problems.append(
                f"reads at {characters * 1000 / duration:.1f} characters/s, over {rule.max_cps:g}"
            )
        if cue.problems:
            self._extend(cue, characters, limit)

    def _extend(self, cue: _Cue, characters: int, limit: int | None) -> None:
        """Extend ``cue``'s end towards the length its text needs, within the free gap."""
        needed = max(
            self.rule.min_duration * 1000, math.ceil(characters * 1000 / self.rule.max_cps)
        )
        wanted = cue.start + int(needed)
        end = wanted if limit is None else min(wanted, limit)
        if end > cue.end:
            cue.fixes.append(f"end {_s(cue.end)} → {_s(end)}")
            cue.end = end

    def _lines(self, cue: _Cue, text: str) -> str:
        """Note the lines of ``text`` longer than ``max_line_length``; ``text`` re-wrapped."""
        width = self.rule.max_line_length
        long = [
            f"line {number} has {len(line)} characters, over {width}"
            for number, line in enumerate(text.split("\n"), start=1)
            if len(line) > width
        ]
        if not long:
            return text
        cue.problems += long
        wrapped = self._wrapped(text)
        cue.fixes.append("re-wrapped" if wrapped != text else "a word is longer than a line")
        return wrapped

    def _wrapped(self, text: str) -> str:
        """``text`` in lines of at most ``max_line_length`` characters (no word broken)."""
        return "\n".join(self._wrapper.wrap(text))


def _split(
    text: str, start: int, end: int
) -> tuple[tuple[str, str], tuple[tuple[int, int], tuple[int, int]]] | None:
    """``text`` cut in two near its middle (after a clause's end where one is near), with
    ``start``–``end`` shared out in proportion to characters; None for one word."""
    gaps = [match.span() for match in _BREAK.finditer(text.strip())]
    if not gaps:
        return None
    body = text.strip()
    middle = len(body) / 2
    clause = [gap for gap in gaps if body[: gap[0]].endswith(_CLAUSE_END)]
    near = [gap for gap in clause if abs(gap[0] - middle) <= len(body) / 4]
    cut_start, cut_end = min(near or gaps, key=lambda gap: abs(gap[0] - middle))
    first, second = body[:cut_start], body[cut_end:]
    cut = share_by_characters(first, second, start, end)
    return (first, second), ((start, cut), (cut, end))
