"""What one file's work gives back to the command, and the shape of that work."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class FileReport:
    """What the work on one file printed and counted, for the command to show in order.

    A report is small and plain (strings and counts), so it crosses a process or
    a network cheaply: the heavy objects (transcripts, suggestions) stay where
    the file was worked on.
    """

    source: Path
    """The file as the command was given it."""
    lines: tuple[str, ...] = ()
    """What the command prints for this file (table lines, JSON objects, diffs, versions)."""
    errors: tuple[str, ...] = ()
    """One stderr line per problem that stopped this file (the batch goes on)."""
    problems: tuple[str, ...] = ()
    """Rules that failed here and were dropped (a pattern over its time limit): the
    command reports each once per run, however many workers met it."""
    counts: Counter[str] = field(default_factory=Counter)
    """Tallies the command adds up over files (changes per rule, flags)."""
    found: tuple[Any, ...] = ()
    """Values the command gathers over files (``terms suggest``: the sightings)."""
    segments: int = 0
    """Segments of the file that was read (for the progress bar's rate)."""


class FileWork(Protocol):
    """One command's work on one file: picklable, and cheap to call again.

    What it compiles (the engine of a rule set) it builds on its first call and
    keeps, so a worker process builds it once; pickling leaves it out.
    """

    def __call__(self, source: Path) -> FileReport:
        """Work on ``source``; every problem of this file is in the report, never raised."""
        ...
