"""Kind ``confidence``: runs of words the recogniser was unsure of, flagged to check by ear.

A flag proposes no change: it marks each run (``Suggestion.edits`` that put
back the same text, so the list and the context pane can show where the words
are) and its reason gives their probabilities. Formats without word
confidence give nothing to flag.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Literal

from pydantic import Field

from workbench.checks.base import Check, RuleModel
from workbench.checks.textfix import shown_texts
from workbench.model import Segment, Suggestion, TextEdit, Transcript, Word

_PUNCTUATION = ".,;:!?…\"'“”‘’()-–—"

Run = list[tuple[int, int, float]]
"""Unsure words next to each other: (start, end, confidence) of each in the segment's text."""


class ConfidenceRule(RuleModel):
    """Flag runs of words the recogniser gave a confidence under ``threshold`` (formats
    with word confidence: Whisper, WhisperX and the cloud recognisers' JSON). A flag
    proposes no change: listen, then accept (it is right), reject or edit."""

    suggest_only: ClassVar[bool] = True
    kind: Literal["confidence"] = "confidence"
    """Always ``confidence``."""
    threshold: float = Field(default=0.5, gt=0, le=1)
    """A word with a confidence (0–1) under this is unsure."""


def unsure(word: Word, threshold: float) -> bool:
    """True when ``word`` is a spoken word whose confidence is under ``threshold``.

    Punctuation, a masked word (``***``) and a non-speech tag (``<laugh>``,
    ``[music]``) are never unsure: there is nothing to hear in them.
    """
    text = word.text.strip()
    if word.confidence is None or word.confidence >= threshold or not text:
        return False
    return text[0] not in "<[(" and any(char.isalnum() for char in text)


def unsure_runs(segment: Segment, threshold: float) -> list[Run]:
    """The runs of unsure words in ``segment``, each word placed in its text.

    A word that cannot be found in the text (the text was normalised) is left out.
    """
    runs: list[Run] = []
    text = segment.text
    at = 0
    last_unsure = False
    for word in segment.words:
        spoken = word.text.strip()
        start = text.find(spoken, at) if spoken else -1
        if start < 0:
            last_unsure = False
            continue
        at = start + len(spoken)
        if not unsure(word, threshold):
            last_unsure = False
            continue
        assert word.confidence is not None
        if not last_unsure:
            runs.append([])
        # The word without the punctuation around it: "'Mina' p=0.31", not "'Mina,'".
        first = start + len(spoken) - len(spoken.lstrip(_PUNCTUATION))
        runs[-1].append((first, start + len(spoken.rstrip(_PUNCTUATION)), word.confidence))
        last_unsure = True
    return runs


class ConfidenceCheck(Check[ConfidenceRule]):
    """Looks at the words of each segment; one flag per segment with unsure words."""

    model = ConfidenceRule

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """A flag per segment holding runs of unsure words (none in a format without words)."""
        if not self.rule.applies_to(transcript):
            return
        for seg in transcript.segments:
            if seg.source is None or not seg.source.words:
                continue  # no words as read (most formats): nothing to weigh
            runs = unsure_runs(seg, self.rule.threshold)
            if runs:
                yield self._flag(transcript, seg, runs)

    def _flag(self, transcript: Transcript, seg: Segment, runs: list[Run]) -> Suggestion:
        text = seg.text
        marks = [(run[0][0], run[-1][1]) for run in runs]
        shown, _ = shown_texts(text, [(start, end, text[start:end]) for start, end in marks])
        heard = "; ".join(
            f"'{text[run[0][0] : run[-1][1]]}' p={', '.join(f'{p:.2f}' for _, _, p in run)}"
            for run in runs
        )
        lowest = min(p for run in runs for _, _, p in run)
        return Suggestion(
            rule_id=self.rule.id,
            kind=self.rule.kind,
            doc_id=transcript.doc_id,
            span=(seg.index, seg.index),
            before=(shown,),
            after=(shown,),
            reason=f"ASR unsure: {heard}",
            confidence=round(1 - lowest, 4),
            auto=False,
            line=seg.line,
            last_line=seg.line,
            edits=tuple(TextEdit(seg.index, start, end, text[start:end]) for start, end in marks),
        )
