"""What a ``glossary`` rule does to a transcript, with the sound-alike package
(``workbench.soundalike``): its terms, their index, and the places that sound like
one of them.

The ``glossary`` kind (``workbench.checks.glossary``) imports this module only
when such a rule is made: a scan without one (the shipped pack's) does without
the package and rapidfuzz, 0.025 s of every start.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from workbench.checks.base import CheckContext
from workbench.checks.textfix import span_edits
from workbench.glossary import read_glossary
from workbench.model import TextEdit, Transcript
from workbench.soundalike import Match, SoundAlikeIndex, Term, Token, tokenize_segments
from workbench.soundalike.scorer import load
from workbench.soundalike.tokens import WORD, kept, possessive_at

if TYPE_CHECKING:
    from workbench.checks.glossary import GlossaryRule


class GlossaryScan:
    """A glossary rule's terms and scorer, read when the rule is made (so a missing or
    broken glossary stops loading before any scan), and their sound-alike index."""

    def __init__(self, rule: GlossaryRule, context: CheckContext) -> None:
        self.terms = glossary_terms(rule, context)
        """The terms the rule proposes, with their options and known variants."""
        self._min_score = rule.min_score
        self._scorer = load(rule.weights) if rule.weights is not None else None
        self._index: SoundAlikeIndex | None = None

    def index(self) -> SoundAlikeIndex:
        """The sound-alike index of the terms, built on first use (the dictionary and
        indexing cost ~0.3 s)."""
        if self._index is None:
            self._index = SoundAlikeIndex(
                self.terms, min_score=self._min_score, scorer=self._scorer
            )
        return self._index

    def places(self, transcript: Transcript) -> Iterator[tuple[Match, tuple[TextEdit, ...]]]:
        """Every phrase of ``transcript`` that sounds like a term, and the edits that
        write the term there."""
        segments = transcript.segments
        tokens = tokenize_segments(segments)
        present = frozenset(token.norm for token in tokens)
        for match in self.index().find(tokens, present):
            first, last, replacement = _changed(match.tokens, match.replacement)
            end = last.end
            if kept(replacement) != replacement:
                # The term writes the possessive the transcript keeps outside the word:
                # the edit takes it in ("Peeple's" -> "People's", not "People's's").
                end += possessive_at(segments[last.segment].text, end)
            edits = span_edits(segments, first.segment, first.start, last.segment, end, replacement)
            yield match, edits


def glossary_terms(rule: GlossaryRule, context: CheckContext) -> list[Term]:
    """The terms ``rule`` proposes: its file's, its own ``terms`` and the fuzzy ``term``
    rules' (``context.terms``), with their options and known variants."""
    options = {term.canonical: term for term in rule.terms}
    names: list[str] = []
    if rule.file is not None:
        names = [entry.term for entry in read_glossary(rule.file)]
    names += [name for name in options if name not in names]
    variants: dict[str, list[str]] = {}
    for canonical, known, fuzzy in context.terms:
        if fuzzy and canonical not in names:
            names.append(canonical)
        variants.setdefault(canonical, []).extend(known)
    terms = []
    for name in names:
        option = options.get(name)
        extra = variants.get(name, []) + (option.variants if option else [])
        terms.append(
            Term(
                name,
                tuple(dict.fromkeys(extra)),
                option.min_score if option else None,
                tuple(option.context) if option else (),
            )
        )
    return terms


def _changed(tokens: Sequence[Token], canonical: str) -> tuple[Token, Token, str]:
    """The first and last tokens a match changes, and the part of the term that replaces them.

    Where the window has the term's number of words, a word at either end that
    already writes the term's word is left alone ("Brett Farve" → only "Farve"
    becomes "Favre"), so that the flag stands on the line of the misheard word.
    """
    words = list(WORD.finditer(canonical))
    if len(words) != len(tokens):
        return tokens[0], tokens[-1], canonical
    head = 0
    while head < len(tokens) - 1 and tokens[head].text == kept(words[head].group()):
        head += 1
    tail = len(tokens) - 1
    while tail > head and tokens[tail].text == kept(words[tail].group()):
        tail -= 1
    return tokens[head], tokens[tail], canonical[words[head].start() : words[tail].end()]
