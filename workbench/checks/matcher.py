"""One Aho-Corasick automaton for every whole-word phrase of every rule.

Text and phrases are lowercased and every non-word character becomes a space
(lengths are kept, so offsets map straight back), then each phrase is padded
with a space on both sides: a hit is then a whole-word hit by construction, and
the cost of a scan follows the number of hits, not the number of phrases.
Segments of a block are joined with ``\\n`` (a space after normalising), so a
phrase may run over a segment boundary; a gap between a phrase's words may also
be two characters wide ("chat, GBT" matches "chat GBT").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import ahocorasick  # type: ignore[import-not-found]

from workbench.checks.textfix import match_case, shown_texts, span_edits, text_suggestion
from workbench.model import Segment, Suggestion, TextEdit, Transcript

if TYPE_CHECKING:
    from workbench.checks.base import Check, RuleModel

BLOCK_SEGMENTS = 10_000
"""Segments joined into one string per automaton pass (large enough to amortise the call)."""



@dataclass(frozen=True, slots=True)
class Block:
    """Up to ``BLOCK_SEGMENTS`` consecutive segments, their texts joined with ``\\n``."""

    first: int
    """Position in ``Transcript.segments`` of the block's first segment."""
    segments: tuple[Segment, ...]
    texts: list[str]
    text: str
    offsets: list[int]
    """Where each segment's text starts in ``text``, and one past the end."""

    def locate(self, position: int) -> int:
        """The block-relative number of the segment holding ``text[position]``."""
        return bisect.bisect_right(self.offsets, position) - 1


def blocks_of(transcript: Transcript) -> tuple[Block, ...]:
    """``transcript`` cut into blocks: checks then call the pattern once per block, not per segment."""
    made = []
    segments = transcript.segments
    for first in range(0, len(segments), BLOCK_SEGMENTS):
        chunk = segments[first : first + BLOCK_SEGMENTS]
        texts = [seg.text for seg in chunk]
        offsets = [0, *itertools.accumulate(len(text) + 1 for text in texts)]
        made.append(Block(first, chunk, texts, "\n".join(texts), offsets))
    return tuple(made)


class BlockCache:
    """The blocks of the transcript last scanned, shared by the checks of one engine."""

    def __init__(self) -> None:
        self._transcript: Transcript | None = None
        self._blocks: tuple[Block, ...] = ()

    def of(self, transcript: Transcript) -> tuple[Block, ...]:
        """``blocks_of(transcript)``, computed once per transcript."""
        # Identity, not equality: holding the transcript keeps its id from being reused.
        if transcript is not self._transcript:
            self._blocks = blocks_of(transcript)
            self._transcript = transcript
        return self._blocks


MAX_WIDE_GAPS = 3
"""Gaps of a multi-word phrase that may also be two characters wide (a comma and a space)."""

_NON_WORD = re.compile(r"\W")
_WORD = re.compile(r"\w")
_ASCII_NON_WORD = {code: " " for code in range(128) if _NON_WORD.match(chr(code))}
"""``str.translate`` table: every ASCII non-word character becomes a space."""
_OTHER_NON_WORD = re.compile(r"[^\w\x00-\x7f]")
"""Non-word characters beyond ASCII (rare in transcripts: curly quotes, dashes)."""


