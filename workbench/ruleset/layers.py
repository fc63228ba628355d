"""Rule folders read one after another and layered by rule id (``Layers``), for load
mode (``load_rule_set``) and check mode (``rulecheck``).

Reading rule files imports ruamel.yaml (``parsing``): this module is imported
only where folders are read, never for a rule set from the disk cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.checks import RuleModel
from workbench.ruleset.loading import Origin, RuleSet, rule_files
from workbench.ruleset.models import RulePatch
from workbench.ruleset.parsing import read_rule_file
from workbench.ruleset.patching import patch_rule
from workbench.ruleset.reading import RuleEntry, RuleProblem


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
