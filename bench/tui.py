"""Review app at scale: a 100,000-segment transcript, open to the first flag and keypress latency.

Run: ``.venv/bin/python bench/tui.py``. Targets: open < 2 s, keypress < 50 ms.

"Open" ends when the first flag is on screen: the screen shows the flags of the
first block of segments while the rest is scanned; keys are timed after that,
on the whole list.

A keypress is timed as a user feels it: from the moment the key event enters
the app's queue (as the terminal driver would post it) to the end of the first
frame composed after the key's handler ran, including encoding that frame as
the escape sequences a real terminal would receive (the headless driver skips
that step, so the benchmark does it). The handler's own share is printed too.
The same keys are then replayed with the list rebuilt on every key, the naive
way, and the ratio of the two medians is printed last.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from textual import events

from workbench.documents import open_latest
from workbench.resources import sample_corpus_dir
from workbench.review.session import session_factory
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.screen import ReviewScreen

SEGMENTS = 100_000
KEYS = ["j", "k", "a", "u"] * 13
"""Next, previous, accept and undo: 52 presses."""
SIZE = (100, 30)


def _clock(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def build(folder: Path, segments: int = SEGMENTS) -> Path:
    """A Whisper text file of ``segments`` segments, cycling through a real corpus transcript
    (also used by tests/tui/test_long.py)."""
    lines = [
        line.split("]", 1)[1].strip()
        for line in (sample_corpus_dir() / "welinder-gpt4-launch.txt").read_text().splitlines()
        if line.startswith("[")
    ]
    out = ["\n"]
    for i in range(segments):
        out.append(
            f"[{_clock(i * 2000)} --> {_clock(i * 2000 + 2000)}]   {lines[i % len(lines)]}\n"
        )
    path = folder / "long.txt"
    path.write_text("".join(out), encoding="utf-8")
    return path


class Latency:
    """Timestamps of one key: sent, handled (redraw asked for) and the next frame out."""

    def __init__(self, app: ReviewApp, screen: ReviewScreen) -> None:
        self.app = app
        self.sent = self.handled = 0.0
        self.frame = asyncio.Event()
        redraw = screen._redraw
        display = app._display

        def timed_redraw(*args: Any, **kwargs: Any) -> None:
            redraw(*args, **kwargs)
            self.handled = time.perf_counter()

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if self.handled and renderable is not None:
                # What a real driver does with the frame before writing it out.
                renderable.render_segments(app.console)
                self.frame.set()

        screen._redraw = timed_redraw  # type: ignore[method-assign]
        app._display = timed_display  # type: ignore[method-assign]

    async def press(self, key: str) -> tuple[float, float]:
        """Milliseconds from key to frame, and from key to the end of its handler."""
        self.handled = 0.0
        self.frame.clear()
        event = events.Key(key, key)
        event.set_sender(self.app)
        assert self.app._driver is not None
        self.sent = time.perf_counter()
        self.app._driver.send_message(event)
        await asyncio.wait_for(self.frame.wait(), 5)
        done = time.perf_counter()
        return (done - self.sent) * 1000, (self.handled - self.sent) * 1000


async def measure(
    source: Path, store: Store, *, naive: bool
) -> tuple[float, float, int, list[float], list[float]]:
    """Seconds to the first flag and to the whole list, the flag count, and per key:
    key-to-frame and handler (ms)."""

    open_session = session_factory(store, [open_latest(source, store)], lambda: load_rule_set([]))

    started = time.perf_counter()
    app = ReviewApp(open_session, store.root / "learned.yaml")
    first_frame = asyncio.Event()
    shown_at = 0.0
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        # The first frame composed once the session is on the screen: the first flag shown
        # (encoded as a real driver would before writing it out).
        nonlocal shown_at
        display(screen, renderable)
        if not shown_at and renderable is not None and getattr(screen, "session", None) is not None:
            renderable.render_segments(app.console)
            shown_at = time.perf_counter()
            first_frame.set()

    app._display = timed_display  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.wait_for(first_frame.wait(), 60)
        opened = shown_at - started
        app._display = display  # type: ignore[method-assign]
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        session = screen.session
        assert session is not None and session.current is not None
        # Keys are timed on the whole list, once the rest of the document is scanned.
        while session.partial:
            await asyncio.sleep(0.005)
        await pilot.pause()
        whole = time.perf_counter() - started
        if naive:
            redraw = screen._redraw

            def rebuild_every_time(*, relist: bool = False) -> None:
                # The naive list: every key rebuilds all the lines of the list.
                redraw(relist=True)

            screen._redraw = rebuild_every_time  # type: ignore[method-assign]
        latency = Latency(app, screen)
        frames, handlers = [], []
        for key in KEYS:
            frame, handler = await latency.press(key)
            frames.append(frame)
            handlers.append(handler)
            await pilot.pause()
        return opened, whole, len(session.items), frames, handlers


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    """Print the figures."""
    folder = Path(tempfile.mkdtemp())
    try:
        source = build(folder)
        opened, whole, flags, frames, handlers = asyncio.run(
            measure(source, Store(folder / "corrected"), naive=False)
        )
        shutil.rmtree(folder / "corrected")
        _, _, _, naive_frames, _ = asyncio.run(
            measure(source, Store(folder / "corrected"), naive=True)
        )
    finally:
        shutil.rmtree(folder)
    print(
        f"segments: {SEGMENTS:,}  flags: {flags:,}  keys: {len(KEYS)} (j k a u)  screen {SIZE[0]}x{SIZE[1]}"
    )
    print(f"open to first flag: {opened:.2f} s (target < 2 s); whole list scanned at {whole:.2f} s")
    print(
        f"keypress to frame: median {statistics.median(frames):.1f} ms, p95 {_p95(frames):.1f} ms, "
        f"max {max(frames):.1f} ms (target < 50 ms)"
    )
    print(
        f"  of which the key's handler: median {statistics.median(handlers):.1f} ms, p95 {_p95(handlers):.1f} ms"
    )
    print(
        f"naive list (rebuilt on every key): median {statistics.median(naive_frames):.1f} ms, "
        f"p95 {_p95(naive_frames):.1f} ms"
    )
    print(
        f"ratio naive / virtualised (median): {statistics.median(naive_frames) / statistics.median(frames):.1f}x"
    )


if __name__ == "__main__":
    main()
