"""Issue 11's "done means", as a new user would do it, in one run.

``talk.wav`` beside ``talk.json`` (Whisper JSON with word probabilities and two
speakers); ``workbench review talk.json``: hear the flagged segment with ``p``
(and read a clear line where there is no output device), see the unsure words
flagged, change its speaker with ``S``, cut the long cue with ``|``, write a
version with ``w``; then
``workbench publish`` it to SRT with speaker prefixes and to WebVTT with voice
tags. The app is the one ``workbench review`` builds (only its ``run`` is
replaced by Pilot's), and the sound goes to the fake sink the audio tests use.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.tui.test_audio_keys import RATE, FakeSink, settled, write_wav
from tests.tui.test_keys import ready
from workbench import formats
from workbench.cli.app import main
from workbench.tui import ReviewApp
from workbench.tui.dialogs import PromptInput, SpeakerScreen

TALK = Path(__file__).resolve().parents[1] / "data" / "scenario" / "talk.json"


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[ReviewApp]:
    """The apps ``workbench review`` builds, kept instead of run (the test runs them)."""
    apps: list[ReviewApp] = []
    monkeypatch.setattr(ReviewApp, "run", lambda self, *args, **kwargs: apps.append(self))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    return apps


async def test_hear_see_fix_speakers_cut_write_and_publish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: list[ReviewApp]
) -> None:
    capture = os.environ.get("WORKBENCH_SCREENSHOT")
    if capture:
        monkeypatch.setenv("WORKBENCH_SCREENSHOT", str(Path(capture).resolve()))
    monkeypatch.chdir(tmp_path)
    talk = Path(shutil.copy(TALK, "talk.json"))
    samples = write_wav(Path("talk.wav"), 19)  # a different tone each second
    assert main(["review", str(talk)]) == 0
    (app,) = built
    sink = FakeSink()
    app.audio.sink = lambda: sink
    async with app.run_test(size=(100, 34)) as pilot:
        session = await ready(app, pilot)
        screen = app.screen
        assert "♪ talk.wav" in str(screen.query_one("#progress", Static).render())
        item = session.current
        assert item is not None and item.suggestion.span == (2, 2)  # "GPD four", segment 2
        # See the unsure words: the words Whisper gave a low probability are a flag of their own.
        unsure = [i.suggestion for i in session.items if i.suggestion.rule_id == "unsure-words"]
        assert [s.span for s in unsure] and all(s.kind == "confidence" for s in unsure)

        # Hear it: 6.2–15.8 s with 0.3 s before and after, frame for frame.
        await pilot.press("p")
        await settled(app, pilot, sink)
        assert sink.plays == [samples[round(5.9 * RATE) : round(16.1 * RATE)]]
        # No output device: one clear line, and the review goes on.
        app.audio.sink = lambda: FakeSink(fail="no sound output device (failed to init device)")
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "Cannot play: no sound output device (failed to init device)" in messages

        # Change the speaker of the flagged segment.
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, SpeakerScreen)
        app.screen.query_one("#speaker-name", Input).value = "Ilya"
        await pilot.press("enter")
        await pilot.pause()

        # Cut the long cue before "including".
        await pilot.press("vertical_line")
        prompt = screen.query_one(PromptInput)
        prompt.cursor_position = prompt.value.index("including")
        await pilot.press("enter")
        await pilot.pause()
        # README's screen capture is this screen: WORKBENCH_SCREENSHOT=docs pytest this file.
        prompt.cursor_blink = False
        screenshot = app.export_screenshot(title="workbench review talk.json")
        assert "Ilya:" in screenshot and "SPEAKER_01" in screenshot
        if folder := os.environ.get("WORKBENCH_SCREENSHOT"):
            (Path(folder).resolve() / "review-speakers.svg").write_text(screenshot)

        await pilot.press("w")
        await pilot.pause()
    version = formats.load(Path("corrected/talk/v001.transcript.json"))
    assert [(seg.speaker, seg.text.split()[0]) for seg in version.segments] == [
        ("SPEAKER_00", "Welcome"),
        ("SPEAKER_01", "Thanks"),
        ("Ilya", "We"),
        ("Ilya", "including"),
        ("SPEAKER_00", "That"),
    ]

    publish = ["publish", "talk", "--out"]
    assert main([*publish, "talk.srt", "--to", "srt", "--speakers", "prefix"]) == 0
    assert main([*publish, "talk.vtt", "--to", "vtt"]) == 0
    cues = [cue.text.replace("\n", " ") for cue in formats.load(Path("talk.srt")).segments]
    assert cues[0].startswith("SPEAKER_00: Welcome back")
    assert cues[1] == "SPEAKER_01: Thanks for having me here."
    assert cues[2].startswith("Ilya: We trained it on GPD four")
    assert any(cue.startswith("including Mina") for cue in cues)  # the same turn: no prefix
    assert cues[-1] == "SPEAKER_00: That sounds amazing."
    vtt = Path("talk.vtt").read_text()
    assert "<v Ilya>We trained it on GPD four" in vtt
    assert "<v SPEAKER_01>Thanks for having me here." in vtt
    assert [seg.speaker for seg in formats.load(Path("talk.vtt")).segments][-1] == "SPEAKER_00"
