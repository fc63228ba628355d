"""``workbench replay DOC --onto NEW_FILE``: carry review decisions to a re-transcription.

``review NEW_FILE --from DOC`` runs the same replay before the screen opens.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.options import (
    common_options,
    encoding_option,
    glossary_option,
    rule_set_from_options,
    wait_option,
    writing_store,
)
from workbench.wording import plural

if TYPE_CHECKING:
    from workbench.replay import ReplayResult
    from workbench.ruleset import RuleSet
    from workbench.store import Store


@click.command("replay")
@click.argument("doc")
@click.option(
    "--onto",
    "onto",
    required=True,
    metavar="NEW_FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The re-transcribed file (a new document) to carry DOC's decisions to.",
)
@wait_option
@common_options
@glossary_option
@encoding_option
def replay(
    doc: str,
    onto: Path,
    wait: float,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
    glossary: tuple[Path, ...],
    encoding: str | None,
) -> None:
    """Carry the review decisions on DOC to NEW_FILE, a new transcript of the same audio.

    Accepted and edited changes are made where their words are found in the
    aligned place (by time, else by text) and written as NEW_FILE's first
    version, whose manifest names DOC's version as its origin; rejections are
    kept as rejections for review. What found nothing to apply to is listed.
    """
    versions = writing_store(store, wait)
    rule_set = rule_set_from_options(rules, no_default_rules, glossary, versions)
    carry_decisions(doc, onto, versions, rule_set, encoding)


def carry_decisions(
    doc: str, onto: Path, store: Store, rule_set: RuleSet, encoding: str | None
) -> ReplayResult:
    """Replay DOC's decisions onto ``onto``: write its first version, record the
    rejections, and print what was carried and what was not."""
    from workbench.documents import open_latest, open_version
    from workbench.engine import Engine
    from workbench.errors import UsageError
    from workbench.replay import Replay
    from workbench.review.db import ReviewDB, read_decisions
    from workbench.store import document_name, resolve_document

    doc_id, source = resolve_document(doc, store)
    new_id = document_name(onto)
    if new_id == doc_id:
        raise UsageError(f"is document {doc_id} itself; give the re-transcription", path=onto)
    if store.versions(new_id):
        raise UsageError(
            f"document {new_id} has versions already; replay writes a document's first version",
            path=onto,
        )
    numbers = [info.number for info in store.versions(doc_id)]
    latest = numbers[-1] if numbers else 0
    old = [open_version(source, store, n).transcript for n in reversed([0, *numbers])]
    new = open_latest(onto, store, encoding)
    origin = f"{doc_id} v{latest:03d}"
    decisions = read_decisions(store.db_path, [doc_id])
    fixed, result = Replay(old, Engine(rule_set), origin).run(decisions, new.transcript)
    verdicts = [d.verdict for d in result.decisions] + ["rejected"] * len(result.rejections)
    counts = ", ".join(
        f"{verdicts.count(v)} {v}" for v in ("accepted", "edited", "rejected") if v in verdicts
    )
    click.echo(
        f"{origin} → {onto}: {result.carried} of {result.carried + len(result.missing)} "
        f"decisions carried{f' ({counts})' if counts else ''}, "
        f"{len(result.missing)} found nothing to apply to{':' if result.missing else ''}"
    )
    for decision, why in result.missing:
        old_flag = decision.suggestion
        where = f"line {old_flag.line}" if old_flag.line is not None else "header/footer"
        click.echo(f"  {where} ({old_flag.rule_id}, {decision.verdict}): {why}")
    if result.decisions:
        ref = store.write_version(
            onto,
            fixed,
            result.decisions,
            parent=0,
            rule_files=rule_set.files,
            origin={"document": doc_id, "version": latest},
        )
        click.echo(
            f"{onto} → {ref.path} ({plural(len(result.decisions), 'change')}, origin {origin})"
        )
    if result.rejections:
        db = ReviewDB(store.db_path)
        try:
            db.record((flag, "rejected", flag.after) for flag in result.rejections)
        finally:
            db.close()
    return result
