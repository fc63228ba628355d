"""Kind ``repeat``: stutters ("the the", "I I"), keeping grammatical repeats ("that that")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import Field

from workbench.checks.base import Check, RuleModel
from workbench.checks.textfix import text_suggestion
from workbench.model import Suggestion, TextEdit, Transcript

_STUTTER = regex.compile(r"(?<![\w'])([\w']+)((?:\s+\1)+)(?![\w'])", regex.IGNORECASE)

DEFAULT_ALLOW = ["that", "had", "is", "no", "yeah", "yes", "very", "really", "so", "bye", "ha", "well"]


class RepeatRule(RuleModel):
    """Flag a word said twice (or more) in a row and propose saying it once."""

    kind: Literal["repeat"] = "repeat"
    """Always ``repeat``."""
    allow: list[str] = Field(default_factory=lambda: list(DEFAULT_ALLOW))
    """Words whose repeat is grammatical or emphatic ("that that", "had had", "no no")."""


class RepeatCheck(Check[RepeatRule]):
    """Finds runs of one word repeated within a segment."""

    model = RepeatRule

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """One suggestion per stutter: drop the repeats."""
        if not self.rule.applies_to(transcript):
            return
        allowed = {word.lower() for word in self.rule.allow}
        for seg in transcript.segments:
            for match in _STUTTER.finditer(seg.text):
                if match.group(1).lower() in allowed or match.group(1).isdigit():
                    continue
                found = text_suggestion(
                    transcript,
                    self.rule.id,
                    self.rule.kind,
                    [TextEdit(seg.index, match.start(2), match.end(2), "")],
                    reason=self.rule.description or f"'{match.group(1)}' is repeated",
                    auto=self.rule.auto,
                    confidence=0.6,
                )
                if found is not None:
                    yield found
