"""What ``scan`` and ``apply`` do to one file, as a picklable work for ``workbench.batch``.

Each work renders what its command prints for the file (table lines, JSON
objects, diffs, the version written) where the file was worked on, so only
short strings travel back to the command, which prints them in the order of
the files. The engine is compiled on a work's first call and kept: once per
worker process, never pickled. The cyclic garbage collector is paused over
each file's work (``engine.collector_paused``): reading a file makes two
objects per segment, none of them in a cycle, and the collector's passes over
them were 40 % of reading a large file. The file's objects are gone before it
runs again (the work is done in a method of its own, and the engine keeps
nothing of a transcript after its scan): switched back on while a
100,000-segment file was still alive, its first pass walked all of it (0.1 s).
"""

from __future__ import annotations

import copy
import hashlib
import json
import textwrap
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from workbench import formats
from workbench.batch import FileReport, deferred_interrupts
from workbench.cli.options import writing_store
from workbench.cli.scan_table import FileFlags
from workbench.diffing import render_terminal, word_diff
from workbench.documents import OpenDocument, expand_paths, open_latest, open_version
from workbench.engine import Engine, Fix, collector_paused, flag_json
from workbench.errors import WorkbenchError, os_error_line
from workbench.model import Decision, Transcript
from workbench.ruleset import RuleSet
from workbench.store import Store
from workbench.wording import plural


@contextmanager
def one_file(source: Path, errors: list[str]) -> Iterator[None]:
    """Turn any error raised while working on ``source`` into one line in ``errors``.

    This is the edge of one file's work: an error of ours, an OS error, and any
    other exception (a bug that one file sets off) all stop that file alone,
    never the files after it.
    """
    try:
        yield
    except WorkbenchError as error:
        errors.append(str(error))
    except BrokenPipeError:
        raise  # stdout was closed (``| head``): the command's end, not this file's
    except OSError as error:
        errors.append(os_error_line(error))
    except Exception as error:  # noqa: BLE001  # the batch's edge: one line, then the next file
        errors.append(f"{source}: unexpected {type(error).__name__}: {error}")


class FileErrors:
    """Errors of single files in a batch: each is one stderr line, and the batch goes on.

    A rule that fails (and is dropped) is reported once, however many workers met it.
    """

    def __init__(self) -> None:
        self.count = 0
        self.failed_files = 0
        """Files the batch met that an error stopped (a missing path is not one)."""
        self._problems: set[str] = set()

    @contextmanager
    def guard(self, source: Path) -> Iterator[None]:
        """Work on ``source`` in this process: what stops it is one line (``one_file``),
        and the batch goes on."""
        lines: list[str] = []
        with one_file(source, lines):
            yield
        for line in lines:
            self.report(line)

    def files_of(self, paths: Sequence[Path]) -> list[Path]:
        """The files of ``paths`` (``expand_paths``): a path that names none (missing,
        refused by the OS, a folder without transcripts) is one line, and the rest go on."""
        files: list[Path] = []
        for path in paths:
            with self.guard(path):
                files += expand_paths([path])
        return files

    def of(self, report: FileReport) -> None:
        """Report what stopped ``report``'s file, and rules met there for the first time."""
        for problem in report.problems:
            if problem not in self._problems:
                self._problems.add(problem)
                self.report(problem)
        for error in report.errors:
            self.report(error)
        self.failed_files += bool(report.errors)

    def report(self, error: str) -> None:
        """One stderr line for a problem that did not stop the batch."""
        self.count += 1
        click.echo(f"workbench: error: {error}", err=True)

    def exit_code(self, success: int) -> int:
        """2 when any file failed (bad input), else ``success``."""
        return 2 if self.count else success


def report_label(doc: OpenDocument, given: Path) -> str:
    """The path to report: as given for the source, else the version file's path."""
    return str(given) if doc.version == 0 else str(doc.path)


def json_object(obj: dict[str, object]) -> str:
    """One flag as ``scan --json`` prints it inside its array (indented by two)."""
    return textwrap.indent(json.dumps(obj, indent=2, ensure_ascii=False), "  ")


