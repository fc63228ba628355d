"""The right-hand (or lower) side: the rule and its reason, then the flag in its context.

The flagged segments are shown once, as the coloured word diff, between the
segments before and after them; the diff is computed only for the flag shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment as RichSegment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static

from workbench.checks.confidence import unsure_runs
from workbench.diffing import DELETE, EQUAL, INSERT, Op, word_diff
from workbench.model import Segment
from workbench.review.session import Item, ReviewSession
from workbench.tui.flaglist import clock
from workbench.wording import plural


def diff_text(ops: Sequence[Op]) -> Text:
    """A word diff as Rich text: deletions red and struck through, insertions green."""
    text = Text()
    for op, chunk in ops:
        if op == EQUAL:
            text.append(chunk)
        elif op == DELETE:
            text.append(chunk, style="strike red")
        else:
            text.append(chunk, style="bold green")
    return text


UNSURE = Style(underline=True)
"""How a word the recogniser was unsure of is marked in the context."""


def mark_unsure(text: Text, segment: Segment, threshold: float | None, at: Sequence[int]) -> None:
    """Underline the unsure words of ``segment`` in ``text``; ``at`` gives the place
    in ``text`` of each character of the segment's text."""
    if threshold is None:
        return
    for run in unsure_runs(segment, threshold):
        for start, end, _ in run:
            spots = at[start:end]
            # One style span per stretch that the diff shows in one piece.
            first = 0
            for index in range(1, len(spots) + 1):
                if index == len(spots) or spots[index] != spots[index - 1] + 1:
                    text.stylize(UNSURE, spots[first], spots[index - 1] + 1)
                    first = index


def original_places(ops: Sequence[Op]) -> list[int]:
    """For each character of a word diff's original text, its place in ``diff_text(ops)``."""
    places: list[int] = []
    shown = 0
    for op, chunk in ops:
        if op != INSERT:
            places += range(shown, shown + len(chunk))
        shown += len(chunk)
    return places


def _place(segment: Segment) -> str:
    return clock(segment.start) if segment.start is not None else f"L{segment.line}"


def said(speaker: str | None, text: Text) -> Text:
    """``text`` after its speaker's name (as is without a speaker)."""
    return Text.assemble((f"{speaker}: ", "bold cyan"), text) if speaker else text


class Context:
    """Segments as rows of time and text, the text wrapped under itself (a hanging indent).

    A plain renderable rather than a Rich ``Table``: it is drawn on every
    keypress, and a table measures every cell twice before it draws one.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[str, Text, Style | None]] = []

    def add(self, place: str, text: Text, background: Style | None = None) -> None:
        """A row: the place (time or line), the text, and a background for the whole row."""
        self.rows.append((place, text, background))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Each row's text wrapped to the width left after the place column."""
        width = options.max_width
        indent = max((len(place) for place, _, _ in self.rows), default=0) + 1
        dim = Style(dim=True)
        for place, text, background in self.rows:
            lines = text.wrap(console, max(1, width - indent)) if text.plain else [Text()]
            for number, line in enumerate(lines):
                head = (place if number == 0 else "").rjust(indent - 1) + " "
                body = RichSegment.apply_style(line.render(console), console.get_style(line.style))
                segments = [RichSegment(head, dim), *body]
                if background is not None:
                    segments = list(RichSegment.apply_style(segments, post_style=background))
                    segments.append(
                        RichSegment(" " * max(0, width - indent - line.cell_len), background)
                    )
                yield from segments
                yield RichSegment.line()


