"""Wrong paths: one line naming the path, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.conftest import assert_one_clear_error, tree_digest, workbench


@pytest.mark.parametrize("command", ["scan", "apply"])
def test_a_missing_transcript_is_one_line_and_changes_nothing(workdir: Path, command: str) -> None:
    before = tree_digest(workdir)
    run = workbench(command, "missing.txt", cwd=workdir)
    assert_one_clear_error(run, "missing.txt")
    assert tree_digest(workdir) == before
