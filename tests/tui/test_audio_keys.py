"""The review screen's audio: p, P, Escape, [ and ] against a fake sink; the header and the
level line; one-line messages without the extra, without a device, without audio."""

from __future__ import annotations

import array
import math
import sys
import threading
import wave
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Sparkline, Static

from workbench.audio import AudioError, Clip
from workbench.documents import open_latest
from workbench.review.db import ReviewDB
from workbench.review.session import ReviewSession
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.listening import AudioOptions
from workbench.tui.screen import ReviewScreen

RATE = 8000
SIZE = (100, 30)
# Two cues, the first too fast to read (a timing flag), the second a stutter.
SRT = (
    "1\n00:00:02,000 --> 00:00:03,000\nthis cue holds far too many words to read\n\n"
    "2\n00:00:05,000 --> 00:00:06,500\nand the the end\n"
)


def write_wav(path: Path, seconds: int) -> array.array[int]:
    """A mono WAV with a different tone each second (silence in second 0); its samples."""
    samples = array.array(
        "h",
        (
            round(10000 * math.sin(2 * math.pi * 150 * (f // RATE) * f / RATE))
            for f in range(seconds * RATE)
        ),
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples.tobytes())
    return samples


class FakeSink:
    """Records every play; with ``hold``, each write waits until ``release``."""

    def __init__(self, *, hold: bool = False, fail: str | None = None) -> None:
        self.hold, self.fail = hold, fail
        self.plays: list[array.array[int]] = []
        self.gate = threading.Semaphore(0)
        self.writing = threading.Event()
        self.closed = threading.Event()

    def open(self, channels: int, rate: int) -> None:
        if self.fail:
            raise AudioError(self.fail)
        assert (channels, rate) == (1, RATE)
        self.plays.append(array.array("h"))
        self.closed.clear()

    def write(self, samples: Clip) -> None:
        self.writing.set()
        if self.hold:
            self.gate.acquire(timeout=5)
        self.plays[-1].extend(samples.samples)

    def close(self, *, drain: bool) -> None:
        self.closed.set()


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    source = tmp_path / "talk.srt"
    source.write_text(SRT, encoding="utf-8")
    return source


@pytest.fixture
def app_with(talk: Path, tmp_path: Path) -> Callable[..., ReviewApp]:
    store = Store(tmp_path / "corrected")

    def make(**options: object) -> ReviewApp:
        def open_session(first_block: int | None = None) -> ReviewSession:
            return ReviewSession(
                ReviewDB(store.db_path),
                store,
                [open_latest(talk, store)],
                lambda: load_rule_set([]),
                first_block=first_block,
            )

        return ReviewApp(open_session, tmp_path / "learned.yaml", AudioOptions(**options))  # type: ignore[arg-type]

    return make


async def ready(app: ReviewApp, pilot: Pilot[None]) -> ReviewScreen:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen) and screen.session is not None
    return screen


async def settled(app: ReviewApp, pilot: Pilot[None], sink: FakeSink) -> None:
    """Wait for the play worker, then for the player's thread to finish."""
    await app.workers.wait_for_complete()
    for _ in range(200):
        if sink.closed.is_set():
            break
        await pilot.pause(0.01)
    await pilot.pause()


def messages(app: ReviewApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_p_plays_the_flag_with_lead_and_p_again_or_escape_stops(
    app_with: Callable[..., ReviewApp], talk: Path
) -> None:
    samples = write_wav(talk.with_suffix(".wav"), 8)
    sink = FakeSink()
    app = app_with(sink=lambda: sink)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        assert screen.session is not None and screen.session.current is not None
        assert screen.session.current.suggestion.span == (0, 0)
        header = str(app.screen.query_one("#progress", Static).render())
        assert "♪ talk.wav" in header
        await pilot.press("p")
        await settled(app, pilot, sink)
        # 2.0–3.0 s with 0.3 s either side: frames 13,600 to 26,400, exactly.
        assert sink.plays == [samples[13600:26400]]
        level = app.screen.query_one("#level", Sparkline)
        assert level.has_class("open") and len(level.data or []) == 60

        held = FakeSink(hold=True)
        screen.listening.options.sink = lambda: held
        await pilot.press("p")
        await app.workers.wait_for_complete()
        assert held.writing.wait(5) and screen.listening.playing
        await pilot.press("p")  # again: stops
        assert not screen.listening.playing
        held.gate.release(2)
        assert held.closed.wait(5)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        assert screen.listening.playing
        await pilot.press("escape")  # Escape stops too
        assert not screen.listening.playing
        held.gate.release(2)
        assert held.closed.wait(5)
        assert len(held.plays) == 2 and all(len(p) < 12800 for p in held.plays)


async def test_capital_p_plays_on_and_brackets_move_the_start(
    app_with: Callable[..., ReviewApp], talk: Path
) -> None:
    samples = write_wav(talk.with_suffix(".wav"), 8)
    sink = FakeSink()
    app = app_with(sink=lambda: sink, lead=0.5)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("P")
        await settled(app, pilot, sink)
        assert sink.plays[-1] == samples[12000:]  # 1.5 s to the end of the file
        await pilot.press("left_square_bracket", "left_square_bracket", "right_square_bracket")
        await pilot.press("p")
        await settled(app, pilot, sink)
        assert sink.plays[-1] == samples[4000:28000]  # started 1 s earlier: 0.5 s – 3.5 s
        await pilot.press("j")  # another flag: its own start again
        await pilot.press("p")
        await settled(app, pilot, sink)
        assert sink.plays[-1] == samples[36000:56000]  # 4.5 s – 7.0 s


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (
            "no-extra",
            "Cannot play: audio needs the extra: pip install 'transcript-workbench[audio]'",
        ),
        ("no-device", "Cannot play: no sound output device (failed to init device)"),
        ("no-audio", "Cannot play: no audio for talk: put talk.wav beside it, or use --audio"),
        ("undecodable", "cannot decode this audio"),
    ],
)
async def test_p_says_in_one_line_why_it_cannot_play(
    app_with: Callable[..., ReviewApp],
    talk: Path,
    monkeypatch: pytest.MonkeyPatch,
    setup: str,
    expected: str,
) -> None:
    if setup != "no-audio":
        write_wav(talk.with_suffix(".wav"), 8)
    if setup == "no-extra":
        monkeypatch.setitem(sys.modules, "miniaudio", None)
    if setup == "undecodable":
        talk.with_suffix(".wav").unlink()
        talk.with_suffix(".flac").write_bytes(b"fLaC but not really")
        monkeypatch.setattr("shutil.which", lambda name: None)
    sink = FakeSink(fail="no sound output device (failed to init device)")
    app = app_with(sink=lambda: sink)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("p")
        await settled(app, pilot, sink)
        for _ in range(100):
            if messages(app):
                break
            await pilot.pause(0.02)
        (message,) = [m for m in messages(app) if m.startswith("Cannot play")]
        assert expected in message and "\n" not in message
        assert not screen.listening.playing
        await pilot.press("j", "a")  # the screen goes on
        assert screen.session is not None and screen.session.decisions
