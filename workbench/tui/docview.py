"""The whole-document view: every segment as it would be written, changes highlighted."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
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
from workbench.review.session import Item, ReviewSession
from workbench.tui.dialogs import PromptInput, SpeakerScreen
from workbench.tui.flaglist import clock
from workbench.wording import plural


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces (a longer word is cut)."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            while len(word) > width:
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:width])
                word = word[width:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def shown_text(segment: Segment) -> str:
    """What a segment's row says: its speaker's name first, where it has one."""
    return f"{segment.speaker}: {segment.text}" if segment.speaker else segment.text


class SegmentList(ScrollView, can_focus=False):
    """The segments of a transcript with a cursor: each wrapped under itself, after its time.

    Lines are drawn lazily: only the line counts of the segments are worked
    out for the whole document (a segment that fits is one line without wrapping).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"segment-list--cursor", "segment-list--changed"}

    PLACE = 8
    """Columns of the time column, with its space."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.segments: tuple[Segment, ...] = ()
        self.cursor = 0
        self._starts: list[int] = [0]
        """The first line of each segment, and the line after the last."""
        self._width = 0
        """The text width the lines were wrapped to."""
        self._wrapped: dict[int, list[str]] = {}

    def show(self, segments: tuple[Segment, ...], cursor: int | None = None) -> None:
        """Show ``segments`` with the cursor on ``cursor`` (else where it was, clamped)."""
        self.segments = segments
        if cursor is not None:
            self.cursor = cursor
        self.cursor = max(0, min(self.cursor, len(segments) - 1))
        self._layout()
        centre = cursor is not None
        self.move(0, centre=centre)
        # The new virtual size is laid out after this refresh; scroll again then.
        self.call_after_refresh(self.move, 0, centre=centre)

    def _text_width(self) -> int:
        return max(10, self.scrollable_content_region.width - self.PLACE)

    def _layout(self) -> None:
        width = self._text_width()
        self._width = width
        self._wrapped = {}
        counts = (
            1 if len(text) <= width and "\n" not in text else len(wrap(text, width))
            for text in map(shown_text, self.segments)
        )
        self._starts = [0, *accumulate(counts)]
        self.virtual_size = Size(self.size.width, self._starts[-1])

    def on_resize(self) -> None:
        """Wrap again for the new width, keeping the cursor's segment on screen."""
        if self._text_width() != self._width:
            self._layout()
            self.call_after_refresh(self.move, 0)

    def _lines(self, index: int) -> list[str]:
        lines = self._wrapped.get(index)
        if lines is None:
            if len(self._wrapped) > 512:
                self._wrapped.clear()
            lines = self._wrapped[index] = wrap(shown_text(self.segments[index]), self._width)
        return lines

    def go(self, index: int) -> None:
        """Put the cursor on segment ``index`` (clamped) and keep it on screen."""
        self.cursor = index
        self.move(0)

    def move(self, step: int, *, centre: bool = False) -> None:
        """Move the cursor by ``step`` segments and keep its lines on screen (``centre``d)."""
        if self.segments:
            self.cursor = max(0, min(self.cursor + step, len(self.segments) - 1))
            first, after = self._starts[self.cursor], self._starts[self.cursor + 1]
            region = Region(0, first, 1, after - first)
            self.scroll_to_region(region, animate=False, immediate=True, center=centre)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """One line of a segment: its time (or line) on the first, the text wrapped under itself."""
        line = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if line >= self._starts[-1] or not self.segments:
            return Strip.blank(width, self.rich_style)
        index = bisect_right(self._starts, line) - 1
        segment = self.segments[index]
        part = line - self._starts[index]
        if part == 0:
            place = clock(segment.start) if segment.start is not None else f"L{segment.line}"
            head = f"{place:>{self.PLACE - 1}} "
        else:
            head = " " * self.PLACE
        lines = self._lines(index)
        text = head + (lines[part] if part < len(lines) else "")
        if index == self.cursor:
            style = self.get_component_rich_style("segment-list--cursor")
        elif not segment.unchanged:
            style = self.get_component_rich_style("segment-list--changed")
        else:
            style = self.rich_style
        return Strip([RichSegment(text, style)]).adjust_cell_length(width, style).crop(0, width)


