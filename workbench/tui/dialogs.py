"""Small modal screens: help, a yes/no confirmation, the filter form; and the prompt input."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from workbench.review.session import VERDICT_FILTERS, Filters, ReviewSession
from workbench.rulestats import RuleStats

KEYS = (
    ("a", "accept the suggestion"),
    ("r", "reject it"),
    ("e", "edit it (Enter saves)"),
    ("s", "skip it for now"),
    ("u", "undo (any depth)"),
    ("j ↓", "next flag"),
    ("k ↑", "previous flag"),
    ("n", "next unreviewed flag"),
    ("Enter", "expand/collapse auto group"),
    ("A", "accept all of this rule"),
    ("f", "filter: rule, kind, doc…"),
    ("/", "search the segments"),
    ("Esc", "stop playing; clear filter"),
    ("w", "write this document"),
    ("W", "write every document"),
    ("l", "learn a rule from an edit"),
    ("d", "whole document (e edits)"),
    ("x", "discard a stale decision"),
    ("S", "change the speaker"),
    ("|", "cut the cue in two"),
    ("p", "play the flag (again: stop)"),
    ("P", "play on from there"),
    ("[", "play from 1 s earlier"),
    ("]", "play from 1 s later"),
    ("?", "this help"),
    ("q", "quit"),
)
"""Every key of the review screen, as the help screen lists them (short: two columns fit 80)."""


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
    """The key map: two columns from 76 columns, one below; it scrolls when it does not fit."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]  # noqa: RUF012 (Screen declares it)

    def compose(self) -> ComposeResult:
        """A title, the keys down the first column then the second, and how to close."""
        half = (len(KEYS) + 1) // 2
        with Vertical(id="help", classes="dialog"):
            yield Label("Keys", classes="title")
            with VerticalScroll(id="help-body"), Grid(id="keys"):
                for row in range(half):
                    for key, meaning in (KEYS[row], *KEYS[row + half : row + half + 1]):
                        yield Static(key, classes="key")
                        yield Static(meaning)
            yield Static("Escape, q or ? closes this help.", classes="hint")

    def on_mount(self) -> None:
        """Focus the keys so that the arrows scroll them when they do not fit."""
        self.query_one("#help-body").focus()


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


def _options(values: Iterable[str]) -> list[tuple[str, str]]:
    """Select options that show their values."""
    return [(value, value) for value in values]


def _rule_label(row: RuleStats) -> str:
    """A rule as the filter lists it: its flags here and how often they were accepted."""
    rate = "" if row.acceptance is None else f", {row.acceptance:.0%} accepted"
    return f"{row.rule} ({row.flags} {'flag' if row.flags == 1 else 'flags'}{rate})"


class SpeakerScreen(ModalScreen[tuple[str, bool] | None]):
    """Ask for a segment's new speaker, and whether the whole run of its speaker takes it;
    dismisses with (name, whole run) — an empty name removes the speaker — or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, current: str | None, run: int, known: Sequence[str]) -> None:
        super().__init__()
        self.speaker_now = current
        self.run_length = run
        """How many segments in a row, this one among them, have its speaker."""
        self.speakers = known

    def compose(self) -> ComposeResult:
        """What the speaker is, the name input, and the two ways to apply it."""
        with Vertical(id="speaker", classes="dialog"):
            yield Label("Speaker", classes="title")
            yield Static(
                f"Now: {self.speaker_now or 'none'}. Speakers: {', '.join(self.speakers) or 'none'}.",
                classes="hint",
            )
            yield Input(
                self.speaker_now or "", placeholder="a name", id="speaker-name", compact=True
            )
            with Horizontal(classes="buttons"):
                yield Button("This segment", id="one", variant="primary", compact=True)
                yield Button(f"Whole run ({self.run_length})", id="run", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        """Focus the name, all of it selected, so that typing replaces it."""
        self.query_one("#speaker-name", Input).focus()

    def _typed(self) -> str:
        return self.query_one("#speaker-name", Input).value.strip()

    @on(Input.Submitted, "#speaker-name")
    def _submitted(self) -> None:
        self.dismiss((self._typed(), False))

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(
            None if event.button.id == "cancel" else (self._typed(), event.button.id == "run")
        )


class FilterScreen(ModalScreen[Filters | None]):
    """Pick a rule, kind, document and verdict to show (blank means any), or only unsure words."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, session: ReviewSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        """One select per filter, then Apply and Clear."""
        current = self.session.filters
        rules = {row.rule: row for row in self.session.rule_stats()}
        fields = (
            (
                "rule",
                [(_rule_label(rules[v]), v) for v in self.session.values("rule")],
                current.rule,
            ),
            ("kind", _options(self.session.values("kind")), current.kind),
            ("document", _options(self.session.values("document")), current.document),
            ("verdict", _options(VERDICT_FILTERS), current.verdict),
        )
        with Vertical(id="filters", classes="dialog"):
            yield Label("Filter flags", classes="title")
            with Grid(id="filter-fields"):
                for name, values, value in fields:
                    yield Label(name)
                    yield Select(
                        values,
                        prompt=f"any {name}",
                        value=value if value is not None else Select.NULL,
                        id=f"filter-{name}",
                        compact=True,
                    )
            yield Checkbox(
                "only unsure words (what the recogniser was unsure of)",
                current.unsure,
                id="filter-unsure",
                compact=True,
            )
            if current.search:
                yield Static(f"and the search “{current.search}” (/ changes it)", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary", compact=True)
                yield Button("Clear all", id="clear", compact=True)

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
                unsure=self.query_one("#filter-unsure", Checkbox).value,
            )
        )

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(Filters())
