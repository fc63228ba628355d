"""Review app at scale: a 100,000-segment transcript, open to the first flag and keypress redraw.

Run: ``.venv/bin/python bench/tui.py``. Targets: open < 2 s, keypress < 50 ms.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from workbench.documents import open_latest
from workbench.resources import sample_corpus_dir
from workbench.review.db import ReviewDB
from workbench.review.session import ReviewSession
from workbench.ruleset import load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.screen import ReviewScreen

SEGMENTS = 100_000


def _clock(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def build(folder: Path) -> Path:
    """A Whisper text file of SEGMENTS segments, cycling through a real corpus transcript."""
    lines = [
        line.split("]", 1)[1].strip()
        for line in (sample_corpus_dir() / "welinder-gpt4-launch.txt").read_text().splitlines()
        if line.startswith("[")
    ]
    out = ["\n"]
    for i in range(SEGMENTS):
        out.append(f"[{_clock(i * 2000)} --> {_clock(i * 2000 + 2000)}]   {lines[i % len(lines)]}\n")
    path = folder / "long.txt"
    path.write_text("".join(out), encoding="utf-8")
    return path


async def measure(source: Path, store: Store) -> tuple[float, int, list[float], list[float]]:
    """Seconds to the first flag, the flag count, per-key Pilot round trips and redraws (ms)."""

    def open_session() -> ReviewSession:
        return ReviewSession(
            ReviewDB(store.db_path), store, [open_latest(source, store)], lambda: load_rule_set([])
        )

    started = time.perf_counter()
    app = ReviewApp(open_session, store.root / "learned.yaml")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        while not (isinstance(screen, ReviewScreen) and screen.session is not None):
            await asyncio.sleep(0.01)
            screen = app.screen
        await pilot.pause()
        opened = time.perf_counter() - started
        session = screen.session
        assert session is not None and session.current is not None
        presses = []
        handled = []
        for key in ["j"] * 20 + ["a", "r", "s"] * 5 + ["k"] * 10 + ["n"] * 5:
            t = time.perf_counter()
            await pilot.press(key)
            presses.append((time.perf_counter() - t) * 1000)
            # The screen's own work for a key: the session operation and a full redraw.
            t = time.perf_counter()
            screen._redraw()
            app.screen._compositor.render_update(full=True)
            handled.append((time.perf_counter() - t) * 1000)
        return opened, len(session.items), presses, handled


def main() -> None:
    """Print the figures."""
    folder = Path(tempfile.mkdtemp())
    try:
        source = build(folder)
        opened, flags, presses, handled = asyncio.run(measure(source, Store(folder / "corrected")))
    finally:
        shutil.rmtree(folder)
    print(f"segments: {SEGMENTS:,}  flags: {flags:,}")
    print(f"open to first flag: {opened:.2f} s (target < 2 s)")
    print(
        f"keypress, Pilot round trip (incl. its idle waits): median "
        f"{statistics.median(presses):.1f} ms, max {max(presses):.1f} ms over {len(presses)} keys"
    )
    print(
        f"redraw of the whole screen: median {statistics.median(handled):.1f} ms, "
        f"max {max(handled):.1f} ms (target < 50 ms)"
    )


if __name__ == "__main__":
    main()
