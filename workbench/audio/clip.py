"""Decoding an audio file, and the exact frames and level envelope of a segment."""

from __future__ import annotations

import array
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError

EXTRA_MISSING = "audio needs the extra: pip install 'transcript-workbench[audio]'"
"""What playback says when miniaudio is not installed."""


class AudioError(WorkbenchError):
    """Audio that cannot be decoded or played; the message is one line for the footer."""


@dataclass(frozen=True, slots=True)
class Audio:
    """A decoded file: interleaved signed 16-bit samples at the file's own rate."""

    samples: array.array[int]
    channels: int
    rate: int

    @property
    def frames(self) -> int:
        """How many frames (one sample per channel) the file holds."""
        return len(self.samples) // self.channels

    def clip(self, start_ms: int, end_ms: int, lead: float = 0.3) -> Clip:
        """The frames ``[start − lead, end + lead]`` (seconds, at the file's rate),
        clamped to the file."""
        first = max(0, round((start_ms / 1000 - lead) * self.rate))
        last = min(self.frames, max(first, round((end_ms / 1000 + lead) * self.rate)))
        samples = self.samples[first * self.channels : last * self.channels]
        return Clip(samples, self.channels, self.rate, first)


@dataclass(frozen=True, slots=True)
class Clip:
    """Frames cut from an ``Audio``: what a player plays."""

    samples: array.array[int]
    channels: int
    rate: int
    first_frame: int
    """Where the clip starts in its file, in frames."""


def decode(path: Path) -> Audio:
    """``path`` decoded at its own rate and channel count (miniaudio: WAV, FLAC, MP3,
    Vorbis; other containers through ``ffmpeg`` when it is on PATH)."""
    miniaudio = load_miniaudio()
    if not path.is_file():
        raise AudioError("no such audio file", path=path)
    try:
        return _decoded(path)
    except miniaudio.DecodeError:
        pass
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise AudioError(
            "cannot decode this audio (WAV, FLAC, MP3 and Ogg Vorbis need nothing; "
            "other formats need ffmpeg on PATH)",
            path=path,
        ) from None
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "audio.wav"
        done = subprocess.run(
            [ffmpeg, "-v", "error", "-nostdin", "-i", str(path), "-c:a", "pcm_s16le", str(wav)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            first = (done.stderr.strip().splitlines() or ["ffmpeg failed"])[-1]
            raise AudioError(f"ffmpeg cannot decode this audio: {first}", path=path)
        try:
            return _decoded(wav)
        except miniaudio.DecodeError as error:
            raise AudioError(f"cannot decode this audio: {error}", path=path) from None


def load_miniaudio() -> Any:
    """The miniaudio module; ``AudioError`` saying how to install it when it is missing."""
    try:
        import miniaudio
    except ImportError:
        raise AudioError(EXTRA_MISSING) from None
    return miniaudio


def _decoded(path: Path) -> Audio:
    """``path`` decoded by miniaudio at its own rate and channel count."""
    miniaudio = load_miniaudio()
    info = miniaudio.get_file_info(str(path))
    sound = miniaudio.decode_file(str(path), nchannels=info.nchannels, sample_rate=info.sample_rate)
    return Audio(sound.samples, sound.nchannels, sound.sample_rate)


def envelope(clip: Clip, buckets: int) -> list[float]:
    """The clip's level in ``buckets`` equal parts: the RMS of each, 0..1 of full scale."""
    frames = len(clip.samples) // clip.channels
    if frames == 0 or buckets <= 0:
        return []
    levels = []
    for bucket in range(buckets):
        a = bucket * frames // buckets * clip.channels
        b = max(a + clip.channels, (bucket + 1) * frames // buckets * clip.channels)
        part = clip.samples[a:b]
        levels.append(math.sqrt(sum(s * s for s in part) / len(part)) / 32768)
    return levels
