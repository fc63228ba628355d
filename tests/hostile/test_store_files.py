"""What the store holds is checked before it is trusted: a manifest with a wrong
type, or a version a killed writer left without its manifest, is one clear line;
a manifest records the hash of the source bytes that were read."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.conftest import assert_one_clear_error, tree_digest, workbench, write_version
from workbench import formats
from workbench.documents import open_latest
from workbench.store import Store

WRONG_TYPES: list[tuple[str, Any]] = [
    ("source", "x"),
    ("source", {}),
    ("changes", 5),
    ("parent", "x"),
    ("file", "../../talk.txt"),
    ("format", "nope"),
]
COMMANDS = [
    ("log", "talk"),
    ("diff", "talk"),
    ("apply", "talk.txt"),
    ("publish", "talk", "--out", "out.txt"),
]


@pytest.mark.parametrize(
    ("field", "value", "command"),
    [(*wrong, COMMANDS[n % len(COMMANDS)]) for n, wrong in enumerate(WRONG_TYPES)],
)
def test_a_manifest_with_a_wrong_type_is_one_line(
    workdir: Path, field: str, value: Any, command: tuple[str, ...]
) -> None:
    folder = write_version(workdir / "talk.txt", workdir / "corrected").parent
    manifest = folder / "v001.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, field: value}), encoding="utf-8")
    before = tree_digest(workdir)
    run = workbench(*command, cwd=workdir)
    assert_one_clear_error(run, "v001.json", field)
    assert tree_digest(workdir) == before


def test_a_version_a_killed_writer_left_is_explained_then_cleaned(workdir: Path) -> None:
    folder = write_version(workdir / "talk.txt", workdir / "corrected").parent
    # A writer killed between its version file and its manifest, and one killed
    # while writing the manifest's temp file.
    shutil.copy(folder / "v001.txt", folder / "v002.txt")
    (folder / ".v002.json.x1y2z3.tmp").write_text('{"tool": "transcr', encoding="utf-8")
    before = tree_digest(workdir)
    run = workbench("diff", "talk", "1", "2", cwd=workdir)
    assert_one_clear_error(run, "v002.txt", "never completed", "interrupted")
    assert tree_digest(workdir) == before

    run = workbench("apply", "talk.txt", cwd=workdir)
    assert run.code == 0, run.stderr
    names = sorted(path.name for path in folder.iterdir())
    assert names == [".lock", "v001.json", "v001.txt", "v002.json", "v002.txt"]
    assert json.loads((folder / "v002.json").read_text(encoding="utf-8"))["parent"] == 1


def test_the_manifest_hashes_the_source_bytes_that_were_read(workdir: Path) -> None:
    source = workdir / "talk.txt"
    read = hashlib.sha256(source.read_bytes()).hexdigest()
    store = Store(workdir / "corrected")
    doc = open_latest(source, store)
    source.write_text("changed while the workbench was working\n", encoding="utf-8")
    store.write_version(source, doc.transcript, [], parent=0, rule_files=[])
    manifest = json.loads((workdir / "corrected" / "talk" / "v001.json").read_text())
    assert manifest["source"]["sha256"] == read
    # A later version derives from the same bytes, whatever the file holds now.
    second = formats.load(workdir / "corrected" / "talk" / "v001.txt")
    store.write_version(source, second, [], parent=1, rule_files=[])
    manifest = json.loads((workdir / "corrected" / "talk" / "v002.json").read_text())
    assert manifest["source"]["sha256"] == read


def test_a_source_deleted_while_applying_still_gets_a_true_version(workdir: Path) -> None:
    source = workdir / "talk.txt"
    read = hashlib.sha256(source.read_bytes()).hexdigest()
    store = Store(workdir / "corrected")
    doc = open_latest(source, store)
    source.unlink()
    ref = store.write_version(source, doc.transcript, [], parent=0, rule_files=[])
    assert ref.path.read_bytes() == formats.to_bytes(doc.transcript)
    manifest = json.loads((workdir / "corrected" / "talk" / "v001.json").read_text())
    assert manifest["source"] == {"path": str(source), "sha256": read}
