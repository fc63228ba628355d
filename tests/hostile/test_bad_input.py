"""Bad paths and bad rule files: one line naming the file and what was wrong, exit 2,
no traceback, nothing written; and a bad file in a batch never stops the others."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    assert_one_clear_error,
    tree_digest,
    workbench,
    workbench_unprivileged,
)
from workbench.model import Transcript
from workbench.ruleset.models import parse_rule

TOO_LONG_NAME = "n" * 300 + ".txt"
"""Longer than any file system's NAME_MAX (255 bytes)."""
TOO_LONG_PATH = "/".join(["d" * 200] * 25) + "/talk.txt"
"""Longer than PATH_MAX (4,096 bytes), though each part is a legal name."""


BAD_PATHS = {
    "name-too-long": TOO_LONG_NAME,
    "path-too-long": TOO_LONG_PATH,
    "inside-a-file": "talk.txt/inside.txt",  # ENOTDIR
}

QUICK = "--no-default-rules"
AS = {  # a store is written only when there is a change: the shipped rules make some
    "transcript": lambda path: ["scan", path, QUICK],
    "rule-folder": lambda path: ["scan", "talk.txt", "--rules", path, QUICK],
    "glossary": lambda path: ["scan", "talk.txt", "--glossary", path, QUICK],
    "store": lambda path: ["apply", "talk.txt", "--store", path],
}


@pytest.mark.parametrize(
    ("role", "bad"),
    [
        ("transcript", "name-too-long"),
        ("transcript", "path-too-long"),
        ("rule-folder", "name-too-long"),
        ("glossary", "path-too-long"),
        ("store", "name-too-long"),
        ("store", "inside-a-file"),
    ],
)
def test_a_path_the_os_refuses_is_one_line_naming_it(workdir: Path, role: str, bad: str) -> None:
    path = BAD_PATHS[bad]
    before = tree_digest(workdir)
    run = workbench(*AS[role](path), cwd=workdir)
    # The line names the path (or, for one the OS calls too long, its start).
    assert_one_clear_error(run, path[:250].removesuffix("/inside.txt"))
    assert tree_digest(workdir) == before


def test_an_unreadable_transcript_is_one_line_naming_it(workdir: Path) -> None:
    (workdir / "talk.txt").chmod(0)
    (workdir / "c.txt").write_text("[00:00:00.000 --> 00:00:01.000]   Hi.\n", encoding="utf-8")
    before = tree_digest(workdir)
    run = workbench_unprivileged("scan", "talk.txt", "c.txt", QUICK, cwd=workdir)
    assert_one_clear_error(run, "talk.txt", "Permission denied")
    assert "(0 flags in 1 file)" in run.stdout  # the batch went on, c.txt scanned
    assert tree_digest(workdir) == before