class _EngineWork:
    """A work that compiles ``rule_set`` into an engine once per process."""

    def __init__(self, rule_set: RuleSet, store: Path, encoding: str | None) -> None:
        self.rule_set = rule_set
        self.store = store
        self.encoding = encoding
        self.cwd: Path | None = None
        """Set for workers elsewhere (Dask): relative paths are the command's, read from here."""
        self._engine: Engine | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_engine": None}

    def _new_engine(self) -> Engine:
        return Engine(self.rule_set)

    @property
    def engine(self) -> Engine:
        """The compiled rule set, built on first use."""
        if self._engine is None:
            self._engine = self._new_engine()
        return self._engine

    def _path(self, source: Path) -> Path:
        """Where this process reads ``source`` (as given, or under ``cwd``)."""
        return source if self.cwd is None else self.cwd / source


class ScanWork(_EngineWork):
    """``scan`` on one file: its counts for the tables, or its flags as JSON objects."""

    def __init__(
        self,
        rule_set: RuleSet,
        store: Path,
        encoding: str | None,
        *,
        vocabulary: frozenset[str],
        as_json: bool,
    ) -> None:
        super().__init__(rule_set, store, encoding)
        self.vocabulary = vocabulary
        self.as_json = as_json

    def _new_engine(self) -> Engine:
        return Engine(self.rule_set, vocabulary=self.vocabulary)

    def __call__(self, source: Path) -> FileReport:
        """The flags of ``source``'s latest version, rendered as ``scan`` prints them."""
        errors: list[str] = []
        with one_file(source, errors), collector_paused():
            # The document and its flags are gone when ``_scan`` returns, before the
            # collector is switched back on: it then has only the report to walk.
            return self._scan(source)
        return FileReport(source, errors=tuple(errors))

    def _scan(self, source: Path) -> FileReport:
        doc = open_latest(self._path(source), Store(self.store), self.encoding)
        result = self.engine.flags(doc.transcript)
        label = report_label(doc, source)
        lines: tuple[str, ...] = ()
        found: tuple[FileFlags, ...] = ()
        if self.as_json:
            lines = tuple(json_object(flag_json(s, label)) for s in result.suggestions)
        else:
            found = (FileFlags.of(label, result),)
        flagged = Counter(
            flags=len(result.suggestions), auto=sum(s.auto for s in result.suggestions)
        )
        return FileReport(
            source,
            lines,
            problems=tuple(map(str, result.problems)),
            counts=flagged,
            found=found,
            segments=len(doc.transcript.segments),
        )


