"""Property tests: generated transcripts survive write → read, and read → write is exact.

The texts are drawn to be hostile to the formats: arrows and timing lines, ASS
braces and backslash codes, HTML-like tags and character references, scrape
header and footer marker lines, bullets, padding spaces and any printable
Unicode. A writer either writes a file that reads back as the same segments or
refuses with one clear error; it never writes a file that reads back otherwise.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import formats
from workbench.errors import FormatError
from workbench.model import Segment, Transcript

SPEAKERS = {"vtt", "ass", "json", "whisper-json"}
"""Formats that carry a speaker."""
STEP = {"ass": 10, "mpl2": 100, "tmp": 1000}
"""The time grid of formats that do not hold milliseconds (ASS centiseconds, MPL2 tenths)."""
NO_END = {"tmp"}
"""Formats without end times (TMP's are pysubs2's estimate)."""
EXACT = {"ass", "json"}
"""Formats that give back a text exactly, padding and all."""
WHOLE_STRIP = {"whisper-json"}
"""Formats that strip the whole text (Whisper writes a leading space)."""
ONE_LINE = {"whisper", "txt", "captions"}
"""Formats with one line per segment: the lines of a text are joined by spaces."""
PYSUBS2 = {"microdvd", "mpl2", "tmp", "sami", "ttml"}
"""Formats written whole by pysubs2 and read back: refused where that would not give the text."""
MAY_REFUSE = {"srt", "captions", "txt"} | PYSUBS2
"""Formats that refuse some texts (a timing line in SRT, a marker line in a scrape, lines
that plain text would read as speaker labels)."""
UNSNIFFABLE = {"txt"}
"""Plain text is what a file is when nothing else claims it: it has no signature."""

NASTY = st.sampled_from(
    [
        "-->",
        "->",
        "A --> B",
        "00:00:01,000",
        "00:00:01.000 --> 00:00:02.000",
        "[00:00:01.000 --> 00:00:02.000]",
        "[00:00.000",
        "{x}",
        "{\\i1}",
        "{",
        "}",
        "\\N",
        "\\n",
        "\\h",
        "\\",
        "\\{",
        "\u2060",
        "<i>",
        "</i>",
        "<v Ann>",
        "<c>",
        "&amp;",
        "&",
        "<",
        ">",
        "#",
        "# comment",
        "•",
        "abc123 • 2024-01-02",
        "Kind: captions",
        "Language: en",
        "Transcript preview",
        "Open",
        "Resume",
        "Read",
        "Manage",
        "Categories",
        "file updated 2025",
        "WEBVTT",
        "NOTE",
        "STYLE",
        "[Script Info]",
        "Dialogue: 0,0:00:00.00",
        "1",
        "42",
        '{"source": 1}',
        '"quoted"',
        "GPT-4",
        "Dppd4",
        "café",
        "日本語",
        "مرحبا",
        "👩‍💻",
        "e\u0301",
        "—",
    ]
)
# Printable characters, no whitespace: padding and separators are drawn on their own.
ANY_WORD = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=8,
)
WORDS = st.one_of(NASTY, NASTY, ANY_WORD)
PAD = st.sampled_from(["", "", "", " ", "  ", "\t"])


# Whole lines that mean something to some format when they stand alone on a line.
NASTY_LINES = st.sampled_from(
    [
        "00:00:01,000 --> 00:00:02,000",
        "00:00:01.000 --> 00:00:02.000 align:start",
        "[00:00:01.000 --> 00:00:02.000]   said earlier",
        "[00:01.000 --> 00:02.000]",
        "2",
        "Kind: captions",
        "Language: en",
        "Resume",
        "file updated 2025-01-01",
        "WEBVTT",
        "NOTE a note",
        "STYLE",
        "[Script Info]",
        "[Events]",
        "Format: Layer, Start, End, Text",
        "\\\u2060N",
        "{\\i1}x{\\i0}",
        "&lt;i&gt;",
        "<v Ann>hi</v>",
    ]
)

CONVERTIBLE = [name for name, fmt in formats.FORMATS.items() if fmt.convertible]
"""Formats a transcript from anywhere can be written as (not a recogniser's JSON)."""


@st.composite
def lines_(draw: st.DrawFn) -> str:
    """One line of text: a nasty line, or nasty and arbitrary words maybe padded with spaces."""
    if draw(st.integers(0, 3)) == 0:
        return draw(NASTY_LINES)
    words = draw(st.lists(WORDS, min_size=1, max_size=4))
    return draw(PAD) + " ".join(words) + draw(PAD)


NAMES = st.sampled_from(
    ["Lukas", "Peter Welinder", "Sam", "Ann <host>", "Zoë & co", "Smith, J.", "Ann,Bob,"]
)
HEADER = (
    "Talk | Podcast\nabc123 • 2024-01-02\nTranscript preview\nOpen\nKind: captions\nLanguage: en\n"
)
FOOTER = "Resume\nRead\nfile updated 2025-01-01\nCategories\nManage\n"


@st.composite
def transcripts(draw: st.DrawFn, target: str, source_format: str) -> Transcript:
    """A transcript of ``source_format`` with hostile texts, to be written as ``target``."""
    timed = formats.is_timed(target) or (target == "json" and draw(st.booleans()))
    step = STEP.get(target, 1)
    count = draw(st.integers(min_value=1, max_value=6))
    segments = []
    clock = 0
    gaps = st.integers(0, 500) | st.integers(0, 400_000)
    for index in range(count):
        lines = draw(st.lists(lines_(), min_size=1, max_size=3))
        start = clock + step * draw(gaps)
        end = start + step * draw(gaps)
        clock = end
        speaker = draw(st.none() | NAMES) if target in SPEAKERS else None
        segments.append(
            Segment(
                index=index,
                start=start if timed else None,
                end=end if timed else None,
                text="\n".join(lines),
                speaker=speaker,
            )
        )
    scrape = source_format == "captions"
    return Transcript(
        doc_id="generated",
        format=source_format,
        segments=tuple(segments),
        header=HEADER if scrape else "",
        footer=FOOTER if scrape else "",
    )


def carried(target: str, text: str) -> str:
    """What of ``text`` a file of format ``target`` gives back."""
    if target in EXACT:
        return text
    if target in WHOLE_STRIP:
        return text.strip()
    if target in ONE_LINE:
        return text.replace("\n", " ").strip()
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def carried_speaker(target: str, speaker: str | None) -> str | None:
    """What of ``speaker`` a file of format ``target`` gives back."""
    if target == "ass" and speaker is not None:
        # A comma would end ASS's Name field: it is written as a semicolon, as Aegisub does.
        return speaker.replace(",", ";")
    return speaker


def _expected(transcript: Transcript, target: str) -> list[tuple[object, ...]]:
    return [
        (
            carried(target, seg.text),
            seg.start,
            None if target in NO_END else seg.end,
            carried_speaker(target, seg.speaker),
        )
        for seg in transcript.segments
    ]


def _carried(transcript: Transcript, target: str) -> list[tuple[object, ...]]:
    return [
        (seg.text, seg.start, None if target in NO_END else seg.end, seg.speaker)
        for seg in transcript.segments
    ]


def _write(transcript: Transcript, target: str) -> str | None:
    """The written file, or None when the format refused the texts (clearly)."""
    try:
        return formats.dumps(transcript, target)
    except FormatError as exc:
        assert target in MAY_REFUSE, exc
        assert f"cannot be written as {target}" in str(exc)
        return None


@pytest.mark.parametrize("target", CONVERTIBLE)
@pytest.mark.parametrize("own", [True, False], ids=["rendered", "converted"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_write_then_read_keeps_segments(target: str, own: bool, data: st.DataObject) -> None:
    source_format = target if own else ("json" if target != "json" else "whisper-json")
    transcript = data.draw(transcripts(target, source_format))
    text = _write(transcript, target)
    if text is None:
        return
    back = formats.loads(text, doc_id="generated", format=target)
    assert _carried(back, target) == _expected(transcript, target)
    # Read → write of a rendered file gives back identical text.
    assert formats.dumps(back) == text


@pytest.mark.parametrize("target", sorted(set(CONVERTIBLE) - UNSNIFFABLE))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_written_file_is_sniffed_as_its_format(target: str, data: st.DataObject) -> None:
    # A scrape is recognised by its page header, which only a scrape's own transcript has.
    own = target == "captions" or data.draw(st.booleans())
    source_format = target if own else ("json" if target != "json" else "whisper-json")
    transcript = data.draw(transcripts(target, source_format))
    text = _write(transcript, target)
    if text is None:
        return
    name = f"generated{formats.extension_for(target)}"
    assert formats.sniff(text, formats.extension_for(target)) == target
    back = formats.loads(text, doc_id="generated", origin=name)
    assert back.format == target
    assert _carried(back, target) == _expected(transcript, target)


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
@pytest.mark.parametrize("target", CONVERTIBLE)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_crlf_and_cr_files_round_trip_and_edits_stay_local(
    target: str, newline: str, data: st.DataObject
) -> None:
    transcript = data.draw(transcripts(target, target))
    written = _write(transcript, target)
    if written is None:
        return
    text = written.replace("\n", newline)
    back = formats.loads(text, doc_id="generated", format=target)
    assert formats.dumps(back) == text
    index = data.draw(st.integers(0, len(back.segments) - 1))
    segments = list(back.segments)
    segments[index] = segments[index].changed(text="edited words")
    edited = formats.dumps(back.replace_segments(tuple(segments)))
    if newline == "\r":
        assert "\n" not in edited  # a rewritten segment ends its lines as the file does
    again = formats.loads(edited, doc_id="g", format=target)
    expected = [seg.text for seg in back.segments]
    expected[index] = "edited words"
    assert [seg.text for seg in again.segments] == expected
