"""The base of every rule kind: its pydantic rule model and its check class.

To add a kind ``foo``: write ``workbench/checks/foo.py`` with

* ``FooRule(RuleModel)`` — ``kind: Literal["foo"] = "foo"`` plus the kind's own
  fields, each with a docstring under it (it becomes the JSON Schema's
  description);
* ``FooCheck(Check[FooRule])`` — ``model = FooRule`` and ``find(transcript)``
  yielding ``Suggestion`` objects (or ``literals()`` for whole-word phrases that
  the engine's shared automaton should match);

then add one line ``"foo": FooCheck`` to ``CHECKS`` in
``workbench/checks/__init__.py``. The rule-file union, the loader, the schema
and the engine all read that dict.
"""

from __future__ import annotations

from abc import ABC
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from workbench.checks.matcher import BlockCache, LiteralMatcher
from workbench.checks.wordcodes import CodedWordsCache
from workbench.model import Suggestion, Transcript


class Example(BaseModel):
    """A case a rule must handle: ``text`` becomes ``fixed``, or stays as it is."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    text: str | list[str]
    """The input: one segment's text, or a list of segment texts (for merges and deletions)."""
    fixed: str | list[str] | None = None
    """What the rule must make of it; leave out for a case the rule must not change."""

    def segments(self) -> tuple[str, ...]:
        """The input as segment texts."""
        return (self.text,) if isinstance(self.text, str) else tuple(self.text)

    def expected(self) -> tuple[str, ...]:
        """The segment texts the rule must produce."""
        if self.fixed is None:
            return self.segments()
        return (self.fixed,) if isinstance(self.fixed, str) else tuple(self.fixed)


class RuleModel(BaseModel):
    """Fields every rule has, whatever its kind."""

    # defer_build: a rule set read from the disk cache is never validated, so a command
    # builds the validators (0.02-0.04 s of its start) only when it reads a rule file.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    suggest_only: ClassVar[bool] = False
    """True for kinds whose findings always need a person (``auto: true`` is an error)."""

    id: str = Field(min_length=1, pattern=r"^\S+$")
    """Unique name of the rule; a later rule file with the same id overrides it."""
    kind: str
    """Which check runs the rule (``replace``, ``term``, ``duplicate``, ...)."""
    description: str = ""
    """What the rule fixes, shown to the reviewer as the reason."""
    enabled: bool = True
    """False turns the rule off (a later file may also disable a rule by id alone)."""
    auto: bool = False
    """True lets batch ``apply`` make the change without review."""
    formats: list[str] | None = None
    """Run only on transcripts of these format names (``vtt``, ``captions``, ...); all when left out."""
    examples: list[Example] = Field(default_factory=list)
    """Cases checked by ``workbench rules check`` and the tests."""

    @model_validator(mode="after")
    def _auto_allowed(self) -> RuleModel:
        if self.auto and self.suggest_only:
            raise ValueError(f"kind '{self.kind}' only suggests; 'auto: true' is not allowed")
        return self

    def applies_to(self, transcript: Transcript) -> bool:
        """True when the rule runs on this transcript's format."""
        return self.formats is None or transcript.format in self.formats

    @property
    def selective(self) -> bool:
        """True when the rule may fire on some transcripts or segments only (``formats``)."""
        return self.formats is not None

    def allowed_segments(self, transcript: Transcript) -> frozenset[int] | None:
        """The indexes of the segments where the rule may fire (empty: none); None: all of them."""
        return None if self.applies_to(transcript) else frozenset()

    def with_base_dir(self, base: Path, fields: Collection[str] | None = None) -> RuleModel:
        """A copy whose relative ``Path`` fields are resolved against ``base`` (the rule file's folder).

        ``fields`` limits it to those names: the fields a patch from another folder gave.
        """
        updates = {
            name: base / value
            for name, value in self
            if isinstance(value, Path)
            and not value.is_absolute()
            and (fields is None or name in fields)
        }
        return self.model_copy(update=updates) if updates else self


@dataclass(frozen=True, slots=True)
class Phrase:
    """A whole-word phrase for the engine's shared automaton, and what replaces it."""

    text: str
    """The phrase as written in the rule (matched case-insensitively, as whole words)."""
    replacement: str
    fix_case: bool = False
    """True: an all-lowercase replacement takes the case of the matched text."""
    exact_case: bool = False
    """True: the matched text must have the phrase's exact case."""


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a check may know about the whole rule set it runs in."""

    vocabulary: frozenset[str] = frozenset()
    """Words the loaded rules consider correct (the canonical forms of all ``term`` rules)."""
    regex_timeout: float = 2.0
    """Seconds a user pattern may run in all, over every transcript its engine scans,
    before it is an error (and the rule is dropped for the rest of the run)."""
    terms: tuple[tuple[str, tuple[str, ...], bool], ...] = ()
    """Every ``term`` rule as (canonical, variants, fuzzy): evidence for sound-alike checks."""
    blocks: BlockCache = field(default_factory=BlockCache, compare=False, repr=False)
    """The scanned transcript's segments joined into blocks, made once for all checks."""
    words: CodedWordsCache = field(default_factory=CodedWordsCache, compare=False, repr=False)
    """The scanned transcript's words coded one character each, made once for all checks."""


R = TypeVar("R", bound=RuleModel)


class Check(ABC, Generic[R]):
    """One rule at work: finds the places its rule flags in a transcript."""

    model: ClassVar[type[RuleModel]]
    """The pydantic model of this kind's rules."""

    def __init__(self, rule: R, context: CheckContext) -> None:
        self.rule = rule
        self.context = context

    def literals(self) -> Sequence[Phrase]:
        """Whole-word phrases the engine matches for this rule in its one shared automaton."""
        return ()

    def find(self, transcript: Transcript) -> Iterable[Suggestion]:
        """Every place in ``transcript`` this rule flags (by default: its literals)."""
        return LiteralMatcher([(0, self, self.literals())]).find(transcript)

    def reason(self, matched: str, replacement: str) -> str:
        """Why ``matched`` should become ``replacement``, for the reviewer."""
        return self.rule.description or f"'{matched}' → '{replacement}'"
