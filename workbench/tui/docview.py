"""The whole-document view: every segment as it would be written, changes highlighted."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment as RichSegment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Footer, Input, Static

from workbench.errors import WorkbenchError
from workbench.model import Segment
from workbench.review.session import ReviewSession
from workbench.tui.dialogs import PromptInput
from workbench.tui.flaglist import clock


class SegmentList(ScrollView, can_focus=False):
    """The segments of a transcript, one line each, with a cursor (drawn lazily)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"segment-list--cursor", "segment-list--changed"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.segments: tuple[Segment, ...] = ()
        self.cursor = 0

    def show(self, segments: tuple[Segment, ...]) -> None:
        """Show ``segments``; the cursor stays where it was (clamped)."""
        self.segments = segments
        self.cursor = min(self.cursor, max(0, len(segments) - 1))
        self.virtual_size = Size(self.size.width, len(segments))
        self.move(0)

    def move(self, step: int) -> None:
        """Move the cursor by ``step`` segments and keep it on screen."""
        if self.segments:
            self.cursor = max(0, min(self.cursor + step, len(self.segments) - 1))
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One segment: its time (or line) and its text; changed ones highlighted."""
        line = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if line >= len(self.segments):
            return Strip.blank(width, self.rich_style)
        segment = self.segments[line]
        place = clock(segment.start) if segment.start is not None else f"L{segment.line}"
        text = f"{place:>7} {segment.text}".replace("\n", " ⏎ ")
        if line == self.cursor:
            style = self.get_component_rich_style("segment-list--cursor")
        elif not segment.unchanged:
            style = self.get_component_rich_style("segment-list--changed")
        else:
            style = self.rich_style
        return Strip([RichSegment(text[:width].ljust(width), style)], width)


class DocumentScreen(Screen[None]):
    """One document as the next version would have it; ``e`` edits the segment under the cursor."""

    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Next", show=False),
        Binding("k,up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "move(20)", "Page down", show=False),
        Binding("pageup", "move(-20)", "Page up", show=False),
        Binding("e", "edit", "Edit segment"),
        Binding("escape,d,q", "close", "Back to flags"),
    ]

    def __init__(self, session: ReviewSession, document: str) -> None:
        super().__init__()
        self.session = session
        self.document = document
        self._original_index: dict[int, int] = {}

    def compose(self) -> ComposeResult:
        """A title line, the segments, the (hidden) edit input and the footer."""
        yield Static(id="doc-title")
        yield SegmentList(id="segments")
        yield PromptInput(id="doc-prompt", select_on_focus=False)
        yield Footer()

    def on_mount(self) -> None:
        """Show the document as it would be written now."""
        self._reload()

    def _reload(self) -> None:
        preview = self.session.preview(self.document)
        original = self.session.documents[self.document].transcript.segments
        # Merges and deletions shift indices; a segment's line in the file does not.
        by_line = {seg.line: seg.index for seg in original if seg.line is not None}
        same_count = len(original) == len(preview.segments)
        self._original_index = {
            i: (i if same_count else by_line.get(seg.line, -1) if seg.line is not None else -1) for i, seg in enumerate(preview.segments)
        }
        changed = sum(not seg.unchanged for seg in preview.segments)
        doc = self.session.documents[self.document]
        self.query_one("#doc-title", Static).update(
            f"{doc.path.name} (v{doc.version:03d}) · {changed} segments changed, not yet written"
        )
        self.query_one(SegmentList).show(preview.segments)

    def action_move(self, step: int) -> None:
        """Move the cursor."""
        self.query_one(SegmentList).move(step)

    def action_edit(self) -> None:
        """Open the input on the segment under the cursor, prefilled with its text."""
        segments = self.query_one(SegmentList)
        if not segments.segments or self._original_index.get(segments.cursor, -1) < 0:
            self.notify("This segment cannot be edited here.", severity="warning")
            return
        prompt = self.query_one(PromptInput)
        prompt.value = segments.segments[segments.cursor].text
        prompt.add_class("open")
        prompt.focus()

    @on(Input.Submitted, "#doc-prompt")
    def _save(self, event: Input.Submitted) -> None:
        segments = self.query_one(SegmentList)
        index = self._original_index[segments.cursor]
        self._close_prompt()
        try:
            self.session.edit_segment(self.document, index, event.value)
        except WorkbenchError as error:
            self.notify(str(error), severity="error")
            return
        self._reload()

    @on(PromptInput.Cancelled)
    def _cancel(self) -> None:
        self._close_prompt()

    def _close_prompt(self) -> None:
        prompt = self.query_one(PromptInput)
        prompt.remove_class("open")
        self.set_focus(None)

    def action_close(self) -> None:
        """Back to the flag list."""
        self.dismiss(None)
