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
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import ahocorasick  # type: ignore[import-not-found]

from workbench.checks.textfix import match_case, shown_texts, span_edits, text_suggestion
from workbench.model import Segment, Suggestion, TextEdit, Transcript

if TYPE_CHECKING:
    from workbench.checks.base import Check, Phrase, RuleModel

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
    plain: bool
    """True when no segment text holds a ``\\n``: ``text.split("\\n")`` gives ``texts`` back."""

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
        text = "\n".join(texts)
        made.append(Block(first, chunk, texts, text, offsets, text.count("\n") == len(texts) - 1))
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

    def forget(self) -> None:
        """Let go of the transcript and its blocks (its scan is done)."""
        self._transcript, self._blocks = None, ()


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
    return (
        bool(stripped)
        and bool(re.match(r"\w", stripped[0]))
        and bool(re.match(r"\w", stripped[-1]))
    )


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
    size: int
    """Length of the key (the matched text), without its padding."""
    check: tuple[bool, str | None] | None
    """None, or what a hit needs a look at: (fix_case, exact), where ``fix_case`` makes
    the replacement take the matched text's case and ``exact`` is the phrase's words
    with their case when the rule matches exact case."""


_ORDER, _REPLACEMENT, _SIZE, _CHECK = (operator.itemgetter(i) for i in range(4))
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)

SEPARATORS = ("\n", "\x00", "\x1e", "\x1f", "\ufdd0", "\ufdd1")
"""Characters that may stand between segment texts when a block's fixed text is made in
one piece and split again: the first that no text or replacement of the block holds."""


@dataclass(slots=True)
class BlockHits:
    """The phrase hits in one block that lie within one segment, as columns.

    Positions are offsets into ``block.text``. Hits come in order of their ends, so
    the hits of one segment are together and ``stops`` is sorted. Columns rather than
    a tuple per hit: a million hits are then filtered, resolved and composed by
    C-level ``map``s over lists, with a Python step only where hits overlap.
    """

    block: Block
    starts: list[int]
    stops: list[int]
    replacements: list[str]
    orders: list[int]

    def __len__(self) -> int:
        return len(self.orders)

    def keep(self, mask: Sequence[bool]) -> None:
        """Keep only the hits where ``mask`` is true."""
        self.starts = list(itertools.compress(self.starts, mask))
        self.stops = list(itertools.compress(self.stops, mask))
        self.replacements = list(itertools.compress(self.replacements, mask))
        self.orders = list(itertools.compress(self.orders, mask))

    def tuples(self, positions: Iterable[int] | None = None) -> list[Hit]:
        """The hits (or those at ``positions``) as ``Hit`` tuples: segment index and offsets in its text."""
        starts, stops, replacements, orders = (
            self.starts,
            self.stops,
            self.replacements,
            self.orders,
        )
        if positions is not None:
            picked = list(positions)
            starts, stops = [starts[i] for i in picked], [stops[i] for i in picked]
            replacements, orders = [replacements[i] for i in picked], [orders[i] for i in picked]
        numbers = list(map(bisect.bisect_right, itertools.repeat(self.block.offsets), starts))
        lows = list(
            map(self.block.offsets.__getitem__, map(operator.sub, numbers, itertools.repeat(1)))
        )
        return list(
            zip(
                map(operator.add, numbers, itertools.repeat(self.block.first - 1)),
                map(operator.sub, starts, lows),
                map(operator.sub, stops, lows),
                replacements,
                orders,
            )
        )

    def in_segments(self, indexes: Iterable[int]) -> list[int]:
        """The positions, in order, of the hits in the block's segments ``indexes`` (in order)."""
        offsets, first, stops = self.block.offsets, self.block.first, self.stops
        positions: list[int] = []
        for index in indexes:
            number = index - first
            low = bisect.bisect_left(stops, offsets[number] + 1)
            positions += range(low, bisect.bisect_left(stops, offsets[number + 1]))
        return positions

    def overlapping(self) -> list[list[int]]:
        """Groups of positions of hits that overlap (each group within one segment).

        With hits in order of their ends, a hit that overlaps an earlier one also
        overlaps the one just before it: a group is a run of such neighbours.
        """
        clashes = list(
            itertools.compress(itertools.count(1), map(operator.lt, self.starts[1:], self.stops))
        )
        groups: list[list[int]] = []
        for position in clashes:
            if groups and groups[-1][-1] == position - 1:
                groups[-1].append(position)
            else:
                groups.append([position - 1, position])
        return groups

    def composed(self) -> dict[int, str] | None:
        """The new text of each segment the hits change, by segment index (hits must
        not overlap); None when no character can stand between the block's texts."""
        block = self.block
        if not self.orders:
            return {}
        replacements = "".join(self.replacements)
        source = block.text
        if block.plain and "\n" not in replacements:
            separator = "\n"
        else:
            free = [c for c in SEPARATORS[1:] if c not in source and c not in replacements]
            if not free:
                return None
            separator = free[0]
            source = separator.join(block.texts)
        gaps = map(
            source.__getitem__,
            map(
                slice,
                itertools.chain((0,), self.stops),
                itertools.chain(self.starts, (len(source),)),
            ),
        )
        pieces = zip(gaps, itertools.chain(self.replacements, ("",)))
        texts = "".join(itertools.chain.from_iterable(pieces)).split(separator)
        changed = list(map(operator.ne, texts, block.texts))
        return dict(
            zip(
                itertools.compress(itertools.count(block.first), changed),
                itertools.compress(texts, changed),
            )
        )


