"""Nothing is silently lost from view: what the rules found but did not keep is
summarised, not buried, and every detail is there on request."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.conftest import workbench

SEGMENTS = 400


def _overlapping(workdir: Path) -> Path:
    """A long transcript where two rules compete on every segment, and their rule folder."""
    (workdir / "long.txt").write_text(
        "".join(
            f"[00:{i // 60:02d}:{i % 60:02d}.000 --> 00:{i // 60:02d}:{i % 60:02d}.900]   "
            "we use gpd 4 daily\n"
            for i in range(SEGMENTS)
        ),
        encoding="utf-8",
    )
    folder = workdir / "rules"
    folder.mkdir()
    (folder / "rules.yaml").write_text(
        "rules:\n"
        "  - {id: short, kind: replace, pattern: gpd, replace: GPT}\n"
        "  - {id: long, kind: term, canonical: GPT-4, variants: [gpd 4]}\n",
        encoding="utf-8",
    )
    return folder


def test_overlaps_lost_on_a_large_file_are_counted_per_pair_of_rules(workdir: Path) -> None:
    folder = _overlapping(workdir)
    args = ("scan", "long.txt", "--no-default-rules", "--rules", folder)
    run = workbench(*args, cwd=workdir)
    assert run.code == 0, run.stderr
    lost = [line for line in run.stdout.splitlines() if "overlapped" in line]
    summary = f"short lost to long {SEGMENTS} times (lines 1, 2, 3, 4, 5, …; --verbose lists each)"
    assert lost == [f"  overlapped: {summary}"]
    assert f"  long                         term           {SEGMENTS}" in run.stdout

    each = workbench(*args, "--verbose", cwd=workdir)
    assert each.code == 0, each.stderr
    lost = [line for line in each.stdout.splitlines() if "overlapped" in line]
    assert len(lost) == SEGMENTS
    assert lost[-1] == (
        f"  overlapped: short at line {SEGMENTS} "
        "('we use gpd 4 daily' → 'we use GPT 4 daily') lost to long"
    )
