"""Applying a patch: an entry without ``kind`` changes the fields of a rule loaded before it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from workbench.checks import RuleModel
from workbench.ruleset.models import RULE, RulePatch
from workbench.ruleset.parsing import validation_problem
from workbench.ruleset.reading import RuleEntry, RuleProblem


def patch_rule(
    rule: RuleModel, patch: RulePatch, path: Path, entry: RuleEntry
) -> tuple[RuleModel | None, list[RuleProblem]]:
    """``rule`` with the fields ``patch`` gives, validated as a whole rule, or the problems.

    A field replaces the earlier value, a list as a whole; ``NAME+`` adds its
    list to the list field ``NAME``. A relative path the patch gives is
    relative to its own file (``path``); the rule's other paths stay as they
    were resolved. Problems are located in the patch ``entry``.
    """
    data: dict[str, Any] = rule.model_dump()
    problems: list[RuleProblem] = []
    for key, value in patch.changes.items():
        name = key.removesuffix("+")
        if key == name or name not in type(rule).model_fields:
            data[key] = value  # an unknown field is the whole rule's validation to report
            continue
        earlier = data[name]
        if not isinstance(earlier, list | None):
            message = f"'{key}' adds to a list, but '{name}' of kind '{rule.kind}' is not a list"
        elif not isinstance(value, list):
            message = f"'{key}' adds to the list '{name}': expected a list"
        else:
            data[name] = [*(earlier or []), *value]
            continue
        line, column = entry.node.lc.key(key)
        problems.append(RuleProblem(path, line + 1, column + 1, rule.id, message))
    if problems:
        return None, problems
    try:
        patched = RULE.validate_python(data)
    except ValidationError as error:
        return None, [
            validation_problem(path, entry.node, detail, rule.id, rule.kind)
            for detail in error.errors()
        ]
    given = {key.removesuffix("+") for key in patch.changes}
    return patched.with_base_dir(path.parent, given), []
