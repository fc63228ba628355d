"""Benchmark: whole-process ``workbench apply`` over a generated corpus, one core and many.

Run by hand (never by the tests)::

    python bench/corpus.py                       # 1,000 files x 1,000 segments (1 M segments)
    python bench/corpus.py --files 100 --segments 500 --no-dask

Writes F Whisper files of S segments each into a temporary folder (the segment
texts of ``corpus/`` cycled, each file starting at another place, so every file
has the corpus's mishearings, stutters and rolling lines), then times whole
processes, each in a fresh store:

* the streaming floor: read every file, lowercase it and split it into words;
* ``workbench apply CORPUS --jobs 1`` (today's path, one core);
* ``workbench apply CORPUS --jobs 2`` (a process pool);
* ``workbench apply CORPUS --dask local`` (a LocalCluster of 2 worker processes).

Each is timed against the floor measured in the same run, and the ratios the
targets are about are printed: ``--jobs 2`` ≥ 1.7× ``--jobs 1``, ``--jobs 1`` ≥
52 k segments/s (2× the 26 k/s before issue 13), ``--dask local`` within 1.3×
of ``--jobs 2``. Each run's CPU time (user + system, worker processes included)
is printed beside its wall time. The package runs with its bytecode compiled, as a pip install
has it (``installed.py``). The load average (``os.getloadavg``) is printed beside the
figures: the machine is shared, so read them with it. A run also checks that
the three runs wrote the same versions, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from installed import installed_env, timed_workbench

ROOT = Path(__file__).resolve().parent.parent
BEFORE_SEGMENTS_PER_SECOND = 26_000
"""``apply --jobs 1`` before issue 13 (1 M segments in 38 s, measured from outside)."""


def corpus_texts() -> list[str]:
    """Every segment text of the Whisper files of ``corpus/``, in file order."""
    sys.path.insert(0, str(ROOT))
    from workbench.formats import load

    return [
        seg.text for path in sorted((ROOT / "corpus").glob("*.txt")) for seg in load(path).segments
    ]


def _clock(millis: int) -> str:
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02}:{minutes:02}:{seconds:02}.{millis:03}"


def generate(folder: Path, files: int, segments: int, texts: Sequence[str]) -> None:
    """Write ``files`` Whisper transcripts of ``segments`` segments into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        offset = number * 7919 % len(texts)  # a prime step: each file starts elsewhere
        lines = [""]
        for i in range(segments):
            start, end = i * 2000, i * 2000 + 1800
            text = texts[(offset + i) % len(texts)]
            lines.append(f"[{_clock(start)} --> {_clock(end)}]   {text}")
        (folder / f"episode-{number:05}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def streaming_floor(folder: Path) -> float:
    """Seconds to read every file of ``folder``, lowercase it and split it into words."""
    started = time.perf_counter()
    words = 0
    for path in sorted(folder.iterdir()):
        words += len(path.read_text(encoding="utf-8").lower().split())
    return time.perf_counter() - started


def timed_apply(
    corpus: Path, store: Path, env: dict[str, str], *options: str
) -> tuple[float, float]:
    """Wall and CPU seconds of one whole ``workbench apply`` process over ``corpus``
    into ``store`` (``timed_workbench``)."""
    return timed_workbench(["apply", str(corpus), "--store", str(store), *options], env)


def store_digest(store: Path) -> str:
    """One sha256 over every version file of ``store`` (manifests hold times, so not them)."""
    digest = hashlib.sha256()
    for path in sorted(store.rglob("v*.txt")):
        digest.update(path.relative_to(store).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    """Generate the corpus, time each way of running ``apply``, print figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--segments", type=int, default=1000, help="segments per file")
    parser.add_argument("--no-dask", action="store_true", help="leave out --dask local")
    args = parser.parse_args()
    total = args.files * args.segments
    runs: list[tuple[str, list[str]]] = [
        ("--jobs 1", ["--jobs", "1"]),
        ("--jobs 2", ["--jobs", "2"]),
    ]
    if not args.no_dask:
        runs.append(("--dask local", ["--dask", "local"]))
    with tempfile.TemporaryDirectory(prefix="wb-corpus-") as scratch:
        corpus = Path(scratch) / "corpus"
        generate(corpus, args.files, args.segments, corpus_texts())
        print(f"corpus: {args.files:,} files x {args.segments:,} segments = {total:,} segments")
        streaming_floor(corpus)  # warm the page cache for everyone
        env = installed_env()
        seconds: dict[str, float] = {}
        digests: dict[str, str] = {}
        for name, options in runs:
            floor = streaming_floor(corpus)
            store = Path(scratch) / f"store-{len(seconds)}"
            seconds[name], cpu = timed_apply(corpus, store, env, *options)
            digests[name] = store_digest(store)
            load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
            print(
                f"apply {name:<13} {seconds[name]:7.2f} s  {total / seconds[name]:>9,.0f} segments/s"
                f"  {seconds[name] / floor:6.1f}x the floor ({floor:.2f} s)  cpu {cpu:6.2f} s"
                f"  load {load}"
            )
    one, two = seconds["--jobs 1"], seconds["--jobs 2"]
    print(f"--jobs 2 speed-up over --jobs 1: {one / two:.2f}x (target >= 1.7)")
    print(
        f"--jobs 1: {total / one / BEFORE_SEGMENTS_PER_SECOND:.2f}x the "
        f"{BEFORE_SEGMENTS_PER_SECOND:,} segments/s before (target >= 2)"
    )
    if "--dask local" in seconds:
        print(f"--dask local / --jobs 2: {seconds['--dask local'] / two:.2f}x (target <= 1.3)")
    same = len(set(digests.values())) == 1
    print(f"versions identical across runs: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
