"""Finding audio beside a transcript, sample-exact clips, the level envelope, and the
player against a fake sink (no sound device needed)."""

from __future__ import annotations

import array
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.audio import AudioError, Clip, Player, decode, envelope, find_audio

ToneWav = Callable[..., tuple[Path, "array.array[int]"]]


def test_audio_is_found_by_stem_beside_the_source_or_in_a_folder(tmp_path: Path) -> None:
    source = tmp_path / "talk.srt"
    source.write_text("", encoding="utf-8")
    assert find_audio(source) is None
    (tmp_path / "talk.mp3").write_bytes(b"")
    (tmp_path / "talk.wav").write_bytes(b"")
    (tmp_path / "other.wav").write_bytes(b"")
    assert find_audio(source) == tmp_path / "talk.wav"  # .wav is preferred
    folder = tmp_path / "audio"
    folder.mkdir()
    (folder / "talk.opus").write_bytes(b"")
    assert find_audio(source, audio_dir=folder) == folder / "talk.opus"
    given = tmp_path / "x.flac"
    assert find_audio(source, audio_file=given, audio_dir=folder) == given


@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize(
    ("start", "end", "lead", "first", "last"),
    [
        (2000, 3000, 0.3, 13600, 26400),  # 1.7 s – 3.3 s at 8 kHz
        (0, 1000, 0.3, 0, 10400),  # clamped at the file's start
        (4500, 6000, 0.3, 33600, 48000),  # clamped at its end
        (1234, 2345, 0.0, 9872, 18760),  # no lead: exactly the segment
        (5000, 5000, 0.5, 36000, 44000),  # zero-length segment: the leads only
    ],
)
def test_a_clip_holds_exactly_the_frames_of_start_minus_lead_to_end_plus_lead(
    tone_wav: ToneWav, channels: int, start: int, end: int, lead: float, first: int, last: int
) -> None:
    path, samples = tone_wav(seconds=6, channels=channels)
    audio = decode(path)
    assert (audio.rate, audio.channels, audio.frames) == (8000, channels, 48000)
    clip = audio.clip(start, end, lead)
    assert clip.first_frame == first
    assert clip.samples == samples[first * channels : last * channels]


def test_the_envelope_shows_silence_and_sound(tone_wav: ToneWav) -> None:
    _, samples = tone_wav(seconds=2)
    silent = array.array("h", [0] * 8000)
    loud = samples[:8000]
    clip = Clip(silent + loud, 1, 8000, 0)
    levels = envelope(clip, 4)
    assert levels[:2] == [0.0, 0.0]
    assert all(0.2 < level < 0.3 for level in levels[2:])  # RMS of a 12000 sine: 0.259


def test_an_undecodable_file_is_one_audio_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "talk.webm"
    bad.write_bytes(b"not audio at all")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(AudioError) as error:
        decode(bad)
    assert str(error.value).startswith(f"{bad}: cannot decode this audio")
    assert "\n" not in str(error.value)
    with pytest.raises(AudioError, match="no such audio file"):
        decode(tmp_path / "missing.wav")


def test_without_the_extra_decoding_says_how_to_install_it(
    tone_wav: ToneWav, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = tone_wav(seconds=1)
    monkeypatch.setitem(__import__("sys").modules, "miniaudio", None)
    with pytest.raises(AudioError, match=r"pip install 'transcript-workbench\[audio\]'"):
        decode(path)


class FakeSink:
    """Collects what is played; ``gate`` holds each write until the test lets it go."""

    def __init__(self, fail: str | None = None) -> None:
        self.fail = fail
        self.played = array.array("h")
        self.opened: tuple[int, int] | None = None
        self.closed = threading.Event()
        self.gate = threading.Semaphore(0)
        self.wrote = threading.Event()

    def open(self, channels: int, rate: int) -> None:
        if self.fail:
            raise AudioError(self.fail)
        self.opened = (channels, rate)

    def write(self, samples: Clip) -> None:
        self.wrote.set()
        self.gate.acquire(timeout=5)
        self.played.extend(samples.samples)

    def close(self, *, drain: bool) -> None:
        self.closed.set()


def test_the_player_plays_a_whole_clip_in_the_background(tone_wav: ToneWav) -> None:
    path, _ = tone_wav(seconds=3)
    clip = decode(path).clip(1000, 2000)
    sink, done = FakeSink(), threading.Event()
    player = Player(sink, on_done=lambda error: done.set())
    player.play(clip)  # returns at once: the sink is held at its first write
    assert sink.wrote.wait(5) and player.playing
    sink.gate.release(1000)
    assert done.wait(5)
    assert sink.played == clip.samples and sink.opened == (1, 8000)


def test_stop_ends_playback_early_and_no_device_is_reported(tone_wav: ToneWav) -> None:
    path, _ = tone_wav(seconds=3)
    clip = decode(path).clip(0, 3000)
    sink = FakeSink()
    player = Player(sink)
    player.play(clip)
    assert sink.wrote.wait(5)
    sink.gate.release(1)
    player.stop()
    assert not player.playing
    sink.gate.release(100)
    assert sink.closed.wait(5)
    assert 0 < len(sink.played) < len(clip.samples)
    errors: list[AudioError | None] = []
    failing = Player(FakeSink(fail="no sound output device"), on_done=errors.append)
    failing.play(clip)
    for _ in range(250):
        if errors:
            break
        threading.Event().wait(0.02)
    assert [str(e) for e in errors] == ["no sound output device"]


def test_a_machine_without_a_sound_device_is_one_clear_error() -> None:
    from workbench.audio import DeviceSink

    sink = DeviceSink()
    try:
        sink.open(1, 8000)
    except AudioError as error:
        assert str(error).startswith("no sound output device")
        assert "\n" not in str(error)
    else:
        sink.close(drain=False)
        pytest.skip("this machine has a sound device")


def test_the_device_sink_plays_in_real_time_through_miniaudio(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    import miniaudio

    from workbench.audio import DeviceSink

    class NullDevice(miniaudio.PlaybackDevice):  # type: ignore[misc]
        """miniaudio's null backend: a device that keeps time but makes no sound."""

        def __init__(self, **options: object) -> None:
            super().__init__(backends=[miniaudio.Backend.NULL], **options)

    monkeypatch.setattr(miniaudio, "PlaybackDevice", NullDevice)
    done: list[AudioError | None] = []
    finished = threading.Event()
    player = Player(DeviceSink(), on_done=lambda error: (done.append(error), finished.set()))
    began = time.monotonic()
    player.play(Clip(array.array("h", [1000] * 8000), 1, 16000, 0))  # 0.5 s
    assert finished.wait(10)
    assert done == [None] and time.monotonic() - began >= 0.45
    player.play(Clip(array.array("h", [1000] * 160000), 1, 16000, 0))  # 10 s
    time.sleep(0.2)
    began = time.monotonic()
    player.stop()
    assert not player.playing and time.monotonic() - began < 0.5
