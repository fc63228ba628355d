"""Parsing one rule file: YAML with line numbers, validated rule by rule.

Each problem is placed where it is: ruamel.yaml's line info, followed along
pydantic's error location. Imported only where a rule file is read (loading
folders of rule files, checking and editing them): a command whose rule set
comes from the disk cache (``ruleset.cache``) never reads one, and skips
ruamel.yaml's import.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

from workbench.checks import CHECKS, RuleModel
from workbench.errors import RuleFileError
from workbench.inputs import read_input
from workbench.ruleset.models import parse_rule
from workbench.ruleset.reading import RuleEntry, RuleProblem


def read_rule_file(path: Path) -> tuple[list[RuleEntry], list[RuleProblem]]:
    """The valid entries of a rule file and every problem found in it."""
    try:
        text = read_input(path, RuleFileError, "rule file").decode("utf-8")
        too_deep = _too_deep(path, text) if _brackets_nest_deep(text) else None
        if too_deep is not None:
            return [], [too_deep]
        data = YAML(typ="rt").load(text)
    except RecursionError:  # building the document recurses once per level
        return [], [_too_deep(path, text) or RuleProblem(path, 1, 1, None, _TOO_DEEP)]
    except RuleFileError as error:
        return [], [RuleProblem(path, 1, 1, None, error.message)]
    except UnicodeDecodeError as error:
        return [], [RuleProblem(path, 1, 1, None, f"cannot read rule file: {error}")]
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or str(error)
        return [], [RuleProblem(path, line, column, None, f"invalid YAML: {problem}")]
    except YAMLError as error:
        return [], [RuleProblem(path, 1, 1, None, f"cannot read rule file: {error}")]
    if data is None:
        return [], []
    if not isinstance(data, CommentedMap) or set(data) - {"rules"}:
        return [], [_shape_problem(path, data)]
    rules = data.get("rules")
    if rules is None:
        return [], []
    if not isinstance(rules, CommentedSeq):
        line, column = data.lc.value("rules")
        return [], [
            RuleProblem(path, line + 1, column + 1, None, "'rules' must be a list of rules")
        ]
    return _read_rules(path, rules)


MAX_NESTING = 100
"""How deep lists and mappings may nest in a rule file (a rule needs about six levels)."""

_TOO_DEEP = f"nested more than {MAX_NESTING} levels deep; expected a 'rules' list"
_BRACKETS = re.compile(r"[\[\]{}]")


def _brackets_nest_deep(text: str) -> bool:
    """A quick look before the exact one (``_too_deep``): True when brackets, taken
    as characters (in strings and comments too), nest deeper than ``MAX_NESTING``.

    The loader takes seconds to give up on brackets nested thousands deep, so
    such a file is found here; one nested as deep by indentation fails quickly.
    """
    depth = 0
    for bracket in _BRACKETS.findall(text):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_NESTING:
            return True
    return False


def _too_deep(path: Path, text: str) -> RuleProblem | None:
    """The problem where ``text`` nests deeper than ``MAX_NESTING``, if it does.

    The parser's events are read one at a time, without recursion, and only up
    to that point: building the document recurses once per level, so a file
    nested 100,000 levels deep would overflow the stack.
    """
    depth = 0
    for event in YAML(typ="rt").parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                mark = event.start_mark
                return RuleProblem(path, mark.line + 1, mark.column + 1, None, _TOO_DEEP)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


def _shape_problem(path: Path, data: object) -> RuleProblem:
    if isinstance(data, CommentedMap):
        key = next(k for k in data if k != "rules")
        line, column = data.lc.key(key)
        return RuleProblem(
            path,
            line + 1,
            column + 1,
            None,
            f"unknown top-level key '{key}'; expected only 'rules'",
        )
    return RuleProblem(path, 1, 1, None, "expected a mapping with a 'rules' list")


def _read_rules(path: Path, rules: CommentedSeq) -> tuple[list[RuleEntry], list[RuleProblem]]:
    entries: list[RuleEntry] = []
    problems: list[RuleProblem] = []
    seen: dict[str, int] = {}
    for position, item in enumerate(rules):
        line, column = (n + 1 for n in rules.lc.item(position))
        rule_id = item.get("id") if isinstance(item, dict) else None
        rule_id = rule_id if isinstance(rule_id, str) else None
        if not isinstance(item, CommentedMap):
            problems.append(RuleProblem(path, line, column, None, "each rule must be a mapping"))
            continue
        try:
            rule = parse_rule(item)
        except ValidationError as error:
            problems.extend(validation_problem(path, item, d, rule_id) for d in error.errors())
            continue
        if rule.id in seen:
            problems.append(
                RuleProblem(
                    path,
                    line,
                    column,
                    rule.id,
                    f"duplicate rule id (first defined on line {seen[rule.id]})",
                )
            )
            continue
        seen[rule.id] = line
        if isinstance(rule, RuleModel):
            rule = rule.with_base_dir(path.parent)
        entries.append(RuleEntry(rule, line, column, item, _example_positions(item)))
    return entries, problems


def _example_positions(item: CommentedMap) -> tuple[tuple[int, int], ...]:
    examples = item.get("examples")
    if not isinstance(examples, CommentedSeq):
        return ()
    return tuple(
        (line + 1, column + 1) for line, column in map(examples.lc.item, range(len(examples)))
    )


def validation_problem(
    path: Path,
    item: CommentedMap,
    detail: ErrorDetails,
    rule_id: str | None,
    kind: object = None,
) -> RuleProblem:
    """A pydantic error as a problem at the YAML node it is about.

    ``kind`` is the rule's kind when ``item`` does not say it (a patch).
    """
    loc = list(detail["loc"])
    kind = item.get("kind", kind)
    if loc and loc[0] == kind and kind in CHECKS:
        loc = loc[1:]  # the discriminated union puts the tag first
    if detail["type"].startswith("union_tag"):
        loc = ["kind"]
    line, column = _position(item, loc, at_key=detail["type"] == "extra_forbidden")
    return RuleProblem(path, line, column, rule_id, _message(detail, loc, kind))


def _position(item: CommentedMap, loc: list[int | str], *, at_key: bool) -> tuple[int, int]:
    """1-based line and column of the node ``loc`` points at (or the deepest one that exists)."""
    line, column = item.lc.line, item.lc.col
    node: object = item
    for step, key in enumerate(loc):
        last = step == len(loc) - 1
        if isinstance(node, CommentedMap) and key in node:
            line, column = node.lc.key(key) if last and at_key else node.lc.value(key)
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
            line, column = node.lc.item(key)
            node = node[key]
        else:
            break
    return line + 1, column + 1


def _message(detail: ErrorDetails, loc: list[int | str], kind: object) -> str:
    field = ".".join(str(part) for part in loc)
    kind_of = CHECKS.get(kind) if isinstance(kind, str) else None
    if detail["type"] == "missing":
        return f"missing required field '{field}'"
    if detail["type"] == "extra_forbidden" and kind_of is not None:
        expected = ", ".join(kind_of.model.model_fields)
        return f"unknown field '{field}' for kind '{kind}'; expected one of: {expected}"
    if detail["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return f"'kind' must be one of: {', '.join(CHECKS)}"
    message = detail["msg"].removeprefix("Value error, ")
    return f"{field}: {message}" if field else message
