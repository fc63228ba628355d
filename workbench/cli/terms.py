"""``workbench terms suggest``: seed a glossary from the corpus itself."""

from __future__ import annotations

from pathlib import Path

import click

from workbench import formats
from workbench.documents import expand_paths
from workbench.soundalike import Sighting, candidate_phrases, cluster_phrases, english, tokenize


@click.group("terms")
def terms_group() -> None:
    """Help build a glossary for sound-alike detection."""


@terms_group.command("suggest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--top", default=40, show_default=True, help="How many candidates to list.")
@click.option("--min-count", default=2, show_default=True, help="Leave out rarer candidates.")
def suggest(paths: tuple[Path, ...], top: int, min_count: int) -> None:
    """List candidate glossary terms: unknown words and names, grouped by sound.

    Spellings that sound alike across all files ("ChatGBT", "chat GBT", "Chad
    gbt", "jgbt") form one candidate, most frequent first, with counts and
    example places. Pick the right spelling of each into a glossary file.
    """
    lexicon = english()
    sightings: list[Sighting] = []
    for path in expand_paths(paths):
        transcript = formats.load(path)
        tokens = tokenize((seg.index, seg.text) for seg in transcript.segments)
        for first, phrase in candidate_phrases(tokens, lexicon):
            line = transcript.segments[tokens[first].segment].line
            sightings.append(Sighting(phrase, f"{path}:{line}" if line else str(path)))
    shown = [c for c in cluster_phrases(sightings) if c.count >= min_count][:top]
    for cluster in shown:
        spellings = ", ".join(f"{p} ×{n}" for p, n in cluster.spellings[:8])
        more = len(cluster.spellings) - 8
        click.echo(f"{cluster.count:5}  {spellings}{f', +{more} more' if more > 0 else ''}")
        click.echo(f"       e.g. {'; '.join(cluster.examples)}")
