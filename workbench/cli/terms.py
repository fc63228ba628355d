"""``workbench terms suggest``: seed a glossary from the corpus itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.batching import jobs_option, run_batch
from workbench.cli.options import common_options

if TYPE_CHECKING:
    from workbench.batch import FileReport
    from workbench.termsuggest import Cluster, Sighting

SHOWN_SPELLINGS = 8
"""Spellings listed per cluster in the text output (``--json`` lists all)."""


@click.group("terms")
def terms_group() -> None:
    """Help build a glossary for sound-alike detection."""


@terms_group.command("suggest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False, path_type=Path))
@click.option("--top", default=40, show_default=True, help="How many candidates to list.")
@click.option("--min-count", default=2, show_default=True, help="Leave out rarer candidates.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print a JSON array of {"members": [{"text", "count"}], "count", "examples"}.',
)
@jobs_option
@common_options
def suggest(
    paths: tuple[Path, ...],
    top: int,
    min_count: int,
    as_json: bool,
    jobs: int | None,
    quiet: bool,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
) -> int:
    """List candidate glossary terms: unknown words and names, grouped by sound.

    Spellings that sound alike across all files ("ChatGBT", "chat GBT", "Chad
    gbt", "jgbt") form one candidate, most frequent first, with counts and
    example places. Pick the right spelling of each into a glossary file.
    Each document is read at its latest version in the store, as scan reads
    it; rule folders play no part. A file that cannot be read is one line on
    stderr; the others are still listed, and the exit code is 2.
    """
    from workbench.cli.filework import FileErrors
    from workbench.termsuggest import cluster_phrases

    errors = FileErrors()
    sources = errors.files_of(paths)
    sightings: list[Sighting] = []
    work = Sightings(store)
    with run_batch(work, sources, label="reading", jobs=jobs, quiet=quiet) as reports:
        for report in reports:
            errors.of(report)
            sightings += report.found
    shown = [c for c in cluster_phrases(sightings) if c.count >= min_count][:top]
    if as_json:
        click.echo(json.dumps([_as_dict(cluster) for cluster in shown], indent=2))
        return errors.exit_code(0)
    for cluster in shown:
        spellings = ", ".join(f"{p} ×{n}" for p, n in cluster.spellings[:SHOWN_SPELLINGS])
        more = len(cluster.spellings) - SHOWN_SPELLINGS
        click.echo(f"{cluster.count:5}  {spellings}{f', +{more} more' if more > 0 else ''}")
        click.echo(f"       e.g. {'; '.join(cluster.examples)}")
    return errors.exit_code(0)


class Sightings:
    """``terms suggest`` on one file: every candidate phrase of its latest version in
    the store at ``store``, with its ``file:line``."""

    def __init__(self, store: Path) -> None:
        self.store = store

    def __call__(self, source: Path) -> FileReport:
        """The candidate phrases of ``source`` (a file that cannot be read: one error line)."""
        from workbench.batch import FileReport
        from workbench.cli.filework import one_file
        from workbench.documents import open_latest
        from workbench.soundalike import english, tokenize
        from workbench.store import Store
        from workbench.termsuggest import Sighting, candidate_phrases

        errors: list[str] = []
        with one_file(source, errors):
            doc = open_latest(source, Store(self.store))
            path = source if doc.version == 0 else doc.path
            transcript = doc.transcript
            texts = [seg.text for seg in transcript.segments]
            tokens = tokenize(enumerate(texts))
            found = []
            for phrase in candidate_phrases(tokens, english(), texts):
                line = transcript.segments[tokens[phrase.first].segment].line
                where = f"{path}:{line}" if line else str(path)
                found.append(Sighting(phrase.phrase, where, phrase.alone))
            return FileReport(source, found=tuple(found), segments=len(texts))
        return FileReport(source, errors=tuple(errors))


def _as_dict(cluster: Cluster) -> dict[str, object]:
    """A cluster as ``--json`` prints it."""
    return {
        "members": [{"text": text, "count": count} for text, count in cluster.spellings],
        "count": cluster.count,
        "examples": list(cluster.examples),
    }
