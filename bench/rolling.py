"""Whole-process ``scan`` and ``apply`` of a long rolling-caption WebVTT, at two sizes.

YouTube's automatic captions show each line in about three cues, so a long talk
is tens of thousands of cues, nearly every one flagged (`rolling-captions`) and
most of the others' flags lost to those. A step that compares each flag with
every other one is invisible on a 1,000-cue file and hours on 100,000: this
benchmark runs each command on a quarter of the file and on all of it and
prints the time per cue of the whole against the quarter (1.0 is linear, 4.0
quadratic), with the time against the streaming floor (read, lowercase and
split the file) measured just before it.

The file is the dev set's MacBook captions (`../shared/devset`), repeated with
its times shifted until it holds ``--cues`` cues.

    python bench/rolling.py [--cues 100000]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from installed import installed_env, timed_workbench

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "devset" / "corpus" / "hardware_macbook-air-2020-cooling.en.vtt"
STAMP = re.compile(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)")


def _millis(match: re.Match[str]) -> int:
    hours, minutes, seconds, millis = map(int, match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def _stamp(millis: int) -> str:
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    seconds, millis = divmod(millis, 1000)
    return f"{hours:02}:{minutes:02}:{seconds:02}.{millis:03}"


def _shifted(block: str, offset: int) -> str:
    """``block`` with each of its times ``offset`` milliseconds later."""
    return STAMP.sub(lambda match: _stamp(_millis(match) + offset), block)


def rolling_file(cues: int) -> str:
    """The source's header and then its cues again and again, shifted in time, ``cues`` in all."""
    header, body = SOURCE.read_text(encoding="utf-8").split("\n\n", 1)
    blocks = [block for block in body.strip("\n").split("\n\n") if "-->" in block]
    length = max(_millis(match) for match in STAMP.finditer(body)) + 1000
    out = [header]
    for n in range(cues):
        out.append(_shifted(blocks[n % len(blocks)], (n // len(blocks)) * length))
    return "\n\n".join(out) + "\n"


def streaming_floor(path: Path) -> float:
    """Seconds to read ``path``, lowercase it and split it into words."""
    started = time.perf_counter()
    len(path.read_text(encoding="utf-8").lower().split())
    return time.perf_counter() - started


def main() -> None:
    """Time ``scan`` and ``apply`` on a quarter of the file and on all of it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", type=int, default=100_000)
    args = parser.parse_args()
    if not SOURCE.is_file():
        sys.exit(
            f"bench/rolling.py: {SOURCE} not found; expected the shared dev set beside the repo"
        )
    env = installed_env()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        sizes = {"quarter": args.cues // 4, "whole": args.cues}
        for command in ("scan", "apply"):
            per_cue: dict[str, float] = {}
            for name, cues in sizes.items():
                path = folder / f"{name}.en.vtt"
                path.write_text(rolling_file(cues), encoding="utf-8")
                floor = streaming_floor(path)
                store = folder / f"store-{command}-{name}"
                wall, cpu = timed_workbench([command, str(path), "--store", str(store)], env)
                per_cue[name] = cpu / cues
                print(
                    f"{command:<5} {cues:>7,} cues: {wall:6.2f} s wall, {cpu:6.2f} s CPU, "
                    f"{cues / cpu:8,.0f} cues/s; {wall / floor:,.0f}× the streaming floor "
                    f"({floor:.3f} s)"
                )
            print(
                f"{command:<5} CPU per cue, whole / quarter: "
                f"{per_cue['whole'] / per_cue['quarter']:.2f} (1.0 linear, 4.0 quadratic)"
            )


if __name__ == "__main__":
    main()
