"""Load mode: the shipped pack and the user's folders, layered by rule id."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench.checks import RuleModel
from workbench.errors import UsageError
from workbench.resources import shipped_rules_dir
from workbench.ruleset.models import parse_rule


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a field of an effective rule was last given: a rule file and line
    (no line for the rule a ``--glossary FILE`` makes)."""

    path: Path
    line: int | None = None

    def __str__(self) -> str:
        return str(self.path) if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class RuleSet:
    """The enabled rules in load order, and every rule file that was read."""

    rules: tuple[RuleModel, ...]
    files: tuple[Path, ...] = ()
    sources: dict[str, Path] = field(default_factory=dict, compare=False)
    """The file each rule came from (where its ``kind`` was given), by id."""
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    """The 1-based line where each rule starts in its file, by id (for errors that
    happen when the rule runs, such as a pattern that takes too long)."""
    every: tuple[RuleModel, ...] = field(default=(), compare=False)
    """Every rule after layering, those turned off too, in load order (empty: ``rules``)."""
    origins: dict[str, dict[str, Origin]] = field(default_factory=dict, compare=False)
    """Where each field given for a rule comes from, by rule id and field name."""

    def where(self, rule_id: str) -> tuple[Path | None, int | None]:
        """The file and line of the rule ``rule_id`` (None for what is not known)."""
        return self.sources.get(rule_id), self.lines.get(rule_id)

    def get(self, rule_id: str) -> RuleModel | None:
        """The enabled rule with this id, if any."""
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def select(self, rule_ids: Collection[str]) -> tuple[RuleModel, ...]:
        """The rules ``rule_ids``, on or off, in load order; an unknown id is a ``UsageError``."""
        every = self.every or self.rules
        known = {rule.id for rule in every}
        for rule_id in rule_ids:
            if rule_id not in known:
                raise UsageError(f"no rule '{rule_id}' (`workbench rules show` lists the rules)")
        return tuple(rule for rule in every if rule.id in rule_ids)

    def only(self, rule_ids: Collection[str]) -> RuleSet:
        """The rule set of ``rule_ids`` alone, each turned on (``scan --rule``)."""
        rules = tuple(
            rule if rule.enabled else rule.model_copy(update={"enabled": True})
            for rule in self.select(rule_ids)
        )
        return replace(self, rules=rules, every=rules)


def rule_files(folder: Path) -> list[Path]:
    """The rule files of a folder (``*.yaml``/``*.yml``, by name).

    A folder so named is left out; any other entry so named is a rule file, so
    that one that is not a regular file (a named pipe, a device) is refused
    when it is read rather than skipped without a word.
    """
    if not folder.is_dir():
        raise UsageError(f"no such rule folder: {folder}")
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())


def load_rule_set(
    extra_dirs: Sequence[Path] = (),
    *,
    use_default: bool = True,
    glossaries: Sequence[Path] = (),
) -> RuleSet:
    """Load the shipped pack (unless ``use_default`` is False), then each folder on top.

    A rule of a later folder with the same id replaces the earlier one in its
    place; an entry without ``kind`` patches it (``{id, enabled: false}`` turns
    it off). Within one folder ids are unique: two files defining one id is a
    problem (``duplicate_ids``). Stops at the first folder with a problem (a
    ``RuleFileError`` naming file, line and column).
    """
    # Here, not at the top: ruamel.yaml is imported where a rule file is read, and a
    # command whose rule set comes from the disk cache (``ruleset.cache``) reads none.
    from workbench.ruleset.layers import Layers

    layers = Layers()
    for folder in ([shipped_rules_dir()] if use_default else []) + list(extra_dirs):
        layers.add_folder(folder)
        if layers.problems:
            raise layers.problems[0].error()
    for path in glossaries:
        layers.add_rule(_glossary_rule(path, taken=layers.rules.keys()), path)
    return layers.rule_set()


def _glossary_rule(path: Path, taken: Collection[str] = ()) -> RuleModel:
    """A ``glossary`` rule for a ``--glossary FILE`` argument.

    Its id is ``glossary:<file stem>``, with ``-2``, ``-3``... when another
    rule has that id already (two files named ``names.txt`` in two folders).
    A missing or broken file is reported when the rule is compiled.
    """
    base = f"glossary:{path.stem}"
    rule_id = base
    number = 1
    while rule_id in taken:
        number += 1
        rule_id = f"{base}-{number}"
    rule = parse_rule({"id": rule_id, "kind": "glossary", "file": str(path)})
    assert isinstance(rule, RuleModel)  # a mapping with a kind is never a patch
    return rule
