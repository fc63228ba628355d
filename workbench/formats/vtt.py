"""WebVTT, including YouTube auto-captions.

Segment text has the markup removed: ``<c>`` word tags, inline ``<00:00:01.140>``
timestamps and ``<v Speaker>`` voice tags (the voice becomes ``Segment.speaker``);
character references are decoded. Inline timestamps are read as word times
(``Segment.words``, see ``cue_words``). Cue settings (``align:start position:0%``),
the ``WEBVTT`` header and ``STYLE``/``NOTE`` blocks stay in the raw text. A
rewritten cue loses its word timings and gets a voice tag if it has a speaker.
Its text is escaped (``&amp;``, ``&lt;``, ``&gt;``), so ``-->`` is written
``--&gt;`` and cannot end the cue, and ``<i>`` typed as text stays text.
"""

from __future__ import annotations

import html
import operator
import re
from itertools import chain, pairwise, repeat
from typing import ClassVar

from pysubs2.formats.webvtt import WebVTTFormat

from workbench.formats.cues import CueFormat, fast_block_pattern
from workbench.model import Segment, Transcript, Word

_TS = WebVTTFormat.TIMESTAMP.pattern
_TAG = re.compile(r"<[^>\n]*>")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>\n]+)>")
_NOT_A_CUE = re.compile(r"\ufeff?(?:WEBVTT|NOTE|STYLE|REGION)(?:[ \t]|$)")
_STAMP_TAG = re.compile(r"<(\d[^>\n]*)>")
"""A tag that opens with a digit: a timestamp tag, or a malformed one."""
_STAMP = re.compile(r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})")
"""A WebVTT timestamp as the standard writes it inside a cue (hours optional)."""
_STAMPS = re.compile(rf"{_STAMP.pattern}(?: {_STAMP.pattern})*")
"""Timestamps joined by spaces, each well formed."""
_MARKUP = re.compile(r"<(?!\d)[^>\n]*>")
"""Every tag but a timestamp tag (``<c>``, ``</c>``, ``<v Name>``)."""


class Vtt(CueFormat):
    """WebVTT subtitles."""

    name: ClassVar[str] = "vtt"
    extensions: ClassVar[tuple[str, ...]] = ("vtt",)
    speakers: ClassVar[bool] = True
    timing = re.compile(rf"\s*{_TS}\s*-->\s*{_TS}((?:\s.*)?)")
    pysubs2_format = WebVTTFormat
    expected = "HH:MM:SS.mmm --> HH:MM:SS.mmm"
    fast_block = fast_block_pattern(r"(?:([0-9]{2}):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})")

    @classmethod
    def sniff(cls, text: str) -> bool:
        """The file starts with ``WEBVTT``."""
        return text.lstrip("\ufeff").startswith("WEBVTT")

    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """The cues as ``CueFormat`` reads them, each with its word times (``cue_words``)."""
        transcript = super().parse(text, doc_id=doc_id, origin=origin)
        if _STAMP_TAG.search(text) is None:
            return transcript
        return transcript.changed(segments=tuple(map(self._with_words, transcript.segments)))

    def _with_words(self, segment: Segment) -> Segment:
        """``segment`` with the words of its cue (``cue_words``) in its source block."""
        source = segment.source
        if source is None or "<" not in source.raw or segment.start is None or segment.end is None:
            return segment
        lines = [line.removesuffix("\r") for line in source.raw.split("\n")]
        timing = next(n for n, line in enumerate(lines) if self.arrow.search(line))
        text_lines = lines[timing + 1 : self._text_end(lines, timing, len(lines))]
        words = cue_words(text_lines, segment.start, segment.end, segment.speaker)
        if [word.text for word in words] != segment.text.split():
            return segment  # markup read otherwise than the text was: no word times
        return segment._replace(source=source._replace(words=words))

    def is_cue_block(self, first_line: str) -> bool:
        """The ``WEBVTT`` header and ``NOTE``, ``STYLE`` and ``REGION`` blocks are not cues."""
        return _NOT_A_CUE.match(first_line) is None

    def read_text(self, lines: list[str]) -> tuple[str, str | None]:
        """Text without markup; the first voice tag names the speaker."""
        joined = "\n".join(lines)
        if "<" not in joined and "&" not in joined:
            return "\n".join(filter(None, map(str.strip, lines))), None
        voice = _VOICE.search(joined)
        plain = html.unescape(_TAG.sub("", joined))
        text = "\n".join(filter(None, map(str.strip, plain.split("\n"))))
        return text, html.unescape(voice.group(1).strip()) if voice else None

    def write_text(self, segment: Segment) -> list[str]:
        """Escaped text lines, the first with a voice tag when the segment has a speaker."""
        # An empty line would end the cue.
        lines = [
            html.escape(line, quote=False) for line in segment.text.split("\n") if line.strip()
        ]
        if segment.speaker:
            voice = html.escape(segment.speaker.strip(), quote=False)
            lines[:1] = [f"<v {voice}>{lines[0] if lines else ''}"]
        return lines

    def fresh_header(self, newline: str) -> str:
        """The signature line and a blank line."""
        return f"WEBVTT{newline}{newline}"


def cue_words(
    lines: list[str], start: int, end: int, speaker: str | None = None
) -> tuple[Word, ...]:
    """The words of a cue's text ``lines`` timed by their inline timestamps (YouTube's
    ``word<00:00:01.140><c> word</c>``): the first word of the first line with a
    timestamp starts at the cue's ``start``, each timestamp starts the next word, the
    last word ends at the cue's ``end``; several words between two timestamps share
    that time evenly. Lines before the first timed one (a rolling caption's repeated
    line, said in the cue before) give words without times.

    No words when no line has a timestamp, or when one is malformed, earlier than the
    one before it or outside the cue: a cue's word times are all right or not read.
    """
    first = next((n for n, line in enumerate(lines) if _STAMP_TAG.search(line)), None)
    if first is None:
        return ()
    texts = _plain("\n".join(lines[:first]))
    starts: list[int | None] = [None] * len(texts)
    ends: list[int | None] = [None] * len(texts)
    parts = _STAMP_TAG.split(_MARKUP.sub("", "\n".join(lines[first:])))
    stamps = parts[1::2]
    joined = " ".join(stamps)
    if _STAMPS.fullmatch(joined) is None:
        return ()  # a malformed timestamp
    times = [
        start,
        *(
            ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)
            for h, m, s, ms in _STAMP.findall(joined)
        ),
        end,
    ]
    if not all(map(operator.le, times, times[1:])):
        return ()  # out of order, or outside the cue
    pieces = [(html.unescape(piece) if "&" in piece else piece).split() for piece in parts[::2]]
    if all(len(said) == 1 for said in pieces):  # nearly always: a word between two timestamps
        texts += chain.from_iterable(pieces)
        starts += times[:-1]
        ends += times[1:]
    else:
        for said, (begin, finish) in zip(pieces, pairwise(times), strict=True):
            share = (finish - begin) / max(len(said), 1)
            texts += said
            starts += (begin + round(n * share) for n in range(len(said)))
            ends += (begin + round(n * share) for n in range(1, len(said) + 1))
    # Built in one step, as ``Segment.built`` builds segments: a long YouTube file has
    # hundreds of thousands of words.
    fields = zip(texts, starts, ends, repeat(None), repeat(speaker), repeat(None))
    return tuple(map(tuple.__new__, repeat(Word), fields))


def _plain(text: str) -> list[str]:
    """The words of cue text without its markup."""
    return html.unescape(_TAG.sub("", text)).split()
