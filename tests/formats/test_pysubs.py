"""MicroDVD, MPL2, TMP, SAMI and TTML through pysubs2; LRC, XML and HTML refused; prose is .txt.

The fixtures in tests/data/formats/ are the smallest faithful examples of each
format as its documentation (and pysubs2's tests) show it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.formats.conftest import FIXTURES
from workbench import formats
from workbench.errors import FormatError
from workbench.model import Segment, Transcript

READ = {
    "movie.sub": [
        (1000, 3000, "Hello there\nsecond line", 2),
        (4000, 6000, "We trained it on GPD four", 3),
        (7000, 9000, "Thanks for watching", 4),
    ],
    "lecture-mpl2.txt": [
        (1000, 2000, "Hello there\nsecond line", 1),
        (2500, 4000, "We trained it on GPD four", 2),
        (4500, 6000, "Thanks for watching", 3),
    ],
    "clip.smi": [
        (1000, 2500, "Hello there\nsecond line", None),
        (3000, 5000, "We trained it on GPD four", None),
    ],
    "clip.ttml": [
        (1000, 2500, "Hello there\nsecond line", None),
        (3000, 5000, "We trained it on GPD four", None),
    ],
}


@pytest.mark.parametrize("name", sorted(READ))
def test_segments_times_and_lines(name: str) -> None:
    transcript = formats.load(FIXTURES / name)
    assert [(s.start, s.end, s.text, s.line) for s in transcript.segments] == READ[name]


def test_tmp_has_start_times_only() -> None:
    transcript = formats.load(FIXTURES / "talk-tmp.txt")
    assert transcript.format == "tmp"
    assert [(s.start, s.text, s.line) for s in transcript.segments] == [
        (1000, "Hello there\nsecond line", 1),
        (3000, "We trained it on GPD four", 2),
        (6000, "Thanks for watching", 3),
    ]


def _fix_middle(path: Path) -> str:
    transcript = formats.load(path)
    segments = list(transcript.segments)
    segments[1] = segments[1].changed(text="We trained it on GPT-4")
    return formats.dumps(transcript.replace_segments(tuple(segments)))


@pytest.mark.parametrize("name", ["movie.sub", "lecture-mpl2.txt", "talk-tmp.txt", "clip.ttml"])
def test_a_fix_is_written_by_pysubs2_and_reads_back(name: str) -> None:
    written = _fix_middle(FIXTURES / name)
    back = formats.loads(written, doc_id="d", origin=name)
    assert back.format == formats.load(FIXTURES / name).format
    assert [s.text for s in back.segments][1] == "We trained it on GPT-4"
    if name != "clip.ttml":  # the line formats change one line only
        source = (FIXTURES / name).read_text(encoding="utf-8")
        assert written == source.replace("GPD four", "GPT-4")


def test_a_changed_sami_is_refused_pysubs2_has_no_writer() -> None:
    with pytest.raises(FormatError, match="cannot be written as sami: pysubs2 has no sami writer"):
        _fix_middle(FIXTURES / "clip.smi")


@pytest.mark.parametrize(
    ("target", "text", "start"),
    [
        ("mpl2", "a | b", 1000),
        ("mpl2", "fine", 1050),
        ("microdvd", "fine", 1000),
        ("tmp", "fine", 1500),
    ],
    ids=["mpl2-pipe", "mpl2-off-grid", "microdvd-no-frame-rate", "tmp-off-grid"],
)
def test_what_would_not_read_back_is_refused(target: str, text: str, start: int) -> None:
    source = formats.loads("1\n00:00:01,000 --> 00:00:02,000\nok\n", doc_id="d")
    segments = (source.segments[0].changed(text=text, start=start),)
    with pytest.raises(FormatError, match=f"cannot be written as {target}"):
        formats.dumps(source.replace_segments(segments), target)


def test_microdvd_without_a_frame_rate_is_refused_not_guessed() -> None:
    with pytest.raises(FormatError, match=r"declare its frame rate, as \{1\}\{1\}23\.976") as info:
        formats.loads("{25}{50}Hello\n{75}{100}there\n", doc_id="d", origin="a.sub")
    assert info.value.line == 1


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("a.sub", "{1}{1}25\n{25}{50}Hello\nstray words\n{75}{100}there\n", 3),
        ("a.txt", "[10][20] Hello\n[25][40] there\n(applause)\n", 3),
        ("a.txt", "00:00:01:Hello\n00:00:03 there\n", 2),
    ],
    ids=["microdvd", "mpl2", "tmp"],
)
def test_a_line_pysubs2_would_skip_is_an_error_naming_it(name: str, text: str, line: int) -> None:
    with pytest.raises(FormatError, match="expected a line") as info:
        formats.loads(text, doc_id="d", origin=name)
    assert info.value.line == line


REFUSED = {
    "song.lrc": ("[ar:Someone]\n[00:12.00]Line one\n[00:17.20]Line two\n", "LRC lyrics"),
    "song.txt": ("[00:12.00]Line one\n[00:17.20]Line two\n", "LRC lyrics"),
    "page.html": ("<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>\n", "XML or HTML"),
    "feed.xml": ('<?xml version="1.0"?>\n<rss><item>GPD four</item></rss>\n', "XML or HTML"),
    "page.txt": ("<div>\n<p>We trained it</p>\n</div>\n", "XML or HTML"),
    "notes.md": ("# Notes\nWe trained it on GPD four.\n", "no format claims this .md file"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_no_format_claims_and_is_no_prose_is_refused_listing_what_we_read(
    tmp_path: Path, name: str
) -> None:
    text, what = REFUSED[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as info:
        formats.load(path)
    message = str(info.value)
    assert message.startswith(f"{path}:1: {what}: not a transcript format we read; expected one of")
    assert all(name in message for name in ("srt", "vtt", "sbv", "microdvd", "ttml"))


@pytest.mark.parametrize("name", ["notes.txt", "notes.text", "notes"])
def test_prose_in_a_txt_or_extensionless_file_is_plain_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("[00:12] <laughs> we trained it on GPD four\n[music]\n", encoding="utf-8")
    transcript = formats.load(path)
    assert transcript.format == "txt"
    assert [s.text for s in transcript.segments] == [
        "[00:12] <laughs> we trained it on GPD four",
        "[music]",
    ]


SAFE_WORDS = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=8)
GRID = {"mpl2": 100, "tmp": 1000, "ttml": 1}


@pytest.mark.parametrize("target", sorted(GRID))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_texts_the_format_can_hold_are_written_and_read_back(
    target: str, data: st.DataObject
) -> None:
    step = GRID[target]
    segments = []
    clock = 0
    for index in range(data.draw(st.integers(1, 5))):
        lines = data.draw(
            st.lists(st.lists(SAFE_WORDS, min_size=1, max_size=4), min_size=1, max_size=2)
        )
        start = clock + step * data.draw(st.integers(0, 50))
        end = start + step * data.draw(st.integers(1, 50))
        clock = end
        text = "\n".join(" ".join(words) for words in lines)
        segments.append(Segment(index=index, start=start, end=end, text=text))
    transcript = Transcript(doc_id="g", format="json", segments=tuple(segments))
    written = formats.dumps(transcript, target)
    back = formats.loads(written, doc_id="g", origin=f"g{formats.extension_for(target)}")
    assert back.format == target
    assert [(s.start, s.text) for s in back.segments] == [(s.start, s.text) for s in segments]
    if target != "tmp":  # TMP has no end times
        assert [s.end for s in back.segments] == [s.end for s in segments]
    assert formats.dumps(back) == written


def test_a_negative_mpl2_time_is_clamped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    text = "[-5][20] Hello\n[25][40] there\n"
    with caplog.at_level(logging.WARNING):
        transcript = formats.loads(text, doc_id="d", origin="a.txt")
    assert [(s.start, s.end, s.line) for s in transcript.segments] == [
        (0, 2000, 1),
        (2500, 4000, 2),
    ]
    assert formats.dumps(transcript) == text
    assert [r.getMessage() for r in caplog.records] == [
        "a.txt:1: warning: negative time in '-500 ms' read as 0"
    ]
