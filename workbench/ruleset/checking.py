"""What is wrong with the file a ``glossary`` rule names (the engine runs the examples:
``workbench.rulecheck``)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path

from workbench.checks import RuleModel
from workbench.errors import RuleFileError
from workbench.glossary import GlossaryWarning, read_glossary
from workbench.ruleset.reading import RuleEntry, RuleProblem


def glossary_problem(path: Path, entry: RuleEntry, rule: RuleModel) -> RuleProblem | None:
    """What is wrong with the glossary file a ``glossary`` rule names, if anything.

    A file that cannot be read is reported at the rule's entry (``path``:line);
    a bad line of the glossary (a duplicate term, no letters) at that line of the glossary.
    """
    file = getattr(rule, "file", None)
    if rule.kind != "glossary" or not isinstance(file, Path):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", GlossaryWarning)  # a term listed twice: report it
            try:
                read_glossary(file)
            except GlossaryWarning as slip:
                return RuleProblem(slip.path, slip.line, 1, rule.id, slip.message)
    except RuleFileError as error:
        if error.line is None:
            message = f"{error.message}: {file}"
            return RuleProblem(path, entry.line, entry.column, rule.id, message)
        return RuleProblem(file, error.line, 1, rule.id, error.message)
    return None


def read_glossary_files(rules: Iterable[RuleModel]) -> None:
    """Read the glossary file of each ``glossary`` rule that is on, so that a missing or
    unreadable one stops a command with one error (``RuleFileError``) before any
    transcript is worked on, not once per transcript when each process builds its checks.

    A term listed twice is left for the check to warn about, once.
    """
    for rule in rules:
        file = getattr(rule, "file", None)
        if rule.kind == "glossary" and rule.enabled and isinstance(file, Path):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", GlossaryWarning)
                read_glossary(file)
