"""Speakers written into the text: ``Name: text`` labels.

Plain text has no field for a speaker, but interview transcripts often open a
turn with a label ("ALICE: Thanks for coming.", "Speaker 1: ..."). A plain-text
file is read with labels only when it says so itself (``labelled``): its first
line opens with a label, and some label opens at least two lines. Then every
labelled line's label is its segment's speaker, and a line without one goes on
with the speaker before it. A label is up to three words, each starting with a
capital letter or a digit (``Dr. Smith``, ``SPEAKER_00``, ``Speaker 2``),
then a colon and a space.

``prefixed`` does the opposite for an export to a format with no speaker field
(``publish --speakers prefix``): the first segment of each turn begins with
its speaker's label.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from workbench.model import Transcript

_LABEL = re.compile(r"([A-Z][\w.'-]*(?: [A-Z0-9][\w.'-]*){0,2}):[ \t]+(?=\S)")
"""A speaker label at the start of a line (after its indentation): the name is group 1."""


def split_label(text: str) -> tuple[str | None, str]:
    """The speaker a line's label names (None when it has none) and the text after it."""
    match = _LABEL.match(text)
    if match is None:
        return None, text
    return match.group(1), text[match.end() :]


def labelled(lines: Iterable[str]) -> bool:
    """True when stripped, non-empty ``lines`` read as a labelled transcript (see the module)."""
    names: Counter[str] = Counter()
    for number, line in enumerate(lines):
        name, _ = split_label(line)
        if name is None and number == 0:
            return False
        if name is not None:
            names[name] += 1
    return any(count >= 2 for count in names.values())


def label(speaker: str, text: str) -> str:
    """``text`` opened with ``speaker``'s label."""
    return f"{speaker}: {text}"


def prefixed(transcript: Transcript) -> Transcript:
    """The transcript with each turn's first segment opened by its speaker's label (the
    speakers stay, so that cues laid out from words still break where they change)."""
    segments = []
    before: str | None = None
    for seg in transcript.segments:
        if seg.speaker and seg.speaker != before:
            seg = seg.changed(text=label(seg.speaker, seg.text))
        before = seg.speaker
        segments.append(seg)
    return transcript.changed(segments=tuple(segments))


def unlabelled(transcript: Transcript) -> Transcript:
    """The transcript without speakers in any field (their labels are in the text)."""
    return transcript.changed(
        segments=tuple(seg.changed(speaker=None) for seg in transcript.segments)
    )
