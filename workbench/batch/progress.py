"""A progress bar over a whole corpus on stderr: segments done of the total, rate, ETA.

Shown only to a person at a terminal (stderr a TTY) and never with ``--quiet``.
The bar advances by the files' sizes, known before anything is read; the total
of segments is estimated from the segments per byte of the files done so far
(``~``), and is exact once every file is done.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click

from workbench.batch.reports import FileReport


class CorpusProgress:
    """Counts what is done; renders the line the bar shows after its ETA."""

    def __init__(self, sources: Sequence[Path]) -> None:
        self.sizes = {source: _size(source) for source in sources}
        self.total_bytes = max(sum(self.sizes.values()), 1)
        self.files = len(sources)
        self.done_files = 0
        self.done_bytes = 0
        self.segments = 0
        self.started = time.monotonic()

    def add(self, report: FileReport) -> int:
        """Count ``report``'s file as done; the bytes the bar advances by."""
        self.done_files += 1
        self.segments += report.segments
        size = self.sizes.get(report.source, 0)
        self.done_bytes += size
        return size

    def describe(self) -> str:
        """``files 3/10  12,345/~41,000 segments  8,200 segments/s``."""
        if self.done_files == self.files or not self.done_bytes:
            total = f"{self.segments:,}"
        else:
            total = f"~{round(self.segments * self.total_bytes / self.done_bytes):,}"
        rate = self.segments / max(time.monotonic() - self.started, 1e-9)
        return (
            f"files {self.done_files}/{self.files}  "
            f"{self.segments:,}/{total} segments  {rate:,.0f} segments/s"
        )


def _size(source: Path) -> int:
    try:
        return source.stat().st_size
    except OSError:
        return 0  # the file's work reports it


@contextmanager
def corpus_progress(
    reports: Iterator[FileReport], sources: Sequence[Path], label: str, *, quiet: bool
) -> Iterator[Iterator[FileReport]]:
    """``reports`` as they come, with a progress bar on stderr when a person watches."""
    counter = CorpusProgress(sources)
    hidden = quiet or not (sys.stderr and sys.stderr.isatty())  # None: stderr closed
    with click.progressbar(
        length=counter.total_bytes,
        label=label,
        file=sys.stderr,
        hidden=hidden,
        show_eta=True,
        show_percent=True,
        item_show_func=lambda text: text,
    ) as bar:

        def advanced() -> Iterator[FileReport]:
            for report in reports:
                size = counter.add(report)
                bar.update(size, counter.describe())
                yield report

        yield advanced()