def _keep_in_windows(
    hits: BlockHits, windows: dict[int, frozenset[int]], wanted: list[bool]
) -> None:
    """Drop the hits of rules kept to some segments (``windows``, by order) outside them."""
    offsets, first = hits.block.offsets, hits.block.first
    for position in itertools.compress(itertools.count(), map(windows.__contains__, hits.orders)):
        index = first + bisect.bisect_right(offsets, hits.starts[position]) - 1
        if index not in windows[hits.orders[position]]:
            wanted[position] = False


class LiteralMatcher:
    """Matches the phrases of many checks at once; hits become suggestions."""

    def __init__(self, checks: Sequence[tuple[int, Check[Any], Sequence[Phrase]]]) -> None:
        """``checks``: each check with its rule's position in load order and its ``literals()``."""
        from workbench.checks.base import RuleModel  # base imports this module

        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[_Entry]] = {}
        self._rules: dict[int, tuple[str, str, bool, Callable[[str, str], str]]] = {}
        """(id, kind, auto, reason) of each rule, by its order: what a ``Hit`` becomes."""
        self._restricted: list[tuple[int, RuleModel]] = []
        """Rules that run only on some transcripts (by format) or some segments (by
        ``context``): checked once per transcript."""
        for order, check, phrases in checks:
            rule = check.rule
            self._rules[order] = (rule.id, rule.kind, rule.auto, check.reason)
            if rule.selective or type(rule).applies_to is not RuleModel.applies_to:
                self._restricted.append((order, rule))
            for phrase in phrases:
                exact = phrase_words(phrase.text) if phrase.exact_case else None
                # ``match_case`` keeps a replacement with capitals as given: for those, no
                # look at each hit.
                fix_case = phrase.fix_case and phrase.replacement == phrase.replacement.lower()
                looks = (fix_case, exact) if fix_case or exact is not None else None
                for key in _spellings(phrase_key(phrase.text)):
                    entry = _Entry(order, phrase.replacement, len(key), looks)
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
        self._shared = any(len(values) > 1 for values in entries.values())
        """True when some key stands for several rules' phrases (then a hit may be several)."""
        self._looked_at = any(entry.check for values in entries.values() for entry in values)
        """True when some hits need a look at the matched text (case rules)."""
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
        for found, across in self.block_hits(transcript, blocks):
            crossing += ((len(hits) + before, suggestion) for before, suggestion in across)
            hits += found.tuples()
        return hits, crossing

    def block_hits(
        self, transcript: Transcript, blocks: Sequence[Block] | None = None
    ) -> list[tuple[BlockHits, list[tuple[int, Suggestion]]]]:
        """Per block, the hits within one segment (as columns) and each hit across a
        segment boundary as a ``Suggestion`` with the number of those before it."""
        if not self.size:
            return []
        skip: set[int] = set()
        windows: dict[int, frozenset[int]] = {}
        """The segments where each rule kept to some of them may fire, by its order."""
        for order, rule in self._restricted:
            allowed = rule.allowed_segments(transcript)
            if allowed is not None:
                if allowed:
                    windows[order] = allowed
                else:
                    skip.add(order)
        return [
            self._block_hits(transcript, block, frozenset(skip), windows)
            for block in (blocks_of(transcript) if blocks is None else blocks)
        ]

    def _block_hits(
        self,
        transcript: Transcript,
        block: Block,
        skip: frozenset[int],
        windows: dict[int, frozenset[int]],
    ) -> tuple[BlockHits, list[tuple[int, Suggestion]]]:
        joined = block.text
        # One automaton pass, then every step over all hits at once (see ``BlockHits``).
        found = list(self._automaton.iter(f" {normalize(joined)} "))
        if self._shared:
            values = list(map(_SECOND, found))
            entries = list(itertools.chain.from_iterable(values))
            ends = list(
                itertools.chain.from_iterable(
                    map(itertools.repeat, map(_FIRST, found), map(len, values))
                )
            )
        else:
            entries = list(map(_FIRST, map(_SECOND, found)))
            ends = list(map(_FIRST, found))
        # A key " words " ends (in the padded text) just past the words in ``joined``.
        stops = list(map(operator.sub, ends, itertools.repeat(1)))
        starts = list(map(operator.sub, stops, map(_SIZE, entries)))
        hits = BlockHits(
            block, starts, stops, list(map(_REPLACEMENT, entries)), list(map(_ORDER, entries))
        )
        matched = list(map(joined.__getitem__, map(slice, starts, stops)))
        if skip or windows or self._looked_at:
            wanted = [True] * len(entries)
            if skip:
                wanted = list(map(operator.not_, map(skip.__contains__, hits.orders)))
            if windows:
                _keep_in_windows(hits, windows, wanted)
            if self._looked_at:
                self._look_at(entries, matched, hits.replacements, wanted)
            keep = list(map(operator.and_, wanted, map(operator.ne, hits.replacements, matched)))
        else:
            keep = list(map(operator.ne, hits.replacements, matched))
        crossing = self._crossing(transcript, hits, matched, keep)
        if not all(keep):
            hits.keep(keep)
        return hits, crossing

    @staticmethod
    def _look_at(
        entries: list[tuple[Any, ...]],
        matched: list[str],
        replacements: list[str],
        wanted: list[bool],
    ) -> None:
        """Drop hits of exact-case phrases whose case differs; give case-keeping
        replacements the matched text's case."""
        for position in itertools.compress(itertools.count(), map(_CHECK, entries)):
            fix_case, exact = _CHECK(entries[position])
            if exact is not None and phrase_words(matched[position]) != exact:
                wanted[position] = False
            elif fix_case:
                replacements[position] = match_case(replacements[position], matched[position])

    def _crossing(
        self, transcript: Transcript, hits: BlockHits, matched: list[str], keep: list[bool]
    ) -> list[tuple[int, Suggestion]]:
        """The kept hits that run over a segment boundary, as suggestions (each then no
        longer kept), with the number of kept hits before each."""
        block = hits.block
        offsets, first = block.offsets, block.first
        crossing: list[tuple[int, Suggestion]] = []
        """(position, suggestion), then (kept hits before it, suggestion)."""
        # Only a hit with a "\n" in it can run over a boundary.
        for position in itertools.compress(
            itertools.count(), map(operator.contains, matched, itertools.repeat("\n"))
        ):
            start, stop = hits.starts[position], hits.stops[position]
            a = bisect.bisect_right(offsets, start) - 1
            if not keep[position] or stop < offsets[a + 1]:
                continue  # a "\n" inside one segment's text
            keep[position] = False
            b = bisect.bisect_right(offsets, stop) - 1
            replacement = hits.replacements[position]
            edits = span_edits(
                transcript.segments,
                first + a,
                start - offsets[a],
                first + b,
                stop - offsets[b],
                replacement,
            )
            rule_id, kind, auto, reason = self._rules[hits.orders[position]]
            suggestion = text_suggestion(
                transcript,
                rule_id,
                kind,
                edits,
                reason=reason(matched[position], replacement),
                auto=auto,
            )
            if suggestion is not None:
                crossing.append((position, suggestion))
        if not crossing:
            return crossing
        kept_before = [0, *itertools.accumulate(keep)]
        return [(kept_before[position], suggestion) for position, suggestion in crossing]


Hit = tuple[int, int, int, str, int]
"""A phrase hit within one segment: (segment index, start, end, replacement, rule order)."""
