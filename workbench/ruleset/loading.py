"""Load mode: the shipped pack and the user's folders, layered by rule id."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.checks import RuleModel
from workbench.errors import UsageError
from workbench.resources import shipped_rules_dir
from workbench.ruleset.models import RuleOff, parse_rule
from workbench.ruleset.reading import RuleEntry, RuleProblem, read_rule_file


@dataclass(frozen=True)
class RuleSet:
    """The enabled rules in load order, and every rule file that was read."""

    rules: tuple[RuleModel, ...]
    files: tuple[Path, ...] = ()
    sources: dict[str, Path] = field(default_factory=dict, compare=False)
    """The file each rule came from, by id."""
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    """The 1-based line where each rule starts in its file, by id (for errors that
    happen when the rule runs, such as a pattern that takes too long)."""

    def where(self, rule_id: str) -> tuple[Path | None, int | None]:
        """The file and line of the rule ``rule_id`` (None for what is not known)."""
        return self.sources.get(rule_id), self.lines.get(rule_id)

    def get(self, rule_id: str) -> RuleModel | None:
        """The enabled rule with this id, if any."""
        return next((rule for rule in self.rules if rule.id == rule_id), None)


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
    place; an ``{id, enabled: false}`` entry turns it off. Within one folder ids
    are unique: two files defining one id is a problem (``duplicate_ids``). Stops
    at the first problem (a ``RuleFileError`` naming file, line and column).
    """
    folders = ([shipped_rules_dir()] if use_default else []) + list(extra_dirs)
    rules: dict[str, RuleModel] = {}
    sources: dict[str, Path] = {}
    lines: dict[str, int] = {}
    files: list[Path] = []
    for folder in folders:
        seen: dict[str, tuple[Path, int]] = {}
        for path in rule_files(folder):
            files.append(path)
            entries, problems = read_rule_file(path)
            problems += duplicate_ids(seen, path, entries)
            if problems:
                raise problems[0].error()
            for entry in entries:
                rule = entry.rule
                if isinstance(rule, RuleOff):
                    if rule.id in rules:
                        rules[rule.id] = rules[rule.id].model_copy(update={"enabled": False})
                    continue
                rules[rule.id] = rule
                sources[rule.id] = path
                lines[rule.id] = entry.line
    for path in glossaries:
        rule = _glossary_rule(path, taken=rules.keys())
        rules[rule.id] = rule
        sources[rule.id] = path
    enabled = tuple(rule for rule in rules.values() if rule.enabled)
    return RuleSet(enabled, tuple(files), sources, lines)


def duplicate_ids(
    seen: dict[str, tuple[Path, int]], path: Path, entries: Sequence[RuleEntry]
) -> list[RuleProblem]:
    """A problem for each rule of ``path`` whose id another file of the same folder
    defines; ``seen`` holds the ids defined so far in the folder (file and line)
    and gains those of ``path``.

    Overriding a rule by id is for a later folder (a layer on top): within one
    folder, two definitions of an id are a mistake, whichever file is read first.
    An ``{id, enabled: false}`` entry defines nothing and is never a duplicate.
    """
    problems = []
    for entry in entries:
        rule = entry.rule
        if isinstance(rule, RuleOff):
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
    assert isinstance(rule, RuleModel)  # a mapping with a kind is never a RuleOff
    return rule
