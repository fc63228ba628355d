"""The right-hand side: the rule and its reason, the word diff, the segment in context."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from workbench.diffing import DELETE, EQUAL, Op, word_diff
from workbench.model import Segment
from workbench.review.session import Item, ReviewSession
from workbench.tui.flaglist import clock


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


def _segment_line(segment: Segment, style: str = "") -> Text:
    place = clock(segment.start) if segment.start is not None else f"L{segment.line}"
    line = Text(f"{place:>7} ", style="dim")
    line.append(segment.text.replace("\n", " "), style=style)
    return line


class Detail(VerticalScroll, can_focus=False):
    """What the flag under the cursor proposes, and why."""

    def compose(self) -> ComposeResult:
        """The rule, the diff and the context, top to bottom."""
        yield Static(id="rule")
        yield Static(id="diff")
        yield Static(id="context")

    def show(self, session: ReviewSession, item: Item | None) -> None:
        """Fill the pane for ``item`` (a diff is computed only for the flag shown)."""
        rule, diff, context = (self.query_one(f"#{name}", Static) for name in ("rule", "diff", "context"))
        if item is None:
            rule.update("No flags match." if session.items else "No flags: nothing to review.")
            diff.update("")
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
        decision = session.decisions.get(item.key)
        if item.stale:
            head.append("\nSTALE: the segment changed since this decision was made", style="bold red")
        elif decision is not None:
            head.append(f"\n{decision.verdict}", style="bold")
        rule.update(head)
        final = "\n".join(decision.final) if decision and decision.verdict == "edited" else None
        diff.update(diff_text(word_diff(suggestion.original, final or suggestion.suggestion)))
        before, inside, after = session.context(item)
        lines = [_segment_line(s) for s in before]
        lines += [_segment_line(s, "bold") for s in inside]
        lines += [_segment_line(s) for s in after]
        context.update(Text("\n").join(lines))
