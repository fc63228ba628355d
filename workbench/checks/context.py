"""``context`` and ``unless``: the words around a match that let a rule fire, or stop it.

"GPD" is "GPT" in a talk about AI and something else in a gardening podcast: a
``term`` or ``replace`` rule with ``context: [AI, model]`` fires only where the
talk is about AI, one with ``unless: [garden]`` never where it is about gardens.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field, field_validator

from workbench.checks.base import RuleModel
from workbench.checks.matcher import is_whole_word_phrase, phrase_key
from workbench.model import Transcript


class ContextRule(RuleModel):
    """The fields of a rule kind that suggests text and can be kept to a topic."""

    context: list[str] = Field(default_factory=list)
    """Words or phrases of which at least one must occur in the transcript (within
    ``context_window`` segments of the match, when given) for the rule to fire;
    matched as whole words, case-insensitively."""
    unless: list[str] = Field(default_factory=list)
    """Words or phrases that stop the rule where they occur (in the transcript, or
    within ``context_window`` segments of the match)."""
    context_window: int | None = Field(default=None, ge=0)
    """How many segments either side of the match ``context`` and ``unless`` are
    looked for in (0: the match's own segment); the whole transcript when left out."""

    @field_validator("context", "unless")
    @classmethod
    def _whole_word_phrases(cls, phrases: list[str]) -> list[str]:
        for phrase in phrases:
            if not is_whole_word_phrase(phrase):
                raise ValueError(f"{phrase!r} must start and end with a letter or digit")
        return phrases

    @property
    def selective(self) -> bool:
        """True with ``formats``, ``context`` or ``unless``."""
        return super().selective or bool(self.context or self.unless)

    def allowed_segments(self, transcript: Transcript) -> frozenset[int] | None:
        """The indexes of the segments where the rule may fire; None: all of them."""
        if not self.applies_to(transcript):
            return frozenset()
        if not self.context and not self.unless:
            return None
        keys = [f" {phrase_key(segment.text)} " for segment in transcript.segments]
        every = set(range(len(keys)))
        allowed = self._near(keys, self.context) if self.context else every
        return frozenset(allowed - self._near(keys, self.unless))

    def _near(self, keys: Sequence[str], phrases: Sequence[str]) -> set[int]:
        """The segments within the window of a segment that holds one of ``phrases``."""
        wanted = [f" {phrase_key(phrase)} " for phrase in phrases]
        found = [i for i, key in enumerate(keys) if any(w in key for w in wanted)]
        if self.context_window is None:
            return set(range(len(keys))) if found else set()
        reach = self.context_window
        return {j for i in found for j in range(max(0, i - reach), min(len(keys), i + reach + 1))}
