"""Kind ``filler``: hesitation words ("um", "uh") removed with their comma."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from workbench.checks.base import Check, CheckContext, RuleModel
from workbench.checks.textfix import text_suggestion
from workbench.model import Suggestion, TextEdit, Transcript


class FillerRule(RuleModel):
    """Remove hesitation words; shipped disabled, since many transcripts keep them on purpose."""

    kind: Literal["filler"] = "filler"
    """Always ``filler``."""
    words: list[str] = Field(
        default_factory=lambda: ["um", "uh", "umm", "uhm", "erm"], min_length=1
    )
    """The filler words, matched as whole words regardless of case."""


class FillerCheck(Check[FillerRule]):
    """Finds filler words and the punctuation that only they needed."""

    model = FillerRule

    def __init__(self, rule: FillerRule, context: CheckContext) -> None:
        super().__init__(rule, context)
        words = "|".join(regex.escape(word) for word in self.rule.words)
        filler = rf"(?<!\w)(?:{words})(?!\w)"
        # Before more words: drop "um, "; at the end of a sentence: drop ", um" before it.
        self._pattern = regex.compile(
            rf"{filler},?\s+(?=\w)|[,\s]*{filler},?(?=\s*$|[.?!…])", regex.IGNORECASE
        )

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """One suggestion per filler word."""
        if not self.rule.applies_to(transcript):
            return
        for seg in transcript.segments:
            for match in self._pattern.finditer(seg.text):
                found = text_suggestion(
                    transcript,
                    self.rule.id,
                    self.rule.kind,
                    [_edit(seg.index, seg.text, match)],
                    reason=self.rule.description or f"'{match.group().strip(' ,')}' is a filler",
                    auto=self.rule.auto,
                    confidence=0.6,
                )
                if found is not None:
                    yield found


def _edit(index: int, text: str, match: regex.Match[str]) -> TextEdit:
    """Remove the filler; a sentence it started now starts with a capital."""
    start, end = match.span()
    before = text[:start].rstrip()
    starts_sentence = not before or before.endswith((".", "?", "!"))
    if starts_sentence and match.group()[:1].isupper() and end < len(text):
        return TextEdit(index, start, end + 1, text[end].upper())
    return TextEdit(index, start, end, "")
