"""Building in-text suggestions: character edits, case matching, before/after texts.

What ``before``/``after`` hold for an in-text suggestion: the whole text of each
affected segment up to ``LONG_TEXT`` characters (nearly every segment); of a
longer segment (a whole talk on one line), only a window of it — ``CONTEXT``
characters either side of the change, cut at spaces — with the change applied
in ``after``. So a suggestion costs the same whatever the length of its segment,
and a 5 MB line with 500,000 matches needs memory for 500,000 small windows, not
500,000 copies of the line. ``Suggestion.edits`` always hold the exact change
(offsets into the whole text), and applying a decision uses them; a reviewer's
edit of a window replaces that window (``window_of`` finds it again).
"""

from __future__ import annotations

from collections.abc import Sequence

from workbench.model import Segment, Suggestion, TextEdit, Transcript

LONG_TEXT = 1000
"""The longest segment text an in-text suggestion holds whole in ``before``/``after``."""
CONTEXT = 80
"""Characters kept either side of the change in the window of a longer segment."""


def window_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of ``text`` (as ``start, end`` offsets) a suggestion changing ``start:end`` shows.

    All of a text of up to ``LONG_TEXT`` characters; of a longer one, ``CONTEXT``
    characters either side of the change, narrowed to start and end at a space
    where there is one (so the window holds whole words).
    """
    size = len(text)
    if size <= LONG_TEXT:
        return 0, size
    a = max(0, start - CONTEXT)
    b = min(size, end + CONTEXT)
    if a > 0:
        space = text.find(" ", a, start)
        if space != -1:
            a = space + 1
    if b < size:
        space = text.rfind(" ", end, b)
        if space != -1:
            b = space
    return a, b


def shown_texts(text: str, edits: Sequence[tuple[int, int, str]]) -> tuple[str, str]:
    """``before`` and ``after`` of one segment for non-overlapping ``(start, end, replacement)``
    edits in it: the whole text, or its window (see ``window_of``) when it is long."""
    if len(edits) == 1:
        ((start, end, replacement),) = edits
        a, b = window_of(text, start, end)
        return text[a:b] if a or b < len(text) else text, text[a:start] + replacement + text[end:b]
    ordered = sorted(edits)
    a, b = window_of(text, ordered[0][0], max(end for _, end, _ in ordered))
    pieces: list[str] = []
    at = a
    for start, end, replacement in ordered:
        pieces += (text[at:start], replacement)
        at = end
    pieces.append(text[at:b])
    return text[a:b] if a or b < len(text) else text, "".join(pieces)


def case_of(matched: str) -> str | None:
    """The case pattern of ``matched`` a case-keeping replacement follows: ``"upper"``
    when it is all capitals and has more than one letter ("GPD", not "V3.0"),
    ``"title"`` when its first letter is a capital, else None (as given)."""
    letters = [c for c in matched if c.isalpha()]
    if len(letters) > 1 and matched.isupper():
        return "upper"
    if letters and letters[0].isupper():
        return "title"
    return None


def match_case(replacement: str, matched: str) -> str:
    """An all-lowercase replacement takes the case of ``matched`` (see ``case_of``);
    one with capitals stays as given."""
    if replacement != replacement.lower():
        return replacement
    case = case_of(matched)
    if case == "upper":
        return replacement.upper()
    if case == "title":
        return replacement[:1].upper() + replacement[1:]
    return replacement


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
    their part (and the space after it). What ends the last matched word there
    (punctuation, "'s") goes with the replacement: "chat | GBT." becomes
    "ChatGPT." and an empty segment, which applying removes.
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
        return tuple(
            TextEdit(index, a, b, part) for (index, a, b), part in zip(pieces, parts, strict=True)
        )
    text = segments[last].text
    # The rest of the last matched word's token ("GBT." → "."), then the spaces after it.
    tail = end
    while tail < len(text) and not text[tail].isspace():
        tail += 1
    rest = tail
    while rest < len(text) and text[rest] == " ":
        rest += 1
    edits = [TextEdit(first, start, len(segments[first].text), replacement + text[end:tail])]
    edits += [TextEdit(i, 0, len(segments[i].text), "") for i in range(first + 1, last)]
    edits.append(TextEdit(last, 0, rest, ""))
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
    """A suggestion for in-text ``edits``; None when they would change nothing.

    ``before``/``after`` hold each affected segment's text, or a window of a long
    one (see the module docstring).
    """
    if len(edits) == 1:
        # The common case, kept short: one edit in one segment.
        (edit,) = edits
        seg = transcript.segments[edit.segment]
        text = seg.text
        if text[edit.start : edit.end] == edit.replacement:
            return None
        shown, changed = shown_texts(text, ((edit.start, edit.end, edit.replacement),))
        return Suggestion(
            rule_id, kind, transcript.doc_id, (edit.segment, edit.segment), (shown,), (changed,),
            reason, confidence, auto, seg.line, seg.line, "segments", (edit,),
        )  # fmt: skip
    first = min(edit.segment for edit in edits)
    last = max(edit.segment for edit in edits)
    segments = transcript.segments[first : last + 1]
    texts = [
        shown_texts(
            seg.text, [(e.start, e.end, e.replacement) for e in edits if e.segment == seg.index]
        )
        if any(e.segment == seg.index for e in edits)
        else (seg.text, seg.text)
        for seg in segments
    ]
    before = tuple(shown for shown, _ in texts)
    after = tuple(changed for _, changed in texts)
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
