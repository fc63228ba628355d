"""The list of flagged places, grouped by document, drawn a line at a time.

Only the lines on screen are rendered (Textual's line API over a
``ScrollView``), so a list of 100,000 flags costs no more to draw than ten.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment as RichSegment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.review.session import Item, ReviewSession

MARKS = {
    None: " ",
    "accepted": "✓",
    "rejected": "✗",
    "edited": "✎",
    "skipped": "»",
    "auto": "✓",
}
"""The mark in front of a flag for each verdict."""


def where(item: Item) -> str:
    """A flag's place for a reader: its time, else its line, else its segment."""
    suggestion = item.suggestion
    if suggestion.target != "segments":
        return suggestion.target
    return f"L{suggestion.line}" if suggestion.line is not None else f"#{suggestion.span[0]}"


def clock(ms: int) -> str:
    """Milliseconds as ``m:ss`` or ``h:mm:ss``."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _preview(item: Item) -> str:
    """The flagged text from a little before its first change, on one line."""
    suggestion = item.suggestion
    text = suggestion.original
    if suggestion.edits:
        # Start a few words before the change, so the flagged word is on screen.
        start = text.rfind(" ", 0, max(0, suggestion.edits[0].start - 12)) + 1
        text = ("…" if start else "") + text[start:]
    return " ".join(text.split())


class FlagList(ScrollView, can_focus=False):
    """Every shown flag, one line each, under a line per document."""

    COMPONENT_CLASSES = {"flag-list--cursor", "flag-list--document", "flag-list--stale"}

    @dataclass
    class Picked(Message):
        """The user clicked a flag; ``row`` is its row in the session's shown list."""

        row: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: ReviewSession | None = None
        self._lines: list[tuple[str, int]] = []
        """("doc", 0) for a document heading, ("item", row) for a flag."""
        self._line_of_row: list[int] = []

    def show(self, session: ReviewSession) -> None:
        """Rebuild the lines from the session's shown items."""
        self.session = session
        lines: list[tuple[str, int]] = []
        line_of_row: list[int] = []
        last_doc = None
        for row, index in enumerate(session.visible):
            doc = session.items[index].doc_id
            if doc != last_doc:
                lines.append(("doc", index))
                last_doc = doc
            line_of_row.append(len(lines))
            lines.append(("item", row))
        self._lines, self._line_of_row = lines, line_of_row
        self.virtual_size = Size(self.size.width, len(lines))
        self.follow_cursor()

    def follow_cursor(self) -> None:
        """Scroll so that the cursor's line is on screen, and redraw."""
        if self.session is not None and self._line_of_row:
            line = self._line_of_row[min(self.session.cursor, len(self._line_of_row) - 1)]
            height = max(1, self.scrollable_content_region.height)
            if line < self.scroll_y + 1:
                self.scroll_to(y=max(0, line - 1), animate=False, immediate=True)
            elif line >= self.scroll_y + height:
                self.scroll_to(y=line - height + 1, animate=False, immediate=True)
        self.refresh()

    def _text(self, line: int) -> tuple[str, Style]:
        session = self.session
        assert session is not None
        kind, value = self._lines[line]
        if kind == "doc":
            doc = session.items[value].doc_id
            progress = session.progress(doc)
            style = self.get_component_rich_style("flag-list--document")
            return f"{doc} {progress.reviewed}/{progress.flagged}", style
        item = session.items[session.visible[value]]
        suggestion = item.suggestion
        segments = session.documents[item.doc_id].transcript.segments
        start = segments[suggestion.span[0]].start if suggestion.target == "segments" else None
        place = clock(start) if start is not None else where(item)
        mark = "!" if item.stale else MARKS[session.verdict_of(item)]
        preview = _preview(item)
        text = f" {mark} {place:>7} {suggestion.rule_id:<14.14} {preview}"
        if value == session.cursor:
            return text, self.get_component_rich_style("flag-list--cursor")
        if item.stale:
            return text, self.get_component_rich_style("flag-list--stale")
        return text, self.rich_style

    def render_line(self, y: int) -> Strip:
        """One line of the list: a document heading or a flag."""
        line = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if self.session is None or line >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        text, style = self._text(line)
        return Strip([RichSegment(text[:width].ljust(width), style)], width)

    def on_click(self, event: events.Click) -> None:
        """Pick the flag under the mouse."""
        line = event.y + int(self.scroll_y)
        if 0 <= line < len(self._lines) and self._lines[line][0] == "item":
            self.post_message(self.Picked(self._lines[line][1]))
