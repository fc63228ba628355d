"""Subtitle cues built from word times, for exporting a word-timed transcript to SRT, WebVTT or ASS.

A recogniser's segments are turns or paragraphs, often far too long for a cue.
Here the words are laid out again: a cue holds at most ``MAX_LINES`` lines of
``MAX_LINE`` characters and lasts at most ``MAX_CUE_MS``; it ends early at a
sentence end once it holds a line, after its last punctuation when it is full
(if that is in its second half), at a pause of ``PAUSE_MS`` or more, and
always where the speaker changes. The text is the segment's text (with its
punctuation), token by token; a token takes the times of the words that stand
in it (``wordjson.token_words``), one without words the time between its
neighbours. A segment without words stays one cue.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from typing import NamedTuple

from workbench.formats.wordalign import current_words, token_words
from workbench.model import Segment, Transcript

MAX_LINE = 42
"""Characters on a cue line."""
MAX_LINES = 2
"""Lines in a cue."""
MAX_CUE_MS = 7000
"""The longest a cue lasts."""
PAUSE_MS = 1000
"""A silence at least this long between words ends a cue."""
_SENTENCE_END = (".", "?", "!", "…")


class _Token(NamedTuple):
    text: str
    start: int | None
    end: int | None
    speaker: str | None


CUE_FORMATS = frozenset({"srt", "vtt", "ass"})
"""The formats whose exports are laid out from the words."""


def has_words(transcript: Transcript) -> bool:
    """True when any segment of ``transcript`` was read with words."""
    return any(seg.source is not None and seg.source.words for seg in transcript.segments)


def _tokens(segment: Segment) -> list[_Token]:
    found = token_words(segment.text, current_words(segment))
    # A speaker given to the segment since it was read overrides its words' own.
    renamed = segment.source is not None and segment.speaker != segment.source.speaker
    tokens = []
    for text, words in found:
        starts = [w.start for w in words if w.start is not None]
        ends = [w.end for w in words if w.end is not None]
        speakers = [] if renamed else [w.speaker for w in words if w.speaker]
        tokens.append(
            _Token(
                text,
                min(starts) if starts else None,
                max(ends) if ends else None,
                speakers[0] if speakers else segment.speaker,
            )
        )
    return _filled(tokens, segment)


def _filled(tokens: list[_Token], segment: Segment) -> list[_Token]:
    """Tokens without times take the end of the token before (the segment's start first)."""
    filled = []
    last = segment.start
    for k, token in enumerate(tokens):
        start = token.start if token.start is not None else last
        later = next((t.start for t in tokens[k + 1 :] if t.start is not None), segment.end)
        end = token.end if token.end is not None else (later if later is not None else start)
        filled.append(token._replace(start=start, end=end))
        last = end
    return filled


def _fits(texts: list[str]) -> bool:
    lines = textwrap.wrap(" ".join(texts), MAX_LINE, break_long_words=False)
    return len(lines) <= MAX_LINES


def _cut(cue: list[_Token]) -> int:
    """Where a full cue ends: after its last punctuation in its second half, else at its end."""
    for k in range(len(cue) - 1, len(cue) // 2 - 1, -1):
        if k > 0 and cue[k - 1].text.endswith((*_SENTENCE_END, ",", ";", ":")):
            return k
    return len(cue)


def _cues(tokens: list[_Token]) -> Iterator[list[_Token]]:
    cue: list[_Token] = []
    for token in tokens:
        if cue:
            last = cue[-1]
            texts = [t.text for t in cue]
            long = (
                token.end is not None
                and cue[0].start is not None
                and token.end - cue[0].start > MAX_CUE_MS
            )
            pause = (
                token.start is not None
                and last.end is not None
                and token.start - last.end >= PAUSE_MS
            )
            sentence = last.text.endswith(_SENTENCE_END) and len(" ".join(texts)) >= MAX_LINE
            if pause or sentence or token.speaker != last.speaker:
                yield cue
                cue = []
            elif long or not _fits([*texts, token.text]):
                cut = _cut(cue)
                yield cue[:cut]
                cue = cue[cut:]
        cue.append(token)
    if cue:
        yield cue


def word_cues(transcript: Transcript) -> Transcript:
    """``transcript`` with its word-timed segments laid out again as subtitle cues."""
    segments: list[Segment] = []
    for segment in transcript.segments:
        tokens = _tokens(segment)
        if not tokens or any(t.start is None or t.end is None for t in tokens):
            segments.append(segment.changed(index=len(segments)))
            continue
        for cue in _cues(tokens):
            words = " ".join(t.text for t in cue)
            text = "\n".join(textwrap.wrap(words, MAX_LINE, break_long_words=False))
            start, end = cue[0].start, max(t.end for t in cue if t.end is not None)
            segments.append(Segment(len(segments), start, end, text, cue[0].speaker))
    return transcript.changed(segments=tuple(segments))
