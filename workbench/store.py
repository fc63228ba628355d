"""The versioned store: ``<store>/<doc>/vNNN.<ext>`` plus a ``vNNN.json`` manifest each.

A document is one source file, named in the store by its stem. The source is
version 0 and is never written; versions count from 1, and an existing version
is never rewritten. Each file is written atomically (temp file in the same
folder, fsync, then linked into place, which fails rather than overwrite), and
a lock file serialises two writers of one document.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbench import __version__, formats
from workbench.atomic import write_atomic
from workbench.errors import StaleVersionError, StoreError, UsageError
from workbench.model import Decision, Transcript

_VERSION_ARG = re.compile(r"v?(\d+)", re.IGNORECASE)
_VERSION_FILE = re.compile(r"v(\d{3,})\.")
_MANIFEST_FILE = re.compile(r"v(\d{3,})\.json")


def parse_version(text: str | int) -> int:
    """A version number from ``3``, ``"3"``, ``"v3"`` or ``"v003"`` (0 is the source)."""
    match = _VERSION_ARG.fullmatch(str(text).strip())
    if match is None:
        raise UsageError(f"{text!r} is not a version: expected a number like 3 or v003")
    return int(match.group(1))


def version_file_name(number: int, format_name: str) -> str:
    """``v003.txt`` for version 3; a JSON transcript is ``v003.transcript.json``,
    because ``v003.json`` is the version's manifest."""
    extension = formats.extension_for(format_name)
    if extension == ".json":
        extension = ".transcript.json"
    return f"v{number:03d}{extension}"


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class VersionRef:
    """A version of a document: its number (0 for the source) and its file."""

    number: int
    path: Path
    format: str | None = None
    """The format the version was written in; None for the source (sniffed when read)."""
    encoding: str | None = None
    """The encoding the version was written in; None for the source (and older versions)."""


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """A written version: number, file, manifest file and the manifest itself."""

    number: int
    path: Path
    manifest_path: Path
    manifest: dict[str, Any]

    @property
    def ref(self) -> VersionRef:
        """This version as a ``VersionRef``."""
        return VersionRef(
            self.number, self.path, self.manifest.get("format"), self.manifest.get("encoding")
        )


def _change(decision: Decision) -> dict[str, Any]:
    suggestion = decision.suggestion
    return {
        "rule": suggestion.rule_id,
        "kind": suggestion.kind,
        "target": suggestion.target,
        "span": list(suggestion.span),
        "line": suggestion.line,
        "last_line": suggestion.last_line,
        "before": list(suggestion.before),
        "after": list(suggestion.after),
        "final": list(decision.final),
        "verdict": decision.verdict,
        "at": decision.at.astimezone(UTC).isoformat(),
    }


