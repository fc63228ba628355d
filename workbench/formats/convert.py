"""Conversions to subtitle formats through pysubs2, for transcripts of another format.

pysubs2 formats the times and renders the file; the workbench only hands it
events (start, end, speaker as the ASS ``Name``, text with ``\\N`` line breaks).
"""

from __future__ import annotations

import pysubs2

from workbench.model import Transcript


def render_with_pysubs2(transcript: Transcript, format_: str, voice_tags: bool = False) -> str:
    """``transcript`` as a fresh pysubs2 file of ``format_`` (``srt``, ``vtt``, ``ass``)."""
    subs = pysubs2.SSAFile()
    for segment in transcript.segments:
        assert segment.start is not None and segment.end is not None
        text = segment.text.replace("\n", r"\N")
        if voice_tags and segment.speaker:
            text = f"<v {segment.speaker}>{text}"
        subs.append(
            pysubs2.SSAEvent(
                start=segment.start, end=segment.end, text=text, name=segment.speaker or ""
            )
        )
    # keep_ssa_tags: pass the text through as is instead of reading braces as ASS overrides.
    extra = {"keep_ssa_tags": True} if format_ != "ass" else {}
    return subs.to_string(format_, **extra)
