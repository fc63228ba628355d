"""Load mode: the shipped pack and the user's folders, layered by rule id."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench.checks import RuleModel
from workbench.errors import UsageError
from workbench.resources import shipped_rules_dir
from workbench.ruleset.models import RulePatch, parse_rule
from workbench.ruleset.patching import patch_rule
from workbench.ruleset.reading import RuleEntry, RuleProblem, read_rule_file


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


class Layers:
    """Rule folders read one after another and layered by rule id, every problem kept.

    A rule (an entry with ``kind``) replaces a rule of the same id in its place;
    a patch (``RulePatch``) changes the fields of the rule loaded before it.
    """

    def __init__(self) -> None:
        self.rules: dict[str, RuleModel] = {}
        """The effective rules by id, in load order."""
        self.sources: dict[str, Path] = {}
        self.lines: dict[str, int] = {}
        self.origins: dict[str, dict[str, Origin]] = {}
        self.files: list[Path] = []
        self.layered: list[tuple[Path, RuleEntry, RuleModel]] = []
        """Each valid entry, its file, and the rule it made (a patch: the patched rule)."""
        self.problems: list[RuleProblem] = []
        self._broken: set[str] = set()
        """Ids with a problem: a patch of one is not reported again as patching nothing."""

    def add_folder(self, folder: Path) -> None:
        """Read the rule files of ``folder`` on top of what is loaded."""
        seen: dict[str, tuple[Path, int]] = {}
        for path in rule_files(folder):
            self.files.append(path)
            entries, problems = read_rule_file(path)
            problems += duplicate_ids(seen, path, entries)
            self.problems += problems
            self._broken.update(problem.rule_id for problem in problems if problem.rule_id)
            for entry in entries:
                self._add(path, entry)

    def add_rule(self, rule: RuleModel, path: Path) -> None:
        """Add a rule that no rule file holds (a ``--glossary FILE``'s)."""
        self.rules[rule.id] = rule
        self.sources[rule.id] = path
        given = rule.model_fields_set
        self.origins[rule.id] = {
            name: Origin(path) for name in type(rule).model_fields if name in given
        }

    def rule_set(self) -> RuleSet:
        """The layered rules as the engine runs them."""
        every = tuple(self.rules.values())
        enabled = tuple(rule for rule in every if rule.enabled)
        return RuleSet(enabled, tuple(self.files), self.sources, self.lines, every, self.origins)

    def _add(self, path: Path, entry: RuleEntry) -> None:
        origins = {name: Origin(path, line) for name, line in entry.field_lines().items()}
        rule = entry.rule
        if isinstance(rule, RuleModel):
            self.rules[rule.id] = rule
            self.sources[rule.id] = path
            self.lines[rule.id] = entry.line
            self.origins[rule.id] = origins
            self.layered.append((path, entry, rule))
            return
        target = self.rules.get(rule.id)
        if target is None:
            if not rule.only_turns_off and rule.id not in self._broken:
                message = f"no rule '{rule.id}' to patch, and a new rule needs 'kind'"
                self.problems.append(RuleProblem(path, entry.line, entry.column, rule.id, message))
            return
        patched, problems = patch_rule(target, rule, path, entry)
        self.problems += problems
        if patched is None:
            self._broken.add(rule.id)
            return
        self.rules[rule.id] = patched
        self.origins[rule.id] |= {name: at for name, at in origins.items() if name != "id"}
        self.layered.append((path, entry, patched))


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
    layers = Layers()
    for folder in ([shipped_rules_dir()] if use_default else []) + list(extra_dirs):
        layers.add_folder(folder)
        if layers.problems:
            raise layers.problems[0].error()
    for path in glossaries:
        layers.add_rule(_glossary_rule(path, taken=layers.rules.keys()), path)
    return layers.rule_set()


def duplicate_ids(
    seen: dict[str, tuple[Path, int]], path: Path, entries: Sequence[RuleEntry]
) -> list[RuleProblem]:
    """A problem for each rule of ``path`` whose id another file of the same folder
    defines; ``seen`` holds the ids defined so far in the folder (file and line)
    and gains those of ``path``.

    Overriding a rule by id is for a later folder (a layer on top): within one
    folder, two definitions of an id are a mistake, whichever file is read first.
    A patch (an entry without ``kind``) defines nothing and is never a duplicate.
    """
    problems = []
    for entry in entries:
        rule = entry.rule
        if isinstance(rule, RulePatch):
            continue
        first = seen.get(rule.id)
        if first is None:
            seen[rule.id] = (path, entry.line)
        elif first[0] != path:  # a duplicate within one file is read_rule_file's to report
            problems.append(
                RuleProblem(
                    path,
                    entry.line,
                    entry.column,
                    rule.id,
                    f"duplicate rule id: also defined in {first[0]}:{first[1]} "
                    "(ids are unique within a folder; override from a later --rules folder)",
                )
            )
    return problems


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