class Store:
    """The versions of every document under one folder (default ``./corrected``)."""

    def __init__(self, root: Path) -> None:
        self.root = root.absolute()

    @property
    def db_path(self) -> Path:
        """Where the review state (SQLite) lives."""
        return self.root / ".workbench.db"

    def doc_dir(self, doc_id: str) -> Path:
        """The folder holding a document's versions."""
        return self.root / doc_id

    def versions(self, doc_id: str) -> list[VersionInfo]:
        """Every written version of a document, oldest first."""
        folder = self.doc_dir(doc_id)
        if not folder.is_dir():
            return []
        infos = []
        for manifest_path in folder.glob("v*.json"):
            match = _MANIFEST_FILE.fullmatch(manifest_path.name)
            if match is None:
                continue
            manifest = self._read_manifest(manifest_path)
            infos.append(
                VersionInfo(
                    int(match.group(1)), folder / str(manifest["file"]), manifest_path, manifest
                )
            )
        return sorted(infos, key=lambda info: info.number)

    @staticmethod
    def _read_manifest(path: Path) -> dict[str, Any]:
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise StoreError(f"cannot read manifest: {error}", path=path) from error
        except json.JSONDecodeError as error:
            raise StoreError(
                f"manifest is not valid JSON: {error.msg}",
                path=path,
                line=error.lineno,
                column=error.colno,
            ) from error
        if not isinstance(manifest, dict) or not {"file", "source"} <= manifest.keys():
            raise StoreError("manifest lacks 'file' and 'source'", path=path)
        return manifest

    def _check_source(self, source: Path, versions: Sequence[VersionInfo]) -> None:
        """A store holds one source per stem; another file of that name is an error."""
        if not versions:
            return
        recorded = versions[-1].manifest["source"]["path"]
        if Path(recorded) != source.resolve():
            raise StoreError(
                f"document '{source.stem}' in this store is {recorded}, not {source.resolve()}; "
                "two different sources with the same name cannot share one store",
                path=self.doc_dir(source.stem),
            )

    def latest(self, source: Path) -> VersionRef:
        """The newest version of ``source``'s document, or the source itself (number 0)."""
        versions = self.versions(source.stem)
        self._check_source(source, versions)
        return versions[-1].ref if versions else VersionRef(0, source)

    def get(self, source: Path, number: int) -> VersionRef:
        """Version ``number`` of ``source``'s document (0 is the source); UsageError if none."""
        versions = self.versions(source.stem)
        self._check_source(source, versions)
        if number == 0:
            return VersionRef(0, source)
        for info in versions:
            if info.number == number:
                return info.ref
        have = f"v001 to v{versions[-1].number:03d}" if versions else "none"
        raise UsageError(f"no version {number} of '{source.stem}' (versions: {have})")

    @contextmanager
    def _locked(self, doc_id: str) -> Iterator[Path]:
        folder = self.doc_dir(doc_id)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create: {error.strerror}", path=folder) from error
        with (folder / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield folder
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def write_version(
        self,
        source: Path,
        transcript: Transcript,
        decisions: Sequence[Decision],
        *,
        parent: int,
        rule_files: Sequence[Path],
    ) -> VersionRef:
        """Write ``transcript`` as the next version of ``source``'s document, with its manifest."""
        doc_id = source.stem
        data = formats.to_bytes(transcript)
        with self._locked(doc_id) as folder:
            versions = self.versions(doc_id)
            self._check_source(source, versions)
            if parent != 0 and parent not in {info.number for info in versions}:
                raise StoreError(f"parent version {parent} does not exist", path=folder)
            latest = versions[-1].number if versions else 0
            if parent != latest:
                # Another writer got in between this one's read and write:
                # writing on top of the old parent would silently drop its changes.
                raise StaleVersionError(
                    f"version {latest} was written after version {parent} was read; "
                    "read the latest version and try again",
                    path=folder,
                )
            # Count files as well as manifests: a crash between the two must
            # not let a later writer reuse the number.
            taken = [
                int(m.group(1)) for p in folder.iterdir() if (m := _VERSION_FILE.match(p.name))
            ]
            number = max(taken, default=0) + 1
            name = version_file_name(number, transcript.format)
            manifest = {
                "tool": "transcript-workbench",
                "tool_version": __version__,
                "version": number,
                "parent": parent,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "file": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "format": transcript.format,
                "encoding": transcript.encoding,
                "source": {"path": str(source.resolve()), "sha256": sha256_file(source)},
                "rule_files": [
                    {"path": str(path.resolve()), "sha256": sha256_file(path)}
                    for path in rule_files
                ],
                "changes": [_change(d) for d in decisions if d.changes_text],
            }
            write_atomic(folder / name, data, overwrite=False)
            # The manifest goes last: a version is listed only once its file is complete.
            manifest_bytes = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
            write_atomic(folder / f"v{number:03d}.json", manifest_bytes, overwrite=False)
        return VersionRef(number, folder / name, transcript.format, transcript.encoding)


def resolve_document(arg: str, store: Store) -> tuple[str, Path]:
    """``DOC`` as a source file path or a document name in the store → (doc_id, source path)."""
    path = Path(arg)
    if path.is_file():
        return path.stem, path.resolve()
    versions = store.versions(arg) if "/" not in arg and arg not in {"", ".", ".."} else []
    if versions:
        return arg, Path(versions[-1].manifest["source"]["path"])
    raise UsageError(f"{arg}: no such file, and no document of that name in {store.root}")
