"""Document names never leave the store nor collide with its own files: a source
whose stem is ``.``, ``..``, hidden or ``learned.yaml`` is refused with one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import assert_one_clear_error, tree_digest, workbench

UNSAFE = ["...txt", "..txt", ".workbench.db.txt", ".lock.txt", "learned.yaml.txt"]


@pytest.mark.parametrize("name", UNSAFE)
def test_an_unsafe_document_name_is_refused_and_nothing_is_written(
    workdir: Path, name: str
) -> None:
    (workdir / name).write_bytes((workdir / "talk.txt").read_bytes())
    before = tree_digest(workdir)
    run = workbench("apply", name, "--store", "corrected", cwd=workdir)
    assert_one_clear_error(run, name, "cannot name a document")
    assert tree_digest(workdir) == before


def test_an_unsafe_name_in_a_batch_does_not_stop_the_others(workdir: Path) -> None:
    (workdir / "...txt").write_bytes((workdir / "talk.txt").read_bytes())
    run = workbench("apply", "...txt", "talk.txt", cwd=workdir)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert len(run.error_lines) == 1 and "...txt" in run.error_lines[0]
    assert sorted(p.name for p in (workdir / "corrected").iterdir()) == ["talk"]
    assert (workdir / "corrected" / "talk" / "v001.json").is_file()
