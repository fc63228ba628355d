"""A WAV file of a different tone each second, written with the stdlib ``wave`` module."""

from __future__ import annotations

import array
import math
import wave
from collections.abc import Callable
from pathlib import Path

import pytest


def tones(seconds: int, rate: int = 8000, channels: int = 1) -> array.array[int]:
    """Interleaved 16-bit samples: second ``k`` is a sine of ``200 (k + 1)`` Hz (right
    channel at half the level of the left)."""
    samples = array.array("h")
    for frame in range(seconds * rate):
        value = 12000 * math.sin(2 * math.pi * 200 * (frame // rate + 1) * frame / rate)
        samples.extend(round(value / (c + 1)) for c in range(channels))
    return samples


def write_tones(path: Path, seconds: int, rate: int = 8000, channels: int = 1) -> array.array[int]:
    """Write ``tones`` to ``path`` as a WAV file; the samples written."""
    samples = tones(seconds, rate, channels)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return samples


@pytest.fixture
def tone_wav(tmp_path: Path) -> Callable[..., tuple[Path, array.array[int]]]:
    """Write a tone WAV (``seconds``, ``rate``, ``channels``) as ``talk.wav``; path and samples."""

    def make(
        seconds: int = 6, rate: int = 8000, channels: int = 1
    ) -> tuple[Path, array.array[int]]:
        path = tmp_path / "talk.wav"
        return path, write_tones(path, seconds, rate, channels)

    return make
