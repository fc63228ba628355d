"""What reading one rule file yields: its valid entries and its problems.

Every problem keeps the file, line and column it comes from, so the loader can
stop at the first and ``rules check`` can list them all. The reading itself is
``workbench.ruleset.parsing``'s, imported only where a rule file is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.checks import RuleModel
from workbench.errors import RuleFileError
from workbench.ruleset.models import RulePatch

# Not imported at run time: a command whose rule set comes from the disk cache
# (``ruleset.cache``) reads no rule file, and skips ruamel.yaml's import.
if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One thing wrong with a rule file: where, which rule, and what was expected."""

    path: Path
    line: int
    column: int
    rule_id: str | None
    message: str

    def __str__(self) -> str:
        rule = f"{self.rule_id}: " if self.rule_id else ""
        return f"{self.path}:{self.line}:{self.column}: {rule}{self.message}"

    def error(self) -> RuleFileError:
        """The problem as the error load mode raises."""
        return RuleFileError(
            self.message, path=self.path, line=self.line, column=self.column, rule_id=self.rule_id
        )


@dataclass(frozen=True, slots=True)
class RuleEntry:
    """A valid entry of a rule file and where it starts."""

    rule: RuleModel | RulePatch
    line: int
    column: int
    node: CommentedMap
    """The entry as read, with the line of each of its keys (for ``field_lines``
    and for problems found when a patch is applied)."""
    example_lines: tuple[tuple[int, int], ...] = ()
    """1-based line and column of each of the rule's examples."""

    def field_lines(self) -> dict[str, int]:
        """The 1-based line of each field the entry gives, by field name (``NAME+`` as ``NAME``)."""
        return {
            str(key).removesuffix("+"): self.node.lc.key(key)[0] + 1
            for key in self.node
            if isinstance(key, str)
        }
