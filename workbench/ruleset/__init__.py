"""Rule files: their schema (``models``), loading with layers, checking, and editing in place."""

from __future__ import annotations

from workbench.ruleset.checking import check_rule_dirs, example_failures
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
    "check_rule_dirs",
    "example_failures",
    "load_rule_set",
    "parse_rule",
    "rule_file_schema",
    "rule_files",
    "schema_text",
]
