"""Playing a clip in a background thread, through a sink that tests replace with a fake."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Generator, Iterator
from typing import Protocol

from workbench.audio.clip import AudioError, Clip, load_miniaudio

BLOCK_MS = 50
"""How much audio the sink is handed at a time: the longest a stop waits."""


class Sink(Protocol):
    """Where played frames go: the sound device, or a fake in tests."""

    def open(self, channels: int, rate: int) -> None:
        """Get ready for frames of this shape; ``AudioError`` when there is no output."""

    def write(self, samples: Clip) -> None:
        """Play these frames (blocking about as long as they last, for a device)."""

    def close(self, *, drain: bool) -> None:
        """Let go of the output, after playing what it holds when ``drain``."""


class DeviceSink:
    """The default sound output, through miniaudio."""

    def __init__(self) -> None:
        self._device: object | None = None
        self._blocks: list[bytes] = []
        self._room = threading.Semaphore(4)

    def open(self, channels: int, rate: int) -> None:
        """Open the default output device at this shape."""
        miniaudio = load_miniaudio()
        self._blocks = []
        self._room = threading.Semaphore(4)
        generator = self._feed(channels)
        next(generator)
        try:
            with _quiet_stderr():
                device = self._device = miniaudio.PlaybackDevice(
                    nchannels=channels, sample_rate=rate
                )
                device.start(generator)
        except miniaudio.MiniaudioError as error:
            self.close(drain=False)
            raise AudioError(f"no sound output device ({error.args[0]})") from None

    def _feed(self, channels: int) -> Generator[bytes, int, None]:
        """miniaudio's callback generator: queued blocks, silence when there are none."""
        wanted = yield b""
        pending = b""
        while True:
            size = wanted * channels * 2
            while len(pending) < size and self._blocks:
                pending += self._blocks.pop(0)
                self._room.release()
            chunk, pending = pending[:size], pending[size:]
            wanted = yield chunk + b"\0" * (size - len(chunk))

    def write(self, samples: Clip) -> None:
        """Queue the frames; waits while four blocks are already queued."""
        self._room.acquire()
        self._blocks.append(samples.samples.tobytes())

    def close(self, *, drain: bool) -> None:
        """Close the device, once the queued frames are played when ``drain``."""
        if drain:
            for _ in range(4):
                self._room.acquire(timeout=1)  # each played block gives one back
            time.sleep(0.2)  # the device's own buffer
        if self._device is not None:
            self._device.close()  # type: ignore[attr-defined]
            self._device = None


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Keep the C audio libraries' complaints (ALSA prints to fd 2) off the screen."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


class Player:
    """Plays one clip at a time in a background thread; ``stop`` ends it early."""

    def __init__(
        self, sink: Sink, on_done: Callable[[AudioError | None], None] | None = None
    ) -> None:
        self.sink = sink
        self.on_done = on_done
        """Called from the playing thread when a clip ends, with the error if it failed."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def playing(self) -> bool:
        """True while a clip is being played."""
        return self._thread is not None and self._thread.is_alive()

    def play(self, clip: Clip) -> None:
        """Stop what is playing, then play ``clip`` without waiting for it."""
        self.stop()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(clip, self._stop), name="workbench-audio", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop playing without waiting: the thread lets go of the sink after its block."""
        self._stop.set()
        self._thread = None

    def _run(self, clip: Clip, stop: threading.Event) -> None:
        error: AudioError | None = None
        try:
            self.sink.open(clip.channels, clip.rate)
            finished = False
            try:
                step = max(1, clip.rate * BLOCK_MS // 1000) * clip.channels
                for at in range(0, len(clip.samples), step):
                    if stop.is_set():
                        break
                    part = clip.samples[at : at + step]
                    self.sink.write(Clip(part, clip.channels, clip.rate, clip.first_frame))
                else:
                    finished = True
            finally:
                self.sink.close(drain=finished)
        except AudioError as failed:
            error = failed
        if self.on_done is not None and not stop.is_set():
            self.on_done(error)
