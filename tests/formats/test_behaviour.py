"""What each format reads into segments, and how edits are written back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.formats.conftest import CORPUS, FIXTURES
from workbench import formats
from workbench.model import Segment, Transcript


def _edit(transcript: Transcript, index: int, **values: object) -> Transcript:
    segments = list(transcript.segments)
    segments[index] = segments[index].changed(**values)
    return transcript.replace_segments(tuple(segments))


def test_whisper_segments_and_spacing() -> None:
    transcript = formats.load(CORPUS / "welinder-gpt4-launch.txt")
    first = transcript.segments[0]
    assert (first.index, first.start, first.end, first.text, first.line) == (
        0,
        0,
        6240,
        "All right.",
        2,
    )
    assert transcript.header == "\n"
    edited = formats.dumps(_edit(transcript, 0, text="Okay.", end=6000))
    assert edited.startswith("\n[00:00:00.000 --> 00:00:06.000]   Okay.\n")


def test_whisper_minutes_style_is_kept() -> None:
    transcript = formats.load(FIXTURES / "short-clip.txt")
    assert transcript.segments[1].start == 2400
    assert (
        formats.dumps(_edit(transcript, 1, start=2500)).splitlines()[1]
        == "[00:02.500 --> 00:04.120]  It was a long road."
    )


def test_captions_header_and_footer_are_metadata() -> None:
    path = CORPUS / "lex-fridman-altman-367.txt"
    transcript = formats.load(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert transcript.header_lines == (1, 6)
    assert transcript.header.splitlines()[-1] == "Language: en"
    first, last = transcript.footer_lines or (0, 0)
    assert lines[first - 1] == "Resume" and lines[last - 1] == "Manage" and last == len(lines)
    texts = {seg.text for seg in transcript.segments}
    assert not texts & {"Kind: captions", "Transcript preview", "Resume", "Manage", "Categories"}
    assert transcript.segments[0].line == 7 and transcript.segments[0].start is None
    bare = formats.dumps(transcript.changed(header="", footer=""))
    assert bare.startswith("we have been a misunderstood") and "Resume" not in bare
    assert "Resume" not in formats.dumps(transcript, "txt")


def test_captions_detection_tolerates_variations() -> None:
    text = "Some Talk | Podcast #1\nabc123 • 2024-01-02\nTranscript preview\nKind: captions\nLanguage: de\nhallo zusammen\nwie geht es\nRead\nfile updated 2025-01-01\n"
    transcript = formats.loads(text, doc_id="talk")
    assert transcript.format == "captions"
    assert [seg.text for seg in transcript.segments] == ["hallo zusammen", "wie geht es"]
    assert transcript.header_lines == (1, 5) and transcript.footer_lines == (8, 9)


def test_srt_edit_keeps_cue_number_and_other_cues() -> None:
    path = FIXTURES / "interview.srt"
    transcript = formats.load(path)
    assert transcript.segments[0].text == "We trained it with Dppd4\non a big cluster."
    assert [seg.line for seg in transcript.segments] == [3, 8, 12]
    edited = formats.dumps(_edit(transcript, 1, text="That was GPT-4.", end=6000))
    assert "2\n00:00:04,500 --> 00:00:06,000\nThat was GPT-4.\n\n3\n" in edited


def test_vtt_markup_is_stripped_and_settings_kept() -> None:
    transcript = formats.load(FIXTURES / "youtube-auto-captions.vtt")
    texts = [seg.text for seg in transcript.segments]
    assert all("<" not in text for text in texts)
    assert texts[0] == "we have been a misunderstood and badly"
    edited = formats.dumps(_edit(transcript, 0, text="we have been misunderstood", end=2650))
    assert (
        "00:00:00.000 --> 00:00:02.650 align:start position:0%\nwe have been misunderstood\n\n"
        in edited
    )
    # Word timings stay for the cues that were not edited.
    assert edited.count("<c>") == formats.dumps(transcript).count("<c>") - 6


def test_vtt_voice_notes_and_styles() -> None:
    transcript = formats.load(FIXTURES / "talk.vtt")
    assert [seg.speaker for seg in transcript.segments] == ["Lukas", "Peter Welinder", None]
    assert transcript.segments[1].text == "Thanks, it's great & fun\nto be here."
    assert "STYLE" in transcript.header and "NOTE recorded" in transcript.header
    assert "NOTE the next cue" in (
        transcript.segments[1].source.raw if transcript.segments[1].source else ""
    )
    edited = formats.dumps(_edit(transcript, 0, text="Welcome & hello."))
    assert (
        "intro\n00:00:00.000 --> 00:00:02.500 align:start position:10%\n<v Lukas>Welcome &amp; hello.\n"
        in edited
    )


def test_ass_dialogue_fields() -> None:
    transcript = formats.load(FIXTURES / "dialogue.ass")
    second = transcript.segments[1]
    assert (second.speaker, second.line, second.start, second.end) == ("Peter", 14, 2500, 5000)
    assert second.text == "Thanks, great to be here\nwith Elias at skever."
    edited = formats.dumps(
        _edit(transcript, 2, text="We shipped GPT-4\nyesterday.", speaker="Lukas")
    )
    assert (
        "Dialogue: 1,0:00:05.00,0:00:07.25,Default,Lukas,0,0,0,,We shipped GPT-4\\Nyesterday.\n"
        in edited
    )
    assert "Comment: 0,0:00:02.00" in edited


def test_whisper_json_words_realigned_when_edited() -> None:
    transcript = formats.load(FIXTURES / "episode.whisper.json")
    assert [(seg.start, seg.end, seg.text) for seg in transcript.segments] == [
        (0, 2400, "We launched Dppd4 today."),
        (2400, 4120, "It was a long road."),
    ]
    data = json.loads(formats.dumps(_edit(transcript, 0, text="We launched GPT-4 today.")))
    assert data["segments"][0]["text"] == " We launched GPT-4 today."
    assert "tokens" not in data["segments"][0]
    # The unchanged words stay as they were; the changed one spans the word it replaced.
    assert data["segments"][0]["words"] == [
        {"word": " We", "start": 0.0, "end": 0.3, "probability": 0.99},
        {"word": " launched", "start": 0.3, "end": 0.9, "probability": 0.97},
        {"word": " GPT-4", "start": 0.9, "end": 1.8, "probability": 1.0},
        {"word": " today.", "start": 1.8, "end": 2.4, "probability": 0.95},
    ]
    assert len(data["segments"][1]["words"]) == 5
    assert data["text"] == " We launched GPT-4 today. It was a long road."
    assert data["language"] == "en"


def test_json_export_fields() -> None:
    transcript = formats.load(CORPUS / "welinder-gpt4-launch.txt")
    data = json.loads(formats.dumps(transcript, "json"))
    assert data["source"] == "welinder-gpt4-launch" and data["format"] == "whisper"
    assert data["segments"][1] == {
        "index": 1,
        "line": 3,
        "start": 6.24,
        "end": 11.68,
        "text": "I'm so excited to be here with Peter, the VP of Product and Partnerships at OpenAI,",
        "speaker": None,
    }


def test_json_export_reads_back_and_keeps_lines_after_edit() -> None:
    transcript = formats.load(FIXTURES / "export.json")
    assert transcript.format == "json" and transcript.segments[1].line is None
    data = json.loads(formats.dumps(_edit(transcript, 1, text="It was long.")))
    assert data["source"] == "short-clip" and data["format"] == "whisper"
    assert data["segments"][1]["line"] == 2 and data["segments"][1]["text"] == "It was long."


def test_removed_and_added_segments() -> None:
    transcript = formats.load(FIXTURES / "interview.srt")
    fresh = Segment(index=3, start=9000, end=9500, text="Bye.")
    changed = transcript.replace_segments((transcript.segments[0], transcript.segments[2], fresh))
    text = formats.dumps(changed)
    assert "GPD 4" not in text
    assert text.endswith(
        "<i>Thanks</i> for having me.\n\n3\n00:00:09,000 --> 00:00:09,500\nBye.\n\n"
    )


@pytest.mark.parametrize("target", ["srt", "vtt", "ass", "whisper", "whisper-json", "json", "txt"])
def test_conversion_keeps_texts_and_times(target: str, tmp_path: Path) -> None:
    source = formats.load(FIXTURES / "talk.vtt")
    out = tmp_path / f"talk{formats.extension_for(target)}"
    formats.save(source, out, target)
    back = formats.load(out)
    assert back.format == target
    one_line = target in ("whisper", "txt")
    assert [seg.text for seg in back.segments] == [
        seg.text.replace("\n", " ") if one_line else seg.text for seg in source.segments
    ]
    if formats.is_timed(target):
        assert [(seg.start, seg.end) for seg in back.segments] == [
            (seg.start, seg.end) for seg in source.segments
        ]
    # Only the source's own format keeps its header.
    assert ("STYLE" in out.read_text(encoding="utf-8")) == (target == "vtt")


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    transcript = formats.load(FIXTURES / "notes.txt")
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    formats.save(transcript, target)
    assert target.read_bytes() == (FIXTURES / "notes.txt").read_bytes()
    assert [path.name for path in tmp_path.iterdir()] == ["out.txt"]


def test_registry_helpers() -> None:
    assert formats.extension_for("srt") == ".srt" and formats.extension_for("whisper") == ".txt"
    assert {".txt", ".srt", ".vtt", ".ass", ".json"} <= formats.TRANSCRIPT_EXTENSIONS
    assert formats.is_timed("whisper") and not formats.is_timed("captions")
    assert formats.loads("[00:00.000 --> 00:01.000] x\n", doc_id="d", format="txt").format == "txt"


@pytest.mark.parametrize(
    "target", ["whisper", "txt", "captions", "json", "whisper-json", "vtt", "ass"]
)
def test_srt_markup_is_not_carried_into_other_formats(target: str) -> None:
    source = formats.load(FIXTURES / "interview.srt")
    tagged = _edit(source, 1, text="{\\an8}That was <b>GPT-4</b>.\n<font color=red> </font>")
    if not formats.is_timed(target):
        tagged = tagged.replace_segments(
            tuple(seg.changed(start=None, end=None) for seg in tagged.segments)
        )
    written = formats.dumps(tagged, target)
    assert "<i>" not in written and "<b>" not in written and "an8" not in written
    back = formats.loads(written, doc_id="interview", format=target)
    texts = [seg.text.replace("\n", " ") for seg in back.segments]
    assert texts == [
        "We trained it with Dppd4 on a big cluster.",
        "That was GPT-4.",
        "Thanks for having me.",
    ]


def test_srt_to_srt_keeps_its_tags() -> None:
    path = FIXTURES / "interview.srt"
    source = formats.load(path)
    assert formats.to_bytes(source, "srt") == path.read_bytes()
    edited = formats.dumps(_edit(source, 2, text="<i>Thanks</i> for having us."))
    assert edited.endswith("\n<i>Thanks</i> for having us.\n")


def test_publish_srt_as_whisper_has_no_tags(tmp_path: Path) -> None:
    from workbench.cli.app import main

    out = tmp_path / "interview.txt"
    args = ["--store", str(tmp_path / "store"), "publish", str(FIXTURES / "interview.srt")]
    assert main([*args, "--to", "whisper", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").endswith(
        "[00:00:06.250 --> 00:00:09.000]   Thanks for having me.\n"
    )


@pytest.mark.parametrize("name", ["episode.whisper.json", "export.json"])
@pytest.mark.parametrize("end", ["", "\n", "\r\n", "\n\n"], ids=["none", "lf", "crlf", "two"])
def test_json_edit_keeps_the_source_trailing_newline(name: str, end: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8").rstrip() + end
    transcript = formats.loads(text, doc_id="episode", origin=name)
    assert formats.dumps(transcript) == text
    edited = formats.dumps(_edit(transcript, 0, text="We launched GPT-4 today."))
    assert edited.rstrip() != text.rstrip() and edited[len(edited.rstrip()) :] == end
