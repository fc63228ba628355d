"""The versioned store: numbering, manifests, never rewriting, atomic writes, name clashes."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from workbench import __version__, formats
from workbench.errors import StaleVersionError, StoreError, UsageError
from workbench.model import Decision, Transcript
from workbench.store import Store, VersionRef, parse_version, resolve_document

FixFirst = Callable[[Transcript, str], tuple[Transcript, Decision]]

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "formats"


@pytest.mark.parametrize(
    ("text", "number"),
    [(3, 3), ("3", 3), ("v003", 3), ("v3", 3), ("V12", 12), ("0", 0), (" 7 ", 7)],
)
def test_parse_version(text: str | int, number: int) -> None:
    assert parse_version(text) == number


@pytest.mark.parametrize("text", ["", "v", "three", "-1", "3.0", "vv3", "v-2"])
def test_parse_version_rejects(text: str) -> None:
    with pytest.raises(UsageError, match="not a version"):
        parse_version(text)


def test_db_path_and_doc_dir(store_root: Path) -> None:
    store = Store(store_root)
    assert store.db_path == store_root / ".workbench.db"
    assert store.doc_dir("welinder-gpt4-launch") == store_root / "welinder-gpt4-launch"


def test_latest_without_versions_is_the_source(source: Path, store_root: Path) -> None:
    store = Store(store_root)
    assert store.latest(source) == VersionRef(0, source)
    assert store.versions(source.stem) == []


def test_versions_count_from_one_and_chain(
    fix_first: FixFirst, source: Path, store_root: Path, loaded: Transcript
) -> None:
    store = Store(store_root)
    first, decision = fix_first(loaded, "All right, everyone.")
    ref1 = store.write_version(source, first, [decision], parent=0, rule_files=[])
    second, decision2 = fix_first(first, "All right, everybody.")
    ref2 = store.write_version(source, second, [decision2], parent=1, rule_files=[])

    folder = store_root / source.stem
    assert ref1.number == 1 and ref1.path == folder / "v001.txt"
    assert ref2.number == 2 and ref2.path == folder / "v002.txt"
    assert store.latest(source).number == 2
    assert [info.number for info in store.versions(source.stem)] == [1, 2]
    assert store.versions(source.stem)[1].manifest["parent"] == 1
    assert ref2.path.read_bytes() == formats.to_bytes(second)
    # Only the changed line differs from the source.
    old = source.read_text(encoding="utf-8").splitlines()
    new = ref1.path.read_text(encoding="utf-8").splitlines()
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [1]


def test_manifest_contents(
    fix_first: FixFirst, source: Path, store_root: Path, loaded: Transcript, tmp_path: Path
) -> None:
    rules = tmp_path / "my.yaml"
    rules.write_text("rules: []\n", encoding="utf-8")
    store = Store(store_root)
    changed, decision = fix_first(loaded, "All right, everyone.")
    ref = store.write_version(source, changed, [decision], parent=0, rule_files=[rules])

    manifest = json.loads((store_root / source.stem / "v001.json").read_text(encoding="utf-8"))
    assert manifest["tool_version"] == __version__
    assert manifest["version"] == 1 and manifest["parent"] == 0
    assert datetime.fromisoformat(manifest["created"]).utcoffset() is not None
    assert manifest["file"] == "v001.txt"
    assert manifest["sha256"] == hashlib.sha256(ref.path.read_bytes()).hexdigest()
    assert manifest["format"] == "whisper"
    assert manifest["source"] == {
        "path": str(source.resolve()),
        "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
    }
    assert manifest["rule_files"] == [
        {"path": str(rules.resolve()), "sha256": hashlib.sha256(b"rules: []\n").hexdigest()}
    ]
    [change] = manifest["changes"]
    assert change == {
        "rule": "test-rule",
        "kind": "replace",
        "target": "segments",
        "span": [0, 0],
        "line": loaded.segments[0].line,
        "last_line": loaded.segments[0].line,
        "before": [loaded.segments[0].text],
        "after": ["All right, everyone."],
        "final": ["All right, everyone."],
        "verdict": "accepted",
        "at": "2024-05-01T00:00:00+00:00",
    }


def test_rejected_decisions_are_not_changes(
    fix_first: FixFirst, source: Path, store_root: Path, loaded: Transcript
) -> None:
    _, decision = fix_first(loaded, "x")
    rejected = replace(decision, verdict="rejected")
    Store(store_root).write_version(source, loaded, [rejected], parent=0, rule_files=[])
    assert Store(store_root).versions(source.stem)[0].manifest["changes"] == []


def test_an_existing_version_is_never_rewritten(
    source: Path, store_root: Path, loaded: Transcript
) -> None:
    store = Store(store_root)
    store.write_version(source, loaded, [], parent=0, rule_files=[])
    folder = store_root / source.stem
    before = (folder / "v001.txt").read_bytes(), (folder / "v001.json").read_bytes()
    store.write_version(source, loaded, [], parent=1, rule_files=[])
    assert ((folder / "v001.txt").read_bytes(), (folder / "v001.json").read_bytes()) == before


def test_the_next_writer_removes_what_an_interrupted_write_left(
    source: Path, store_root: Path, loaded: Transcript
) -> None:
    store = Store(store_root)
    folder = store_root / source.stem
    folder.mkdir(parents=True)
    # What a writer killed between its two files leaves: a version file without
    # its manifest, and a temp file of the manifest it was writing.
    (folder / "v001.txt").write_bytes(b"half a version")
    (folder / ".v001.json.k3j2h1.tmp").write_bytes(b'{"tool"')
    with pytest.raises(StoreError, match="version 1 .* never completed"):
        store.get(source, 1)
    ref = store.write_version(source, loaded, [], parent=0, rule_files=[])
    assert ref.number == 1 and ref.path.read_bytes() == formats.to_bytes(loaded)
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "v001.json", "v001.txt"]


def test_no_temp_files_left_after_writing_versions(
    source: Path, store_root: Path, loaded: Transcript
) -> None:
    store = Store(store_root)
    store.write_version(source, loaded, [], parent=0, rule_files=[])
    names = sorted(p.name for p in (store_root / source.stem).iterdir())
    assert names == [".lock", "v001.json", "v001.txt"]


def test_second_source_with_the_same_stem_is_an_error(
    source: Path, store_root: Path, loaded: Transcript, tmp_path: Path
) -> None:
    store = Store(store_root)
    store.write_version(source, loaded, [], parent=0, rule_files=[])
    other_dir = tmp_path / "elsewhere"
    other_dir.mkdir()
    other = Path(shutil.copy(source, other_dir))
    with pytest.raises(StoreError, match="same name") as caught:
        store.write_version(other, loaded, [], parent=1, rule_files=[])
    assert str(other.resolve()) in str(caught.value)
    with pytest.raises(StoreError, match="same name"):
        store.latest(other)


def test_parent_must_exist(source: Path, store_root: Path, loaded: Transcript) -> None:
    with pytest.raises(StoreError, match="parent version 4"):
        Store(store_root).write_version(source, loaded, [], parent=4, rule_files=[])


def test_get_version(source: Path, store_root: Path, loaded: Transcript) -> None:
    store = Store(store_root)
    ref = store.write_version(source, loaded, [], parent=0, rule_files=[])
    assert store.get(source, 0) == VersionRef(0, source)
    assert store.get(source, 1) == ref
    with pytest.raises(UsageError, match=r"no version 2 .*v001 to v001"):
        store.get(source, 2)


def test_broken_manifest_is_a_store_error_with_its_line(
    source: Path, store_root: Path, loaded: Transcript
) -> None:
    store = Store(store_root)
    store.write_version(source, loaded, [], parent=0, rule_files=[])
    manifest = store_root / source.stem / "v001.json"
    manifest.write_text('{\n  "file": \n', encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        store.versions(source.stem)
    assert caught.value.path == str(manifest) and caught.value.line == 3


def test_resolve_document_by_path_and_by_name(
    source: Path,
    store_root: Path,
    loaded: Transcript,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = Store(store_root)
    assert resolve_document(str(source), store) == (source.stem, source.resolve())
    with pytest.raises(UsageError, match="name a document by its file"):
        resolve_document(source.stem, store)
    store.write_version(source, loaded, [], parent=0, rule_files=[])
    monkeypatch.chdir(tmp_path)
    assert resolve_document(source.stem, store) == (source.stem, source.resolve())
    with pytest.raises(UsageError, match="nothing-here"):
        resolve_document("nothing-here", store)


def test_json_transcripts_do_not_collide_with_their_manifests(tmp_path: Path) -> None:
    source = Path(shutil.copy(FIXTURES / "episode.whisper.json", tmp_path / "episode.json"))
    transcript = formats.load(source)
    first = transcript.segments[0]
    edited = transcript.replace_segments(
        (first.changed(text=first.text + " again"), *transcript.segments[1:])
    )
    store = Store(tmp_path / "corrected")
    store.write_version(source, edited, [], parent=0, rule_files=[])
    store.write_version(source, edited, [], parent=1, rule_files=[])
    names = sorted(p.name for p in store.doc_dir("episode").iterdir() if p.name != ".lock")
    assert names == ["v001.json", "v001.transcript.json", "v002.json", "v002.transcript.json"]
    assert [info.number for info in store.versions("episode")] == [1, 2]
    assert formats.load(store.latest(source).path).segments[0].text == first.text + " again"


def test_a_stale_parent_is_refused_so_no_change_is_lost(
    source: Path, store_root: Path, loaded: Transcript
) -> None:
    store = Store(store_root)
    store.write_version(source, loaded, [], parent=0, rule_files=[])
    with pytest.raises(StaleVersionError, match="version 1 was written after version 0"):
        store.write_version(source, loaded, [], parent=0, rule_files=[])
    assert [info.number for info in store.versions(source.stem)] == [1]


def test_a_rule_file_gone_before_the_write_is_a_store_error_naming_it(
    source: Path, store_root: Path, loaded: Transcript, tmp_path: Path
) -> None:
    gone = tmp_path / "deleted-meanwhile.yaml"
    with pytest.raises(StoreError, match="cannot read to record its hash") as caught:
        Store(store_root).write_version(source, loaded, [], parent=0, rule_files=[gone])
    assert caught.value.path == str(gone)
    assert not (store_root / source.stem / "v001.txt").exists()


def test_a_version_is_written_with_three_fsyncs_file_before_manifest(
    fix_first: FixFirst,
    source: Path,
    store_root: Path,
    loaded: Transcript,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each file is synced before it is linked into place, and the folder once after both
    links (a fourth fsync cost a quarter of a batch run's writing on a busy disk)."""
    import os

    events: list[str] = []
    fsync, link = os.fsync, os.link

    def traced_fsync(fd: int) -> None:
        target = Path(os.readlink(f"/proc/self/fd/{fd}"))
        events.append("fsync folder" if target.is_dir() else "fsync file")
        fsync(fd)

    def traced_link(src: str | Path, dst: str | Path) -> None:
        events.append(f"link {Path(dst).name}")
        link(src, dst)

    (store_root / source.stem).mkdir(parents=True)  # as the store's lock makes it
    monkeypatch.setattr(os, "fsync", traced_fsync)
    monkeypatch.setattr(os, "link", traced_link)
    fixed, decision = fix_first(loaded, "All right, everyone.")
    Store(store_root).write_version(source, fixed, [decision], parent=0, rule_files=[])
    assert events == [
        "fsync file",
        "link v001.txt",
        "fsync file",
        "link v001.json",
        "fsync folder",
    ]
