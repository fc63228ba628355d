"""Small modal screens: help, a yes/no confirmation, the filter form; and the prompt input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from workbench.review.session import VERDICT_FILTERS, Filters, ReviewSession

KEYS = (
    ("a", "accept the suggestion"),
    ("r", "reject it"),
    ("e", "edit it (Enter saves, Escape cancels)"),
    ("s", "skip it for now"),
    ("u", "undo the last decision (any depth)"),
    ("j / ↓", "next flag"),
    ("k / ↑", "previous flag"),
    ("n", "next unreviewed flag"),
    ("A", "accept all of this rule (this document or all)"),
    ("f", "filter by rule, kind, document, verdict"),
    ("/", "search the flagged segments"),
    ("w", "write this document's version"),
    ("l", "learn a rule from this edit"),
    ("d", "whole-document view (e edits a segment)"),
    ("?", "this help"),
    ("q", "quit"),
)
"""Every key of the review screen, as the help screen lists them."""


class PromptInput(Input):
    """A one-line input for an edit or a search; Escape cancels it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    @dataclass
    class Cancelled(Message):
        """The user pressed Escape: nothing is saved."""

        prompt: PromptInput

    def allow_focus(self) -> bool:
        """Only an open prompt takes focus (a hidden one must not swallow the review keys)."""
        return self.has_class("open")

    def action_cancel(self) -> None:
        """Give up the edit or search."""
        self.post_message(self.Cancelled(self))


class HelpScreen(ModalScreen[None]):
    """The key map."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        """A title and one row per key."""
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys", classes="title")
            with Grid(id="keys"):
                for key, meaning in KEYS:
                    yield Static(key, classes="key")
                    yield Static(meaning)
            yield Static("Escape or ? closes this help.", classes="hint")


class ConfirmScreen(ModalScreen[str | None]):
    """A question with buttons; dismisses with the chosen button's id (None on Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str, choices: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        """(id, label) of each button; the first is the default (Enter)."""

    def compose(self) -> ComposeResult:
        """The question and the buttons."""
        with Vertical(classes="dialog"):
            yield Static(self.question, id="question")
            with Horizontal(classes="buttons"):
                for index, (choice, label) in enumerate(self.choices):
                    yield Button(label, id=choice, variant="primary" if index == 0 else "default")

    def on_mount(self) -> None:
        """Focus the default answer so that Enter takes it."""
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


class FilterScreen(ModalScreen[Filters | None]):
    """Pick a rule, kind, document and verdict to show; blank means any."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """One select per filter, then Apply and Clear."""
        current = self.session.filters
        fields = (
            ("rule", self.session.values("rule"), current.rule),
            ("kind", self.session.values("kind"), current.kind),
            ("document", self.session.values("document"), current.document),
            ("verdict", list(VERDICT_FILTERS), current.verdict),
        )
        with Vertical(id="filters", classes="dialog"):
            yield Label("Filter flags", classes="title")
            for name, values, value in fields:
                yield Select(
                    [(v, v) for v in values],
                    prompt=f"any {name}",
                    value=value if value is not None else Select.NULL,
                    id=f"filter-{name}",
                )
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear", id="clear")

    def _value(self, name: str) -> str | None:
        value = self.query_one(f"#filter-{name}", Select).value
        return value if isinstance(value, str) else None

    @on(Button.Pressed, "#apply")
    def _apply(self) -> None:
        self.dismiss(
            Filters(
                rule=self._value("rule"),
                kind=self._value("kind"),
                document=self._value("document"),
                verdict=self._value("verdict"),
                search=self.session.filters.search,
            )
        )

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(Filters())
