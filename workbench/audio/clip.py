"""Opening an audio file, and the exact frames and level envelope of a segment."""

from __future__ import annotations

import array
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError

EXTRA_MISSING = "audio needs the extra: pip install 'transcript-workbench[audio]'"
"""What playback says when miniaudio is not installed."""


class AudioError(WorkbenchError):
    """Audio that cannot be decoded or played; the message is one line for the footer."""


@dataclass(frozen=True, slots=True)
class Audio:
    """A file miniaudio reads, at its own rate and channel count; a clip reads only
    its own frames (an hour of audio is never held in memory)."""

    path: Path
    channels: int
    rate: int
    frames: int
    """How many frames (one sample per channel) the file holds."""
    keep: object = field(default=None, compare=False, repr=False)
    """What must live as long as this (the temporary folder of an ffmpeg conversion)."""

    def clip(self, start_ms: int, end_ms: int, lead: float = 0.3) -> Clip:
        """The frames ``[start − lead, end + lead]`` (seconds, at the file's rate),
        clamped to the file."""
        first = min(self.frames, max(0, round((start_ms / 1000 - lead) * self.rate)))
        last = min(self.frames, max(first, round((end_ms / 1000 + lead) * self.rate)))
        wanted = (last - first) * self.channels
        samples: array.array[int] = array.array("h")
        if wanted:
            stream = load_miniaudio().stream_file(
                str(self.path),
                nchannels=self.channels,
                sample_rate=self.rate,
                frames_to_read=min(last - first, 1 << 16),
                seek_frame=first,
            )
            for block in stream:
                samples.extend(block[: wanted - len(samples)])
                if len(samples) >= wanted:
                    break
            stream.close()
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
    """``path`` opened at its own rate and channel count (miniaudio: WAV, FLAC, MP3,
    Vorbis; other containers converted to WAV by ``ffmpeg`` when it is on PATH)."""
    miniaudio = load_miniaudio()
    if not path.is_file():
        raise AudioError("no such audio file", path=path)
    try:
        return _opened(path)
    except miniaudio.DecodeError:
        pass
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise AudioError(
            "cannot decode this audio (WAV, FLAC, MP3 and Ogg Vorbis need nothing; "
            "other formats need ffmpeg on PATH)",
            path=path,
        ) from None
    folder = tempfile.TemporaryDirectory(prefix="workbench-audio-")
    wav = Path(folder.name) / "audio.wav"
    done = subprocess.run(
        [ffmpeg, "-v", "error", "-nostdin", "-i", str(path), "-c:a", "pcm_s16le", str(wav)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        folder.cleanup()
        last = (done.stderr.strip().splitlines() or ["ffmpeg failed"])[-1]
        raise AudioError(f"ffmpeg cannot decode this audio: {last}", path=path)
    try:
        return _opened(wav, keep=folder)
    except miniaudio.DecodeError as error:
        folder.cleanup()
        raise AudioError(f"cannot decode this audio: {error}", path=path) from None


def load_miniaudio() -> Any:
    """The miniaudio module; ``AudioError`` saying how to install it when it is missing."""
    try:
        import miniaudio
    except ImportError:
        raise AudioError(EXTRA_MISSING) from None
    return miniaudio


def _opened(path: Path, keep: object = None) -> Audio:
    """``path`` as miniaudio reads it (``DecodeError`` when it cannot)."""
    info = load_miniaudio().get_file_info(str(path))
    return Audio(path, info.nchannels, info.sample_rate, info.num_frames, keep)


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
