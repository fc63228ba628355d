"""The readers' fast paths read exactly what the general, line-by-line paths read.

Whisper text and cue files (SRT, WebVTT) read lines in the plain shape their
writers use through one regular expression, and anything else line by line. Each
file here is read twice, once with the fast path switched off, and the two reads
must agree: segments, raw blocks, line numbers, header, or the same error at the
same line. Files are drawn from lines that are nearly right (a timestamp out of
range, Arabic-Indic digits, a tab by the arrow, ``\\r\\r\\n``, a form feed that
counts as blank) as well as right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import FormatError
from workbench.formats import whisper
from workbench.formats.base import Format
from workbench.formats.cues import CueFormat
from workbench.formats.srt import Srt
from workbench.formats.vtt import Vtt
from workbench.formats.whisper import Whisper

BRACKETS = [
    "[00:00:00.000 --> 00:00:01.000]   hello",
    "[00:00:01.000 --> 00:00:02.000]",
    "[00:01.000 --> 00:02.000]  minutes style",
    "[1:00:01.000 --> 1:00:02.000] one-digit hours",
    "[00:00:02.000 --> 00:00:01.000] backwards",
    "[00:00:01.000 -->  00:00:02.000] two spaces",
    "[00:00:01.000\t--> 00:00:02.000] tab",
    "  [00:00:01.000 --> 00:00:02.000] indented",
    "[00:61:00.000 --> 00:62:00.000] out of range",
    "[00:00:01.000 --> 00:00:60.000] end out of range",
    "[٠٠:٠٠:٠١.٠٠٠ --> 00:00:02.000] Arabic-Indic digits",
    "[00:00:01.000 --> 00:00:02.000]]x",
    "[00:00:01.000 --> 00:00:02.000]\tpadded  ",
    "[00:00:01.000 --> 00:00:02.000]   a --> b",
    "[x]",
]
TIMINGS = [
    "00:00:01,000 --> 00:00:02,000",
    "00:00:01,000 --> 00:00:02,000 X1:2",
    "00:00:02,000 --> 00:00:01,000",
    "00:00:01,000  -->  00:00:02,000",
    "00:00:01,000 --> 00:00:0x,000",
    "00:00:01.000 --> 00:00:02.000",
    "00:00:01.000 --> 00:00:02.000 align:start position:0%",
    "00:01.000 --> 00:02.000",
    "0:00:01.000 --> 0:00:02.000",
    "00:00:01.000 --> 00:00:02.00",
    "00:99:01.000 --> 00:00:02.000",
    "00:00:01.000 --> 00:00:60.000",
    "00:00:01,000 --> 00:60:02,000",
    "00:00:01,000 -> 00:00:02,000",
    "00:00:01.000 --> later",
]
TEXTS = [
    "hello world",
    "A --> B",
    "00:00:03,000 --> 00:00:04,000",
    "<v Ann>hi</v> &amp; <i>it</i>",
    "1",
    " 42 ",
    "١٢",
    "NOTE a note",
    "STYLE",
    "WEBVTT",
    "Kind: captions",
    "Resume",
]
BLANKS = ["", "", "", " ", "\t", "\r", "\x0c", "\u2028", "\x85"]
ENDINGS = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r\r\n"])


@st.composite
def files(draw: st.DrawFn, timings: list[str], cues: bool) -> str:
    """A file of blocks: a number line (cues), a timing line, text lines (cues), blank lines."""
    parts = [draw(st.sampled_from(["", "WEBVTT\n\n", "\n", "x\n"]))]
    for number in range(draw(st.integers(0, 6))):
        if cues and draw(st.booleans()):
            parts.append(f"{number + 1}{draw(ENDINGS)}")
        # The first few are the plain shape: drawn more often.
        parts.append(draw(st.sampled_from(timings[:2]) | st.sampled_from(timings)) + draw(ENDINGS))
        for _ in range(draw(st.integers(0, 3)) if cues else 0):
            parts.append(draw(st.sampled_from(TEXTS) | st.text(max_size=6)) + draw(ENDINGS))
        for _ in range(draw(st.integers(0, 2))):
            parts.append(draw(st.sampled_from(BLANKS)) + draw(ENDINGS))
    text = "".join(parts)
    return text.rstrip("\n") if draw(st.booleans()) else text


def _read(fmt: Format, text: str) -> object:
    """What a format reads, raw blocks and line numbers included, or its error."""
    try:
        transcript = fmt.parse(text, doc_id="d", origin="f")
    except FormatError as exc:
        return ("error", exc.message, exc.line)
    return transcript, [(seg.source, seg.line) for seg in transcript.segments]


@contextmanager
def _line_by_line(fmt: Format) -> Iterator[None]:
    """The format with its fast path switched off."""
    never = "(?!)"  # a pattern that matches nothing
    if isinstance(fmt, CueFormat):
        with mock.patch.object(type(fmt), "fast_block", re.compile(never)):
            yield
    else:
        # The bracket groups stay (all None); every line goes the general way.
        general = re.compile(never + "()" * 9 + r"|[^\n]+\n?|\n")
        with mock.patch.object(whisper, "_LINE", general):
            yield


@pytest.mark.parametrize(
    ("fmt", "timings"),
    [(Whisper(), BRACKETS), (Srt(), TIMINGS), (Vtt(), TIMINGS[5:] + TIMINGS[:5])],
    ids=["whisper", "srt", "vtt"],
)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_path_reads_what_the_general_path_reads(
    fmt: Format, timings: list[str], data: st.DataObject
) -> None:
    text = data.draw(files(timings, isinstance(fmt, CueFormat)))
    fast = _read(fmt, text)
    with _line_by_line(fmt):
        assert _read(fmt, text) == fast


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        # A stray line is reported before a bad bracket above it, as the reader always did.
        (
            "[00:00:05.000 --> 00:00:04.000] back\n[00:00:01.000 --> 00:00:02.000] ok\nstray\n",
            3,
            "expected a line",
        ),
        (
            "[00:00:05.000 --> 00:00:04.000] back\n[00:00:0x.000 --> 00:00:02.000] no\n",
            1,
            "before start",
        ),
        (
            "\n[00:00:01.000 --> 00:00:02.000] ok\n[00:00:xx.000 --> 00:00:02.000] no\n",
            3,
            "expected a timestamp",
        ),
    ],
)
def test_whisper_errors_keep_their_order(text: str, line: int, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        Whisper().parse(text, doc_id="d", origin="f")
    assert info.value.line == line