class ApplyWork(_EngineWork):
    """``apply`` on one file: fix its latest version and write the next (or print the diffs)."""

    def __init__(
        self,
        rule_set: RuleSet,
        store: Path,
        encoding: str | None,
        *,
        wait: float,
        apply_all: bool,
        dry_run: bool,
        color: bool,
        keep_cue_numbers: bool = False,
    ) -> None:
        super().__init__(rule_set, store, encoding)
        self.wait = wait
        self.keep_cue_numbers = keep_cue_numbers
        """True: SRT versions keep the cue numbers read after a split or merge."""
        self.apply_all = apply_all
        self.dry_run = dry_run
        self.color = color
        self.bases: dict[Path, int] = {}
        """Each file's latest version when the run began, when a file may be worked on
        twice (a Dask worker lost after writing): a version this run already wrote is
        then reported, not written again."""
        self.collect = False
        """True (``--collect``): a worker sends the fixed document back (``Collected``)
        and the command writes it (``write_collected``); workers write nothing."""

    def __call__(self, source: Path) -> FileReport:
        """Apply the chosen suggestions to ``source``'s latest version; what was made."""
        errors: list[str] = []
        problems: list[str] = []
        with one_file(source, errors), collector_paused():
            return self._apply(source, problems)
        return FileReport(source, errors=tuple(errors), problems=tuple(problems))

    def _apply(self, source: Path, problems: list[str]) -> FileReport:
        """The document is read and fixed without its lock (a file that cannot be read,
        or needs no change, leaves the store as it was), then written under it. When
        another process wrote a version meanwhile, the document is read and fixed
        again while the lock is held, so no writer's changes are lost."""
        versions = writing_store(self.store, self.wait, self.keep_cue_numbers)
        path = self._path(source)

        def read_and_fix(number: int | None = None) -> tuple[OpenDocument, Fix]:
            doc = (
                open_latest(path, versions, self.encoding)
                if number is None
                else open_version(path, versions, number)
            )
            fix = self.engine.fix(doc.transcript, everything=self.apply_all)
            problems.extend(map(str, fix.problems))  # a rule that failed, dropped from then on
            return doc, fix

        def report(
            doc: OpenDocument, fix: Fix, lines: tuple[str, ...] = (), found: tuple[Any, ...] = ()
        ) -> FileReport:
            return FileReport(
                source,
                lines,
                problems=tuple(problems),
                counts=fix.counts(),
                found=found,
                segments=len(doc.transcript.segments),
            )

        doc, fix = read_and_fix()
        base = self.bases.get(source)
        if base is not None and doc.version != base:
            first, first_fix = read_and_fix(base)
            done = self._written_by_this_run(versions, doc, base, first_fix)
            if done is not None:
                versions.tidy(doc.doc_id)  # the lost attempt may have died before its cleanup
                return report(
                    first, first_fix, (self._written_line(first, source, first_fix, done),)
                )
        if not fix.count:
            return report(doc, fix)
        if self.dry_run:
            return report(doc, fix, self._diffs(report_label(doc, source), fix))
        if self.collect:
            label = report_label(doc, source)
            made = Collected(doc.version, label, fix.transcript, _auto(fix), fix.count)
            return report(doc, fix, found=(made,))
        with deferred_interrupts(), versions.lock(doc.doc_id):
            if versions.latest(path).number != doc.version:
                doc, fix = read_and_fix()
                if not fix.count:
                    return report(doc, fix)
            ref = versions.write_version(
                path, fix.transcript, _auto(fix), parent=doc.version, rule_files=self.rule_set.files
            )
        return report(doc, fix, (self._written_line(doc, source, fix, ref.path),))

    def write_collected(self, report: FileReport) -> FileReport:
        """Write the version a worker sent back (``--collect``), in the command's process.

        If another writer got in since the worker read the document, the file is
        worked on again here, as ``apply`` always does.
        """
        if not report.found:
            return report
        (made,) = report.found
        assert isinstance(made, Collected)
        errors: list[str] = []
        with one_file(report.source, errors):
            versions = writing_store(self.store, self.wait, self.keep_cue_numbers)
            path = self._path(report.source)
            with deferred_interrupts(), versions.lock(path.stem):
                if versions.latest(path).number == made.parent:
                    ref = versions.write_version(
                        path,
                        made.transcript,
                        made.decisions,
                        parent=made.parent,
                        rule_files=self.rule_set.files,
                    )
                    line = f"{made.label} → {ref.path} ({plural(made.count, 'change')})"
                    return replace(report, lines=(line,), found=())
            here = copy.copy(self)
            here.collect = False
            return here(report.source)
        # Nothing was written: the worker's counts are no changes made.
        return replace(report, errors=tuple(errors), found=(), counts=Counter())

    @staticmethod
    def _written_by_this_run(
        versions: Store, latest: OpenDocument, base: int, fix: Fix
    ) -> Path | None:
        """The version a lost attempt of this run wrote on version ``base`` (``fix`` is
        what fixing ``base`` makes): the latest, if its parent is ``base`` and its bytes
        are ``fix``'s; else None (another writer's)."""
        info = versions.versions(latest.doc_id)[-1]
        if not fix.count or info.manifest.get("parent") != base:
            return None
        made = hashlib.sha256(
            formats.to_bytes(fix.transcript, renumber=versions.renumber)
        ).hexdigest()
        return info.path if made == info.manifest.get("sha256") else None

    @staticmethod
    def _written_line(doc: OpenDocument, source: Path, fix: Fix, written: Path) -> str:
        return f"{report_label(doc, source)} → {written} ({plural(fix.count, 'change')})"

    def _diffs(self, label: str, fix: Fix) -> tuple[str, ...]:
        """Each change as ``file:line: rule: word diff``."""
        return tuple(
            f"{label}:{change.line}: {change.rule_id}: "
            + render_terminal(word_diff(change.original, change.suggestion), color=self.color)
            for change in fix.changes()
        )


@dataclass(frozen=True, slots=True)
class Collected:
    """A fixed document a worker sends back to be written by the command (``--collect``)."""

    parent: int
    """The version it was made from."""
    label: str
    """The path ``apply`` reports for it."""
    transcript: Transcript
    decisions: tuple[Decision, ...]
    count: int
    """How many changes were made (as ``apply`` reports)."""


def _auto(fix: Fix) -> tuple[Decision, ...]:
    """Each change of ``fix`` as the ``auto`` decision a version's manifest records."""
    now = datetime.now(UTC)
    return tuple(Decision(s, "auto", s.after, now) for s in fix.changes())
