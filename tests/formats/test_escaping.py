"""Text that looks like markup is written so that it reads back as the same text, or refused."""

from __future__ import annotations

import pysubs2
import pytest

from tests.formats.conftest import CORPUS, FIXTURES
from workbench import formats
from workbench.errors import FormatError
from workbench.model import Segment, Transcript


def _edit(transcript: Transcript, index: int, text: str) -> Transcript:
    segments = list(transcript.segments)
    segments[index] = segments[index].changed(text=text)
    return transcript.replace_segments(tuple(segments))


def _texts(text: str, format: str) -> list[str]:
    return [seg.text for seg in formats.loads(text, doc_id="d", format=format).segments]


def _made(format: str, *texts: str, speaker: str | None = None) -> Transcript:
    segments = tuple(
        Segment(index=i, start=i * 1000, end=i * 1000 + 500, text=text, speaker=speaker)
        for i, text in enumerate(texts)
    )
    return Transcript(doc_id="made", format=format, segments=segments)


@pytest.mark.parametrize("name", ["interview.srt", "talk.vtt", "dialogue.ass"])
@pytest.mark.parametrize(
    "text", ["A --> B", "x {y} z", "<i>typed</i> & more", "C:\\new \\N path", "a}b{c"]
)
def test_a_fixed_cue_reads_back_as_written(name: str, text: str) -> None:
    transcript = formats.load(FIXTURES / name)
    written = formats.dumps(_edit(transcript, 1, text))
    expected = [seg.text for seg in transcript.segments]
    expected[1] = text
    assert _texts(written, transcript.format) == expected


@pytest.mark.parametrize("target", ["srt", "vtt", "ass"])
@pytest.mark.parametrize(
    "text", ["A --> B", "x {y} z", "<i>typed</i> & more", "C:\\new \\N path", "-->\n{\\i1}"]
)
def test_a_converted_cue_reads_back_as_written(target: str, text: str) -> None:
    written = formats.dumps(_made("json", "first", text, "last", speaker="Ann <host>"), target)
    assert formats.sniff(written, formats.extension_for(target)) == target
    assert _texts(written, target) == ["first", text, "last"]


def test_vtt_escapes_the_arrow_and_markup_as_character_references() -> None:
    transcript = formats.load(FIXTURES / "talk.vtt")
    written = formats.dumps(_edit(transcript, 2, "A --> <b>"))
    assert "\nA --&gt; &lt;b&gt;\n" in written


def test_ass_escapes_braces_and_protects_backslashes() -> None:
    transcript = formats.load(FIXTURES / "dialogue.ass")
    written = formats.dumps(_edit(transcript, 2, "x {y} C:\\new"))
    assert ",,x \\{y\\} C:\\\u2060new\n" in written


def test_ass_speaker_commas_are_written_as_semicolons() -> None:
    # A comma would end the Name field and shift the rest into Text; Aegisub writes ";".
    transcript = formats.load(FIXTURES / "dialogue.ass")
    edited = transcript.segments[2].changed(text="a, b", speaker="Smith, J.")
    segments = (*transcript.segments[:2], edited, *transcript.segments[3:])
    written = formats.dumps(transcript.replace_segments(segments))
    assert "\nDialogue: 1,0:00:05.00,0:00:07.25,Default,Smith; J.,0,0,0,,a, b\n" in written
    back = formats.loads(written, doc_id="d", format="ass")
    assert (back.segments[2].speaker, back.segments[2].text) == ("Smith; J.", "a, b")
    assert [seg.speaker for seg in back.segments[:2]] == ["Lukas", "Peter"]
    assert formats.dumps(back) == written


def test_ass_converted_speaker_commas_and_line_breaks_keep_the_fields() -> None:
    made = _made("json", "one, two", "three", speaker="Ann, Bob\nand Cy")
    written = formats.dumps(made, "ass")
    # pysubs2 splits the fields as libass does: an independent reader of the same file.
    events = pysubs2.SSAFile.from_string(written).events
    assert [(ev.name, ev.text) for ev in events] == [
        ("Ann; Bob and Cy", "one, two"),
        ("Ann; Bob and Cy", "three"),
    ]
    back = formats.loads(written, doc_id="d", format="ass")
    assert [(seg.speaker, seg.text) for seg in back.segments] == [
        ("Ann; Bob and Cy", "one, two"),
        ("Ann; Bob and Cy", "three"),
    ]


def test_srt_refuses_a_text_line_that_is_a_timing_line() -> None:
    transcript = formats.load(FIXTURES / "interview.srt")
    with pytest.raises(FormatError, match="segment 1 cannot be written as srt: .* timing line"):
        formats.dumps(_edit(transcript, 1, "said at\n00:00:01,000 --> 00:00:02,000"))


def test_empty_lines_in_cue_text_are_left_out() -> None:
    for name in ("interview.srt", "talk.vtt"):
        transcript = formats.load(FIXTURES / name)
        written = formats.dumps(_edit(transcript, 1, "one\n\ntwo"))
        assert _texts(written, transcript.format)[1:] == ["one\ntwo", transcript.segments[2].text]


@pytest.mark.parametrize(
    ("fixes", "where"),
    [
        ({-1: "Resume"}, "footer"),
        ({-2: "Read", -1: "Manage"}, "footer"),
        # With the page header removed, two fixes could make a new one.
        ({0: "Kind: captions", 1: "Language: en"}, "header"),
    ],
)
def test_captions_refuse_a_line_that_would_read_as_header_or_footer(
    fixes: dict[int, str], where: str
) -> None:
    transcript = formats.load(CORPUS / "lex-fridman-altman-367.txt")
    segments = list(transcript.segments)
    for index, text in fixes.items():
        segments[index] = segments[index].changed(text=text)
    edited = transcript.replace_segments(tuple(segments))
    if where == "header":
        edited = edited.changed(header="")
    with pytest.raises(FormatError, match=f"cannot be written as captions: .*page {where}"):
        formats.dumps(edited)


def test_headerless_vtt_gets_its_signature() -> None:
    written = formats.dumps(_made("vtt", "hello"))
    assert written.startswith("WEBVTT\n\n") and formats.sniff(written) == "vtt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[00:00:00.000 --> 00:00:01.000]   [Script Info]\n", "whisper"),
        ("1\n00:00:00,000 --> 00:00:01,000\n[Script Info]\n", "srt"),
        ("; made by hand\n[Script Info]\nScriptType: v4.00+\n", "ass"),
        ("Talk\nKind: captions\nLanguage: en\nA --> B\nhello\n", "captions"),
        ("WEBVTT\nKind: captions\nLanguage: en\n\n00:00.000 --> 00:01.000\nhi\n", "vtt"),
    ],
)
def test_sniffing_is_not_fooled_by_text(text: str, expected: str) -> None:
    assert formats.sniff(text) == expected
