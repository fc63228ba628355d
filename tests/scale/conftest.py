"""A small corpus for the scale tests: the shipped corpus plus longer Whisper files made from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.formats import load

ROOT = Path(__file__).resolve().parents[2]


def clock(millis: int) -> str:
    """``HH:MM:SS.mmm``."""
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02}:{minutes:02}:{seconds:02}.{millis:03}"


def apply_until_written(
    cwd: Path, store: Path, *args: str, versions: int = 1, wait: float = 60
) -> subprocess.Popen[str]:
    """``workbench apply ARGS`` started as a process of its own in ``cwd``, returned once
    ``versions`` documents have a v001 in ``store`` (or ``wait`` seconds have passed)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "workbench", "apply", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + wait
    while len(list(store.glob("*/v001.json"))) < versions and time.monotonic() < deadline:
        time.sleep(0.02)
    return child


def write_episodes(folder: Path, files: int, segments: int) -> list[Path]:
    """``files`` Whisper transcripts of ``segments`` corpus lines each, each starting elsewhere."""
    texts = [
        seg.text for path in sorted((ROOT / "corpus").glob("*.txt")) for seg in load(path).segments
    ]
    written = []
    for number in range(files):
        offset = number * 389 % len(texts)
        lines = [
            f"[{clock(i * 2000)} --> {clock(i * 2000 + 1800)}]   {texts[(offset + i) % len(texts)]}"
            for i in range(segments)
        ]
        path = folder / f"episode-{number:03}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    return written


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder (``tmp_path/corpus``) of the five corpus files and six made from them."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    write_episodes(folder, 6, 400)
    return folder
