"""Where a flag stands in its file: the lines of the words it changes.

``Segment.line`` is the file line of a segment's first text line, but a cue of
SRT or WebVTT may have several. A flag's ``line`` and ``last_line`` are the file
lines of the first and last character it changes (of a deleted or merged span:
the first text line of its first segment and the last of its last), so that a
reviewer, a script and a scorer find the words on the line the flag names.
"""

from __future__ import annotations

import dataclasses
from functools import cache

from workbench.formats import FORMATS
from workbench.formats.cues import CueFormat
from workbench.model import Suggestion, Transcript


@cache
def _cue_format(name: str) -> CueFormat | None:
    """The format registered as ``name`` when its segments may span several file lines."""
    found = FORMATS.get(name)
    return found() if found is not None and issubclass(found, CueFormat) else None


def line_at(transcript: Transcript, index: int, offset: int) -> int | None:
    """The file line of character ``offset`` of segment ``index``'s text."""
    segment = transcript.segments[index]
    if segment.line is None or "\n" not in segment.text:
        return segment.line
    cues = _cue_format(transcript.format)
    if cues is None:  # one file line holds the whole segment (ASS's "\N")
        return segment.line
    return cues.text_line_numbers(segment)[segment.text.count("\n", 0, offset)]


def placed(suggestion: Suggestion, transcript: Transcript) -> Suggestion:
    """``suggestion`` with ``line`` and ``last_line`` of the words it changes."""
    if suggestion.target != "segments":
        return suggestion
    if suggestion.edits:
        first = min(suggestion.edits, key=lambda e: (e.segment, e.start))
        last = max(suggestion.edits, key=lambda e: (e.segment, e.end))
        line = line_at(transcript, first.segment, first.start)
        # The last changed character (an insertion has none: where it goes).
        last_line = line_at(transcript, last.segment, max(last.start, last.end - 1))
    else:
        end = suggestion.span[1]
        line = line_at(transcript, suggestion.span[0], 0)
        last_line = line_at(transcript, end, len(transcript.segments[end].text))
    if (line, last_line) == (suggestion.line, suggestion.last_line):
        return suggestion
    return dataclasses.replace(suggestion, line=line, last_line=last_line)
