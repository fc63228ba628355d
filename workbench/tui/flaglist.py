"""The list of flagged places, grouped by document, drawn a line at a time.

Only the lines on screen are rendered (Textual's line API over a
``ScrollView``), so a list of 100,000 flags costs no more to draw than ten;
moving the cursor repaints the two lines it leaves and enters, not the list.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.segment import Segment as RichSegment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.diffing import DELETE, EQUAL, word_diff
from workbench.model import Suggestion
from workbench.review.session import Group, Item, ReviewSession
from workbench.wording import plural

MARKS = {
    None: " ",
    "accepted": "✓",
    "rejected": "✗",
    "edited": "✎",
    "skipped": "»",
    "auto": "✓",
}
"""The mark in front of a flag for each verdict."""

SEGMENT_MARK = " ⏎ "
"""How a one-line preview shows the boundary between two segments."""

TIME_FROM = 60
"""The narrowest list (in columns) that still shows the time column; the detail shows it anyway."""

SPEAKER_WIDTH = 12
"""The most columns the speaker column takes (longer names are cut)."""

_SPACE = re.compile(r"\s+")


def where(item: Item) -> str:
    """A flag's place for a reader: its time, else its line, else its segment."""
    suggestion = item.suggestion
    if suggestion.target != "segments":
        return suggestion.target
    return f"L{suggestion.line}" if suggestion.line is not None else f"#{suggestion.span[0]}"


def place_of(session: ReviewSession, suggestion: Suggestion) -> str:
    """Where a flag is for a reader: its first segment's time, else its line or segment."""
    segments = session.documents[suggestion.doc_id].transcript.segments
    first = suggestion.span[0]
    start = (
        segments[first].start if suggestion.target == "segments" and first < len(segments) else None
    )
    return clock(start) if start is not None else where(Item(suggestion))