def normalize(text: str) -> str:
    """Lowercase ``text`` and turn non-word characters into spaces, keeping its length."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters lowercase to two (e.g. "İ"); keep those as they are.
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    # A table lookup per character instead of a regex substitution per space:
    # this runs over every character of every transcript.
    spaced = lowered.translate(_ASCII_NON_WORD)
    return spaced if spaced.isascii() else _OTHER_NON_WORD.sub(" ", spaced)


def phrase_key(text: str) -> str:
    """The automaton key of a phrase: normalised, single-spaced words."""
    return " ".join(normalize(text).split())


def phrase_words(text: str) -> str:
    """The words of ``text`` with any separators as single spaces, case kept."""
    return " ".join(_NON_WORD.sub(" ", text).split())


def is_whole_word_phrase(text: str) -> bool:
    """True when ``text`` starts and ends with a word character (so it can match as whole words)."""
    stripped = text.strip()
    return bool(stripped) and bool(re.match(r"\w", stripped[0])) and bool(re.match(r"\w", stripped[-1]))


def _spellings(key: str) -> list[str]:
    """The key with each gap between words one or two characters wide ("chat GBT", "chat, GBT")."""
    words = key.split(" ")
    keys = [words[0]]
    for position, word in enumerate(words[1:]):
        # Beyond three gaps only single ones: the number of keys must stay small.
        gaps = (" ", "  ") if position < MAX_WIDE_GAPS else (" ",)
        keys = [f"{k}{gap}{word}" for k in keys for gap in gaps]
    return keys


class _Entry(NamedTuple):
    """What a hit of one automaton key means for one rule (looked up once, at compile time)."""

    order: int
    """The rule's position in load order; its id, kind and reason are in ``LiteralMatcher._rules``."""
    replacement: str
    fix_case: bool
    exact: str | None
    """The phrase's words with their case when the rule matches exact case, else None."""
    size: int
    """Length of the key (the matched text), without its padding."""