def _rules(workdir: Path, text: str) -> Path:
    folder = workdir / "rules"
    folder.mkdir()
    (folder / "bad.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_link_loop_given_as_a_transcript_is_named_a_link(workdir: Path) -> None:
    """A loop of links was reported as "no such file or directory"."""
    (workdir / "one.txt").symlink_to("two.txt")
    (workdir / "two.txt").symlink_to("one.txt")
    run = workbench("scan", "one.txt", cwd=workdir)
    assert_one_clear_error(run, "one.txt", "a link that leads to no file")


@pytest.mark.parametrize(
    "text",
    ["rules: " + "[" * 100_000, "rules:\n" + "".join("  " * n + "- \n" for n in range(1, 3000))],
    ids=["flow", "block"],
)
def test_a_rule_file_nested_too_deep_is_one_line_not_a_stack_overflow(
    workdir: Path, text: str
) -> None:
    folder = _rules(workdir, text)
    before = tree_digest(workdir)
    run = workbench("scan", "talk.txt", "--rules", folder, cwd=workdir)
    assert_one_clear_error(run, "bad.yaml:", "nested more than 100 levels deep")
    assert tree_digest(workdir) == before


REGEX_RULE = "rules:\n  - id: {id}\n    kind: replace\n    regex: true\n    pattern: 'the (\\w+)'\n    replace: '{replace}'\n"


@pytest.mark.parametrize(
    ("replace", "message"), [("\\9", "no such group"), ("\\g<nope>", "unknown group")]
)
def test_a_replacement_naming_a_missing_group_is_refused_when_loading(
    workdir: Path, replace: str, message: str
) -> None:
    folder = _rules(workdir, REGEX_RULE.format(id="group", replace=replace))
    run = workbench("apply", "talk.txt", "--rules", folder, cwd=workdir)
    assert_one_clear_error(run, "bad.yaml:6:", f"{message} in '{replace}'", "rule group")
    assert not (workdir / "corrected").exists()


def test_rules_check_finds_missing_groups_without_an_example(workdir: Path) -> None:
    folder = _rules(
        workdir,
        REGEX_RULE.format(id="number", replace="\\9")
        + REGEX_RULE.format(id="name", replace="\\g<nope>").removeprefix("rules:\n"),
    )
    run = workbench("rules", "check", folder, cwd=workdir)
    assert run.code == 1, run.stderr
    where = folder / "bad.yaml"
    groups = "(the pattern has groups 1)"
    assert run.stdout.splitlines() == [
        f"{where}:6:14: number: replace: no such group in '\\9' {groups}",
        f"{where}:11:14: name: replace: unknown group in '\\g<nope>' {groups}",
    ]


@pytest.mark.parametrize("bad", ["bad.json", "missing.txt", TOO_LONG_NAME, "empty-folder"])
def test_a_bad_file_in_a_batch_stops_only_itself(workdir: Path, bad: str) -> None:
    (workdir / "c.txt").write_bytes((workdir / "talk.txt").read_bytes())
    (workdir / "empty-folder").mkdir()
    # A NaN time: whatever its reader makes of it, it must not end the batch.
    (workdir / "bad.json").write_text(
        '{"segments": [{"start": NaN, "end": 1, "text": "Dppd4"}]}', encoding="utf-8"
    )
    run = workbench("apply", "talk.txt", bad, "c.txt", cwd=workdir)
    assert_one_clear_error(run, bad[:100])
    assert "Traceback" not in run.stdout
    assert sorted(p.name for p in (workdir / "corrected").iterdir()) == ["c", "talk"]


@pytest.mark.parametrize("command", ["scan", "apply"])
def test_any_failure_of_one_file_is_one_line_and_the_batch_goes_on(
    workdir: Path,
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Not only our own errors: an exception nobody foresaw in one file (here made
    to happen in the engine) is that file's one line, and the next file is done."""
    from workbench.cli.app import main
    from workbench.engine import Engine

    (workdir / "c.txt").write_bytes((workdir / "talk.txt").read_bytes())
    (workdir / "b.txt").write_bytes((workdir / "talk.txt").read_bytes())
    scan, fix = Engine.scan, Engine.fix

    def fail_on_b(real: Callable[..., object]) -> Callable[..., object]:
        def run(engine: Engine, transcript: Transcript, **options: bool) -> object:
            if transcript.doc_id == "b":
                raise ValueError("cannot convert float NaN to integer")
            return real(engine, transcript, **options)

        return run

    monkeypatch.setattr(Engine, "scan", fail_on_b(scan))
    monkeypatch.setattr(Engine, "fix", fail_on_b(fix))
    monkeypatch.chdir(workdir)
    assert main([command, "talk.txt", "b.txt", "c.txt"]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "workbench: error: b.txt: unexpected ValueError: cannot convert float NaN to integer"
    ]
    if command == "scan":
        # talk.txt and c.txt, and b.txt named as stopped
        assert out.splitlines()[-1].endswith(" in 2 files (1 stopped by an error above)")
    else:
        assert sorted(p.name for p in (workdir / "corrected").iterdir()) == ["c", "talk"]


@pytest.mark.parametrize(
    ("pattern", "replace"),
    [
        ("the (\\w+)", "\\1 and \\g<1>"),
        ("the (?P<word>\\w+)", "\\g<word>, \\\\ and \\n"),
        ("(?x) the (\\w+)  # a verbose pattern ends in a comment", "\\1"),
        ("the \\w+", "no groups at all"),
    ],
)
def test_a_replacement_naming_groups_the_pattern_has_is_accepted(
    pattern: str, replace: str
) -> None:
    rule = parse_rule(
        {"id": "ok", "kind": "replace", "regex": True, "pattern": pattern, "replace": replace}
    )
    assert getattr(rule, "replace", None) == replace
