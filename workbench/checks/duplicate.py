"""Kind ``duplicate``: a segment that repeats the one before it (the shapes of rolling captions)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from workbench.checks.base import Check, RuleModel
from workbench.checks.textfix import structural_suggestion, text_suggestion
from workbench.model import Suggestion, TextEdit, Transcript

_WORD = regex.compile(r"[\w']+")


class DuplicateRule(RuleModel):
    """Flag a segment that repeats the previous one exactly, is contained in it, or starts
    with its tail; the first two are deleted, the third loses the repeated words."""

    kind: Literal["duplicate"] = "duplicate"
    """Always ``duplicate``."""
    min_words: int = Field(default=3, ge=1)
    """The fewest repeated words that count, so that real speech ("yeah, yeah") survives."""
    header_contains: str | None = None
    """Run only on transcripts whose header contains this text (e.g. YouTube's "Kind: captions")."""


class DuplicateCheck(Check[DuplicateRule]):
    """Compares each segment's words with the previous segment's."""

    model = DuplicateRule

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """Deletions for exact and contained repeats, trims for repeated tails."""
        wanted = self.rule.header_contains
        if not self.rule.applies_to(transcript) or (wanted and wanted not in transcript.header):
            return
        previous: list[str] = []
        for seg in transcript.segments:
            matches = list(_WORD.finditer(seg.text))
            words = [m.group().lower() for m in matches]
            found = self._compare(transcript, seg.index, previous, words, matches)
            if found is not None:
                yield found
            previous = words

    def _compare(
        self,
        transcript: Transcript,
        index: int,
        previous: list[str],
        words: list[str],
        matches: list[regex.Match[str]],
    ) -> Suggestion | None:
        least = self.rule.min_words
        if len(words) < least or len(previous) < least:
            return None
        if words == previous or _contains(previous, words):
            shape = "repeats" if words == previous else "is contained in"
            return structural_suggestion(
                transcript,
                self.rule.id,
                self.rule.kind,
                (index, index),
                (),
                reason=self.rule.description or f"this segment {shape} the previous one",
                auto=self.rule.auto,
                confidence=0.9,
            )
        overlap = _tail_overlap(previous, words, least)
        if not overlap:
            return None
        cut = matches[overlap].start()  # the first word that is new
        return text_suggestion(
            transcript,
            self.rule.id,
            self.rule.kind,
            [TextEdit(index, 0, cut, "")],
            reason=self.rule.description
            or f"the first {overlap} words repeat the end of the previous segment",
            auto=self.rule.auto,
            confidence=0.8,
        )


def _contains(outer: list[str], inner: list[str]) -> bool:
    """True when ``inner`` occurs as a contiguous run of ``outer``."""
    size = len(inner)
    return any(outer[i : i + size] == inner for i in range(len(outer) - size + 1))


def _tail_overlap(previous: list[str], words: list[str], least: int) -> int:
    """The most leading words of ``words`` (fewer than all) that end ``previous``; 0 if under ``least``."""
    for size in range(min(len(previous), len(words) - 1), least - 1, -1):
        if previous[-size:] == words[:size]:
            return size
    return 0
