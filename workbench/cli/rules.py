"""``scan``, ``apply`` and ``rules check``: the rule engine from the command line.

``scan`` and ``apply`` work on each document's latest version (the source when
it has none). Neither imports the TUI; the engine, the rule loader and the
formats are imported inside the commands, so ``--help`` stays quick.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.lazy import LazyGroup
from workbench.cli.options import (
    common_options,
    encoding_option,
    glossary_option,
    keep_numbers_option,
    rule_set_from_options,
    wait_option,
    writing_store,
)
from workbench.errors import WorkbenchError, os_error_line

if TYPE_CHECKING:
    from workbench.documents import OpenDocument
    from workbench.engine import Engine, Fix, ScanResult
    from workbench.model import Suggestion
    from workbench.ruleset import RuleSet
    from workbench.store import Store

_PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


def _label(doc: OpenDocument, given: Path) -> str:
    """The path to report: as given for the source, else the version file's path."""
    return str(given) if doc.version == 0 else str(doc.path)


def _progress(sources: Sequence[Path], label: str) -> AbstractContextManager[Iterable[Path]]:
    """A progress bar over files on stderr, shown only to a person at a terminal."""
    return click.progressbar(sources, label=label, file=sys.stderr, hidden=not sys.stderr.isatty())


class FileErrors:
    """Errors of single files in a batch: each is one stderr line, and the batch goes on."""

    def __init__(self) -> None:
        self.count = 0

    @contextmanager
    def guard(self, source: Path) -> Iterator[None]:
        """Report any error raised while working on ``source`` as one line, and carry on.

        This is the edge of one file's work: an error of ours, an OS error, and
        any other exception (a bug that one file sets off) all stop that file
        alone, never the files after it.
        """
        try:
            yield
        except WorkbenchError as error:
            self.report(error)
        except BrokenPipeError:
            raise  # stdout was closed (``| head``): the command's end, not this file's
        except OSError as error:
            self.report(os_error_line(error))
        except Exception as error:  # noqa: BLE001  # the batch's edge: one line, then the next file
            self.report(f"{source}: unexpected {type(error).__name__}: {error}")

    def files_of(self, paths: Sequence[Path]) -> list[Path]:
        """The files of ``paths`` (``expand_paths``): a path that names none (missing,
        refused by the OS, a folder without transcripts) is one line, and the rest go on."""
        from workbench.documents import expand_paths

        files: list[Path] = []
        for path in paths:
            with self.guard(path):
                files += expand_paths([path])
        return files

    def report(self, error: WorkbenchError | str) -> None:
        """One stderr line for a problem that did not stop the batch."""
        self.count += 1
        click.echo(f"workbench: error: {error}", err=True)

    def exit_code(self, success: int) -> int:
        """2 when any file failed (bad input), else ``success``."""
        return 2 if self.count else success


def scan_documents(
    paths: Sequence[Path],
    rule_set: RuleSet,
    store: Store,
    errors: FileErrors,
    encoding: str | None = None,
    vocabulary: set[str] | None = None,
) -> list[tuple[str, ScanResult]]:
    """Each readable document's report path and scan result, in the order of ``paths``.

    ``vocabulary``: the words the spell checker takes as known (default: the
    canonical forms of ``rule_set``'s terms).
    """
    from workbench.documents import open_latest
    from workbench.engine import Engine

    engine = Engine(rule_set, vocabulary=vocabulary)
    results: list[tuple[str, ScanResult]] = []
    sources = errors.files_of(paths)
    with _progress(sources, "scanning") as bar:
        for source in bar:
            with errors.guard(source):
                doc = open_latest(source, store, encoding)
                result = engine.flags(doc.transcript)
                for problem in result.problems:  # a rule that failed, dropped from then on
                    errors.report(problem)
                results.append((_label(doc, source), result))
    return results


def _echo_json_array(objects: Iterable[dict[str, object]]) -> None:
    """Print a JSON array an object at a time: a corpus with a million flags
    never holds them all as one string."""
    separator = "[\n"
    for obj in objects:
        body = json.dumps(obj, indent=2, ensure_ascii=False)
        click.echo(separator + textwrap.indent(body, "  "), nl=False)
        separator = ",\n"
    click.echo("[]" if separator == "[\n" else "\n]")


@click.command()
@_PATHS
@click.option("--json", "as_json", is_flag=True, help="Print the flags as one JSON array.")
@click.option("--fail-on-flags", is_flag=True, help="Exit 1 when anything is flagged (for CI).")
@click.option(
    "--verbose", "-v", is_flag=True, help="List each suggestion that lost an overlap, not counts."
)
@click.option(
    "--rule",
    "only",
    multiple=True,
    metavar="ID",
    help="Run only this rule, even one turned off (repeatable).",
)
@common_options
@glossary_option
@encoding_option
def scan(
    paths: tuple[Path, ...],
    as_json: bool,
    fail_on_flags: bool,
    verbose: bool,
    only: tuple[str, ...],
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
    glossary: tuple[Path, ...],
    encoding: str | None,
) -> int:
    """Show what the rules flag in PATH... (files or folders), per file and rule."""
    from workbench.cli.scan_table import scan_summary
    from workbench.engine import canonical_words, flag_json
    from workbench.store import Store

    versions = Store(store)
    rule_set = rule_set_from_options(rules, no_default_rules, glossary, versions)
    # The other rules' terms stay the spell checker's vocabulary, as in a full scan.
    vocabulary = canonical_words(rule_set.rules)
    if only:
        rule_set = rule_set.only(only)
    errors = FileErrors()
    results = scan_documents(paths, rule_set, versions, errors, encoding, vocabulary)
    if as_json:
        _echo_json_array(
            flag_json(suggestion, label)
            for label, result in results
            for suggestion in result.suggestions
        )
    else:
        click.echo(scan_summary(results, verbose=verbose))
    flagged_any = any(result.suggestions for _, result in results)
    return errors.exit_code(1 if fail_on_flags and flagged_any else 0)


