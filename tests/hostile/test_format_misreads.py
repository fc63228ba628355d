"""Files that used to be quietly misread: each is now read right, or is one line and exit 2."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from tests.hostile.conftest import assert_one_clear_error, tree_digest, workbench

CR_WHISPER = (
    "[00:00:00.000 --> 00:00:02.000]   Welcome back.\r"
    "[00:00:02.000 --> 00:00:04.000]   Today we talk about it.\r"
    "[00:00:04.000 --> 00:00:06.000]   We trained it on chat GPT.\r"
)
CR_SRT = (
    "1\r00:00:00,000 --> 00:00:02,000\rWelcome back.\r\r"
    "2\r00:00:02,000 --> 00:00:04,000\rWe trained it on chat GPT.\r"
)


def _flags(folder: Path, name: str) -> list[dict[str, object]]:
    run = workbench("scan", "--json", "--no-default-rules", "--rules", "rules", name, cwd=folder)
    assert run.code == 0, run.stderr
    flags: list[dict[str, object]] = json.loads(run.stdout)
    return flags


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one rule (``chat GPT`` → ``ChatGPT``)."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "terms.yaml").write_text(
        "rules:\n  - id: chatgpt\n    kind: term\n    canonical: ChatGPT\n"
        "    variants: [chat GPT]\n    description: the product name\n    auto: true\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [("talk.txt", CR_WHISPER, 3), ("clip.srt", CR_SRT, 7)],
    ids=["whisper", "srt"],
)
def test_lone_cr_line_ends_are_line_ends_and_are_written_back(
    folder: Path, name: str, text: str, line: int
) -> None:
    (folder / name).write_bytes(text.encode())
    flags = _flags(folder, name)
    assert [(flag["line"], flag["original"]) for flag in flags] == [
        (line, "We trained it on chat GPT.")
    ]
    run = workbench("apply", "--no-default-rules", "--rules", "rules", name, cwd=folder)
    assert run.code == 0, run.stderr
    (version,) = (folder / "corrected" / Path(name).stem).glob("v001.*[!n]")
    assert version.read_bytes() == text.replace("chat GPT", "ChatGPT").encode()


def test_a_lone_cr_srt_with_a_broken_cue_names_its_line(folder: Path) -> None:
    (folder / "clip.srt").write_bytes(
        CR_SRT.replace("00:00:02,000 -->", "00:00:02,000 ->").encode()
    )
    before = tree_digest(folder)
    assert_one_clear_error(workbench("scan", "clip.srt", cwd=folder), "clip.srt:6:", "timing line")
    assert tree_digest(folder) == before


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b"], ids=["nul", "soh", "esc"])
def test_utf16_with_a_bom_is_refused_for_control_characters_too(
    folder: Path, codec: str, control: str
) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text = f"[00:00:00.000 --> 00:00:02.000]   Hello{control}there.\n"
    (folder / "wide.txt").write_bytes(bom + text.encode(codec))
    before = tree_digest(folder)
    assert_one_clear_error(workbench("scan", "wide.txt", cwd=folder), "wide.txt", "binary file")
    assert tree_digest(folder) == before


@pytest.mark.parametrize(
    ("name", "data", "needles"),
    [
        (
            "clip.srt",
            b"1\n00:00:01,000 -> 00:00:02,000\nWe trained it on chat GPT.\n",
            ("clip.srt:2:", "expected a timing line"),
        ),
        (
            "clip.txt",
            b"1\n00:00:01,000 -> 00:00:02,000\nWe trained it on chat GPT.\n",
            ("clip.txt:2:", "expected a timing line"),
        ),
        ("song.lrc", b"[00:12.00]We trained it on chat GPT\n", ("song.lrc:1:", "LRC lyrics")),
        ("page.html", b"<html><p>chat GPT</p></html>\n", ("page.html:1:", "XML or HTML")),
        ("mk.txt", "Ѓорѓе и chat GPT\n".encode("cp1251"), ("mk.txt", "replacement characters")),
    ],
    ids=["srt-one-dash", "srt-as-txt", "lrc", "html", "cp1251-undefined-in-cp1252"],
)
def test_files_once_read_as_plain_text_are_one_clear_error(
    folder: Path, name: str, data: bytes, needles: tuple[str, ...]
) -> None:
    (folder / name).write_bytes(data)
    before = tree_digest(folder)
    for command in ("scan", "apply"):
        assert_one_clear_error(workbench(command, name, cwd=folder), *needles)
    assert tree_digest(folder) == before


def test_an_sbv_file_is_read_as_cues_not_as_lines_of_text(folder: Path) -> None:
    (folder / "clip.sbv").write_text(
        "0:00:00.000,0:00:02.000\nwelcome back\n\n0:00:02.000,0:00:04.000\nwe trained it on\nchat GPT\n",
        encoding="utf-8",
    )
    assert [(flag["line"], flag["original"]) for flag in _flags(folder, "clip.sbv")] == [
        (5, "we trained it on\nchat GPT")
    ]


def test_a_negative_srt_time_is_read_as_zero_with_one_warning_line(folder: Path) -> None:
    (folder / "clip.srt").write_text(
        "1\n-00:00:01,000 --> 00:00:02,000\nWe trained it on chat GPT.\n", encoding="utf-8"
    )
    run = workbench(
        "scan", "--json", "--no-default-rules", "--rules", "rules", "clip.srt", cwd=folder
    )
    assert run.code == 0, run.stderr
    assert run.error_lines == [
        "clip.srt:2: warning: negative time in '-00:00:01,000 --> 00:00:02,000' read as 0"
    ]
    assert [flag["line"] for flag in json.loads(run.stdout)] == [3]
