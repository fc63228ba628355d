"""The rule-file schema: one discriminated union of every registered kind's rule model."""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

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

    model_config = ConfigDict(extra="forbid", defer_build=True)

    rules: list[Rule | RulePatch] = Field(default_factory=list)
    """The rules, applied in this order (earlier rules win ties between overlapping matches);
    an entry without ``kind`` patches the rule of its ``id`` loaded before it."""


def parse_rule(data: object) -> RuleModel | RulePatch:
    """Validate one rule mapping: a full rule, or (an ``id`` without ``kind``) a patch."""
    if isinstance(data, dict) and "kind" not in data and "id" in data:
        return RulePatch.model_validate(data)
    return RULE.validate_python(data)


@cache
def _field_docstrings(model: type) -> dict[str, str]:
    """The docstring under each field that ``model``'s own body declares, by field name."""
    body = ast.parse(textwrap.dedent(inspect.getsource(model))).body[0]
    assert isinstance(body, ast.ClassDef)
    return {
        field.target.id: inspect.cleandoc(doc.value.value)
        for field, doc in zip(body.body, body.body[1:])
        if isinstance(field, ast.AnnAssign)
        and isinstance(field.target, ast.Name)
        and isinstance(doc, ast.Expr)
        and isinstance(doc.value, ast.Constant)
        and isinstance(doc.value.value, str)
    }


class _DocumentedSchema(GenerateJsonSchema):
    """The JSON Schema with each field described by the docstring under it.

    Pydantic's ``use_attribute_docstrings`` would read every model's source when
    the model is defined, on every start of every command (0.025 s of a scan's
    imports); only the exported schema needs them, so they are read here.
    """

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """The model's schema, each field described by the docstring under it in the
        class that declares it (unless the field gives a description of its own)."""
        json_schema = super().model_schema(schema)
        models = [
            c for c in schema["cls"].__mro__ if issubclass(c, BaseModel) and c is not BaseModel
        ]
        for name, field in json_schema.get("properties", {}).items():
            owner = next((c for c in models if name in vars(c).get("__annotations__", {})), None)
            doc = None if owner is None else _field_docstrings(owner).get(name)
            if doc is not None:
                field.setdefault("description", doc)
        return json_schema


def rule_file_schema() -> dict[str, object]:
    """The JSON Schema of a rule file, as exported to ``rules/schema.json``."""
    schema = RuleFile.model_json_schema(schema_generator=_DocumentedSchema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Transcript workbench rule file"
    return schema


def schema_text() -> str:
    """The schema as the text of ``rules/schema.json``."""
    return json.dumps(rule_file_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path) -> None:
    """Write the schema to ``path`` (run when a kind's fields change)."""
    path.write_text(schema_text(), encoding="utf-8")
