"""WebVTT, including YouTube auto-captions.

Segment text has the markup removed: ``<c>`` word tags, inline ``<00:00:01.140>``
timestamps and ``<v Speaker>`` voice tags (the voice becomes ``Segment.speaker``);
character references are decoded. Cue settings (``align:start position:0%``),
the ``WEBVTT`` header and ``STYLE``/``NOTE`` blocks stay in the raw text. A
rewritten cue loses its word timings and gets a voice tag if it has a speaker.
Its text is escaped (``&amp;``, ``&lt;``, ``&gt;``), so ``-->`` is written
``--&gt;`` and cannot end the cue, and ``<i>`` typed as text stays text.
"""

from __future__ import annotations

import html
import re
from typing import ClassVar

from pysubs2.formats.webvtt import WebVTTFormat

from workbench.formats.cues import CueFormat, fast_block_pattern
from workbench.model import Segment

_TS = WebVTTFormat.TIMESTAMP.pattern
_TAG = re.compile(r"<[^>\n]*>")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>\n]+)>")
_NOT_A_CUE = re.compile(r"\ufeff?(?:WEBVTT|NOTE|STYLE|REGION)(?:[ \t]|$)")


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