class LiteralMatcher:
    """Matches the phrases of many checks at once; hits become suggestions."""

    def __init__(self, checks: Sequence[tuple[int, Check[Any]]]) -> None:
        from workbench.checks.base import RuleModel  # base imports this module

        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[_Entry]] = {}
        self._rules: dict[int, tuple[str, str, bool, Callable[[str, str], str]]] = {}
        """(id, kind, auto, reason) of each rule, by its order: what a ``Hit`` becomes."""
        self._restricted: list[tuple[int, RuleModel]] = []
        """Rules that run only on some transcripts (by format): checked once per transcript."""
        for order, check in checks:
            rule = check.rule
            self._rules[order] = (rule.id, rule.kind, rule.auto, check.reason)
            if rule.formats is not None or type(rule).applies_to is not RuleModel.applies_to:
                self._restricted.append((order, rule))
            for phrase in check.literals():
                exact = phrase_words(phrase.text) if phrase.exact_case else None
                # ``match_case`` keeps a replacement with capitals as given: for those, no
                # call per hit.
                fix_case = phrase.fix_case and phrase.replacement == phrase.replacement.lower()
                for key in _spellings(phrase_key(phrase.text)):
                    entry = _Entry(order, phrase.replacement, fix_case, exact, len(key))
                    entries.setdefault(key, []).append(entry)
        self.autos = frozenset(order for order, (_, _, auto, _) in self._rules.items() if auto)
        """The orders of the rules that may change text unattended."""
        self.all_auto = len(self.autos) == len(self._rules)
        """True when every rule here may change text unattended."""
        self.wordless = frozenset(
            entry.order
            for values in entries.values()
            for entry in values
            if not _WORD.search(entry.replacement)
        )
        """The orders of the rules with a phrase replaced by text without a word character
        (which may leave a segment without words)."""
        for key, values in entries.items():
            # Plain tuples of ints and strings (not ``_Entry``): the garbage collector
            # stops tracking them, so full collections do not walk 10,000 rules' entries.
            self._automaton.add_word(f" {key} ", tuple(tuple(entry) for entry in values))
        self.size = len(entries)
        if entries:
            self._automaton.make_automaton()

    def find(
        self, transcript: Transcript, blocks: Sequence[Block] | None = None
    ) -> Iterator[Suggestion]:
        """Every phrase hit in ``transcript`` (overlapping hits included, unresolved)."""
        hits, crossing = self.collect(transcript, blocks)
        waiting = iter(crossing)
        after, suggestion = next(waiting, (len(hits) + 1, None))
        for position, hit in enumerate(hits):
            while after == position and suggestion is not None:
                yield suggestion
                after, suggestion = next(waiting, (len(hits) + 1, None))
            yield self.suggestion(transcript, hit)
        while suggestion is not None:
            yield suggestion
            after, suggestion = next(waiting, (len(hits) + 1, None))

    def suggestion(self, transcript: Transcript, hit: Hit) -> Suggestion:
        """The suggestion a ``Hit`` in ``transcript`` stands for."""
        index, start, end, replacement, order = hit
        rule_id, kind, auto, reason = self._rules[order]
        seg = transcript.segments[index]
        text = seg.text
        before, after = shown_texts(text, ((start, end, replacement),))
        return Suggestion(
            rule_id, kind, transcript.doc_id, (index, index), (before,), (after,),
            reason(text[start:end], replacement), 1.0, auto, seg.line, seg.line,
            "segments", (TextEdit(index, start, end, replacement),),
        )  # fmt: skip

    def rule_id(self, order: int) -> str:
        """The id of the rule at ``order``."""
        return self._rules[order][0]

    def collect(
        self, transcript: Transcript, blocks: Sequence[Block] | None = None
    ) -> tuple[list[Hit], list[tuple[int, Suggestion]]]:
        """Every phrase hit in ``transcript``, unresolved: a plain ``Hit`` within one
        segment (nearly all of them), and each hit across a segment boundary as a
        ``Suggestion`` with the number of plain hits found before it."""
        hits: list[Hit] = []
        crossing: list[tuple[int, Suggestion]] = []
        if self.size:
            skip = frozenset(
                order for order, rule in self._restricted if not rule.applies_to(transcript)
            )
            for block in blocks_of(transcript) if blocks is None else blocks:
                self._collect_block(transcript, block, skip, hits, crossing)
        return hits, crossing

    def _collect_block(
        self,
        transcript: Transcript,
        block: Block,
        skip: frozenset[int],
        hits: list[Hit],
        crossing: list[tuple[int, Suggestion]],
    ) -> None:
        offsets, first = block.offsets, block.first
        joined = block.text
        bisect_right = bisect.bisect_right
        add = hits.append
        a = 0
        # Where the current segment's text starts and ends (one past) in ``joined``, and its index.
        low, high, index = offsets[0], offsets[1], first
        # The loop body runs once per hit (a million times for a large corpus and
        # rule set): everything about the rule was looked up when it was compiled,
        # and the reason and before/after texts wait until a suggestion is wanted.
        for end, values in self._automaton.iter(f" {normalize(joined)} "):
            for order, replacement, fix_case, exact, size in values:
                if skip and order in skip:
                    continue
                start = end - size - 1  # padded end → unpadded start of the words
                stop_at = start + size
                matched = joined[start:stop_at]
                if exact is not None and phrase_words(matched) != exact:
                    continue
                if fix_case:
                    replacement = match_case(replacement, matched)
                if replacement == matched:
                    continue
                # Hits come in order of their ends: the segment is nearly always the last one's.
                if not low <= start < high:
                    a = bisect_right(offsets, start) - 1
                    low, high, index = offsets[a], offsets[a + 1], first + a
                local = start - low
                if stop_at < high:
                    # Ints and strings only: the garbage collector soon stops tracking it.
                    add((index, local, local + size, replacement, order))
                    continue
                b = bisect_right(offsets, stop_at) - 1
                edits = span_edits(
                    transcript.segments, first + a, local, first + b, stop_at - offsets[b], replacement
                )
                rule_id, kind, auto, reason = self._rules[order]
                suggestion = text_suggestion(
                    transcript, rule_id, kind, edits, reason=reason(matched, replacement), auto=auto
                )
                if suggestion is not None:
                    crossing.append((len(hits), suggestion))


Hit = tuple[int, int, int, str, int]
"""A phrase hit within one segment: (segment index, start, end, replacement, rule order)."""
