"""``log``, ``diff`` and ``publish``: look at a document's versions and export one.

``DOC`` is a source file's path or the document's name in the store. None of
these commands writes to the store, and none ever writes a source or a version.
They take the common options like every command; the rule options do not
change what they show.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench import formats
from workbench.atomic import write_atomic
from workbench.cli.app import common_options
from workbench.diffing import render_html, render_terminal, transcript_rows
from workbench.documents import OpenDocument, open_version
from workbench.errors import UsageError
from workbench.store import Store, parse_version, resolve_document


def _version_name(number: int) -> str:
    return "v000 (source)" if number == 0 else f"v{number:03d}"


def _open(store: Store, source: Path, version: str | None) -> OpenDocument:
    """The document at ``version``, or at its latest version when ``version`` is None."""
    number = store.latest(source).number if version is None else parse_version(version)
    return open_version(source, store, number)


def _refuse_protected(out: Path, source: Path, store: Store) -> None:
    """An output file must never be the source or one of its versions."""
    protected = {source.resolve()}
    for info in store.versions(source.stem):
        protected |= {info.path.resolve(), info.manifest_path.resolve()}
    if out.resolve() in protected:
        raise UsageError("refusing to overwrite a source or a stored version", path=out)


@click.command()
@click.argument("doc")
@common_options
def log(doc: str, rules: tuple[Path, ...], no_default_rules: bool, store: Path) -> None:
    """List DOC's versions: number, time, parent and number of changes."""
    versions_store = Store(store)
    doc_id, source = resolve_document(doc, versions_store)
    versions = versions_store.versions(doc_id)
    click.echo(f"{doc_id}  (source: {source})")
    if not versions:
        click.echo("no versions yet")
        return
    for info in versions:
        manifest = info.manifest
        changes = len(manifest.get("changes", []))
        click.echo(
            f"{_version_name(info.number)}  {manifest.get('created', '?')}  "
            f"parent {_version_name(int(manifest.get('parent', 0)))}  "
            f"{changes} change{'' if changes == 1 else 's'}  {info.path}"
        )


@click.command()
@click.argument("doc")
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the diff as a self-contained HTML page to FILE.",
)
@common_options
def diff(
    doc: str,
    a: str | None,
    b: str | None,
    html_out: Path | None,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
) -> None:
    """Show what changed in DOC between versions A and B (default: the source and the latest)."""
    versions_store = Store(store)
    doc_id, source = resolve_document(doc, versions_store)
    old = _open(versions_store, source, a or "0")
    new = _open(versions_store, source, b)
    rows = transcript_rows(old.transcript, new.transcript)
    title = f"{doc_id}: {_version_name(old.version)} → {_version_name(new.version)}"
    if html_out is not None:
        _refuse_protected(html_out, source, versions_store)
        write_atomic(html_out, render_html(title, rows).encode("utf-8"))
        click.echo(f"{html_out}: {len(rows)} changed place{'' if len(rows) == 1 else 's'}")
        return
    # Colour only for a person at a terminal; pipes get git's plain [-old-]{+new+} marks.
    color = sys.stdout.isatty()
    click.echo(f"--- {_version_name(old.version)}  {old.path}")
    click.echo(f"+++ {_version_name(new.version)}  {new.path}")
    if not rows:
        click.echo("no differences")
    for row in rows:
        click.echo(f"{row.label}: {render_terminal(row.ops, color=color)}")


@click.command()
@click.argument("doc")
@click.option("--version", "version", help="The version to export (default: the latest).")
@click.option("--to", "to", help="Format to write (default: the document's own).")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@common_options
def publish(
    doc: str,
    version: str | None,
    to: str | None,
    out: Path,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
) -> None:
    """Export a version of DOC (default: the latest, or the source) to --out PATH."""
    versions_store = Store(store)
    doc_id, source = resolve_document(doc, versions_store)
    opened = _open(versions_store, source, version)
    data = formats.to_bytes(opened.transcript, to)
    _refuse_protected(out, source, versions_store)
    write_atomic(out, data)
    target = to or opened.transcript.format
    click.echo(f"{out}: {doc_id} {_version_name(opened.version)} as {target}")
