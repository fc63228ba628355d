"""Kind ``fragment``: a short tail segment that ends the previous segment's sentence."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from workbench.checks.base import Check, RuleModel
from workbench.checks.textfix import structural_suggestion
from workbench.model import Segment, Suggestion, Transcript

_ENDS_SENTENCE = (".", "?", "!", "…")
_CLOSERS = "\"')]”’"


class FragmentRule(RuleModel):
    """Merge a short segment that finishes the sentence left open by the segment before it
    (timed formats only); the merged segment runs from the first start to the last end."""

    kind: Literal["fragment"] = "fragment"
    """Always ``fragment``."""
    max_words: int = Field(default=3, ge=1)
    """The most words a tail segment may have to be merged."""


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS).endswith(_ENDS_SENTENCE)


class FragmentCheck(Check[FragmentRule]):
    """Looks at each pair of neighbouring timed segments of one speaker."""

    model = FragmentRule

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """Merges of (previous, fragment) pairs."""
        if not self.rule.applies_to(transcript):
            return
        segments = transcript.segments
        # Whether each segment ends a sentence, once each: only a segment that does,
        # after one that does not, can be a fragment.
        ends = [_ends_sentence(seg.text) for seg in segments]
        for position in itertools.compress(
            range(1, len(segments)), map(operator.gt, ends[1:], ends)
        ):
            previous, seg = segments[position - 1], segments[position]
            if self._is_fragment(previous, seg):
                yield structural_suggestion(
                    transcript,
                    self.rule.id,
                    self.rule.kind,
                    (previous.index, seg.index),
                    (f"{previous.text.rstrip()} {seg.text.lstrip()}",),
                    reason=self.rule.description
                    or f"'{seg.text.strip()}' ends the sentence of the previous segment",
                    auto=self.rule.auto,
                    confidence=0.7,
                )

    def _is_fragment(self, previous: Segment, seg: Segment) -> bool:
        """True for a short timed ``seg`` of ``previous``'s speaker, where ``previous`` (not
        blank) leaves a sentence open that ``seg`` ends (which ``find`` has made sure of)."""
        return (
            seg.start is not None
            and previous.start is not None
            and previous.speaker == seg.speaker
            and bool(previous.text.strip())
            and len(seg.text.split()) <= self.rule.max_words
        )
