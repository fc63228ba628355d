"""``--dask``: a LocalCluster gives what one process gives; a worker killed mid-run loses
nothing and writes nothing twice; without Dask installed, one line says how to get it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from tests.hostile.conftest import ROOT, Run, assert_one_clear_error, workbench
from tests.scale.conftest import apply_until_written, write_episodes
from tests.scale.test_jobs import _leftovers, _same_paths, _store_files
from workbench.cli.filework import ApplyWork
from workbench.ruleset import load_rule_set

pytest.importorskip("distributed")


def test_dask_local_prints_and_writes_what_one_process_does(corpus: Path) -> None:
    scans = [
        workbench("scan", corpus, "--json", *options, cwd=corpus.parent)
        for options in (("--jobs", "1"), ("--dask", "local", "--jobs", "2"))
    ]
    assert [run.code for run in scans] == [0, 0], scans[1].stderr
    assert scans[0].stdout == scans[1].stdout
    stores = corpus.parent / "one", corpus.parent / "dask"
    applied = [
        workbench("apply", corpus, *options, "--store", store, cwd=corpus.parent)
        for options, store in zip(
            (("--jobs", "1"), ("--dask", "local", "--jobs", "2")), stores, strict=True
        )
    ]
    assert [run.code for run in applied] == [0, 0], applied[1].stderr
    assert applied[1].stderr == ""
    assert _same_paths(applied[0], *stores) == _same_paths(applied[1], *stores)
    assert _store_files(stores[0]) == _store_files(stores[1])
    assert not list(corpus.parent.glob("dask-*"))  # no scratch folder left beside the work


def _dask_workers(pid: int) -> list[psutil.Process]:
    """The worker processes a LocalCluster started under process ``pid``."""
    return [
        child
        for child in psutil.Process(pid).children(recursive=True)
        if "spawn_main" in " ".join(child.cmdline())
    ]


def test_a_worker_killed_mid_run_loses_nothing_and_writes_nothing_twice(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_episodes(corpus, 30, 2000)
    reference = workbench("apply", corpus, "--jobs", "1", "--store", "one", cwd=tmp_path)
    assert reference.code == 0
    store = tmp_path / "dask"
    run = apply_until_written(
        tmp_path,
        store,
        *(str(corpus), "--store", str(store), "--dask", "local", "--jobs", "2"),
        versions=3,
        wait=120,
    )
    workers = _dask_workers(run.pid)
    assert len(workers) == 2
    workers[0].send_signal(signal.SIGKILL)
    assert len(list(store.glob("*/v001.json"))) < 30  # the kill came mid-run
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stderr
    assert "Traceback" not in stderr
    stores = tmp_path / "one", store
    assert _same_paths(reference, *stores) == stdout.replace(str(store.resolve()), "STORE")
    assert _store_files(stores[0]) == _store_files(stores[1])  # no v002: nothing written twice
    assert _leftovers(store) == []


def test_a_file_worked_on_again_reports_the_version_it_wrote(tmp_path: Path) -> None:
    source = tmp_path / "talk.txt"
    source.write_bytes((ROOT / "corpus" / "welinder-gpt4-launch.txt").read_bytes())
    work = ApplyWork(
        load_rule_set(),
        tmp_path / "corrected",
        None,
        wait=5,
        apply_all=False,
        dry_run=False,
        color=False,
    )
    work.bases = {source: 0}
    first = work(source)
    assert first.errors == () and "v001" in first.lines[0]
    # The lost worker died between linking its manifest into place and removing the temp.
    folder = tmp_path / "corrected" / "talk"
    os.link(folder / "v001.json", folder / ".v001.json.k1ll3d.tmp")
    again = work(source)  # a Dask task run again after its worker was lost
    assert again.lines == first.lines and again.counts == first.counts
    assert sorted(p.name for p in (tmp_path / "corrected" / "talk").iterdir()) == [
        ".lock",
        "v001.json",
        "v001.txt",
    ]


def test_another_writers_version_is_worked_on_not_taken_for_ours(tmp_path: Path) -> None:
    source = tmp_path / "talk.txt"
    source.write_bytes((ROOT / "corpus" / "welinder-gpt4-launch.txt").read_bytes())
    store = tmp_path / "corrected"
    everything = ApplyWork(
        load_rule_set(), store, None, wait=5, apply_all=True, dry_run=False, color=False
    )
    assert "v001" in everything(source).lines[0]  # another writer, after our run began
    ours = ApplyWork(
        load_rule_set(), store, None, wait=5, apply_all=False, dry_run=False, color=False
    )
    ours.bases = {source: 0}
    report = ours(source)  # v001 is not what our rules make of v000: the auto rules run on it
    assert report.errors == () and report.lines == ()  # nothing left for them to change
    assert not (store / "talk" / "v002.txt").exists()


def test_without_dask_the_option_says_how_to_install_it(tmp_path: Path) -> None:
    source = tmp_path / "talk.txt"
    source.write_bytes((ROOT / "corpus" / "welinder-gpt4-launch.txt").read_bytes())
    blocked = tmp_path / "no-dask"
    blocked.mkdir()
    # A module named distributed that cannot be imported: as if Dask were not installed.
    (blocked / "distributed.py").write_text("raise ImportError('no dask here')\n")
    run = subprocess.run(
        [sys.executable, "-m", "workbench", "apply", "talk.txt", "--dask", "local"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": f"{blocked}{os.pathsep}{ROOT}"},
    )
    assert_one_clear_error(
        Run(run.returncode, run.stdout, run.stderr),
        "pip install 'transcript-workbench[dask]'",
        "--dask needs Dask",
    )
    assert not (tmp_path / "corrected").exists()


def test_a_scheduler_that_cannot_be_reached_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "talk.txt"
    source.write_bytes((ROOT / "corpus" / "welinder-gpt4-launch.txt").read_bytes())
    run = subprocess.run(
        [sys.executable, "-m", "workbench", "scan", "talk.txt", "--dask", "tcp://127.0.0.1:9"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s",
        },
    )
    assert_one_clear_error(
        Run(run.returncode, run.stdout, run.stderr), "cannot reach the Dask scheduler", ":9"
    )


@pytest.mark.parametrize("runner", [("--dask", "local"), ("--jobs", "2")], ids=["dask", "pool"])
def test_collect_writes_in_the_command_what_workers_would_have_written(
    corpus: Path, runner: tuple[str, ...]
) -> None:
    stores = corpus.parent / "one", corpus.parent / "collected"
    runs = [
        workbench("apply", corpus, *options, "--store", store, cwd=corpus.parent)
        for options, store in zip((("--jobs", "1"), (*runner, "--collect")), stores, strict=True)
    ]
    assert [run.code for run in runs] == [0, 0], runs[1].stderr
    assert _same_paths(runs[0], *stores) == _same_paths(runs[1], *stores)
    assert _store_files(stores[0]) == _store_files(stores[1])


def test_a_collected_version_whose_document_moved_on_is_made_again(tmp_path: Path) -> None:
    source = tmp_path / "talk.txt"
    source.write_bytes((ROOT / "corpus" / "welinder-gpt4-launch.txt").read_bytes())
    store = tmp_path / "corrected"

    def work(apply_all: bool) -> ApplyWork:
        return ApplyWork(
            load_rule_set(), store, None, wait=5, apply_all=apply_all, dry_run=False, color=False
        )

    collecting = work(apply_all=True)
    collecting.collect = True
    sent = collecting(source)  # a worker's fixed document, not yet written
    assert sent.lines == () and len(sent.found) == 1 and not store.exists()
    assert "v001" in work(apply_all=False)(source).lines[0]  # another writer gets in first
    written = collecting.write_collected(sent)
    assert written.found == () and "v002" in written.lines[0]  # made again from v001
    assert "talk.txt" not in written.lines[0].split(" → ")[0]  # reported as v001's path


@pytest.mark.parametrize(
    ("files", "slots", "sizes"),
    [
        (1000, 2, [8] * 125),  # a task per 8 files: the scheduler's cost paid 125 times, not 1,000
        (100, 2, [6] * 16 + [4]),  # eight tasks per slot (a worker's thread) at least
        (10, 2, [1] * 10),
        (3, 16, [1, 1, 1]),
        (0, 2, []),
    ],
)
def test_files_go_to_dask_in_batches_of_consecutive_files(
    files: int, slots: int, sizes: list[int]
) -> None:
    from workbench.batch.dask import batches

    sources = [Path(f"episode-{n:04}.txt") for n in range(files)]
    cut = batches(sources, slots=slots)
    assert [len(batch) for batch in cut] == sizes
    assert [source for batch in cut for source in batch] == sources
