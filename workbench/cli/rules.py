"""``scan``, ``apply`` and ``rules check``: the rule engine from the command line.

``scan`` and ``apply`` work on each document's latest version (the source when
it has none), one file at a time or on several processes (``--jobs``, ``--dask``:
``workbench.batch``). Neither imports the TUI; the engine, the rule loader and
the formats are imported inside the commands, so ``--help`` stays quick.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.batching import dask_option, jobs_option, run_batch
from workbench.cli.lazy import LazyGroup
from workbench.cli.options import (
    RuleFolder,
    common_options,
    encoding_option,
    glossary_option,
    keep_numbers_option,
    rule_set_from_options,
    wait_option,
    writing_store,
)
from workbench.errors import WorkbenchError
from workbench.wording import files_done, plural

if TYPE_CHECKING:
    from workbench.store import Store

# Not click's readable check: it would end the whole batch at an unreadable file,
# which instead is that file's one line (``FileErrors``) while the others go on.
_PATHS = click.argument(
    "paths", nargs=-1, required=True, type=click.Path(readable=False, path_type=Path)
)


@click.command()
@_PATHS
@click.option("--json", "as_json", is_flag=True, help="Print the flags as one JSON array.")
@click.option("--fail-on-flags", is_flag=True, help="Exit 1 when anything is flagged (for CI).")
@click.option(
    "--verbose", "-v", is_flag=True, help="List each suggestion that lost an overlap, not counts."
)
@click.option(
    "--per-file", is_flag=True, help="A table per file before the table of the whole corpus."
)
@click.option(
    "--rule",
    "only",
    multiple=True,
    metavar="ID",
    help="Run only this rule, even one turned off (repeatable).",
)
@jobs_option
@dask_option
@common_options
@glossary_option
@encoding_option
def scan(
    paths: tuple[Path, ...],
    as_json: bool,
    fail_on_flags: bool,
    verbose: bool,
    per_file: bool,
    only: tuple[str, ...],
    jobs: int | None,
    quiet: bool,
    dask: str | None,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
    glossary: tuple[Path, ...],
    encoding: str | None,
) -> int:
    """Show what the rules flag in PATH... (files or folders), per rule over all files.

    With --per-file, a table for each file comes first.
    """
    from workbench.cli.filework import FileErrors, ScanWork
    from workbench.cli.scan_table import FileFlags, scan_summary
    from workbench.engine import canonical_words
    from workbench.store import Store

    versions = Store(store)
    rule_set = rule_set_from_options(rules, no_default_rules, glossary, versions)
    # The other rules' terms stay the spell checker's vocabulary, as in a full scan.
    vocabulary = frozenset(canonical_words(rule_set.rules))
    if only:
        rule_set = rule_set.only(only)
    errors = FileErrors()
    sources = errors.files_of(paths)
    work = ScanWork(
        rule_set,
        versions.root,
        encoding,
        vocabulary=vocabulary,
        as_json=as_json,
    )
    flags = 0
    tables: list[FileFlags] = []
    separator = "[\n"
    with run_batch(work, sources, label="scanning", jobs=jobs, quiet=quiet, dask=dask) as reports:
        for report in reports:
            errors.of(report)
            if report.errors:
                continue
            flags += report.counts["flags"]
            tables += report.found
            # A JSON array an object at a time: a corpus with a million flags never
            # holds them all as one string.
            for line in report.lines:
                click.echo(separator + line, nl=False)
                separator = ",\n"
    if as_json:
        click.echo("[]" if separator == "[\n" else "\n]")
    else:
        click.echo(
            scan_summary(tables, verbose=verbose, per_file=per_file, failed=errors.failed_files)
        )
    return errors.exit_code(1 if fail_on_flags and flags else 0)


@click.command()
@_PATHS
@click.option("--dry-run", is_flag=True, help="Print the word diffs; write nothing.")
@click.option(
    "--all", "apply_all", is_flag=True, help="Apply every suggestion, not only auto rules."
)
@jobs_option
@dask_option
@click.option(
    "--collect",
    is_flag=True,
    help="Workers send the fixed documents back and this process writes the versions.",
)
@wait_option
@keep_numbers_option
@common_options
@glossary_option
@encoding_option
def apply(
    paths: tuple[Path, ...],
    dry_run: bool,
    apply_all: bool,
    jobs: int | None,
    quiet: bool,
    dask: str | None,
    collect: bool,
    wait: float,
    keep_cue_numbers: bool,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
    glossary: tuple[Path, ...],
    encoding: str | None,
) -> int:
    """Apply the auto rules (or, with --all, every suggestion) and write new versions."""
    from workbench.cli.filework import ApplyWork, FileErrors

    versions = writing_store(store, wait, keep_cue_numbers)
    rule_set = rule_set_from_options(rules, no_default_rules, glossary, versions)
    errors = FileErrors()
    sources = errors.files_of(paths)
    work = ApplyWork(
        rule_set,
        versions.root,
        encoding,
        wait=wait,
        apply_all=apply_all,
        dry_run=dry_run,
        color=bool(sys.stdout and sys.stdout.isatty()),
        keep_cue_numbers=keep_cue_numbers,
    )
    work.collect = collect and not dry_run
    if dask is not None:
        work.cwd = Path.cwd()
        if not work.collect and not dry_run:
            work.bases = _latest_versions(sources, versions)
    per_rule: Counter[str] = Counter()
    with run_batch(
        work, sources, label="applying rules", jobs=jobs, quiet=quiet, dask=dask
    ) as reports:
        for report in map(work.write_collected, reports):
            errors.of(report)
            per_rule.update(report.counts)
            for line in report.lines:
                click.echo(line)
    for rule_id, count in sorted(per_rule.items(), key=lambda item: (-item[1], item[0])):
        click.echo(f"  {rule_id:<28} {count:>5}")
    verb = "would make" if dry_run else "made"
    changes = plural(sum(per_rule.values()), "change")
    files = files_done(len(sources) - errors.failed_files, errors.failed_files)
    click.echo(f"total: {verb} {changes} in {files}")
    return errors.exit_code(0)


def _latest_versions(sources: Sequence[Path], versions: Store) -> dict[Path, int]:
    """Each file's latest version now (a file whose store cannot be read is left out:
    its own work reports it)."""
    latest: dict[Path, int] = {}
    for source in sources:
        try:
            latest[source] = versions.latest(source).number
        except (WorkbenchError, OSError):
            continue
    return latest


@click.group(
    "rules",
    cls=LazyGroup,
    lazy_commands={
        "show": "workbench.cli.rules_show:show",
        "stats": "workbench.cli.rules_stats:stats",
    },
)
def rules_group() -> None:
    """Work with rule files."""


@rules_group.command("check")
@click.argument("dirs", nargs=-1, type=RuleFolder("rules check"))
@common_options
def check(
    dirs: tuple[Path, ...], rules: tuple[Path, ...], no_default_rules: bool, store: Path
) -> int:
    """Validate the rule files in DIR... (default: the shipped pack) and run their examples.

    Patches in DIR... apply to the shipped pack (unless --no-default-rules) and
    to the folders before them.
    """
    from workbench.errors import UsageError
    from workbench.resources import shipped_rules_dir
    from workbench.rulecheck import check_rule_dirs
    from workbench.ruleset import rule_files

    folders = list(dirs or rules) or [shipped_rules_dir()]
    for folder in folders:
        if not rule_files(folder):  # a wrong folder would otherwise pass as "ok"
            raise UsageError(f"{folder}: no rule files here; expected *.yaml or *.yml rule files")
    base = [] if no_default_rules or shipped_rules_dir() in folders else [shipped_rules_dir()]
    problems = check_rule_dirs(folders, base)
    for problem in problems:
        click.echo(str(problem))
    files = _count(sum(len(rule_files(folder)) for folder in folders), "rule file")
    if problems:
        click.echo(f"{_count(len(problems), 'problem')} in {files}", err=True)
        return 1
    click.echo(f"ok: {files}, every example holds")
    return 0


def _count(number: int, noun: str) -> str:
    """``1 problem``, ``2 problems``: a count and its noun, plural unless one."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
