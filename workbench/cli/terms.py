"""``workbench terms suggest``: seed a glossary from the corpus itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from workbench.termsuggest import Cluster, Sighting

SHOWN_SPELLINGS = 8
"""Spellings listed per cluster in the text output (``--json`` lists all)."""


@click.group("terms")
def terms_group() -> None:
    """Help build a glossary for sound-alike detection."""


@terms_group.command("suggest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--top", default=40, show_default=True, help="How many candidates to list.")
@click.option("--min-count", default=2, show_default=True, help="Leave out rarer candidates.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print a JSON array of {"members": [{"text", "count"}], "count", "examples"}.',
)
def suggest(paths: tuple[Path, ...], top: int, min_count: int, as_json: bool) -> None:
    """List candidate glossary terms: unknown words and names, grouped by sound.

    Spellings that sound alike across all files ("ChatGBT", "chat GBT", "Chad
    gbt", "jgbt") form one candidate, most frequent first, with counts and
    example places. Pick the right spelling of each into a glossary file.
    """
    from workbench.termsuggest import cluster_phrases

    shown = [c for c in cluster_phrases(_sightings(paths)) if c.count >= min_count][:top]
    if as_json:
        click.echo(json.dumps([_as_dict(cluster) for cluster in shown], indent=2))
        return
    for cluster in shown:
        spellings = ", ".join(f"{p} ×{n}" for p, n in cluster.spellings[:SHOWN_SPELLINGS])
        more = len(cluster.spellings) - SHOWN_SPELLINGS
        click.echo(f"{cluster.count:5}  {spellings}{f', +{more} more' if more > 0 else ''}")
        click.echo(f"       e.g. {'; '.join(cluster.examples)}")


def _sightings(paths: tuple[Path, ...]) -> list[Sighting]:
    """Every candidate phrase of every transcript under ``paths``, with its ``file:line``."""
    from workbench import formats
    from workbench.documents import expand_paths
    from workbench.soundalike import english, tokenize
    from workbench.termsuggest import Sighting, candidate_phrases

    lexicon = english()
    sightings: list[Sighting] = []
    for path in expand_paths(paths):
        transcript = formats.load(path)
        texts = [seg.text for seg in transcript.segments]
        tokens = tokenize(enumerate(texts))
        for found in candidate_phrases(tokens, lexicon, texts):
            line = transcript.segments[tokens[found.first].segment].line
            where = f"{path}:{line}" if line else str(path)
            sightings.append(Sighting(found.phrase, where, found.alone))
    return sightings


def _as_dict(cluster: Cluster) -> dict[str, object]:
    """A cluster as ``--json`` prints it."""
    return {
        "members": [{"text": text, "count": count} for text, count in cluster.spellings],
        "count": cluster.count,
        "examples": list(cluster.examples),
    }
