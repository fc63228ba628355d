"""Changes of speaker as suggestions, so that they are decided, undone, written and
recorded in manifests like any other change (``Suggestion.speakers``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from workbench.errors import UsageError
from workbench.model import Suggestion, Transcript

SPEAKER_RULE = "speaker"
"""The rule id and kind of a change of speaker in a manifest (and in review)."""


def speaker_counts(transcript: Transcript) -> Counter[str | None]:
    """How many segments each speaker speaks (None: segments without a speaker)."""
    return Counter(seg.speaker for seg in transcript.segments)


def check_speaker_name(name: str) -> None:
    """A UsageError unless ``name`` can be written as a speaker in every format: one
    line, no control characters, no ``<`` or ``>`` (they would end a WebVTT voice tag)."""
    if any(ch in "<>" or not ch.isprintable() for ch in name):
        raise UsageError(
            f"speaker {name!r}: expected a name on one line, without control characters, < or >"
        )


def speaker_change(
    transcript: Transcript, indexes: Sequence[int], new: str | None, reason: str
) -> Suggestion:
    """A change of the speaker of the consecutive segments ``indexes`` to ``new``
    (a UsageError for a name no format can hold, see ``check_speaker_name``)."""
    if new is not None:
        check_speaker_name(new)
    segments = [transcript.segments[i] for i in indexes]
    texts = tuple(seg.text for seg in segments)
    return Suggestion(
        rule_id=SPEAKER_RULE,
        kind=SPEAKER_RULE,
        doc_id=transcript.doc_id,
        span=(indexes[0], indexes[-1]),
        before=texts,
        after=texts,
        reason=reason,
        line=segments[0].line,
        last_line=segments[-1].line,
        speakers=tuple((seg.speaker, new) for seg in segments),
    )
