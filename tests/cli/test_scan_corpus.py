"""``scan`` over a corpus: one table for all files (per rule: flags, files, auto),
overlaps counted per pair of rules over all files; ``--per-file`` adds a table per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli.app import main

RULES = (
    "rules:\n"
    "  - {id: short, kind: replace, pattern: gpd, replace: GPT}\n"
    "  - {id: long, kind: term, canonical: GPT-4, variants: [gpd 4], auto: true}\n"
    "  - {id: hi, kind: replace, pattern: helo, replace: hello}\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    """Two files (gpd 4 in both, helo in one) and the scan arguments for them."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    line = "[00:00:00.000 --> 00:00:01.000]   {}\n"
    (folder / "a.txt").write_text(line.format("helo, we use gpd 4 daily"), encoding="utf-8")
    (folder / "b.txt").write_text(line.format("and gpd 4 again"), encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(RULES, encoding="utf-8")
    args = ["scan", str(folder), "--no-default-rules", "--rules", str(rules)]
    return folder, [*args, "--store", str(tmp_path / "store")]


def test_one_table_for_the_whole_corpus(
    corpus: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, args = corpus
    assert main(args) == 0
    a, b = folder / "a.txt", folder / "b.txt"
    assert capsys.readouterr().out.splitlines() == [
        "all files  (3 flags in 2 files)",
        "  rule                         kind         flags  files  auto",
        "  long                         term             2      2     2",
        "  hi                           replace          1      1     -",
        f"  overlapped: short lost to long 2 times in 2 files ({a}:1, {b}:1; --verbose lists each)",
        "total: 3 flags (2 auto) in 2 files",
    ]


def test_verbose_lists_each_overlap_with_its_file(
    corpus: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, args = corpus
    assert main([*args, "--verbose"]) == 0
    lost = [line for line in capsys.readouterr().out.splitlines() if "overlapped" in line]
    a, b = folder / "a.txt", folder / "b.txt"
    assert lost == [
        f"  overlapped: short at {a}:1 ('helo, we use gpd 4 daily' → 'helo, we use GPT 4 daily') "
        + "lost to long",
        f"  overlapped: short at {b}:1 ('and gpd 4 again' → 'and GPT 4 again') lost to long",
    ]


def test_per_file_keeps_a_table_per_file_before_the_corpus_table(
    corpus: tuple[Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, args = corpus
    assert main([*args, "--per-file"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{folder / 'a.txt'}  (2 flags)"
    assert f"{folder / 'b.txt'}  (1 flag)" in out
    assert "  overlapped: short lost to long once (line 1; --verbose lists each)" in out
    assert out[-6:-2] == [
        "all files  (3 flags in 2 files)",
        "  rule                         kind         flags  files  auto",
        "  long                         term             2      2     2",
        "  hi                           replace          1      1     -",
    ]
