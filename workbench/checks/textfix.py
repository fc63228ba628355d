"""Building in-text suggestions: character edits, case matching, before/after texts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from workbench.model import Segment, Suggestion, TextEdit, Transcript


def match_case(replacement: str, matched: str) -> str:
    """An all-lowercase replacement takes the case of ``matched``; one with capitals stays as given."""
    if replacement != replacement.lower():
        return replacement
    if len(matched) > 1 and matched.isupper():
        return replacement.upper()
    if matched[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def apply_edits(text: str, edits: Iterable[TextEdit]) -> str:
    """``text`` with non-overlapping edits applied (edits may come in any order)."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def span_edits(
    segments: Sequence[Segment],
    first: int,
    start: int,
    last: int,
    end: int,
    replacement: str,
) -> tuple[TextEdit, ...]:
    """Edits replacing text from (first, start) to (last, end) — possibly across segments.

    Across a boundary, the replacement's words are shared out like the matched
    words were when the counts agree ("Peter | Wellender" → "Peter | Welinder");
    otherwise the first segment takes the whole replacement and the others lose
    their part (and the space after it).
    """
    if first == last:
        return (TextEdit(first, start, end, replacement),)
    pieces = [(first, start, len(segments[first].text))]
    pieces += [(i, 0, len(segments[i].text)) for i in range(first + 1, last)]
    pieces.append((last, 0, end))
    counts = [len(segments[i].text[a:b].split()) for i, a, b in pieces]
    words = replacement.split()
    if len(words) == sum(counts) and all(counts):
        parts, taken = [], 0
        for count in counts:
            parts.append(" ".join(words[taken : taken + count]))
            taken += count
    else:
        parts = [replacement] + [""] * (len(pieces) - 1)
    edits = []
    for (index, a, b), part in zip(pieces, parts, strict=True):
        text = segments[index].text
        if not part and index != first:
            # Drop the space that separated the removed words from the rest.
            while b < len(text) and text[b] == " ":
                b += 1
        edits.append(TextEdit(index, a, b, part))
    return tuple(edits)


def text_suggestion(
    transcript: Transcript,
    rule_id: str,
    kind: str,
    edits: Sequence[TextEdit],
    *,
    reason: str,
    auto: bool,
    confidence: float = 1.0,
) -> Suggestion | None:
    """A suggestion for in-text ``edits``; None when they would change nothing."""
    if len(edits) == 1:
        # The common case, kept short: one edit in one segment.
        (edit,) = edits
        seg = transcript.segments[edit.segment]
        text = seg.text
        changed = text[: edit.start] + edit.replacement + text[edit.end :]
        if changed == text:
            return None
        return Suggestion(
            rule_id, kind, transcript.doc_id, (edit.segment, edit.segment), (text,), (changed,),
            reason, confidence, auto, seg.line, seg.line, "segments", (edit,),
        )  # fmt: skip
    first = min(edit.segment for edit in edits)
    last = max(edit.segment for edit in edits)
    segments = transcript.segments[first : last + 1]
    before = tuple(seg.text for seg in segments)
    after = tuple(
        apply_edits(seg.text, [e for e in edits if e.segment == seg.index]) for seg in segments
    )
    if before == after:
        return None
    return Suggestion(
        rule_id=rule_id,
        kind=kind,
        doc_id=transcript.doc_id,
        span=(first, last),
        before=before,
        after=after,
        reason=reason,
        confidence=confidence,
        auto=auto,
        line=segments[0].line,
        last_line=segments[-1].line,
        edits=tuple(sorted(edits, key=lambda e: (e.segment, e.start))),
    )


def structural_suggestion(
    transcript: Transcript,
    rule_id: str,
    kind: str,
    span: tuple[int, int],
    after: tuple[str, ...],
    *,
    reason: str,
    auto: bool,
    confidence: float = 1.0,
) -> Suggestion:
    """A suggestion replacing segments ``span`` by ``after`` (none = delete, one = merge)."""
    segments = transcript.segments[span[0] : span[1] + 1]
    return Suggestion(
        rule_id=rule_id,
        kind=kind,
        doc_id=transcript.doc_id,
        span=span,
        before=tuple(seg.text for seg in segments),
        after=after,
        reason=reason,
        confidence=confidence,
        auto=auto,
        line=segments[0].line,
        last_line=segments[-1].line,
    )
