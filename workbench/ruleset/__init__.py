"""Rule files: their schema (``models``), loading with layers, and editing in place.

Nothing here imports the engine: running rules' examples is ``workbench.rulecheck``."""

from __future__ import annotations

from workbench.ruleset.editing import add_variant, append_rule
from workbench.ruleset.loading import Origin, RuleSet, load_rule_set, rule_files
from workbench.ruleset.models import RulePatch, parse_rule, rule_file_schema, schema_text
from workbench.ruleset.reading import RuleProblem

__all__ = [
    "Origin",
    "RulePatch",
    "RuleProblem",
    "RuleSet",
    "add_variant",
    "append_rule",
    "load_rule_set",
    "parse_rule",
    "rule_file_schema",
    "rule_files",
    "schema_text",
]