def clock(ms: int) -> str:
    """Milliseconds as ``m:ss`` or ``h:mm:ss``."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def group_line(session: ReviewSession, group: Group) -> str:
    """A collapsed group as one line: "798 rolling-captions flags — auto; Enter expands, A accepts all"."""
    count = len(group.members)
    text = f"{plural(count, group.rule + ' flag')} — auto"
    still = len(session.open_members(group))
    if not still:
        return f"{text}, all decided; Enter expands"
    if still < count:
        text += f", {still} open"
    return f"{text}; Enter expands, A accepts all"


@lru_cache(maxsize=4096)
def change_span(suggestion: Suggestion) -> tuple[int, int]:
    """Where the first change is in ``suggestion.original``, as ``(start, end)``."""
    original = suggestion.original
    if suggestion.edits:
        edit = suggestion.edits[0]
        before = suggestion.before[: max(0, edit.segment - suggestion.span[0])]
        offset = sum(len(text) + 1 for text in before)
        return min(offset + edit.start, len(original)), min(offset + edit.end, len(original))
    # A merge or a deletion has no character edits: its diff says where it starts.
    at = 0
    for op, chunk in word_diff(original, suggestion.suggestion):
        if op == EQUAL:
            at += len(chunk)
        else:
            return at, at + len(chunk) if op == DELETE else at
    return 0, len(original)


def _flat(text: str) -> str:
    """Text on one line: a segment break as ``⏎``, any other run of space as one space."""
    return _SPACE.sub(lambda m: SEGMENT_MARK if "\n" in m.group() else " ", text)


def preview(suggestion: Suggestion, width: int) -> tuple[str, str, str]:
    """The flagged text in ``width`` columns around its first change: (before, change, after)."""
    original = suggestion.original
    start, end = change_span(suggestion)
    left, change, right = _flat(original[:start]), _flat(original[start:end]), _flat(original[end:])
    if width <= 0:
        return "", "", ""
    if len(change) >= width:
        return "", change[: width - 1] + "…", ""
    room = width - len(change)
    # Centre the change; what one side does not need goes to the other.
    keep_left = min(len(left), max(room // 2, room - len(right)))
    keep_right = room - keep_left
    if keep_left < len(left):
        cut = left[len(left) - keep_left + 1 :] if keep_left else ""
        space = cut.find(" ")
        if 0 <= space < min(12, len(cut) - 1):
            # Start at a word, not in the middle of one.
            cut = cut[space + 1 :]
            keep_right += space + 1
        left = "…" + cut if keep_left else ""
    if len(right) > keep_right:
        right = right[: keep_right - 1].rstrip() + "…" if keep_right else ""
    return left, change, right


class FlagList(ScrollView, can_focus=False):
    """Every shown flag, one line each, under a line per document."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "flag-list--cursor",
        "flag-list--document",
        "flag-list--stale",
        "flag-list--place",
        "flag-list--change",
        "flag-list--group",
    }

    @dataclass
    class Picked(Message):
        """The user clicked a flag; ``row`` is its row in the session's shown list."""

        row: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ReviewSession | None = None
        self._shown: tuple[object, object] = (None, None)
        """The session's ``items`` and ``visible`` lists the lines were built from."""
        self._starts: list[int] = []
        """The rows where a document begins (its heading is the line before)."""
        self._headings: list[int] = []
        """The line of each document heading."""
        self._place_width = 0
        self._rule_width = 0
        self._speaker_width = 0
        """Columns of the speaker column: 0 when no document shown has speakers."""
        self._speakers: dict[str, dict[int, str | None]] = {}
        """Per document, the speakers of segments given a new one, not yet written."""
        self._widest: dict[str, tuple[object, int]] = {}
        """Per document, its transcript and its longest speaker's length."""
        self._cursor_line: int | None = None
        """The line the cursor was drawn on, repainted when it moves away."""
        self._styles: dict[str, Style] = {}

    # -- lines and rows --------------------------------------------------------

    def show(self, session: ReviewSession) -> None:
        """Rebuild the lines from the session's shown items (unless they are the same), and repaint."""
        shown = (session.items, session.visible)
        if (
            session is not self.session
            or shown[0] is not self._shown[0]
            or shown[1] is not self._shown[1]
        ):
            self.session, self._shown = session, shown
            items, visible = session.items, session.visible
            starts = [
                row
                for row, index in enumerate(visible)
                if row == 0 or items[index].doc_id != items[visible[row - 1]].doc_id
            ]
            self._starts = starts
            self._headings = [row + i for i, row in enumerate(starts)]
            self._place_width = max(
                (len(self._last_place(doc)) for doc in session.documents), default=0
            )
            # A collapsed group's row names its rule in its own words, not in the column.
            self._rule_width = max(
                (
                    len(items[i].suggestion.rule_id)
                    for row, i in enumerate(visible)
                    if session.group_at(row) is None
                ),
                default=0,
            )
            self._speakers = session.all_changed_speakers()
            widest = [self._widest_speaker(doc) for doc in session.documents]
            widest += [len(s) for changed in self._speakers.values() for s in changed.values() if s]
            self._speaker_width = min(SPEAKER_WIDTH, max(widest, default=0))
            self.virtual_size = Size(self.size.width, len(visible) + len(starts))
        self._cursor_line = None
        self.follow_cursor()
        # A new virtual size is only laid out after this refresh: until then a
        # scroll is clamped to the old one (a restart resumed far down showed the top).
        self.call_after_refresh(self._follow_again)

    def _follow_again(self) -> None:
        self._cursor_line = None
        self.follow_cursor()

    def _widest_speaker(self, doc: str) -> int:
        """The length of ``doc``'s longest speaker (0 without speakers), once per version."""
        assert self.session is not None
        transcript = self.session.documents[doc].transcript
        known = self._widest.get(doc)
        if known is None or known[0] is not transcript:
            width = max((len(seg.speaker) for seg in transcript.segments if seg.speaker), default=0)
            known = self._widest[doc] = (transcript, width)
        return known[1]

    def _speaker(self, suggestion: Suggestion) -> str:
        """The speaker of a flag's first segment now, fitted to the speaker column."""
        assert self.session is not None
        index = suggestion.span[0]
        changed = self._speakers.get(suggestion.doc_id, {})
        segments = self.session.documents[suggestion.doc_id].transcript.segments
        if index in changed:
            speaker = changed[index] or ""
        elif suggestion.target == "segments" and index < len(segments):
            speaker = segments[index].speaker or ""
        else:
            speaker = ""
        width = self._speaker_width
        return speaker if len(speaker) <= width else speaker[: width - 1] + "…"

    def _last_place(self, doc: str) -> str:
        """The widest time (or line) a flag of ``doc`` can show: its last segment's."""
        assert self.session is not None
        segments = self.session.documents[doc].transcript.segments
        if not segments:
            return "header"
        last = segments[-1]
        return clock(last.start) if last.start is not None else f"L{last.line}"

    def line_of_row(self, row: int) -> int:
        """The line a row of the shown list is drawn on."""
        return row + bisect_right(self._starts, row)

    def _at(self, line: int) -> tuple[str, int]:
        """("doc", first row of the document) for a heading line, ("item", row) for a flag."""
        before = bisect_right(self._headings, line)
        if before and self._headings[before - 1] == line:
            return "doc", self._starts[before - 1]
        return "item", line - before

    def follow_cursor(self) -> None:
        """Scroll so that the cursor's line is on screen; repaint what the move changed."""
        session = self.session
        if session is None or not session.visible:
            self._cursor_line = None
            self.refresh()
            return
        line = self.line_of_row(min(session.cursor, len(session.visible) - 1))
        height = max(1, self.scrollable_content_region.height)
        scroll = int(self.scroll_y)
        if line < scroll + 1:
            scroll = max(0, line - 1)
        elif line >= scroll + height:
            scroll = line - height + 1
        if scroll != int(self.scroll_y) or self._cursor_line is None:
            self.scroll_to(y=scroll, animate=False, immediate=True)
            self.refresh()
        else:
            # Only the line left, the line entered and the document's heading
            # (its progress) change: a keypress repaints three lines, not the list.
            for changed in {self._cursor_line, line}:
                self.refresh_line(changed)
                self.refresh_line(self._headings[bisect_right(self._headings, changed) - 1])
        self._cursor_line = line

    # -- drawing ---------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Forget the cached styles when the theme or the CSS changes."""
        self._styles.clear()
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        """A component's style (or the widget's own, for ``""``), looked up once."""
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if not name else self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def _over(self, base: Style, name: str) -> Style:
        """A component's colour and text style over ``base``, keeping ``base``'s background."""
        return base + self._style(name) + Style(bgcolor=base.bgcolor)

    def _heading(self, row: int, width: int) -> Strip:
        assert self.session is not None
        doc = self.session.items[self.session.visible[row]].doc_id
        progress = self.session.progress(doc)
        text = f"{doc} {progress.reviewed}/{progress.flagged}"
        if progress.auto:
            text += f" · {progress.auto} auto"
        return Strip(
            [RichSegment(text[:width].ljust(width), self._style("flag-list--document"))], width
        )

    def _flag(self, row: int, width: int) -> Strip:
        session = self.session
        assert session is not None
        item = session.items[session.visible[row]]
        suggestion = item.suggestion
        group = session.group_at(row)
        if row == session.cursor:
            base = self._style("flag-list--cursor")
        elif item.stale:
            base = self._style("flag-list--stale")
        elif group is not None or session.group_of(item) is not None:
            # A collapsed group, or a flag of an expanded one: an auto rule's, muted.
            base = self._style("flag-list--group")
        else:
            base = self._style("")
        verdict = MARKS[session.verdict_of(item)]
        # A stale row keeps its old verdict's mark after the "!".
        parts = [(f"!{verdict} " if item.stale else f" {verdict} ", base)]
        if group is not None:
            parts[0] = (" ▸ ", base)
        if width >= TIME_FROM:
            place = place_of(session, suggestion)
            muted = base if row == session.cursor else self._over(base, "flag-list--place")
            parts.append((f"{place:>{self._place_width}} ", muted))
            if self._speaker_width:
                speaker = "" if group is not None else self._speaker(suggestion)
                parts.append((f"{speaker:<{self._speaker_width}} ", muted))
        if group is not None:
            parts.append((group_line(session, group), base))
            segments_out = [RichSegment(text, style) for text, style in parts]
            return Strip(segments_out).adjust_cell_length(width, base).crop(0, width)
        used = sum(len(text) for text, _ in parts)
        rule_width = min(self._rule_width, max(8, (width - used) // 3))
        rule = suggestion.rule_id
        if len(rule) > rule_width:
            rule = rule[: rule_width - 1] + "…"
        parts.append((f"{rule:<{rule_width}} ", base))
        left, change, right = preview(suggestion, width - used - rule_width - 1)
        # On the cursor's bar the change is underlined: a colour would clash with the bar's.
        marked = (
            base + Style(underline=True)
            if row == session.cursor
            else self._over(base, "flag-list--change")
        )
        parts += [(left, base), (change, marked), (right, base)]
        segments_out = [RichSegment(text, style) for text, style in parts if text]
        return Strip(segments_out).adjust_cell_length(width, base).crop(0, width)

    def render_line(self, y: int) -> Strip:
        """One line of the list: a document heading or a flag."""
        line = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if self.session is None or line >= len(self.session.visible) + len(self._starts):
            return Strip.blank(width, self._style(""))
        kind, row = self._at(line)
        return self._heading(row, width) if kind == "doc" else self._flag(row, width)

    def on_click(self, event: events.Click) -> None:
        """Pick the flag under the mouse."""
        line = event.y + int(self.scroll_y)
        if self.session is not None and 0 <= line < len(self.session.visible) + len(self._starts):
            kind, row = self._at(line)
            if kind == "item":
                self.post_message(self.Picked(row))
