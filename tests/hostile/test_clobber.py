"""Output files never replace what is not the user's to lose: ``publish --out`` and
``diff --html`` refuse any path in the store, the source of any document in it,
anything that is not a regular file, and an existing file without ``--force``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    ROOT,
    assert_one_clear_error,
    tree_digest,
    workbench,
    write_version,
)


@pytest.fixture
def stored(workdir: Path) -> Path:
    """``talk.txt`` and ``other.txt``, each with a version in ``corrected/`` and a review database."""
    (workdir / "other.txt").write_bytes(
        (ROOT / "corpus" / "schulman-chatgpt-origins.txt").read_bytes()
    )
    write_version(workdir / "talk.txt", workdir / "corrected")
    write_version(workdir / "other.txt", workdir / "corrected")
    (workdir / "corrected" / ".workbench.db").write_bytes(b"decisions")
    return workdir


def _export(command: str, out: str, *more: str) -> tuple[str, ...]:
    if command == "publish":
        return ("publish", "talk", "--to", "whisper", "--out", out, *more)
    return ("diff", "talk", "--html", out, *more)


INTO_THE_STORE = [
    ("publish", "other.txt", "source of a document"),  # another document's source
    ("publish", "talk.txt", "source of a document"),  # this document's own source
    ("publish", "corrected/other/v001.txt", "inside the store"),  # a stored version
    ("publish", "corrected/other/v002.json", "inside the store"),  # a manifest not yet written
    ("publish", "corrected/.workbench.db", "inside the store"),  # every review decision
    ("diff", "other.txt", "source of a document"),
    ("diff", "corrected/.workbench.db", "inside the store"),
]


@pytest.mark.parametrize(("command", "out", "needle"), INTO_THE_STORE)
def test_exports_never_write_into_the_store_or_onto_a_source(
    stored: Path, command: str, out: str, needle: str
) -> None:
    before = tree_digest(stored)
    run = workbench(*_export(command, out, "--force"), cwd=stored)
    assert_one_clear_error(run, out, needle)
    assert tree_digest(stored) == before


def test_a_folder_linked_into_the_store_is_still_the_store(stored: Path) -> None:
    (stored / "exports").symlink_to(stored / "corrected" / "other")
    before = tree_digest(stored)
    run = workbench(*_export("publish", "exports/v001.txt", "--force"), cwd=stored)
    assert_one_clear_error(run, "exports/v001.txt", "inside the store")
    assert tree_digest(stored) == before


@pytest.mark.parametrize(
    ("command", "kind"),
    [("publish", "fifo"), ("publish", "symlink"), ("publish", "device"), ("diff", "fifo")],
)
def test_exports_never_replace_a_special_file(stored: Path, command: str, kind: str) -> None:
    if kind == "fifo":
        out = stored / "pipe"
        os.mkfifo(out)
    elif kind == "symlink":
        (stored / "mine.txt").write_text("my notes\n", encoding="utf-8")
        out = stored / "link.txt"
        out.symlink_to("mine.txt")
    else:
        out = Path(os.devnull)  # a character device, looked at and never opened
    before = tree_digest(stored)
    run = workbench(*_export(command, str(out), "--force"), cwd=stored)
    assert_one_clear_error(run, str(out), "not a regular file")
    assert tree_digest(stored) == before


@pytest.mark.parametrize("command", ["publish", "diff"])
def test_an_existing_file_is_replaced_only_with_force(stored: Path, command: str) -> None:
    out = stored / "export.out"
    out.write_text("yesterday's export\n", encoding="utf-8")
    before = tree_digest(stored)
    run = workbench(*_export(command, "export.out"), cwd=stored)
    assert_one_clear_error(run, "export.out", "already exists", "--force")
    assert tree_digest(stored) == before

    run = workbench(*_export(command, "export.out", "--force"), cwd=stored)
    assert run.code == 0, run.stderr
    changed = {path for path, digest in tree_digest(stored).items() if before.get(path) != digest}
    assert changed == {"export.out"}
