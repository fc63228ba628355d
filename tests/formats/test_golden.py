"""Byte-exact round trips and minimal diffs over the corpus and one fixture per format."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from tests.formats.conftest import EXPECTED_FORMATS, golden_files
from workbench import formats
from workbench.model import Transcript

GOLDEN = golden_files()
JSON_FORMATS = {"json", "whisper-json"}
WHOLE_FILE = {"microdvd", "mpl2", "tmp", "sami", "ttml"}
"""Formats pysubs2 reads whole: their segments are no text blocks of the file."""
NO_LINES = JSON_FORMATS | {"sami", "ttml"}
"""Formats whose segments have no line (not line-based)."""


def test_every_format_has_a_golden_file() -> None:
    assert set(EXPECTED_FORMATS.values()) == set(formats.FORMATS)
    assert {path.name for path in GOLDEN} == set(EXPECTED_FORMATS)


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_sniffed_by_content(path: Path) -> None:
    assert formats.load(path).format == EXPECTED_FORMATS[path.name]


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_unchanged_transcript_gives_back_its_bytes(path: Path) -> None:
    transcript = formats.load(path)
    assert formats.to_bytes(transcript) == path.read_bytes()


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_header_blocks_and_footer_are_the_whole_file(path: Path) -> None:
    transcript = formats.load(path)
    if transcript.format in JSON_FORMATS | WHOLE_FILE:
        pytest.skip("JSON segments and pysubs2's events are not text blocks")
    raw = "".join(seg.source.raw for seg in transcript.segments if seg.source)
    assert transcript.header + raw + transcript.footer == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_segment_lines_point_at_their_text(path: Path) -> None:
    transcript = formats.load(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    for seg in transcript.segments:
        if seg.line is None:
            assert transcript.format in NO_LINES
            continue
        first_word = re.findall(r"\w+", seg.text)[:1]
        assert all(word in lines[seg.line - 1] for word in first_word), (seg.index, seg.line)


def _change_one_word(transcript: Transcript) -> Transcript:
    middle = len(transcript.segments) // 2
    segment = transcript.segments[middle]
    words = segment.text.split(" ")
    words[-1] = "CHANGED"
    segments = list(transcript.segments)
    segments[middle] = segment.changed(text=" ".join(words))
    return transcript.replace_segments(tuple(segments))


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.name)
def test_one_word_change_is_a_one_line_diff(path: Path) -> None:
    transcript = formats.load(path)
    if transcript.format in {"sami", "ttml"}:
        pytest.skip("pysubs2 writes no SAMI, and writes TTML whole")
    before = formats.dumps(transcript).splitlines(keepends=True)
    after = formats.dumps(_change_one_word(transcript)).splitlines(keepends=True)
    changed = [
        line
        for line in difflib.unified_diff(before, after, n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    if transcript.format == "whisper-json":
        # The edited segment's text and the top-level text change; its words are dropped.
        assert sum("CHANGED" in line for line in changed if line.startswith("+")) == 2
        return
    assert len(changed) == 2, changed
    assert changed[0].startswith("-") and changed[1].startswith("+")
    assert "CHANGED" in changed[1]
