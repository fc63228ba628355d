"""Hostile JSON transcripts: bad numbers and times, broken or deep JSON, inconsistent
words and ids, a huge file. Each is one line naming the file, exit 2, nothing
written; a negative time is clamped to 0 with a warning naming the place. Every
JSON reader is tried: whisper-json, our ``json`` export and the recognisers'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.conftest import (
    ROOT,
    assert_one_clear_error,
    tree_digest,
    workbench,
    workbench_process,
)

FIXTURES = ROOT / "tests" / "data" / "formats"


def _whisper(start: str) -> str:
    return '{"text": " hi", "segments": [{"start": ' + start + ', "end": 2.0, "text": " hi"}]}'


def _export(start: str) -> str:
    return (
        '{"source": "x", "format": "whisper", "segments": '
        '[{"index": 0, "line": null, "start": '
        + start
        + ', "end": 2.0, "text": "hi", "speaker": null}]}'
    )


def _assemblyai(start: str) -> str:
    return (
        '{"id": "x", "status": "completed", "audio_url": "a", "text": "hi", "words": '
        '[{"text": "hi", "start": ' + start + ', "end": 2000, "confidence": 0.9}]}'
    )


def _deepgram(start: str) -> str:
    return (
        '{"results": {"channels": [{"alternatives": [{"transcript": "hi", "words": '
        '[{"word": "hi", "start": ' + start + ', "end": 2.0, "confidence": 0.9}]}]}]}}'
    )


WRITERS = [_whisper, _export, _assemblyai, _deepgram]
BAD_NUMBERS = {
    "NaN": "NaN",
    "Infinity": "Infinity",
    "-Infinity": "-Infinity",
    "1e999": "1e999",
    "5000-digit": "1" * 5000,
    "300-digit": "9" * 300,
    "1e300": "1e300",
}


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__.strip("_"))
@pytest.mark.parametrize("number", list(BAD_NUMBERS), ids=str)
def test_bad_json_time_is_one_line(tmp_path: Path, writer: object, number: str) -> None:
    assert callable(writer)
    (tmp_path / "bad.json").write_text(writer(BAD_NUMBERS[number]))
    before = tree_digest(tmp_path)
    run = workbench("scan", "bad.json", cwd=tmp_path)
    assert_one_clear_error(run, "bad.json")
    assert tree_digest(tmp_path) == before


@pytest.mark.parametrize("writer", WRITERS, ids=lambda w: w.__name__.strip("_"))
def test_negative_time_is_clamped_with_a_warning(tmp_path: Path, writer: object) -> None:
    assert callable(writer)
    (tmp_path / "neg.json").write_text(writer("-1.5" if writer is not _assemblyai else "-1500"))
    run = workbench("show", "--json", "neg.json", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["segments"][0]["start"] == 0
    assert len(run.error_lines) == 1
    assert "neg.json" in run.error_lines[0] and "negative time" in run.error_lines[0]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('{"jobName": "x", "status": "COMPLETED", "results": {"items": [', "expected JSON"),
        ("[" * 10_000 + "]" * 10_000, "nested too deeply"),
        ('{"segments": ' + "[" * 10_000 + "]" * 10_000 + "}", "nested too deeply"),
    ],
    ids=["truncated", "deep-list", "deep-in-object"],
)
def test_broken_json_is_one_line(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "bad.json").write_text(text)
    run = workbench("scan", "bad.json", cwd=tmp_path)
    assert_one_clear_error(run, "bad.json", needle)


def _aws() -> dict[str, object]:
    data: dict[str, object] = json.loads((FIXTURES / "meeting.aws.json").read_text())
    return data


def _aws_word_end_before_start() -> dict[str, object]:
    data = _aws()
    data["results"]["items"][1]["end_time"] = "0.1"  # type: ignore[index]
    return data


def _aws_confidence(value: object) -> dict[str, object]:
    data = _aws()
    data["results"]["items"][1]["alternatives"][0]["confidence"] = value  # type: ignore[index]
    return data


def _aws_missing_id() -> dict[str, object]:
    data = _aws()
    data["results"]["audio_segments"][0]["items"].append(99)  # type: ignore[index]
    return data


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (_aws_word_end_before_start(), "before it starts"),
        (_aws_confidence("1.7"), "confidence"),
        (_aws_confidence(-0.2), "confidence"),
        (_aws_confidence("high"), "confidence"),
        (_aws_missing_id(), "item id 99"),
    ],
    ids=[
        "end-before-start",
        "confidence-1.7",
        "confidence-negative",
        "confidence-word",
        "missing-id",
    ],
)
def test_inconsistent_recogniser_file_is_one_line(
    tmp_path: Path, data: object, needle: str
) -> None:
    (tmp_path / "meeting.json").write_text(json.dumps(data))
    run = workbench("apply", "meeting.json", cwd=tmp_path)
    assert_one_clear_error(run, "meeting.json", needle)
    assert not (tmp_path / "corrected" / "meeting").exists()


def test_a_bad_json_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(_whisper("NaN"))
    (tmp_path / "b.json").write_text((FIXTURES / "meeting.aws.json").read_text())
    run = workbench("scan", "a.json", "b.json", cwd=tmp_path)
    assert run.code == 2
    assert run.stdout.splitlines()[-1].endswith(" in 1 file (1 stopped by an error above)")
    assert len(run.error_lines) == 1 and "a.json" in run.error_lines[0]


def test_a_200_megabyte_json_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("w") as handle:
        handle.write('{"segments": [{"start": 0, "end": 1, "text": "')
        block = "a" * (1 << 20)
        for _ in range(200):
            handle.write(block)
        handle.write('"}]}')
    run = workbench_process("scan", "huge.json", cwd=tmp_path)  # memory stays the process's
    assert_one_clear_error(run, "huge.json", "MB limit")
