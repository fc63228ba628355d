"""``--jobs N``: a process pool gives what one process gives, byte for byte and in order;
a bad file stops only itself; Ctrl-C leaves every document at a whole version."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import psutil
import pytest

from tests.hostile.conftest import Run, assert_one_clear_error, workbench
from tests.scale.conftest import apply_until_written, write_episodes


def _same_paths(run: Run, *stores: Path) -> str:
    """``run``'s stdout with the store folders named alike (the runs write to different ones)."""
    text = run.stdout
    for store in stores:
        text = text.replace(str(store.resolve()), "STORE")
    return text


def _store_files(store: Path) -> dict[str, object]:
    """Every file of ``store``: version files as bytes, manifests without their times."""
    files: dict[str, object] = {}
    for path in sorted(store.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        key = path.relative_to(store).as_posix()
        if path.suffix == ".json":
            manifest = json.loads(path.read_text(encoding="utf-8"))
            manifest.pop("created")
            for change in manifest["changes"]:
                change.pop("at")
            files[key] = manifest
        else:
            files[key] = path.read_bytes()
    return files


@pytest.mark.parametrize(
    "options",
    [(), ("--per-file",), ("--json",), ("--per-file", "--verbose")],
    ids=["corpus-table", "per-file", "json", "verbose"],
)
def test_scan_with_two_jobs_prints_what_one_prints(corpus: Path, options: tuple[str, ...]) -> None:
    one = workbench("scan", corpus, "--jobs", "1", *options, cwd=corpus.parent)
    two = workbench("scan", corpus, "--jobs", "2", *options, cwd=corpus.parent)
    assert one.code == two.code == 0, (one.stderr, two.stderr)
    assert one.stdout == two.stdout
    if options:  # every file is there, with its flags
        for path in corpus.iterdir():
            assert path.name in one.stdout
    else:  # one table for the whole corpus
        assert f"in {len(list(corpus.iterdir()))} files)" in one.stdout
    assert two.stderr == ""


def test_apply_dry_run_with_two_jobs_prints_the_same_diffs(corpus: Path) -> None:
    one = workbench("apply", corpus, "--dry-run", "--all", "--jobs", "1", cwd=corpus.parent)
    two = workbench("apply", corpus, "--dry-run", "--all", "--jobs", "2", cwd=corpus.parent)
    assert one.code == two.code == 0, (one.stderr, two.stderr)
    assert one.stdout == two.stdout
    assert one.stdout.count("[-") > 100
    assert not (corpus.parent / "corrected").exists()


def test_apply_with_two_jobs_writes_the_same_versions(corpus: Path) -> None:
    stores = corpus.parent / "one", corpus.parent / "two"
    runs = [
        workbench("apply", corpus, "--jobs", jobs, "--store", store, cwd=corpus.parent)
        for jobs, store in zip(("1", "2"), stores, strict=True)
    ]
    assert [run.code for run in runs] == [0, 0], [run.stderr for run in runs]
    assert _same_paths(runs[0], *stores) == _same_paths(runs[1], *stores)
    written = _store_files(stores[0])
    assert len([name for name in written if name.endswith("v001.txt")]) == 11
    assert written == _store_files(stores[1])
    # A second run works on the versions just written, in parallel too.
    again = [
        workbench("apply", corpus, "--all", "--jobs", jobs, "--store", store, cwd=corpus.parent)
        for jobs, store in zip(("1", "2"), stores, strict=True)
    ]
    assert _same_paths(again[0], *stores) == _same_paths(again[1], *stores)
    assert "v002" in again[0].stdout
    assert _store_files(stores[0]) == _store_files(stores[1])


def test_a_bad_file_stops_only_itself_with_every_number_of_jobs(corpus: Path) -> None:
    (corpus / "m-broken.srt").write_text("1\n00:00:01,000 --> nonsense\nhello\n", encoding="utf-8")
    runs = [
        workbench("apply", corpus, "--jobs", jobs, "--store", f"s{jobs}", cwd=corpus.parent)
        for jobs in ("1", "2")
    ]
    for run in runs:
        assert run.code == 2
        assert "Traceback" not in run.stderr
        assert len(run.error_lines) == 1 and "m-broken.srt:2" in run.error_lines[0]
        assert run.stdout.count(" → ") == 11  # every other file got its version
    stores = corpus.parent / "s1", corpus.parent / "s2"
    assert _same_paths(runs[0], *stores) == _same_paths(runs[1], *stores)
    assert runs[0].stderr == runs[1].stderr


def test_a_rule_that_fails_in_every_worker_is_reported_once(corpus: Path) -> None:
    # Every made-up file ends in a line that takes the pattern far beyond its limit
    # (2**40 ways to backtrack), so each worker drops the rule on its first file.
    for path in corpus.glob("episode-*.txt"):
        with path.open("a", encoding="utf-8") as episode:
            episode.write(f"[01:00:00.000 --> 01:00:02.000]   {'a' * 40}!\n")
    rules = corpus.parent / "slow"
    rules.mkdir()
    (rules / "slow.yaml").write_text(
        "rules:\n"
        "  - {id: slow, kind: replace, regex: true, whole_word: false,\n"
        "     pattern: '(a|a)+$', replace: x, auto: true}\n",
        encoding="utf-8",
    )
    run = workbench(
        "scan", corpus, "--jobs", "2", "--no-default-rules", "--rules", rules, cwd=corpus.parent
    )
    assert run.code == 2
    assert len(run.error_lines) == 1, run.stderr
    assert "slow.yaml:2" in run.error_lines[0]


def _leftovers(store: Path) -> list[str]:
    """What an interrupted writer would leave: temp files, a version file without its
    manifest or a manifest without its file."""
    left = [path.name for path in store.rglob("*.tmp")]
    for folder in (path for path in store.iterdir() if path.is_dir()):
        versions = {path.name.split(".")[0] for path in folder.glob("v*.txt")}
        manifests = {path.stem for path in folder.glob("v*.json")}
        left += sorted(versions ^ manifests)
    return left


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_with_no_partial_version(tmp_path: Path, jobs: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_episodes(corpus, 40, 3000)
    store = tmp_path / "corrected"
    child = apply_until_written(tmp_path, store, str(corpus), "--jobs", jobs)
    child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1] == "workbench: aborted"
    assert "total:" not in stdout
    written = list(store.glob("*/v001.json"))
    assert 1 <= len(written) < 40  # stopped part way
    assert _leftovers(store) == []


@pytest.mark.parametrize("options", [(), ("--json",)], ids=["text", "json"])
def test_terms_suggest_with_two_jobs_prints_what_one_prints(
    corpus: Path, options: tuple[str, ...]
) -> None:
    (corpus / "m-broken.srt").write_text("1\n00:00:01,000 --> nonsense\nhello\n", encoding="utf-8")
    one = workbench("terms", "suggest", corpus, "--jobs", "1", *options, cwd=corpus.parent)
    two = workbench("terms", "suggest", corpus, "--jobs", "2", *options, cwd=corpus.parent)
    assert one.code == two.code == 2  # the broken file, reported; the others read
    assert one.error_lines == two.error_lines and "m-broken.srt:2" in one.error_lines[0]
    assert len(one.error_lines) == 1
    assert one.stdout == two.stdout
    assert "GPT-4" in one.stdout and "episode-005.txt" in one.stdout


def test_a_pool_worker_killed_mid_run_is_one_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_episodes(corpus, 40, 3000)
    store = tmp_path / "corrected"
    child = apply_until_written(tmp_path, store, str(corpus), "--jobs", "2")
    command = psutil.Process(child.pid)
    # A forked pool worker runs the command's own command line.
    (worker, *_) = [p for p in command.children() if p.cmdline() == command.cmdline()]
    worker.kill()
    stdout, stderr = child.communicate(timeout=60)
    run = Run(child.returncode, stdout, stderr)
    assert_one_clear_error(run, "a worker process died")
    assert len(list(store.glob("*/v001.json"))) < 40


@pytest.mark.parametrize("command", ["scan", "apply"])
def test_a_files_work_runs_with_the_cyclic_collector_paused(tmp_path: Path, command: str) -> None:
    """Reading a file makes two acyclic objects per segment; the collector's passes over
    them were 40 % of reading a large one. Paused over the file's work, it runs after."""
    import gc

    from workbench.cli.filework import ApplyWork, ScanWork
    from workbench.ruleset import load_rule_set

    (source,) = write_episodes(tmp_path, 1, 20_000)
    rules = load_rule_set()
    store = tmp_path / "corrected"
    work = (
        ScanWork(rules, store, None, vocabulary=frozenset(), as_json=True)
        if command == "scan"
        else ApplyWork(rules, store, None, wait=5, apply_all=False, dry_run=False, color=False)
    )
    passes: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            passes.append(info["generation"])

    gc.callbacks.append(count)
    try:
        report = work(source)
    finally:
        gc.callbacks.remove(count)
    assert report.errors == () and report.segments == 20_000
    assert report.lines  # flags printed, or the version written
    assert len(passes) <= 1  # once resumed, at most one pass: not one per 700 objects made
    assert gc.isenabled()
