"""``rules stats``: per rule, its flags over a corpus and what reviewers decided on them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click

from workbench.cli.options import (
    common_options,
    encoding_option,
    glossary_option,
    rule_set_from_options,
)
from workbench.rulestats import AUTO_CANDIDATE, NOISY, RuleStats


@click.command("stats")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per rule.")
@common_options
@glossary_option
@encoding_option
def stats(
    paths: tuple[Path, ...],
    as_json: bool,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
    glossary: tuple[Path, ...],
    encoding: str | None,
) -> int:
    """Per rule: flags and documents flagged in PATH... (files or folders), and the
    review decisions on them (accepted, rejected, edited, skipped, acceptance rate).

    Without PATH, the decisions of every document in the review database. A rule
    accepted at least 95 % of at least 20 times is an "auto candidate"; one
    accepted at most 20 % of at least 10 times is "noisy".
    """
    from workbench.cli.filework import FileErrors
    from workbench.documents import open_latest
    from workbench.engine import Engine
    from workbench.model import Suggestion
    from workbench.review.db import read_decisions
    from workbench.rulestats import rule_stats
    from workbench.store import Store, document_name

    versions = Store(store)
    rule_set = rule_set_from_options(rules, no_default_rules, glossary, versions)
    errors = FileErrors()
    sources = errors.files_of(paths)
    engine = Engine(rule_set)
    flags: list[Suggestion] = []
    for source in sources:
        with errors.guard(source):
            result = engine.flags(open_latest(source, versions, encoding).transcript)
            for problem in result.problems:  # a rule that failed, dropped from then on
                errors.report(str(problem))
            flags += result.suggestions
    docs = {document_name(source) for source in sources} if paths else None
    decided = [(d.suggestion, d.verdict) for d in read_decisions(versions.db_path, docs)]
    table = rule_stats(flags, decided, rule_set.rules)
    if as_json:
        click.echo(json.dumps([row.as_json() for row in table], indent=2, ensure_ascii=False))
    else:
        click.echo(stats_table(table, scanned=bool(paths)))
    return errors.exit_code(0)


def stats_table(table: Sequence[RuleStats], *, scanned: bool) -> str:
    """The text table: one row per rule, then what the hints mean."""
    if not table:
        return "no flags and no review decisions"
    head = f"{'rule':<28} {'kind':<12} {'flags':>5} {'docs':>4}  {'acc':>4} {'rej':>4} "
    lines = [head + f"{'edit':>4} {'skip':>4}  {'acc%':>4}  hint"]
    for row in table:
        flags = f"{row.flags:>5} {row.documents:>4}" if scanned else f"{'-':>5} {'-':>4}"
        rate = "-" if row.acceptance is None else f"{row.acceptance:.0%}"
        lines.append(
            f"{row.rule:<28} {row.kind:<12} {flags}  {row.accepted:>4} {row.rejected:>4} "
            f"{row.edited:>4} {row.skipped:>4}  {rate:>4}  {row.hint or ''}".rstrip()
        )
    lines.append(
        f"auto candidate: accepted ≥ {AUTO_CANDIDATE[0]:.0%} of ≥ {AUTO_CANDIDATE[1]} decisions; "
        f"noisy: ≤ {NOISY[0]:.0%} of ≥ {NOISY[1]} (skips are no decisions)"
    )
    return "\n".join(lines)
