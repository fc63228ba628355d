"""Ctrl-C stops a batch even when Python swallowed it inside a finaliser."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.batch import FileReport, run_files


@pytest.fixture(autouse=True)
def default_handler() -> Iterator[None]:
    """Leave Python's own SIGINT handler in place after each test."""
    yield
    signal.signal(signal.SIGINT, signal.default_int_handler)


class _PressesCtrlCWhenFreed:
    """An object whose finaliser receives Ctrl-C: Python reports the interrupt and drops it."""

    def __del__(self) -> None:
        signal.raise_signal(signal.SIGINT)


def test_an_interrupt_a_finaliser_swallowed_still_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[type[BaseException] | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: reported.append(info.exc_type))
    sources = [tmp_path / "first.txt", tmp_path / "second.txt"]
    worked_on: list[Path] = []

    def work(source: Path) -> FileReport:
        worked_on.append(source)
        _PressesCtrlCWhenFreed()  # freed at once, interrupted inside __del__
        return FileReport(source)

    with pytest.raises(KeyboardInterrupt):
        list(run_files(work, sources, jobs=1))
    assert worked_on == [sources[0]]  # Python went on after __del__; the run did not
    assert reported == []  # no "Exception ignored ... Traceback" on stderr


class _FailsWhenFreed:
    """An object whose finaliser fails: Python reports it and goes on."""

    def __del__(self) -> None:
        raise ValueError("broken finaliser")


def test_what_else_a_finaliser_drops_is_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[type[BaseException] | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: reported.append(info.exc_type))

    def work(source: Path) -> FileReport:
        _FailsWhenFreed()
        return FileReport(source)

    assert len(list(run_files(work, [tmp_path / "a.txt", tmp_path / "b.txt"], jobs=1))) == 2
    assert reported == [ValueError, ValueError]


def test_an_interrupt_after_the_last_file_still_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "unraisablehook", lambda info: None)

    def work(source: Path) -> FileReport:
        _PressesCtrlCWhenFreed()
        return FileReport(source)

    with pytest.raises(KeyboardInterrupt):
        list(run_files(work, [tmp_path / "only.txt"], jobs=1))


def test_a_run_without_ctrl_c_gives_every_report(tmp_path: Path) -> None:
    sources = [tmp_path / f"{name}.txt" for name in "abc"]
    reports = list(run_files(FileReport, sources, jobs=1))
    assert [report.source for report in reports] == sources
