"""Which files commands work on, and which version of a document they read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.documents import expand_paths, open_latest, open_version
from workbench.errors import UsageError
from workbench.model import Decision, Transcript
from workbench.store import Store

FixFirst = Callable[[Transcript, str], tuple[Transcript, Decision]]


def test_folder_gives_its_transcripts_sorted_without_hidden_or_others(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", ".hidden.txt", "notes.pdf", "c.TXT"]:
        (tmp_path / name).write_text("hello\n", encoding="utf-8")
    (tmp_path / "sub.txt").mkdir()
    assert [p.name for p in expand_paths([tmp_path])] == ["a.txt", "b.txt", "c.TXT"]


def test_files_are_kept_as_given_in_order(tmp_path: Path) -> None:
    second, first = tmp_path / "z.txt", tmp_path / "a.weird"
    second.write_text("x\n", encoding="utf-8")
    first.write_text("x\n", encoding="utf-8")
    assert expand_paths([second, first]) == [second, first]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(UsageError) as caught:
        expand_paths([missing])
    assert str(caught.value) == f"{missing}: no such file or directory"


def test_folder_without_transcripts_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(UsageError, match="no transcript files") as caught:
        expand_paths([tmp_path])
    assert caught.value.path == str(tmp_path)


def test_open_latest_reads_the_source_then_the_newest_version(
    fix_first: FixFirst, source: Path, store_root: Path, loaded: Transcript
) -> None:
    store = Store(store_root)
    doc = open_latest(source, store)
    assert (doc.version, doc.path, doc.doc_id, doc.source) == (0, source, source.stem, source)
    assert doc.transcript == loaded

    changed, decision = fix_first(loaded, "Fixed first line.")
    ref = store.write_version(source, changed, [decision], parent=0, rule_files=[])
    doc = open_latest(source, store)
    assert (doc.version, doc.path) == (1, ref.path)
    assert doc.transcript.segments[0].text == "Fixed first line."
    assert doc.transcript.segments[0].line == loaded.segments[0].line
    assert open_version(source, store, 0).transcript == loaded


def test_a_version_is_read_in_its_recorded_format(tmp_path: Path, store_root: Path) -> None:
    scrape = Path(__file__).resolve().parents[2] / "corpus" / "lex-fridman-altman-367.txt"
    source = tmp_path / scrape.name
    source.write_bytes(scrape.read_bytes())
    store = Store(store_root)
    transcript = open_latest(source, store).transcript
    assert transcript.format == "captions"
    store.write_version(source, transcript.changed(header=""), [], parent=0, rule_files=[])
    assert open_version(source, store, 1).transcript.format == "captions"
