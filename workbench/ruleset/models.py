"""The rule-file schema: one discriminated union of every registered kind's rule model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from workbench.checks import CHECKS, RuleModel

# Built from the registry at import time, so mypy cannot see the members.
Rule: Any = Annotated[
    Union[tuple(check.model for check in CHECKS.values())],  # noqa: UP007
    Field(discriminator="kind"),
]
"""Any rule: pydantic picks the model by its ``kind``."""

RULE: TypeAdapter[RuleModel] = TypeAdapter(Rule, config=ConfigDict(defer_build=True))
"""Validates one rule mapping into its kind's model."""


class RulePatch(BaseModel):
    """Change a rule an earlier folder loaded: its ``id`` and the fields to replace, without ``kind``.

    Any field of the rule's kind may be given, and replaces the earlier value
    (a list too); ``NAME+: [...]`` (``variants+: [...]``) adds to a list field
    instead. The patched rule is validated as a whole. ``{id, enabled: false}``
    turns a rule off, and is no error when no such rule is loaded.
    """

    model_config = ConfigDict(
        extra="allow",
        frozen=True,
        use_attribute_docstrings=True,
        defer_build=True,
        json_schema_extra={"not": {"required": ["kind"]}},
    )

    id: str = Field(min_length=1, pattern=r"^\S+$")
    """The id of the rule to change."""

    @property
    def changes(self) -> dict[str, Any]:
        """The fields the patch gives, as written (``NAME+`` keys included), in order."""
        return dict(self.model_extra or {})

    @property
    def only_turns_off(self) -> bool:
        """True for ``{id, enabled: false}``, which may name a rule that is not loaded."""
        return self.changes == {"enabled": False}


class RuleFile(BaseModel):
    """A rule file: a list of rules under ``rules:``."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, defer_build=True)

    rules: list[Rule | RulePatch] = Field(default_factory=list)
    """The rules, applied in this order (earlier rules win ties between overlapping matches);
    an entry without ``kind`` patches the rule of its ``id`` loaded before it."""


def parse_rule(data: object) -> RuleModel | RulePatch:
    """Validate one rule mapping: a full rule, or (an ``id`` without ``kind``) a patch."""
    if isinstance(data, dict) and "kind" not in data and "id" in data:
        return RulePatch.model_validate(data)
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
