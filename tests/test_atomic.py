"""Atomic writes: never a half-written file, never a replaced version, the usual file mode."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from workbench.atomic import write_atomic
from workbench.errors import WriteError


def test_write_atomic_without_overwrite_refuses(tmp_path: Path) -> None:
    target = tmp_path / "v001.txt"
    target.write_bytes(b"old")
    with pytest.raises(WriteError, match="never rewritten"):
        write_atomic(target, b"new", overwrite=False)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v001.txt"]


def test_write_atomic_replaces_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_write_atomic_into_missing_folder_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        write_atomic(tmp_path / "nope" / "x.txt", b"x")
    assert caught.value.path == str(tmp_path / "nope" / "x.txt")


def test_new_file_gets_the_umask_mode_not_a_private_one(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.srt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.srt").stat().st_mode) == 0o644


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "learned.yaml"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
