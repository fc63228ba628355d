"""``workbench terms suggest``: seed a glossary from the corpus itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.options import common_options
from workbench.cli.rules import FileErrors

if TYPE_CHECKING:
    from workbench.store import Store
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
@common_options
def suggest(
    paths: tuple[Path, ...],
    top: int,
    min_count: int,
    as_json: bool,
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
    from workbench.store import Store
    from workbench.termsuggest import cluster_phrases

    errors = FileErrors()
    found = cluster_phrases(_sightings(paths, Store(store), errors))
    shown = [c for c in found if c.count >= min_count][:top]
    if as_json:
        click.echo(json.dumps([_as_dict(cluster) for cluster in shown], indent=2))
        return errors.exit_code(0)
    for cluster in shown:
        spellings = ", ".join(f"{p} ×{n}" for p, n in cluster.spellings[:SHOWN_SPELLINGS])
        more = len(cluster.spellings) - SHOWN_SPELLINGS
        click.echo(f"{cluster.count:5}  {spellings}{f', +{more} more' if more > 0 else ''}")
        click.echo(f"       e.g. {'; '.join(cluster.examples)}")
    return errors.exit_code(0)


def _sightings(paths: tuple[Path, ...], store: Store, errors: FileErrors) -> list[Sighting]:
    """Every candidate phrase of every readable transcript under ``paths`` (at its
    latest version), with its ``file:line``; each path or file that fails is
    reported to ``errors``."""
    from workbench.documents import open_latest
    from workbench.soundalike import english, tokenize
    from workbench.termsuggest import Sighting, candidate_phrases

    lexicon = english()
    sightings: list[Sighting] = []
    for source in errors.files_of(paths):
        with errors.guard(source):
            doc = open_latest(source, store)
            path = source if doc.version == 0 else doc.path
            transcript = doc.transcript
            texts = [seg.text for seg in transcript.segments]
            tokens = tokenize(enumerate(texts))
            here: list[Sighting] = []
            for found in candidate_phrases(tokens, lexicon, texts):
                line = transcript.segments[tokens[found.first].segment].line
                where = f"{path}:{line}" if line else str(path)
                here.append(Sighting(found.phrase, where, found.alone))
            sightings += here  # a file that fails half-way adds nothing
    return sightings


def _as_dict(cluster: Cluster) -> dict[str, object]:
    """A cluster as ``--json`` prints it."""
    return {
        "members": [{"text": text, "count": count} for text, count in cluster.spellings],
        "count": cluster.count,
        "examples": list(cluster.examples),
    }
