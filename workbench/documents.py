"""Which files a command works on, and which version of each it reads.

Commands take files and folders; a folder means the transcripts in it. A
document is read at its latest version (the source when it has none), and
paths and lines are reported for the file actually read (DESIGN, Conventions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench import formats
from workbench.errors import UsageError
from workbench.model import Transcript
from workbench.store import Store, VersionRef


def _transcripts_in(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and not path.name.startswith(".")
        and path.suffix.lower() in formats.TRANSCRIPT_EXTENSIONS
    )


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and the transcript files of each folder (sorted, not hidden)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = _transcripts_in(path)
            if not found:
                extensions = ", ".join(sorted(formats.TRANSCRIPT_EXTENSIONS))
                raise UsageError(f"no transcript files ({extensions}) in this folder", path=path)
            files.extend(found)
        elif path.exists():
            files.append(path)
        elif path.is_symlink():
            raise UsageError("a link that leads to no file (broken, or a loop)", path=path)
        else:
            raise UsageError("no such file or directory", path=path)
    return files


def check_distinct_names(sources: Sequence[Path]) -> None:
    """Two different files with one stem would be one document: a UsageError naming both."""
    seen: dict[str, Path] = {}
    for source in sources:
        first = seen.setdefault(source.stem, source)
        if first.resolve() != source.resolve():
            raise UsageError(
                f"{first} and {source} would both be document '{source.stem}'; "
                "review them one at a time, or with a --store each",
                path=source,
            )


@dataclass(frozen=True, slots=True)
class OpenDocument:
    """A document read at one version: where it came from and what was read."""

    source: Path
    doc_id: str
    version: int
    """The version read; 0 is the source itself."""
    path: Path
    """The file read: the version file, or the source for version 0."""
    transcript: Transcript


def _open(source: Path, ref: VersionRef, encoding: str | None) -> OpenDocument:
    # A version is read in the format it was written in: sniffing could take a
    # scrape whose header was removed for plain text.
    # A version is written in its source's encoding, which its manifest records.
    transcript = formats.load(
        ref.path, doc_id=source.stem, format=ref.format, encoding=ref.encoding or encoding
    )
    return OpenDocument(source, source.stem, ref.number, ref.path, transcript)


def open_latest(source: Path, store: Store, encoding: str | None = None) -> OpenDocument:
    """The document of ``source`` at its latest version (the source when it has none).

    ``encoding`` names the source's encoding (``--encoding``); a version is read
    in the encoding its manifest records.
    """
    return _open(source, store.latest(source), encoding)


def open_version(source: Path, store: Store, number: int) -> OpenDocument:
    """The document of ``source`` at version ``number`` (0 is the source)."""
    return _open(source, store.get(source, number), None)