class Detail(VerticalScroll, can_focus=False):
    """What the flag under the cursor proposes, and why."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"detail--flagged"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[object, ...] = ()
        """The item and decision on screen, so that an unchanged pane is not drawn again."""
        self._speakers: dict[int, str | None] = {}
        """The unwritten changes of speaker of the document on screen."""

    def compose(self) -> ComposeResult:
        """The rule, then the flag as a diff among its neighbours."""
        yield Static(id="rule")
        yield Sparkline([], id="level")
        yield Static(id="context")

    def show_level(self, levels: list[float]) -> None:
        """The segment's audio level as a one-line sparkline; hidden without levels."""
        sparkline = self.query_one("#level", Sparkline)
        sparkline.data = levels
        sparkline.set_class(bool(levels), "open")

    def show(self, session: ReviewSession, item: Item | None) -> None:
        """Fill the pane for ``item``."""
        rule, context = self.query_one("#rule", Static), self.query_one("#context", Static)
        decision = session.decisions.get(item.key) if item is not None else None
        group = session.group
        still = len(session.open_members(group)) if group is not None else 0
        shown = (session, item, decision, session.rule_set, group, still)
        speakers = session.changed_speakers(item.doc_id) if item is not None else {}
        if (
            len(shown) == len(self._shown)
            and all(a is b for a, b in zip(shown, self._shown, strict=True))
            and speakers == self._speakers
        ):
            return
        self._shown, self._speakers = shown, speakers
        if item is None:
            rule.update("No flags match." if session.items else "No flags: nothing to review.")
            context.update("")
            return
        suggestion = item.suggestion
        loaded = session.rule_set.get(suggestion.rule_id)
        description = getattr(loaded, "description", None) or ""
        head = Text.assemble(
            (suggestion.rule_id, "bold"), f" · {suggestion.kind}", f" · {item.doc_id}\n"
        )
        if description and description not in suggestion.reason:
            head.append(f"{description}\n", style="italic")
        head.append(suggestion.reason, style="dim")
        if group is not None:
            count = len(group.members)
            head.append(
                f"\n{plural(count, 'flag')} of an auto rule (batch apply makes them unattended), "
                f"{still} without a decision. Enter expands the group; a or A accepts the "
                "open ones, r rejects them. The first:",
                style="bold",
            )
        elif item.stale and decision is not None:
            why = (
                "its segment has changed since"
                if item.stale == "segment"
                else "the rules no longer suggest this"
            )
            head.append(
                f"\nSTALE — you {decision.verdict.replace('auto', 'auto-accepted')} this, but {why}: kept, never written as it is",
                style="bold red",
            )
        elif decision is not None:
            head.append(f"\n{decision.verdict}", style="bold")
        rule.update(head)
        final = "\n".join(decision.final) if decision and decision.verdict == "edited" else None
        ops = word_diff(suggestion.original, final or suggestion.suggestion)
        diff = diff_text(ops)
        before, inside, after = session.context(item)
        threshold = session.unsure_below
        if suggestion.original == "\n".join(segment.text for segment in inside):
            # The whole segments (not a window of a long one): mark their unsure words.
            places = original_places(ops)
            for segment in inside:
                mark_unsure(diff, segment, threshold, places)
                places = places[len(segment.text) + 1 :]

        def speaker(segment: Segment) -> str | None:
            return speakers.get(segment.index, segment.speaker)

        rows = Context()
        for segment in before:
            rows.add(_place(segment), said(speaker(segment), self._dim(segment, threshold)))
        place = _place(inside[0]) if inside else suggestion.target
        flagged = Style(bgcolor=self.get_component_rich_style("detail--flagged").bgcolor)
        rows.add(place, said(speaker(inside[0]) if inside else None, diff), flagged)
        if item.stale == "segment":
            rows.add("now", Text(session.text_now(item), style="italic"))
        for segment in after:
            rows.add(_place(segment), said(speaker(segment), self._dim(segment, threshold)))
        context.update(rows)

    @staticmethod
    def _dim(segment: Segment, threshold: float | None) -> Text:
        """A segment around the flag: dim, its unsure words underlined."""
        text = Text(segment.text, style="dim")
        mark_unsure(text, segment, threshold, range(len(segment.text)))
        return text
