"""``rules show``: the effective rules after layering, each field with the file and line it comes from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.options import common_options, glossary_option, rule_set_from_options

if TYPE_CHECKING:
    from workbench.checks import RuleModel
    from workbench.ruleset import Origin

_COMMENT_COLUMN = 40
"""Where the ``# file:line`` comments start, unless a field's text is longer."""


def shown_fields(rule: RuleModel, origins: dict[str, Origin]) -> list[tuple[str, object, Origin]]:
    """(field, value as JSON data, origin) of each field a rule file gave, in the order written.

    Fields left at their defaults are not shown: a rule reads as it was written.
    """
    values = rule.model_dump(mode="json", exclude_none=True)
    return [(name, values.get(name), origin) for name, origin in origins.items()]


def render_rule(rule: RuleModel, origins: dict[str, Origin]) -> str:
    """One rule as an item of a YAML ``rules:`` list, each field followed by
    ``# file:line`` of its origin; a list of mappings (``examples``) one item a line.

    Values are written as JSON, which YAML reads: the output is a valid rule file.
    """
    lines = []
    for position, (name, value, origin) in enumerate(shown_fields(rule, origins)):
        lead = "  - " if position == 0 else "    "
        items = value if isinstance(value, list) and value and isinstance(value[0], dict) else []
        text = f"{lead}{name}:" if items else f"{lead}{name}: {_json(value)}"
        lines.append(f"{text:<{_COMMENT_COLUMN}}  # {origin}")
        lines.extend(f"      - {_json(item)}" for item in items)
    return "\n".join(lines)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def rule_json(rule: RuleModel, origins: dict[str, Origin]) -> dict[str, object]:
    """One rule as ``rules show --json`` prints it: its fields, and where each comes from."""
    fields = shown_fields(rule, origins)
    return {
        "id": rule.id,
        "enabled": rule.enabled,
        "rule": {name: value for name, value, _ in fields},
        "origins": {
            name: {"file": str(origin.path), "line": origin.line} for name, _, origin in fields
        },
    }


@click.command("show")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option("--json", "as_json", is_flag=True, help="Print the rules as one JSON array.")
@common_options
@glossary_option
def show(
    ids: tuple[str, ...],
    as_json: bool,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
    glossary: tuple[Path, ...],
) -> int:
    """Print the rules as scan runs them (all, or ID...), after every --rules folder's
    overrides and patches, each field with the file and line it comes from."""
    from workbench.store import Store

    rule_set = rule_set_from_options(rules, no_default_rules, glossary, Store(store))
    chosen = rule_set.select(ids) if ids else rule_set.every
    if as_json:
        rules_data = [rule_json(rule, rule_set.origins[rule.id]) for rule in chosen]
        click.echo(json.dumps(rules_data, indent=2, ensure_ascii=False))
        return 0
    click.echo("rules:")
    for rule in chosen:
        click.echo(render_rule(rule, rule_set.origins[rule.id]))
    return 0
