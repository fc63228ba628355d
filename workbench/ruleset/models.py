"""The rule-file schema: one discriminated union of every registered kind's rule model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from workbench.checks import CHECKS, RuleModel

# Built from the registry at import time, so mypy cannot see the members.
Rule: Any = Annotated[
    Union[tuple(check.model for check in CHECKS.values())],  # noqa: UP007
    Field(discriminator="kind"),
]
"""Any rule: pydantic picks the model by its ``kind``."""

RULE: TypeAdapter[RuleModel] = TypeAdapter(Rule)
"""Validates one rule mapping into its kind's model."""


class RuleOff(BaseModel):
    """Turn off a rule loaded from an earlier file: its ``id`` and ``enabled: false``, nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    id: str = Field(min_length=1)
    """The id of the rule to turn off."""
    enabled: Literal[False]
    """Must be ``false``."""


class RuleFile(BaseModel):
    """A rule file: a list of rules under ``rules:``."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    rules: list[Rule | RuleOff] = Field(default_factory=list)
    """The rules, applied in this order (earlier rules win ties between overlapping matches)."""


def parse_rule(data: object) -> RuleModel | RuleOff:
    """Validate one rule mapping: a full rule, or an ``{id, enabled: false}`` switch."""
    if isinstance(data, dict) and "kind" not in data and "id" in data and "enabled" in data:
        return RuleOff.model_validate(data)
    return RULE.validate_python(data)


def rule_file_schema() -> dict[str, object]:
    """The JSON Schema of a rule file, as exported to ``rules/schema.json``."""
    schema = RuleFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Transcript workbench rule file"
    return schema


def schema_text() -> str:
    """The schema as the text of ``rules/schema.json``."""
    return json.dumps(rule_file_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path) -> None:
    """Write the schema to ``path`` (run when a kind's fields change)."""
    path.write_text(schema_text(), encoding="utf-8")
