"""Kind ``replace``: a literal phrase or a regular expression and its replacement."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

import regex
from pydantic import ValidationInfo, field_validator

from workbench.checks.base import Check, CheckContext, Phrase
from workbench.checks.context import ContextRule
from workbench.checks.matcher import is_whole_word_phrase
from workbench.checks.textfix import case_of, match_case, span_edits, text_suggestion
from workbench.errors import RuleError
from workbench.model import Suggestion, Transcript


class ReplaceRule(ContextRule):
    """Replace a phrase (or every match of a pattern) with fixed text."""

    kind: Literal["replace"] = "replace"
    """Always ``replace``."""
    regex: bool = False
    """True: ``pattern`` is a regular expression (``regex`` module syntax) and
    ``replace`` may use its groups (``\\1``, ``\\g<name>``)."""
    pattern: str
    """The phrase (or regular expression) to find."""
    replace: str
    """What replaces each match."""
    whole_word: bool = True
    """Match only whole words (no letter or digit right before or after the match).
    False: also inside words, for a literal pattern too ("cat" → "feline" changes "category")."""
    ignore_case: bool = True
    """Match regardless of case."""
    keep_case: bool = True
    """An all-lowercase replacement takes the case of what it replaces: Title case
    ("Mode" → "Moat"), or capitals when the match is all capitals and has more than
    one letter ("MODE" → "MOAT", but "V3.0" → "Version 3.0"); text a regex group
    brings is never changed. A replacement with capitals is always written as given.
    False: always as given."""

    @field_validator("pattern")
    @classmethod
    def _valid_pattern(cls, pattern: str, info: ValidationInfo) -> str:
        if info.data.get("regex"):
            try:
                regex.compile(pattern)
            except regex.error as error:
                raise ValueError(f"not a valid regular expression: {error}") from None
        elif not is_whole_word_phrase(pattern):
            raise ValueError("a literal pattern must start and end with a letter or digit")
        return pattern

    @field_validator("replace")
    @classmethod
    def _valid_template(cls, replace: str, info: ValidationInfo) -> str:
        """A regex replacement may only name groups the pattern has (checked at load time,
        so that ``rules check`` finds ``\\9`` or ``\\g<nope>`` without an example)."""
        pattern = info.data.get("pattern")
        if info.data.get("regex") and pattern is not None:
            # Made optional, the pattern matches the empty string with every group
            # defined and none taking part: expanding there checks each reference.
            # (The line break ends a trailing comment of a verbose pattern; elsewhere
            # it only makes the optional part never match, which changes no group.)
            optional = regex.compile(f"(?:{pattern}\n)?")
            empty = optional.match("")
            assert empty is not None  # an optional group always matches
            try:
                empty.expand(replace)
            except (IndexError, regex.error) as error:
                groups = [str(n) for n in range(1, optional.groups + 1)] + list(optional.groupindex)
                has = f"groups {', '.join(groups)}" if groups else "no groups"
                # As written in the rule file (a repr would double its backslashes).
                raise ValueError(f"{error} in '{replace}' (the pattern has {has})") from None
        return replace


class ReplaceCheck(Check[ReplaceRule]):
    """Literal whole-word patterns go to the shared automaton; regex patterns (and
    literal ones matched inside words too) run over blocks of text."""

    model = ReplaceRule

    def __init__(self, rule: ReplaceRule, context: CheckContext) -> None:
        super().__init__(rule, context)
        self._compiled = self._compile() if rule.regex or not rule.whole_word else None
        self._seconds_left = context.regex_timeout
        """What is left of the pattern's time limit, which holds for all the
        transcripts this check scans together, not for each block of text."""

    def _compile(self) -> regex.Pattern[str]:
        # A literal phrase's words match with any run of non-word characters
        # between them, as in the automaton ("GPD-4" matches "GPD 4").
        words = self.rule.pattern.split()
        body = self.rule.pattern if self.rule.regex else r"\W+".join(map(regex.escape, words))
        if self.rule.whole_word:
            body = rf"(?<!\w)(?:{body})(?!\w)"
        flags = regex.MULTILINE | (regex.IGNORECASE if self.rule.ignore_case else 0)
        return regex.compile(body, flags)

    def literals(self) -> Sequence[Phrase]:
        """The literal pattern, for the shared automaton (none for a rule it cannot run)."""
        if self._compiled is not None:
            return ()
        return [
            Phrase(
                self.rule.pattern,
                self.rule.replace,
                fix_case=self.rule.keep_case,
                exact_case=not self.rule.ignore_case,
            )
        ]

    def find(self, transcript: Transcript) -> Iterable[Suggestion]:
        """Literal: the shared matcher; regex: the pattern over blocks of joined segments."""
        if self._compiled is None:
            return super().find(transcript)
        allowed = self.rule.allowed_segments(transcript)
        if allowed is None:
            return self._find_regex(transcript, self._compiled)
        found = self._find_regex(transcript, self._compiled) if allowed else ()
        return (suggestion for suggestion in found if suggestion.span[0] in allowed)

    def _find_regex(
        self, transcript: Transcript, pattern: regex.Pattern[str]
    ) -> Iterator[Suggestion]:
        for block in self.context.blocks.of(transcript):
            text, offsets = block.text, block.offsets
            hits: dict[int, list[regex.Match[str]]] = {}
            rescan: set[int] = set()
            for match in self._matches(pattern, text, 0, len(text)):
                a = block.locate(match.start())
                b = block.locate(max(match.end() - 1, match.start()))
                if a == b:
                    hits.setdefault(a, []).append(match)
                else:
                    rescan.update(range(a, b + 1))
            # A match that ran over the newline joining two segments is not allowed;
            # those segments are searched again each on its own (pos/endpos).
            for a in rescan:
                hits[a] = self._matches(pattern, text, offsets[a], offsets[a] + len(block.texts[a]))
            for a in sorted(hits):
                for match in hits[a]:
                    suggestion = self._suggest(transcript, block.first + a, match, offsets[a])
                    if suggestion is not None:
                        yield suggestion

    def _matches(
        self, pattern: regex.Pattern[str], block: str, pos: int, endpos: int
    ) -> list[regex.Match[str]]:
        began = time.monotonic()
        try:
            if self._seconds_left <= 0:  # a timeout of 0 would mean none at all
                raise TimeoutError
            return list(pattern.finditer(block, pos, endpos, timeout=self._seconds_left))
        except TimeoutError:
            # The pattern as written in the rule file (a repr would double its backslashes).
            raise RuleError(
                f"pattern '{self.rule.pattern}' took longer than "
                f"{self.context.regex_timeout:g}s in all, its limit for one run; simplify it",
                rule_id=self.rule.id,
            ) from None
        finally:
            self._seconds_left -= time.monotonic() - began

    def _suggest(
        self, transcript: Transcript, index: int, match: regex.Match[str], offset: int
    ) -> Suggestion | None:
        matched = match.group(0)
        if not matched:
            return None
        replacement = self._replacement(match)
        edits = span_edits(
            transcript.segments,
            index,
            match.start() - offset,
            index,
            match.end() - offset,
            replacement,
        )
        return text_suggestion(
            transcript,
            self.rule.id,
            self.rule.kind,
            edits,
            reason=self.reason(matched, replacement),
            auto=self.rule.auto,
        )

    def _replacement(self, match: regex.Match[str]) -> str:
        """What replaces ``match``: the literal replacement, or the expanded template,
        in the case of the match when ``keep_case`` (never the text of a group)."""
        if not self.rule.regex:
            text = self.rule.replace
            return match_case(text, match.group(0)) if self.rule.keep_case else text
        pieces = template_pieces(match, self.rule.replace)
        literal = "".join(text for text, from_group in pieces if not from_group)
        if self.rule.keep_case and literal == literal.lower():
            case = case_of(match.group(0))
            if case == "upper":
                pieces = [
                    (text if from_group else text.upper(), from_group)
                    for text, from_group in pieces
                ]
            elif case == "title" and pieces and not pieces[0][1]:
                first = pieces[0][0]
                pieces[0] = (first[:1].upper() + first[1:], False)
        return "".join(text for text, _ in pieces)


_REFERENCE = regex.compile(r"\\(?:g<[^>]*>|[0-9]+)|\\.", regex.DOTALL)
"""A group reference (``\\1``, ``\\g<name>``) or another escape of a replacement template."""


def template_pieces(match: regex.Match[str], template: str) -> list[tuple[str, bool]]:
    """``template`` expanded for ``match``, piece by piece: (text, True when a group gave it)."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for token in _REFERENCE.finditer(template):
        reference = token.group()
        if reference[1] == "g" or reference[1] in "123456789":
            if at < token.start():
                pieces.append((match.expand(template[at : token.start()]), False))
            pieces.append((match.expand(reference), True))
            at = token.end()
    if at < len(template):
        pieces.append((match.expand(template[at:]), False))
    return [(text, from_group) for text, from_group in pieces if text]