@click.command()
@_PATHS
@click.option("--dry-run", is_flag=True, help="Print the word diffs; write nothing.")
@click.option(
    "--all", "apply_all", is_flag=True, help="Apply every suggestion, not only auto rules."
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
    wait: float,
    keep_cue_numbers: bool,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
    glossary: tuple[Path, ...],
    encoding: str | None,
) -> int:
    """Apply the auto rules (or, with --all, every suggestion) and write new versions."""
    from workbench.engine import Engine

    versions = writing_store(store, wait, keep_cue_numbers)
    rule_set = rule_set_from_options(rules, no_default_rules, glossary, versions)
    engine = Engine(rule_set)
    per_rule: Counter[str] = Counter()
    errors = FileErrors()
    sources = errors.files_of(paths)
    with _progress(sources, "applying rules") as bar:
        for source in bar:
            with errors.guard(source):
                applied = _apply_one(
                    source, engine, versions, rule_set, errors, apply_all, dry_run, encoding
                )
                per_rule.update(applied)
    for rule_id, count in sorted(per_rule.items(), key=lambda item: (-item[1], item[0])):
        click.echo(f"  {rule_id:<28} {count:>5}")
    verb = "would make" if dry_run else "made"
    click.echo(f"total: {verb} {sum(per_rule.values())} changes in {len(sources)} files")
    return errors.exit_code(0)


def _apply_one(
    source: Path,
    engine: Engine,
    versions: Store,
    rule_set: RuleSet,
    errors: FileErrors,
    apply_all: bool,
    dry_run: bool,
    encoding: str | None,
) -> Counter[str]:
    """Apply the chosen suggestions to one document's latest version; the changes per rule.

    The document is read and fixed without its lock (a file that cannot be
    read, or needs no change, leaves the store as it was), then written under
    it. When another process wrote a version meanwhile, the document is read
    and fixed again while the lock is held, so no writer's changes are lost.
    """
    from workbench.documents import open_latest
    from workbench.model import Decision

    def read_and_fix() -> tuple[OpenDocument, Fix]:
        doc = open_latest(source, versions, encoding)
        fix = engine.fix(doc.transcript, everything=apply_all)
        for problem in fix.problems:  # a rule that failed, dropped from then on
            errors.report(problem)
        return doc, fix

    doc, fix = read_and_fix()
    if not fix.count:
        return Counter()
    label = _label(doc, source)
    if dry_run:
        _print_diffs(label, fix.changes())
        return fix.counts()
    with versions.lock(doc.doc_id):
        if versions.latest(source).number != doc.version:
            doc, fix = read_and_fix()
            if not fix.count:
                return Counter()
            label = _label(doc, source)
        now = datetime.now(UTC)
        decisions = [Decision(s, "auto", s.after, now) for s in fix.changes()]
        ref = versions.write_version(
            source, fix.transcript, decisions, parent=doc.version, rule_files=rule_set.files
        )
    click.echo(f"{label} → {ref.path} ({fix.count} changes)")
    return fix.counts()


def _print_diffs(label: str, changes: Sequence[Suggestion]) -> None:
    """Each change as ``file:line: rule: word diff``."""
    from workbench.diffing import render_terminal, word_diff

    color = sys.stdout.isatty()
    for change in changes:
        diff = render_terminal(word_diff(change.original, change.suggestion), color=color)
        click.echo(f"{label}:{change.line}: {change.rule_id}: {diff}")


@click.group("rules", cls=LazyGroup, lazy_commands={"show": "workbench.cli.rules_show:show"})
def rules_group() -> None:
    """Work with rule files."""


@rules_group.command("check")
@click.argument("dirs", nargs=-1, type=click.Path(file_okay=False, path_type=Path))
@common_options
def check(
    dirs: tuple[Path, ...], rules: tuple[Path, ...], no_default_rules: bool, store: Path
) -> int:
    """Validate the rule files in DIR... (default: the shipped pack) and run their examples.

    Patches in DIR... apply to the shipped pack (unless --no-default-rules) and
    to the folders before them.
    """
    from workbench.resources import shipped_rules_dir
    from workbench.ruleset import check_rule_dirs, rule_files

    folders = list(dirs or rules) or [shipped_rules_dir()]
    base = [] if no_default_rules or shipped_rules_dir() in folders else [shipped_rules_dir()]
    problems = check_rule_dirs(folders, base)
    for problem in problems:
        click.echo(str(problem))
    files = sum(len(rule_files(folder)) for folder in folders)
    if problems:
        click.echo(f"{len(problems)} problems in {files} rule files", err=True)
        return 1
    click.echo(f"ok: {files} rule files, every example holds")
    return 0
