"""Never a hang, never unbounded memory: a pipe, a device, a huge file or a slow
pattern is one line and exit 2, in bounded time, and nothing is written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.hostile.conftest import assert_one_clear_error, tree_digest, workbench_process
from workbench.checks import RuleModel
from workbench.engine import Engine
from workbench.inputs import MAX_INPUT_BYTES
from workbench.model import Segment, Transcript
from workbench.ruleset import RuleSet
from workbench.ruleset.models import parse_rule

HANG_SECONDS = 20
"""Far longer than any of these commands needs; a blocked read would wait for ever."""


def _as_transcript(workdir: Path, target: Path) -> list[str | Path]:
    return ["scan", target]


def _in_a_batch(workdir: Path, target: Path) -> list[str | Path]:
    return ["scan", "talk.txt", target]


def _as_glossary(workdir: Path, target: Path) -> list[str | Path]:
    return ["scan", "talk.txt", "--glossary", target]


def _as_rule_file(workdir: Path, target: Path) -> list[str | Path]:
    """``target`` as a rule file: once, such a file was skipped without a word."""
    folder = workdir / "rules"
    folder.mkdir()
    (folder / f"{target.stem}.yaml").symlink_to(target)
    return ["scan", "talk.txt", "--rules", folder]


def _as_glossary_of_a_rule(workdir: Path, target: Path) -> list[str | Path]:
    folder = workdir / "rules"
    folder.mkdir()
    (folder / "terms.yaml").write_text(
        f"rules:\n  - id: names\n    kind: glossary\n    file: {target}\n", encoding="utf-8"
    )
    return ["scan", "talk.txt", "--rules", folder]


ROLES = {  # each names the file it is given by that file's stem
    "transcript": _as_transcript,
    "transcript-in-a-batch": _in_a_batch,
    "glossary": _as_glossary,
    "rule-file": _as_rule_file,
    "glossary-of-a-rule": _as_glossary_of_a_rule,
}


@pytest.mark.parametrize("role", ROLES)
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(workdir: Path, role: str) -> None:
    pipe = workdir.parent / "pipe.txt"
    os.mkfifo(pipe)
    args = ROLES[role](workdir, pipe)
    before = tree_digest(workdir)
    run = workbench_process(*args, "--no-default-rules", cwd=workdir, timeout=HANG_SECONDS)
    assert_one_clear_error(run, "pipe.", "is a named pipe (FIFO); expected a regular")
    assert tree_digest(workdir) == before


@pytest.mark.parametrize("role", ["transcript"])
def test_an_endless_device_is_refused_before_it_is_read(workdir: Path, role: str) -> None:
    args = ROLES[role](workdir, Path("/dev/zero"))
    before = tree_digest(workdir)
    run = workbench_process(*args, "--no-default-rules", cwd=workdir, timeout=HANG_SECONDS)
    assert_one_clear_error(run, "zero", "is a character device; expected a regular")
    assert tree_digest(workdir) == before


@pytest.mark.parametrize("role", ["transcript", "rule-file"])
def test_a_file_over_the_size_limit_is_refused_without_reading_it(workdir: Path, role: str) -> None:
    huge = workdir.parent / "huge.txt"
    with huge.open("wb") as sparse:  # takes no space: the OS reads the hole as zeros
        sparse.truncate(MAX_INPUT_BYTES + 1)
    args = ROLES[role](workdir, huge)
    before = tree_digest(workdir)
    began = time.monotonic()
    run = workbench_process(*args, "--no-default-rules", cwd=workdir, timeout=HANG_SECONDS)
    assert_one_clear_error(run, "huge.", "file too large", f"limit is {MAX_INPUT_BYTES:,} bytes")
    assert time.monotonic() - began < HANG_SECONDS / 2
    assert tree_digest(workdir) == before


def _whisper(texts: list[str]) -> str:
    def stamp(ms: int) -> str:
        return (
            f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
        )

    return "".join(
        f"[{stamp(i * 1000)} --> {stamp(i * 1000 + 900)}]   {text}\n"
        for i, text in enumerate(texts)
    )


def test_a_slow_pattern_has_one_time_limit_for_the_whole_run(workdir: Path) -> None:
    # Each block of 10,000 segments stays under the 2 s limit (about 1.4 s on the
    # project's busy machine), but ten of them add up to a quarter of a minute:
    # the limit holds for the rule over the whole run, so it is dropped after 2 s.
    (workdir / "long.txt").write_text(_whisper(["a" * 8 + "!"] * 100_000), encoding="utf-8")
    folder = workdir / "rules"
    folder.mkdir()
    (folder / "slow.yaml").write_text(
        "rules:\n"
        "  - id: slow\n"
        "    kind: replace\n"
        "    regex: true\n"
        "    whole_word: false\n"
        "    pattern: '(a|a)+$'\n"
        "    replace: x\n",
        encoding="utf-8",
    )
    run = workbench_process(
        "scan", "long.txt", "--no-default-rules", "--rules", folder, cwd=workdir
    )
    assert_one_clear_error(run, "slow.yaml:2:", "'(a|a)+$' took longer than 2s in all", "slow")
    assert "total: 0 flags" in run.stdout


def test_a_patterns_time_limit_is_shared_by_every_transcript_of_a_run() -> None:
    rule = parse_rule(
        {
            "id": "slow",
            "kind": "replace",
            "regex": True,
            "whole_word": False,
            "pattern": "(a|a)+$",
            "replace": "x",
        }
    )
    assert isinstance(rule, RuleModel)
    segments = tuple(Segment(i, None, None, "a" * 7 + "!", line=i + 1) for i in range(2000))
    transcript = Transcript("doc", "txt", segments)
    began = time.monotonic()
    assert Engine(RuleSet((rule,)), regex_timeout=60).scan(transcript).problems == ()
    one_scan = time.monotonic() - began
    # Each scan stays well under the limit, five of them do not: the rule is
    # dropped (and reported) once, by the scan that uses up what is left.
    engine = Engine(RuleSet((rule,)), regex_timeout=2.5 * one_scan)
    problems = [problem for _ in range(5) for problem in engine.scan(transcript).problems]
    assert [problem.rule_id for problem in problems] == ["slow"]
    assert "in all, its limit for one run" in problems[0].message
