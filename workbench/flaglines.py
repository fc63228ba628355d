"""Where a flag stands in its file: the lines of the words it changes.

``Segment.line`` is the file line of a segment's first text line, but a cue of
SRT or WebVTT may have several. A flag's ``line`` and ``last_line`` are the file
lines of the first and last character it changes (of a deleted or merged span:
the first text line of its first segment and the last of its last), so that a
reviewer, a script and a scorer find the words on the line the flag names.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from functools import cache

from workbench.formats import FORMATS
from workbench.formats.cues import CueFormat
from workbench.model import Suggestion, Transcript

_BREAK = re.compile("\n")


@cache
def _cue_format(name: str) -> CueFormat | None:
    """The format registered as ``name`` when its segments may span several file lines."""
    found = FORMATS.get(name)
    return found() if found is not None and issubclass(found, CueFormat) else None


class FlagLines:
    """Places the suggestions of one transcript on the file lines of their words; each
    multi-line segment's lines are worked out once, however many flags it holds."""

    def __init__(self, transcript: Transcript) -> None:
        self._transcript = transcript
        self._cues = _cue_format(transcript.format)
        self._lines: dict[int, tuple[tuple[int, ...], list[int]]] = {}
        """Per segment index: the file line of each text line, and the line breaks' offsets."""

    def line_at(self, index: int, offset: int) -> int | None:
        """The file line of character ``offset`` of segment ``index``'s text."""
        segment = self._transcript.segments[index]
        if segment.line is None or self._cues is None or "\n" not in segment.text:
            # One file line holds the whole segment (or ASS's "\N" lines).
            return segment.line
        found = self._lines.get(index)
        if found is None:
            breaks = [match.start() for match in _BREAK.finditer(segment.text)]
            found = self._lines[index] = (self._cues.text_line_numbers(segment), breaks)
        numbers, breaks = found
        return numbers[bisect.bisect_left(breaks, offset)]

    def placed(self, suggestion: Suggestion) -> Suggestion:
        """``suggestion`` with ``line`` and ``last_line`` of the words it changes."""
        if suggestion.target != "segments":
            return suggestion
        if self._cues is None:
            line, last_line = self._one_line_each(suggestion)
        else:
            line, last_line = self.character_lines(suggestion)
        if (line, last_line) == (suggestion.line, suggestion.last_line):
            return suggestion
        return dataclasses.replace(suggestion, line=line, last_line=last_line)

    def character_lines(self, suggestion: Suggestion) -> tuple[int | None, int | None]:
        """``line_at`` of the first and last character ``suggestion`` changes (of its
        segments' first and last character when it has no edits)."""
        if suggestion.edits:
            first = min(suggestion.edits, key=lambda e: (e.segment, e.start))
            last = max(suggestion.edits, key=lambda e: (e.segment, e.end))
            # The last changed character (an insertion has none: where it goes).
            return (
                self.line_at(first.segment, first.start),
                self.line_at(last.segment, max(last.start, last.end - 1)),
            )
        end = suggestion.span[1]
        return (
            self.line_at(suggestion.span[0], 0),
            self.line_at(end, len(self._transcript.segments[end].text)),
        )

    def _one_line_each(self, suggestion: Suggestion) -> tuple[int | None, int | None]:
        """``line_at`` of the first and last changed character where each segment is on
        one file line: the lines of the first and last segment changed (a scan's 12,000
        flags of a 100,000-segment file placed without a call per character)."""
        segments = self._transcript.segments
        if suggestion.edits:
            first = min(edit.segment for edit in suggestion.edits)
            last = max(edit.segment for edit in suggestion.edits)
        else:
            first, last = suggestion.span
        return segments[first].line, segments[last].line
