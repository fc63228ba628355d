"""Adding to a rule file in place (what review's "learn" does), keeping its comments."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from workbench.atomic import write_atomic
from workbench.checks.matcher import is_whole_word_phrase
from workbench.errors import RuleFileError
from workbench.ruleset.models import parse_rule

# ruamel.yaml is imported when a file is edited: importing ``workbench.ruleset`` (a
# command whose rule set comes from the disk cache) does not pay for it.
if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long pattern onto two lines
    return yaml


def _load(path: Path) -> CommentedMap:
    """The file's round-trip document, or a fresh ``rules:`` mapping; refuses a broken file."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from workbench.ruleset.parsing import read_rule_file

    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        return CommentedMap(rules=CommentedSeq())
    _, problems = read_rule_file(path)
    if problems:
        raise problems[0].error()
    data = _yaml().load(path.read_text(encoding="utf-8"))
    if data is None:  # only comments: keep them above a new rules list
        data = _yaml().load(path.read_text(encoding="utf-8") + "\nrules:\n")
    if data.get("rules") is None:
        data["rules"] = CommentedSeq()
    return data  # type: ignore[no-any-return]


def _write(path: Path, data: CommentedMap) -> None:
    """Write the document back atomically (a learned rule is never half-saved)."""
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, buffer.getvalue().encode("utf-8"))


def append_rule(path: Path, rule: Mapping[str, object]) -> None:
    """Append a rule to a rule file (created if missing); comments and order survive."""
    from ruamel.yaml.comments import CommentedMap

    try:
        parse_rule(dict(rule))
    except ValidationError as error:
        raise RuleFileError(f"not a valid rule: {error.errors()[0]['msg']}", path=path) from None
    data = _load(path)
    if any(item.get("id") == rule.get("id") for item in data["rules"]):
        raise RuleFileError(
            "a rule with this id already exists", path=path, rule_id=str(rule.get("id"))
        )
    data["rules"].append(CommentedMap(rule))
    _write(path, data)


def add_variant(path: Path, rule_id: str, variant: str) -> None:
    """Add a variant to the ``term`` rule ``rule_id`` of a rule file (no-op if it is there)."""
    data = _load(path)
    for item in data["rules"]:
        if item.get("id") == rule_id and item.get("kind") == "term":
            variants = item["variants"]
            if not is_whole_word_phrase(variant):
                raise RuleFileError(
                    f"variant {variant!r} must start and end with a letter or digit",
                    path=path,
                    rule_id=rule_id,
                )
            if variant.lower() not in (v.lower() for v in variants):
                variants.append(variant)
                _write(path, data)
            return
    raise RuleFileError("no term rule with this id in the file", path=path, rule_id=rule_id)
