"""``workbench speakers DOC``: who speaks in a document, and renaming a speaker.

The speakers are those of the document's latest version, with the number of
segments each one speaks. ``--rename OLD=NEW`` (repeatable) gives every segment
of OLD the speaker NEW and writes the result as the next version through the
store, one manifest entry per segment changed (rule and kind ``speaker``, with
``speakers: {before, after}``), as any decision is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.options import common_options, wait_option, writing_store
from workbench.errors import UsageError
from workbench.wording import plural

if TYPE_CHECKING:
    from workbench.documents import OpenDocument
    from workbench.model import Decision


def _renames(values: Sequence[str]) -> list[tuple[str, str]]:
    """``OLD=NEW`` pairs, each side stripped and not empty."""
    pairs = []
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip() or old.strip() == new.strip():
            raise UsageError(f"--rename {value!r}: expected OLD=NEW, two different speaker names")
        pairs.append((old.strip(), new.strip()))
    return pairs


def _rename(opened: OpenDocument, pairs: Sequence[tuple[str, str]]) -> list[Decision]:
    """One accepted decision per segment whose speaker is renamed."""
    from workbench.model import Decision
    from workbench.speakers import speaker_change, speaker_counts

    transcript = opened.transcript
    counts = speaker_counts(transcript)
    now = datetime.now(UTC)
    decisions = []
    for old, new in pairs:
        if old not in counts:
            known = ", ".join(sorted(name for name in counts if name is not None)) or "none"
            raise UsageError(f"{opened.path}: no speaker {old!r}; expected one of: {known}")
        for seg in transcript.segments:
            if seg.speaker == old:
                change = speaker_change(transcript, [seg.index], new, f"speaker {old} → {new}")
                decisions.append(Decision(change, "accepted", change.after, now))
    return decisions


def _listing(opened: OpenDocument, as_json: bool) -> None:
    from workbench.speakers import speaker_counts

    counts = speaker_counts(opened.transcript)
    named = sorted((name, n) for name, n in counts.items() if name is not None)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "document": opened.doc_id,
                    "version": opened.version,
                    "speakers": [{"speaker": name, "segments": n} for name, n in named],
                    "without_speaker": counts.get(None, 0),
                },
                ensure_ascii=False,
            )
        )
        return
    click.echo(f"{opened.doc_id} (version {opened.version}): {len(named)} speakers")
    width = max((len(name) for name, _ in named), default=0)
    for name, n in named:
        click.echo(f"  {name:<{width}}  {n} segment{'' if n == 1 else 's'}")
    if counts.get(None):
        click.echo(f"  {counts[None]} segments without a speaker")


@click.command()
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option(
    "--rename",
    "renames",
    multiple=True,
    metavar="OLD=NEW",
    help="Give every segment of speaker OLD the speaker NEW, as a new version (repeatable).",
)
@wait_option
@common_options
def speakers(
    doc: str,
    as_json: bool,
    renames: tuple[str, ...],
    wait: float,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
) -> None:
    """List the speakers of DOC with their segment counts, or rename one (--rename OLD=NEW)."""
    from workbench.documents import open_latest
    from workbench.engine import apply_decisions
    from workbench.store import resolve_document

    versions = writing_store(store, wait)
    _, source = resolve_document(doc, versions)
    opened = open_latest(source, versions)
    if not renames:
        _listing(opened, as_json)
        return
    decisions = _rename(opened, _renames(renames))
    renamed = apply_decisions(opened.transcript, decisions)
    ref = versions.write_version(source, renamed, decisions, parent=opened.version, rule_files=())
    click.echo(f"{ref.path}: {plural(len(decisions), 'segment')} given a new speaker")
