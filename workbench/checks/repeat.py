"""Kind ``repeat``: stutters ("the the", "I I"), keeping grammatical repeats ("that that")."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator, Sequence
from typing import Literal

import regex
from pydantic import Field

from workbench.checks.base import Check, RuleModel
from workbench.checks.textfix import text_suggestion
from workbench.model import Segment, Suggestion, TextEdit, Transcript

_STUTTER = regex.compile(r"(?<![\w'])([\w']+)((?:\s+\1)+)(?![\w'])", regex.IGNORECASE)

_SEPARATOR = "\x00"
_ASCII_NOT_WORD = {
    code: " "
    for code in range(128)
    if chr(code) != _SEPARATOR and not regex.match(r"[\w']", chr(code))
}
"""``str.translate`` table: ASCII characters outside ``[\\w']`` (but the separator) become spaces."""


def _twice_in_a_row(segments: Sequence[Segment]) -> list[int]:
    """Indices of the segments that may hold a stutter, in order: those with a word twice in a row.

    A stutter is a ``[\\w']+`` run, whitespace, and the same run again, so its two
    words are neighbours once every other character is a space. ASCII segments are
    lowercased and split as one string, their neighbouring words compared in C;
    the rare others are all returned, for the pattern to decide.
    """
    texts = [seg.text for seg in segments]
    joined = f" {_SEPARATOR} ".join(texts)
    if joined.isascii() and joined.count(_SEPARATOR) == len(texts) - 1:
        plain: Sequence[int] = range(len(texts))
        others: set[int] = set()
    else:
        plain = [i for i, text in enumerate(texts) if text.isascii() and _SEPARATOR not in text]
        others = set(range(len(texts))).difference(plain)
        joined = f" {_SEPARATOR} ".join(texts[i] for i in plain)
    words = joined.lower().translate(_ASCII_NOT_WORD).split()
    repeats = itertools.compress(
        range(len(words)), map(operator.eq, words, itertools.islice(words, 1, None))
    )
    found = set(others)
    segment = done = 0  # words[:done] hold ``segment`` separators
    for position in repeats:
        if words[position] == _SEPARATOR:
            continue  # an empty segment
        segment += words[done:position].count(_SEPARATOR)
        done = position
        found.add(plain[segment])
    return sorted(found)


DEFAULT_ALLOW = [
    "that",
    "had",
    "is",
    "no",
    "yeah",
    "yes",
    "very",
    "really",
    "so",
    "bye",
    "ha",
    "well",
]


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
        segments = transcript.segments
        for index in _twice_in_a_row(segments):
            seg = segments[index]
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