class DocumentScreen(Screen[Item | None]):
    """One document as the next version would have it; ``e`` edits the segment under the cursor.

    ``l`` closes it with the flag whose edit the segment holds, for the review
    screen to learn from; it returns None otherwise.
    """

    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Next", show=False),
        Binding("k,up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "move(20)", "Page down", show=False),
        Binding("pageup", "move(-20)", "Page up", show=False),
        Binding("home", "go(0)", "First", show=False),
        Binding("end", "go(-1)", "Last", show=False),
        Binding("e", "edit", "Edit segment"),
        Binding("S", "speaker", "Speaker"),
        Binding("l", "learn", "Learn from edit"),
        Binding("escape,d,q", "close", "Back to flags"),
    ]

    def __init__(self, session: ReviewSession, document: str, segment: int = 0) -> None:
        super().__init__()
        self.session = session
        self.document = document
        self.segment = segment
        """The segment (of the document as read) to open at: the current flag's."""
        self._original_index: dict[int, int] = {}

    def compose(self) -> ComposeResult:
        """A title line, the segments, the (hidden) edit input and the footer."""
        yield Static(id="doc-title")
        yield SegmentList(id="segments")
        yield PromptInput(id="doc-prompt", select_on_focus=False)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        """Show the document as it would be written now, at the current flag."""
        self._opening = True
        self._reload()

    def _reload(self) -> None:
        preview = self.session.preview(self.document)
        original = self.session.documents[self.document].transcript.segments
        # Merges and deletions shift indices; a segment's line in the file does not.
        by_line = {seg.line: seg.index for seg in original if seg.line is not None}
        same_count = len(original) == len(preview.segments)
        self._original_index = {
            i: (i if same_count else by_line.get(seg.line, -1) if seg.line is not None else -1)
            for i, seg in enumerate(preview.segments)
        }
        changed = sum(not seg.unchanged for seg in preview.segments)
        doc = self.session.documents[self.document]
        read = "source" if doc.version == 0 else f"v{doc.version:03d}"
        self.query_one("#doc-title", Static).update(
            f"{doc.doc_id} · {read} · {plural(changed, 'segment')} changed, not yet written"
        )
        cursor = None
        if self._opening:
            self._opening = False
            shown = [
                i for i, original in self._original_index.items() if 0 <= original <= self.segment
            ]
            cursor = max(shown, default=0)
        self.query_one(SegmentList).show(preview.segments, cursor)

    def action_move(self, step: int) -> None:
        """Move the cursor."""
        self.query_one(SegmentList).move(step)

    def action_go(self, index: int) -> None:
        """Go to a segment: 0 the first, -1 the last (Home, End)."""
        segments = self.query_one(SegmentList)
        segments.go(index if index >= 0 else len(segments.segments) + index)

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

    def action_speaker(self) -> None:
        """Change the speaker of the segment under the cursor, or of its whole run (asked)."""
        segments = self.query_one(SegmentList)
        index = self._original_index.get(segments.cursor, -1) if segments.segments else -1
        if index < 0:
            self.notify("This segment's speaker cannot be changed here.", severity="warning")
            return
        session, document = self.session, self.document
        run = session.speaker_run(document, index)
        known = sorted({seg.speaker for seg in segments.segments if seg.speaker})

        def chosen(answer: tuple[str, bool] | None) -> None:
            if answer is not None:
                name, whole = answer
                try:
                    session.change_speaker(document, run if whole else [index], name or None)
                except WorkbenchError as error:
                    self.notify(str(error), severity="error")
                    return
                self._reload()

        current = segments.segments[segments.cursor].speaker
        self.app.push_screen(SpeakerScreen(current, len(run), known), chosen)

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

    def action_learn(self) -> None:
        """Back to the flag list to learn a rule from this segment's edit, if it has one."""
        segments = self.query_one(SegmentList)
        index = self._original_index.get(segments.cursor, -1) if segments.segments else -1
        session = self.session
        for item in session.items:
            decision = session.decisions.get(item.key)
            first, last = item.suggestion.span
            if (
                item.doc_id == self.document
                and first <= index <= last
                and not item.stale
                and decision is not None
                and decision.verdict == "edited"
                and not decision.written
            ):
                self.dismiss(item)
                return
        self.notify("Learn works on an edited segment: edit it first (e).", severity="warning")

    def action_close(self) -> None:
        """Back to the flag list."""
        self.dismiss(None)
