"""Source encodings: named with ``--encoding``, kept for versions, never for exports."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from workbench import formats
from workbench.cli.app import main
from workbench.errors import FormatError, UsageError

# Two seconds for 33 characters: slow enough that the shipped timing rule leaves it alone.
RUSSIAN_SRT = "1\n00:00:01,000 --> 00:00:03,000\nПривет, we trained it on chat GPT\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_named_encoding_reads_and_round_trips(tmp_path: Path) -> None:
    data = RUSSIAN_SRT.encode("cp1251")
    transcript = formats.load(_write(tmp_path, "ru.srt", data), encoding="cp1251")
    assert transcript.segments[0].text == "Привет, we trained it on chat GPT"
    assert transcript.encoding == "cp1251"
    assert formats.to_bytes(transcript) == data


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("cp1252", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8-sig", b"")],
)
@pytest.mark.parametrize("target", ["vtt", "json", "txt", "sbv"])
def test_exports_to_another_format_are_utf8(
    tmp_path: Path, codec: str, bom: bytes, target: str
) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nCafé naïve — “quoted”\n"
    transcript = formats.load(_write(tmp_path, "cafe.srt", bom + text.encode(codec)))
    exported = formats.to_bytes(transcript, target)
    assert not exported.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE))
    assert "Café naïve — “quoted”" in exported.decode("utf-8")
    if target == "json":
        assert json.loads(exported)["segments"][0]["text"] == "Café naïve — “quoted”"


def test_bytes_cp1252_leaves_undefined_are_counted_not_misread(tmp_path: Path) -> None:
    # "Ѓ", "Ќ" and "Џ" in cp1251 are bytes that cp1252 does not define.
    path = _write(tmp_path, "mk.txt", "Ѓорѓе, Ќерка и Џеки\n".encode("cp1251"))
    with pytest.raises(FormatError) as info:
        formats.load(path)
    message = str(info.value)
    assert message.startswith(f"{path}: not UTF-8")
    assert "3 bytes would be replacement characters" in message
    assert "--encoding" in message and "\n" not in message
    assert formats.load(path, encoding="cp1251").segments[0].text == "Ѓорѓе, Ќерка и Џеки"


def test_a_file_that_is_not_in_the_named_encoding_says_where(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.txt", b"ok \xff\xfe bytes\n")
    with pytest.raises(FormatError, match=r"invalid utf-8 at byte 3 \(0xff\)"):
        formats.load(path, encoding="utf-8")


@pytest.mark.parametrize("name", ["klingon", "base64"])
def test_an_unknown_or_non_text_encoding_is_a_usage_error(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, "x.txt", b"hello\n")
    with pytest.raises(UsageError, match=f"unknown text encoding '{name}'"):
        formats.load(path, encoding=name)


def test_utf16_without_a_bom_is_read_when_named_and_written_without_one(tmp_path: Path) -> None:
    data = "Hello there\nsecond line\n".encode("utf-16-le")
    path = _write(tmp_path, "wide.txt", data)
    with pytest.raises(FormatError, match="binary file"):
        formats.load(path)
    transcript = formats.load(path, encoding="utf-16-le")
    assert [seg.text for seg in transcript.segments] == ["Hello there", "second line"]
    assert formats.to_bytes(transcript) == data


def test_the_cli_reads_writes_and_publishes_a_named_encoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    source = _write(tmp_path, "ru.srt", RUSSIAN_SRT.encode("cp1251"))
    assert main(["apply", "--all", "--encoding", "cp1251", str(source)]) == 0
    version = tmp_path / "corrected" / "ru" / "v001.srt"
    assert version.read_bytes() == RUSSIAN_SRT.replace("chat GPT", "ChatGPT").encode("cp1251")
    # The version's manifest records its encoding: later commands need no --encoding.
    assert main(["publish", "ru", "--to", "vtt", "--out", "ru.vtt"]) == 0
    assert "Привет, we trained it on ChatGPT" in (tmp_path / "ru.vtt").read_text(encoding="utf-8")
    assert main(["scan", "--encoding", "klingon", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.endswith("unknown text encoding 'klingon'; expected a name such as cp1251\n")
    assert err.count("\n") == 1


def test_a_named_encoding_leaves_utf8_files_of_the_same_folder_alone(tmp_path: Path) -> None:
    data = RUSSIAN_SRT.encode("utf-8")
    transcript = formats.load(_write(tmp_path, "ru.srt", data), encoding="cp1251")
    assert transcript.encoding == "utf-8"
    assert transcript.segments[0].text.startswith("Привет")
    assert formats.to_bytes(transcript) == data
