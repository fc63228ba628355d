"""``log``, ``diff`` and ``publish``: look at a document's versions and export one.

``DOC`` is a source file's path or the document's name in the store. None of
these commands writes to the store, and none ever writes a source or a version:
an output file (``publish --out``, ``diff --html``) is refused inside the store,
on the source of any document in it, on anything but a regular file, and on an
existing file unless ``--force`` is given. They take the common options like
every command; the rule options do not change what they show.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.options import common_options
from workbench.errors import UsageError

if TYPE_CHECKING:
    from workbench.documents import OpenDocument
    from workbench.store import Store


def _version_name(number: int) -> str:
    return "v000 (source)" if number == 0 else f"v{number:03d}"


def _open(store: Store, source: Path, version: str | None) -> OpenDocument:
    """The document at ``version``, or at its latest version when ``version`` is None."""
    from workbench.documents import open_version
    from workbench.store import parse_version

    number = store.latest(source).number if version is None else parse_version(version)
    return open_version(source, store, number)


def _check_output(out: Path, source: Path, store: Store, force: bool) -> None:
    """Refuse an output path that would replace anything but a regular file of the user's own.

    Links, pipes and devices are looked at with ``lstat``, never opened.
    """
    try:
        mode: int | None = out.lstat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise UsageError(f"cannot write here: {error.strerror}", path=out) from error
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(
            "not a regular file (a link, pipe, device or folder); refusing to replace it",
            path=out,
        )
    where = out.parent.resolve() / out.name
    if where.is_relative_to(store.root.resolve()):
        raise UsageError(f"is inside the store {store.root}; write exports elsewhere", path=out)
    if where in {source.resolve(), *store.sources()}:
        raise UsageError("is the source of a document in the store; refusing to write it", path=out)
    if mode is not None and not force:
        raise UsageError("already exists; use --force to overwrite it", path=out)


_FORCE = click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")


@click.command()
@click.argument("doc")
@common_options
def log(doc: str, rules: tuple[Path, ...], no_default_rules: bool, store: Path) -> None:
    """List DOC's versions: number, time, parent and number of changes."""
    from workbench.store import Store, resolve_document

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
@_FORCE
@common_options
def diff(
    doc: str,
    a: str | None,
    b: str | None,
    html_out: Path | None,
    force: bool,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
) -> None:
    """Show what changed in DOC between versions A and B (default: the source and the latest)."""
    from workbench.atomic import write_atomic
    from workbench.diffing import render_html, render_terminal, transcript_rows
    from workbench.store import Store, resolve_document

    versions_store = Store(store)
    doc_id, source = resolve_document(doc, versions_store)
    old = _open(versions_store, source, a or "0")
    new = _open(versions_store, source, b)
    rows = transcript_rows(old.transcript, new.transcript)
    title = f"{doc_id}: {_version_name(old.version)} → {_version_name(new.version)}"
    if html_out is not None:
        _check_output(html_out, source, versions_store, force)
        write_atomic(html_out, render_html(title, rows).encode("utf-8"))
        click.echo(f"{html_out}: {len(rows)} changed place{'' if len(rows) == 1 else 's'}")
        return
    # Colour only for a person at a terminal; pipes get git's plain [-old-]{+new+} marks.
    color = bool(sys.stdout and sys.stdout.isatty())
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
    "--speakers",
    type=click.Choice(["keep", "prefix"]),  # as formats.dumps takes them
    default="keep",
    show_default=True,
    help="keep: speakers only where the format has a field for them (VTT voice, ASS Name, "
    "JSON); prefix: also 'Name: text' at each turn in formats without one (SRT, text).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write.",
)
@_FORCE
@common_options
def publish(
    doc: str,
    version: str | None,
    to: str | None,
    speakers: str,
    out: Path,
    force: bool,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
) -> None:
    """Export a version of DOC (default: the latest, or the source) to --out PATH."""
    from workbench import formats
    from workbench.atomic import write_atomic
    from workbench.store import Store, resolve_document

    versions_store = Store(store)
    doc_id, source = resolve_document(doc, versions_store)
    opened = _open(versions_store, source, version)
    data = formats.to_bytes(opened.transcript, to, speakers=speakers)
    _check_output(out, source, versions_store, force)
    write_atomic(out, data)
    target = to or opened.transcript.format
    click.echo(f"{out}: {doc_id} {_version_name(opened.version)} as {target}")
