"""Bad input is one FormatError naming the file (and line), never a traceback or a hang."""

from __future__ import annotations

import codecs
import os
import time
from pathlib import Path

import pytest

from workbench import formats, inputs
from workbench.errors import FormatError, UsageError

WHISPER = "\n[00:00:00.000 --> 00:00:02.000]   Hello there.\n[00:00:02.000 --> 00:00:04.500]   Café • GPT-4.\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no such file") as info:
        formats.load(tmp_path / "nope.txt")
    assert info.value.path == str(tmp_path / "nope.txt")


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="directory") as info:
        formats.load(tmp_path)
    assert info.value.path == str(tmp_path)


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"], ids=["empty", "blank"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "empty.txt", data)
    with pytest.raises(FormatError, match="empty file") as info:
        formats.load(path)
    assert str(info.value).startswith(f"{path}: ")


@pytest.mark.parametrize(
    "data", [b"\x00\x01PK\x03\x04binary", b"caf\xe9\x00\x00"], ids=["zip", "nul"]
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "blob.txt", data)
    with pytest.raises(FormatError, match="binary file"):
        formats.load(path)


def test_utf8_bom_is_kept(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + WHISPER.encode()
    transcript = formats.load(_write(tmp_path, "bom.txt", data))
    assert transcript.format == "whisper"
    assert transcript.encoding == "utf-8-sig"
    assert transcript.segments[0].text == "Hello there."
    assert formats.to_bytes(transcript) == data


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded_and_reencoded(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + WHISPER.encode(codec)
    transcript = formats.load(_write(tmp_path, "wide.txt", data))
    assert [seg.text for seg in transcript.segments] == ["Hello there.", "Café • GPT-4."]
    assert formats.to_bytes(transcript) == data


def test_latin1_is_decoded_and_round_trips(tmp_path: Path) -> None:
    data = "Caf\u00e9 na\u00efve \u00bfqu\u00e9?\nsecond line\n".encode("latin-1")
    transcript = formats.load(_write(tmp_path, "old.txt", data))
    assert transcript.encoding == "cp1252"
    assert transcript.segments[0].text == "Café naïve ¿qué?"
    assert formats.to_bytes(transcript) == data
    edited = transcript.replace_segments(
        (transcript.segments[0].changed(text="Café"),) + transcript.segments[1:]
    )
    assert formats.to_bytes(edited) == "Caf\u00e9\nsecond line\n".encode("latin-1")


def test_character_the_encoding_cannot_hold_is_an_error(tmp_path: Path) -> None:
    transcript = formats.load(_write(tmp_path, "old.txt", "caf\u00e9\n".encode("latin-1")))
    edited = transcript.replace_segments((transcript.segments[0].changed(text="GPT-4 • 日本"),))
    with pytest.raises(FormatError, match="cannot be written as cp1252"):
        formats.to_bytes(edited)


def test_crlf_is_kept_and_not_in_text(tmp_path: Path) -> None:
    data = WHISPER.replace("\n", "\r\n").encode()
    transcript = formats.load(_write(tmp_path, "crlf.txt", data))
    assert transcript.newline == "\r\n"
    assert all("\r" not in seg.text for seg in transcript.segments)
    assert formats.to_bytes(transcript) == data
    edited = transcript.replace_segments(
        (transcript.segments[0].changed(text="Hi there."), *transcript.segments[1:])
    )
    assert formats.to_bytes(edited) == data.replace(b"Hello there.", b"Hi there.")
    added = edited.replace_segments(
        (*edited.segments, edited.segments[0].changed(start=4500, end=5000))
    )
    assert formats.dumps(added).endswith("\r\n[00:00:04.500 --> 00:00:05.000]   Hi there.\r\n")


@pytest.mark.parametrize(
    ("name", "text", "line", "expected"),
    [
        (
            "bad.txt",
            "\n[00:00:00.000 --> 00:00:01.000]   ok\n[00:00:xx.000 --> 00:00:02.000]   no\n",
            3,
            "expected a timestamp HH:MM:SS.mmm",
        ),
        ("bad.txt", "[00:00:00.000 --> 00:00:01.000]   ok\nstray text\n", 2, "expected a line"),
        ("bad.srt", "1\n00:00:01,000 --> 00:00:0x,000\nhi\n", 2, "expected a timing line"),
        ("bad.vtt", "WEBVTT\n\n00:00.000 --> later\nhi\n", 3, "expected a timing line"),
        (
            "bad.ass",
            "[Script Info]\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,soon,0:00:01.00,Default,,0,0,0,,hi\n",
            5,
            "expected a timestamp",
        ),
    ],
)
def test_malformed_timestamp_names_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, expected: str
) -> None:
    path = _write(tmp_path, name, text.encode())
    with pytest.raises(FormatError, match=expected) as info:
        formats.load(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("late.txt", "[00:00:05.000 --> 00:00:04.000]   backwards\n", 1),
        ("late.srt", "1\n00:00:05,000 --> 00:00:04,000\nbackwards\n", 2),
        ("late.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nbackwards\n", 3),
        ("late.json", '{"text": "x", "segments": [{"start": 5.0, "end": 4.0, "text": "x"}]}', None),
    ],
)
def test_end_before_start(tmp_path: Path, name: str, text: str, line: int | None) -> None:
    with pytest.raises(FormatError, match="before start") as info:
        formats.load(_write(tmp_path, name, text.encode()))
    assert info.value.line == line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"segments": [1, 2', "expected JSON"),
        ('{"source": "x", "format": "srt", "segments": {}}', '"segments" list'),
        (
            '{"text": "", "segments": [{"start": "soon", "end": 1, "text": "x"}]}',
            "expected a time in seconds",
        ),
    ],
)
def test_bad_json(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(FormatError, match=expected):
        formats.load(_write(tmp_path, "bad.json", text.encode()))


@pytest.mark.parametrize(
    "prefix",
    [
        "",
        "[00:00:00.000 --> 00:00:01.000]   ",
        "1\n00:00:00,000 --> 00:00:01,000\n",
        "WEBVTT\n\n00:00.000 --> 00:01.000 ",
    ],
)
def test_five_megabyte_line_is_quick(tmp_path: Path, prefix: str) -> None:
    data = (prefix + "word " * 1_000_000 + "   \t" * 1000 + "\n").encode()
    path = _write(tmp_path, "huge.txt", data)
    began = time.perf_counter()
    try:
        transcript = formats.load(path)
    except FormatError:
        pass  # a clear refusal is as good as processing it
    else:
        assert formats.to_bytes(transcript) == data
    assert time.perf_counter() - began < 5


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(UsageError, match="expected one of: .*whisper.*srt"):
        formats.get_format("docx")


def test_untimed_transcript_cannot_become_timed() -> None:
    transcript = formats.loads("one line\nanother\n", doc_id="notes")
    for target in ("srt", "vtt", "ass", "whisper", "whisper-json"):
        with pytest.raises(FormatError, match="has no times"):
            formats.dumps(transcript, target)
    assert '"start": null' in formats.dumps(transcript, "json")


SRT_CUES = "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:02,000 --> 00:00:03,000\nbad Dppd4\n\n"
VTT_CUES = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n"


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        (
            "one-dash.srt",
            SRT_CUES
            + "3\n00:00:04,000 -> 00:00:05,000\nlost GPD 4\n\n4\n00:00:05,000 --> 00:00:06,000\nlast\n",
            10,
        ),
        ("no-arrow.srt", SRT_CUES + "3\n00:00:04,000 00:00:05,000\nlost\n", 10),
        ("no-timing.srt", SRT_CUES + "3\nlost GPD 4\n\n4\n00:00:05,000 --> 00:00:06,000\nx\n", 10),
        ("one-stamp.srt", SRT_CUES + "3\n00:00:04,000\nlost\n", 10),
        ("no-number.srt", SRT_CUES + "00:00:04,000 => 00:00:05,000\nlost\n", 9),
        ("block-start.vtt", VTT_CUES + "00:00:04.000 -> 00:00:05.000\nlost GPD 4\n", 6),
        ("after-id.vtt", VTT_CUES + "cue-2\n00:00:04.000 00:00:05.000\nlost\n", 7),
        ("after-id-one-stamp.vtt", VTT_CUES + "cue-2\n00:04.000\nlost\n", 7),
    ],
)
def test_malformed_timing_line_in_cue_position_is_an_error(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    path = _write(tmp_path, name, text.encode())
    expected = "HH:MM:SS,mmm --> HH:MM:SS,mmm" if name.endswith(".srt") else "HH:MM:SS.mmm"
    with pytest.raises(FormatError, match=f"expected a timing line {expected}") as info:
        formats.load(path)
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_malformed_timing_line_exits_2_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workbench.cli.app import main

    path = _write(
        tmp_path, "one-dash.srt", (SRT_CUES + "3\n00:00:04,000 -> 00:00:05,000\nlost\n").encode()
    )
    assert main(["--store", str(tmp_path / "store"), "scan", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.endswith(f"{path}:10: expected a timing line HH:MM:SS,mmm --> HH:MM:SS,mmm\n")


@pytest.mark.parametrize(
    ("name", "text", "texts"),
    [
        # Times in a NOTE block, and a cue identifier that is a time, are not timing lines.
        (
            "notes.vtt",
            "WEBVTT\n\nNOTE\n00:01:00.000 marker\n\n00:00:05.000\n00:00:01.000 --> 00:00:02.000\nok\n",
            ["ok"],
        ),
        # Speech that starts with a time is text, as is a bracket line or an arrow between words.
        (
            "speech.srt",
            "1\n00:00:01,000 --> 00:00:02,000\n10:30 is late\nA --> B\n[00:00:01.000 --> 00:00:02.000] x\n",
            ["10:30 is late\nA --> B\n[00:00:01.000 --> 00:00:02.000] x"],
        ),
        # A cue with no blank line before it still starts a new cue.
        (
            "tight.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nok\n2\n00:00:02,000 --> 00:00:03,000\nnext\n",
            ["ok", "next"],
        ),
    ],
)
def test_timing_line_look_alikes_outside_cue_position(
    tmp_path: Path, name: str, text: str, texts: list[str]
) -> None:
    transcript = formats.load(_write(tmp_path, name, text.encode()))
    assert [seg.text for seg in transcript.segments] == texts
    assert formats.dumps(transcript) == text


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("minutes.vtt", "WEBVTT\n\n00:00:01.000 --> 00:99:03.000\nhi\n", 3),
        ("no-hours.vtt", "WEBVTT\n\n00:01.000 --> 75:03.000\nhi\n", 3),
        ("seconds.srt", "1\n00:00:61,000 --> 00:01:02,000\nhi\n", 2),
        ("minutes.srt", "1\n00:00:01,000 --> 00:60:00,000\nhi\n", 2),
        ("minutes.txt", "[00:00:01.000 --> 00:99:03.000]   hi\n", 1),
        ("seconds.txt", "[00:00.000 --> 00:60.000]   hi\n", 1),
        (
            "minutes.ass",
            "[Script Info]\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:61:00.00,Default,,0,0,0,,hi\n",
            5,
        ),
    ],
)
def test_minutes_and_seconds_over_59_are_refused(
    tmp_path: Path, name: str, text: str, line: int
) -> None:
    path = _write(tmp_path, name, text.encode())
    with pytest.raises(
        FormatError, match="out of range; expected minutes and seconds 00-59"
    ) as info:
        formats.load(path)
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)  # no writer: a plain read would wait for ever
    with pytest.raises(FormatError, match=r"is a named pipe \(FIFO\); expected a regular file"):
        formats.load(pipe)


def test_a_device_is_refused_before_it_is_read() -> None:
    with pytest.raises(FormatError, match="is a character device") as info:
        formats.load(Path("/dev/zero"))
    assert info.value.path == "/dev/zero"


def test_a_file_larger_than_the_limit_is_refused_by_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = WHISPER.encode()
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", len(data) - 1)
    path = _write(tmp_path, "big.txt", data)
    with pytest.raises(FormatError, match=f"file too large \\({len(data)} bytes\\)"):
        formats.load(path)


def test_a_file_whose_size_is_not_known_is_read_only_up_to_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    status = Path("/proc/self/status")  # a regular file of size 0 that holds a page of text
    if not status.exists():
        pytest.skip("no /proc")
    assert status.stat().st_size == 0
    assert b"Name:" in inputs.read_input(status, FormatError)
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 16)
    with pytest.raises(FormatError, match="file too large; the limit is 16 bytes"):
        inputs.read_input(status, FormatError)
