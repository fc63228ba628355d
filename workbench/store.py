"""The versioned store: ``<store>/<doc>/vNNN.<ext>`` plus a ``vNNN.json`` manifest each.

A document is one source file, named in the store by its stem. The source is
version 0 and is never written; versions count from 1, and an existing version
is never rewritten. Each file is written atomically (temp file in the same
folder, fsync, then linked into place, which fails rather than overwrite), and
a lock file serialises two writers of one document (see ``locking``: a writer
kept waiting says who it waits for).
A version file without its manifest, or a temp file, is what a killed writer
left behind; the next writer of that document removes it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workbench import __version__, formats, locking
from workbench.atomic import write_atomic
from workbench.errors import StaleVersionError, StoreError, UsageError
from workbench.locking import DEFAULT_WAIT_SECONDS
from workbench.model import Decision, Transcript

_VERSION_ARG = re.compile(r"v?(\d+)", re.IGNORECASE)
_VERSION_FILE = re.compile(r"v(\d{3,})\.")
_MANIFEST_FILE = re.compile(r"v(\d{3,})\.json")
_TEMP_FILE = re.compile(r"\.v\d{3,}\..*\.tmp")
"""A temp file of ``write_atomic`` for a version or manifest (see ``atomic``)."""

LOCK_FILE = ".lock"
LEARNED_FILE = "learned.yaml"
"""Rules learned in review without a ``--rules`` folder live here, in the store's root."""


def check_document_name(name: str, *, path: str | Path | None = None) -> str:
    """``name`` if it can name a document's folder in the store, else a UsageError.

    A name must stay inside the store (not empty, ``.`` or ``..``, no slash) and
    never collide with what the store keeps beside the documents: hidden names
    (the review database, lock and temp files) and ``learned.yaml``.
    """
    if (
        name in {"", ".", ".."}
        or "/" in name
        or "\\" in name
        or name.startswith(".")
        or name.casefold() == LEARNED_FILE
    ):
        raise UsageError(
            f"{name!r} cannot name a document in the store (it would leave the store or "
            "collide with its own files); rename the file so its name does not start "
            f"with a dot and is not {LEARNED_FILE}",
            path=path,
        )
    return name


