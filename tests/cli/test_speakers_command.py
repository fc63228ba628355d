"""``workbench speakers DOC [--json] [--rename OLD=NEW]`` and ``publish --speakers prefix``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbench import formats
from workbench.cli.app import main

SCENARIO = Path(__file__).resolve().parents[1] / "data" / "scenario" / "talk.json"
FIXTURES = SCENARIO.parents[1] / "formats"


@pytest.fixture
def talk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the two-speaker Whisper JSON in a fresh folder (the store is ./corrected)."""
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copy(SCENARIO, tmp_path / "talk.json"))


def test_speakers_lists_each_speaker_with_its_segment_count(
    talk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["speakers", str(talk)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "talk (version 0): 2 speakers"
    assert out[1].split() == ["SPEAKER_00", "2", "segments"]
    assert main(["speakers", str(talk), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == {
        "document": "talk",
        "version": 0,
        "speakers": [
            {"speaker": "SPEAKER_00", "segments": 2},
            {"speaker": "SPEAKER_01", "segments": 2},
        ],
        "without_speaker": 0,
    }


def test_rename_writes_a_version_with_a_manifest_entry_per_segment(
    talk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = talk.read_bytes()
    assert main(["speakers", str(talk), "--rename", "SPEAKER_01=Ilya"]) == 0
    assert talk.read_bytes() == before
    version = formats.load(Path("corrected/talk/v001.transcript.json"))
    assert [seg.speaker for seg in version.segments] == [
        "SPEAKER_00",
        "Ilya",
        "Ilya",
        "SPEAKER_00",
    ]
    assert [seg.text for seg in version.segments] == [
        seg.text for seg in formats.load(talk).segments
    ]
    changes = json.loads(Path("corrected/talk/v001.json").read_text())["changes"]
    assert [(c["rule"], c["kind"], c["span"]) for c in changes] == [
        ("speaker", "speaker", [1, 1]),
        ("speaker", "speaker", [2, 2]),
    ]
    assert changes[0]["speakers"] == {"before": ["SPEAKER_01"], "after": ["Ilya"]}
    # The next command works on the new version, by the document's name too.
    capsys.readouterr()
    assert main(["speakers", "talk", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["speakers"][0] == {"speaker": "Ilya", "segments": 2}


@pytest.mark.parametrize(
    ("rename", "message"),
    [
        ("NOBODY=X", "no speaker 'NOBODY'; expected one of: SPEAKER_00, SPEAKER_01"),
        ("SPEAKER_00", "--rename 'SPEAKER_00': expected OLD=NEW"),
        ("SPEAKER_00= ", "expected OLD=NEW"),
        ("SPEAKER_00=SPEAKER_00", "two different speaker names"),
    ],
)
def test_a_bad_rename_is_one_line_and_writes_nothing(
    talk: Path, capsys: pytest.CaptureFixture[str], rename: str, message: str
) -> None:
    assert main(["speakers", str(talk), "--rename", rename]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not Path("corrected/talk").exists()


def test_a_rename_a_recognisers_json_cannot_hold_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    aws = FIXTURES / "meeting.aws.json"
    meeting = Path(shutil.copy(aws, tmp_path / aws.name))
    assert main(["speakers", str(meeting), "--rename", "spk_0=Zoe"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "segment 0 cannot be written as aws: its speaker changed ('spk_0' → 'Zoe')" in err
    assert not list(Path("corrected").glob("*/v001*"))


def test_publish_speakers_prefix_writes_names_into_srt_and_text(talk: Path) -> None:
    assert (
        main(["publish", str(talk), "--to", "srt", "--speakers", "prefix", "--out", "t.srt"]) == 0
    )
    cues = formats.load(Path("t.srt")).segments
    assert cues[0].text.startswith("SPEAKER_00: Welcome back")
    assert sum(cue.text.startswith("SPEAKER_") for cue in cues) == 3
    assert (
        main(["publish", str(talk), "--to", "txt", "--speakers", "prefix", "--out", "t.txt"]) == 0
    )
    assert Path("t.txt").read_text().startswith("SPEAKER_00: Welcome back")
    assert main(["publish", str(talk), "--to", "srt", "--out", "plain.srt"]) == 0
    assert "SPEAKER" not in Path("plain.srt").read_text()
    assert main(["publish", str(talk), "--to", "vtt", "--out", "t.vtt"]) == 0
    assert "<v SPEAKER_01>Thanks for having me here." in Path("t.vtt").read_text()


LONG_CUE = (
    "1\n00:00:01,000 --> 00:00:03,000\nWe start here today.\n\n"
    "2\n00:00:03,000 --> 00:00:14,000\nThis cue runs far too long, it goes on and on "
    "about the launch, and then it talks about the next one.\n\n"
    "3\n00:00:14,500 --> 00:00:16,500\nAnd this one is fine.\n"
)


@pytest.mark.parametrize(
    ("options", "numbers"),
    [([], ["1", "2", "3", "4"]), (["--keep-cue-numbers"], ["1", "2", "2", "3"])],
)
def test_an_srt_version_after_a_split_is_renumbered_unless_asked_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str], numbers: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("clip.srt").write_text(LONG_CUE)
    assert main(["apply", "clip.srt", "--all", *options]) == 0  # the timing rule splits cue 2
    written = Path("corrected/clip/v001.srt").read_text()
    assert [block.split("\n")[0] for block in written.strip().split("\n\n")] == numbers


@pytest.mark.parametrize("name", ["Ann\nLee", "Ann<v Bob>", "Ann\x1b[31m"])
def test_a_rename_to_a_name_no_format_can_hold_is_one_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("v.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hello there.\n")
    assert main(["speakers", "v.vtt", "--rename", f"Ann={name}"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "expected a name on one line" in err[0]
    assert not Path("corrected", "v").exists() or not any(Path("corrected", "v").glob("v001*"))