def document_name(source: Path) -> str:
    """The name of ``source``'s document in the store: its stem, if that is a safe name."""
    return check_document_name(source.stem, path=source)


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
    """The hex sha256 of a file's bytes (a StoreError when it cannot be read)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise StoreError(f"cannot read to record its hash: {error.strerror}", path=path) from None
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
        **_speakers_json(suggestion.speakers),
    }


def _speakers_json(speakers: Sequence[tuple[str | None, str | None]]) -> dict[str, Any]:
    """``speakers: {before, after}`` for a change of speaker; nothing for other changes."""
    if not speakers:
        return {}
    return {
        "speakers": {"before": [old for old, _ in speakers], "after": [new for _, new in speakers]}
    }


# defer_build: a validator is built when a manifest is first read, not at import
# (0.017 s of every command that imports the store, ``scan`` of one source included).
class _ManifestSource(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", defer_build=True)

    path: str
    sha256: str


class _Manifest(BaseModel):
    """The fields of a manifest that the workbench reads, with their types."""

    model_config = ConfigDict(strict=True, extra="allow", defer_build=True)

    file: Annotated[str, Field(pattern=r"^v\d{3,}\.[^/\\]+$")]
    source: _ManifestSource
    parent: Annotated[int, Field(ge=0)]
    changes: list[dict[str, Any]]
    format: str | None = None
    encoding: str | None = None
    created: str | None = None


class Store:
    """The versions of every document under one folder (default ``./corrected``).

    ``wait`` is how long a writer waits for another process's lock on a
    document; ``on_wait`` is told once, with who holds it, when a writer has to wait.
    ``renumber`` numbers SRT cues afresh in a version after a split or merge
    (False keeps the numbers read: ``--keep-cue-numbers``).
    """

    def __init__(
        self,
        root: Path,
        *,
        wait: float = DEFAULT_WAIT_SECONDS,
        on_wait: Callable[[str], None] | None = None,
        renumber: bool = True,
    ) -> None:
        self.root = root.absolute()
        self.wait = wait
        self.on_wait = on_wait
        self.renumber = renumber
        self._held: set[str] = set()

    @property
    def db_path(self) -> Path:
        """Where the review state (SQLite) lives."""
        return self.root / ".workbench.db"

    def doc_dir(self, doc_id: str) -> Path:
        """The folder holding a document's versions."""
        return self.root / check_document_name(doc_id, path=self.root)

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

    def sources(self) -> set[Path]:
        """The source file of every document in the store (from each newest manifest)."""
        found = set()
        folders = sorted(self.root.iterdir()) if self.root.is_dir() else []
        for folder in folders:
            if not folder.is_dir() or not _is_document_name(folder.name):
                continue
            manifests = [
                (int(match.group(1)), path)
                for path in folder.glob("v*.json")
                if (match := _MANIFEST_FILE.fullmatch(path.name))
            ]
            if manifests:
                newest = self._read_manifest(max(manifests)[1])
                found.add(Path(newest["source"]["path"]))
        return found

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
        if not isinstance(manifest, dict):
            raise StoreError("manifest is not a JSON object", path=path)
        try:
            _Manifest.model_validate(manifest)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(map(str, first["loc"]))
            raise StoreError(f"manifest field '{field}': {first['msg']}", path=path) from None
        if manifest.get("format") not in {None, *formats.FORMATS}:
            raise StoreError(
                f"manifest field 'format': unknown format {manifest['format']!r}", path=path
            )
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
        versions = self.versions(document_name(source))
        self._check_source(source, versions)
        return versions[-1].ref if versions else VersionRef(0, source)

    def get(self, source: Path, number: int) -> VersionRef:
        """Version ``number`` of ``source``'s document (0 is the source); UsageError if none."""
        doc_id = document_name(source)
        versions = self.versions(doc_id)
        self._check_source(source, versions)
        if number == 0:
            return VersionRef(0, source)
        for info in versions:
            if info.number == number:
                return info.ref
        for path in self._leftovers(doc_id, {info.number for info in versions}):
            if (match := _VERSION_FILE.match(path.name)) and int(match.group(1)) == number:
                raise StoreError(
                    f"version {number} of '{doc_id}' was never completed: its file has no "
                    "manifest (a write was interrupted); the next write of this document removes it",
                    path=path,
                )
        have = f"v001 to v{versions[-1].number:03d}" if versions else "none"
        raise UsageError(f"no version {number} of '{doc_id}' (versions: {have})")

    def _leftovers(self, doc_id: str, listed: set[int]) -> list[Path]:
        """What killed writers left in a document's folder: temp files, and version
        files whose number has no manifest."""
        folder = self.doc_dir(doc_id)
        if not folder.is_dir():
            return []
        return [
            path
            for path in sorted(folder.iterdir())
            if _TEMP_FILE.fullmatch(path.name)
            or ((match := _VERSION_FILE.match(path.name)) and int(match.group(1)) not in listed)
        ]

    def tidy(self, doc_id: str) -> None:
        """Remove what killed writers left in a document's folder (under its lock), as
        the next write would: for a writer that finds its version already written."""
        with self.lock(doc_id):
            self._remove_leftovers(doc_id, {info.number for info in self.versions(doc_id)})

    def _remove_leftovers(self, doc_id: str, listed: set[int]) -> None:
        for path in self._leftovers(doc_id, listed):
            try:
                path.unlink()
            except OSError as error:
                raise StoreError(
                    f"cannot remove what an interrupted write left: {error.strerror}", path=path
                ) from error

    @contextmanager
    def lock(self, doc_id: str) -> Iterator[Path]:
        """Hold the lock of one document (its folder, created if need be) while inside.

        Another process holding it is waited for, up to ``self.wait`` seconds;
        then a StoreError names the holder. Re-entering in this Store is free.
        """
        folder = self.doc_dir(doc_id)
        if doc_id in self._held:
            yield folder
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create: {error.strerror}", path=folder) from error
        with locking.held(folder / LOCK_FILE, wait=self.wait, on_wait=self.on_wait):
            self._held.add(doc_id)
            try:
                yield folder
            finally:
                self._held.discard(doc_id)

    def write_version(
        self,
        source: Path,
        transcript: Transcript,
        decisions: Sequence[Decision],
        *,
        parent: int,
        rule_files: Sequence[Path],
        origin: Mapping[str, object] | None = None,
    ) -> VersionRef:
        """Write ``transcript`` as the next version of ``source``'s document, with its manifest.

        ``origin`` names where the decisions came from when they were carried from
        another document (``replay``): the manifest's ``origin``.

        The manifest's source hash is that of the bytes read: the transcript's
        own for version 0, else the parent's record (the source is not read again).
        Files an interrupted write left are removed first, and its number reused.
        """
        doc_id = document_name(source)
        data = formats.to_bytes(transcript, renumber=self.renumber)
        with self.lock(doc_id) as folder:
            versions = self.versions(doc_id)
            self._check_source(source, versions)
            by_number = {info.number: info for info in versions}
            if parent != 0 and parent not in by_number:
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
            self._remove_leftovers(doc_id, set(by_number))
            number = latest + 1
            source_sha256 = (
                by_number[parent].manifest["source"]["sha256"]
                if parent
                else transcript.source_sha256
            )
            name = version_file_name(number, transcript.format)
            manifest = {
                "tool": "transcript-workbench",
                "tool_version": __version__,
                "version": number,
                "parent": parent,
                **({"origin": dict(origin)} if origin is not None else {}),
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "file": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "format": transcript.format,
                "encoding": transcript.encoding,
                "source": {"path": str(source.resolve()), "sha256": source_sha256},
                "rule_files": [
                    {"path": str(path.resolve()), "sha256": sha256_file(path)}
                    for path in rule_files
                ],
                "changes": [_change(d) for d in decisions if d.changes_text],
            }
            # The manifest goes last: a version is listed only once its file is complete.
            # Each file is synced before it is linked; the folder once, after both links
            # (three fsyncs, not four: a quarter of a batch run's writing on a busy disk).
            # A journaling filesystem commits a folder's new names in order, so after a
            # power cut the manifest is never there without its version file.
            write_atomic(folder / name, data, overwrite=False, sync_folder=False)
            manifest_bytes = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
            write_atomic(folder / f"v{number:03d}.json", manifest_bytes, overwrite=False)
        return VersionRef(number, folder / name, transcript.format, transcript.encoding)


def resolve_document(arg: str, store: Store) -> tuple[str, Path]:
    """``DOC`` as a source file path or a document name in the store → (doc_id, source path)."""
    path = Path(arg)
    if path.is_file():
        return document_name(path), path.resolve()
    if path.exists() and not path.is_dir():
        raise UsageError("not a regular file (a pipe, device or socket)", path=path)
    versions = store.versions(arg) if _is_document_name(arg) else []
    if versions:
        return arg, Path(versions[-1].manifest["source"]["path"])
    raise UsageError(
        f"{arg}: no such file, and no document of that name in {store.root}"
        " (until a version is written, name a document by its file)"
    )


def _is_document_name(name: str) -> bool:
    try:
        check_document_name(name)
    except UsageError:
        return False
    return True
