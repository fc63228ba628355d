"""The review screen: flag list, detail pane, progress line, prompt and footer, and every key."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from workbench.audio import AudioError
from workbench.errors import WorkbenchError
from workbench.learning import Proposal, propose, save
from workbench.review.session import (
    Filters,
    Item,
    RestScan,
    ReviewSession,
    SessionFactory,
    Undone,
    WriteResult,
)
from workbench.tui.detail import Detail
from workbench.tui.dialogs import (
    ConfirmScreen,
    FilterScreen,
    HelpScreen,
    PromptInput,
    SpeakerScreen,
)
from workbench.tui.docview import DocumentScreen
from workbench.tui.flaglist import FlagList, place_of
from workbench.tui.listening import SHIFT_MS, AudioOptions, Listening
from workbench.wording import plural

ACTS = {
    "accepted": "accept",
    "rejected": "reject",
    "edited": "edit",
    "skipped": "skip",
    "auto": "auto-accept",
}
"""A verdict as the act that made it, for the undo notice."""


def _act(undone: Undone) -> str:
    """The act an undo took back: the verdict's, or ``discard``."""
    return "discard" if undone.discard else ACTS[undone.decision.verdict]


def undo_message(session: ReviewSession, undone: Sequence[Undone]) -> str:
    """What ``u`` took back, in words: "undid accept of chatgpt at 0:30"."""
    if len(undone) == 1:
        decision, restored = undone[0].decision, undone[0].restored
        place = place_of(session, decision.suggestion)
        text = f"Undid {_act(undone[0])} of {decision.key.rule} at {place}"
        if undone[0].discard:
            return text + f" (its {ACTS[decision.verdict]} is back)"
        return text + (f" (back to {ACTS[restored.verdict]})" if restored else "")
    acts = Counter(_act(u) for u in undone)
    rules = {u.decision.key.rule for u in undone}
    text = "Undid " + ", ".join(plural(count, act) for act, count in acts.items())
    if len(rules) == 1:
        text += f" of {next(iter(rules))}"
    return text + (" (accept all)" if set(acts) == {"accept"} else "")


FIRST_BLOCK = 5_000
"""Segments of a long document scanned before its first flag is shown; the rest follow."""

SEGMENT_BREAK = " ⏎ "
"""How the edit input shows the boundary between the texts of a multi-segment span."""


class ReviewScreen(Screen[None]):
    """Walk the flags and decide on each; a thin driver over ``ReviewSession``."""

    AUTO_FOCUS = None
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 (Screen declares it)
    """Below 120 columns the list sits above the detail, so that each has the full width."""
    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows as many as fit, in this order: at 80 columns the
        # decisions, write, help and quit come first.
        Binding("a", "decide('accept')", "Accept"),
        Binding("r", "decide('reject')", "Reject"),
        Binding("e", "edit", "Edit"),
        Binding("s", "decide('skip')", "Skip"),
        Binding("u", "undo", "Undo"),
        Binding("w", "write", "Write"),
        Binding("W", "write_all", "Write all"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
        Binding("j,down", "move('next')", "Next", key_display="j"),
        Binding("k,up", "move('prev')", "Prev", key_display="k"),
        Binding("n", "move('next_unreviewed')", "Unreviewed"),
        Binding("enter", "toggle_group", "Expand", key_display="Enter", show=False),
        Binding("A", "accept_all", "All of rule"),
        Binding("f", "filter", "Filter"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("escape", "clear_filters", "Clear filter", key_display="Esc", show=False),
        Binding("l", "learn", "Learn"),
        Binding("d", "document", "Document"),
        Binding("x", "discard", "Discard stale"),
        Binding("S", "speaker", "Speaker"),
        Binding("vertical_line", "split", "Cut", key_display="|"),
        Binding("p", "play", "Play", show=False),
        Binding("P", "play(True)", "Play on", show=False),
        Binding("left_square_bracket", "nudge(-1)", "Start earlier", key_display="[", show=False),
        Binding("right_square_bracket", "nudge(1)", "Start later", key_display="]", show=False),
    ]

    def __init__(
        self, open_session: SessionFactory, learned_path: Path, listening: Listening | None = None
    ) -> None:
        super().__init__()
        self.open_session = open_session
        self.learned_path = learned_path
        """The file that ``l`` appends learned rules to."""
        self.listening = listening or Listening(AudioOptions())
        """The audio keys' state: which file, what plays."""
        self._level_for: Item | None = None
        """The item whose level the detail pane shows (or is being measured)."""
        self.session: ReviewSession | None = None
        self._prompt_mode = "edit"
        """What the prompt is for: ``edit``, ``search`` or ``split``."""
        self._cutting: tuple[str, int] | None = None
        """The document and segment that the open ``split`` prompt cuts."""

    def compose(self) -> ComposeResult:
        """Progress line, list beside detail, hidden prompt, footer."""
        yield Static("Loading…", id="progress")
        yield Static(id="filterbar")
        with Container(id="main"):
            yield FlagList(id="flags")
            yield Detail(id="detail")
        yield PromptInput(id="prompt", select_on_focus=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Hide the prompt and start reading and scanning the documents."""
        self.query_one("#main").loading = True
        self._load()

    @work(thread=True, exclusive=True, group="scan")
    def _load(self) -> None:
        """Open the documents and scan them, off the UI thread: first block first, then whole."""
        try:
            session = self.open_session(FIRST_BLOCK)
            shown = threading.Event()
            self.app.call_from_thread(self._loaded, session, shown)
            if session.partial:
                # Scanning holds the GIL most of the time: let the first flags reach
                # the screen before it starts (bounded, should the screen be gone).
                shown.wait(timeout=5)
                # The engine's work only; the swap itself runs on the UI thread,
                # between keys, so that no key sees half a list.
                found = session.scan_rest()
                self.app.call_from_thread(self._completed, session, found)
        except WorkbenchError as error:
            self.app.call_from_thread(self._failed, error)

    def _completed(self, session: ReviewSession, found: RestScan) -> None:
        if session is self.session:
            self._run(lambda: session.complete(found), relist=True)

    @dataclass
    class Failed(Message):
        """The review could not open (a damaged database, say): the app ends and says why."""

        error: WorkbenchError

    def _failed(self, error: WorkbenchError) -> None:
        self.post_message(self.Failed(error))

    def _loaded(self, session: ReviewSession, shown: threading.Event) -> None:
        self.session = session
        self.query_one("#main").loading = False
        self.query_one(FlagList).show(session)
        self._redraw()
        self.call_after_refresh(shown.set)
        if stale := session.stale_count():
            self.notify(
                f"{plural(stale, 'decision is', 'decisions are')} stale (! in the list): "
                "the segment or the rules changed since. They are kept, not written; x discards one."
            )

    # -- drawing -------------------------------------------------------------

    def _redraw(self, *, relist: bool = False) -> None:
        """Show the session's state: the list (rebuilt when ``relist``), detail and progress."""
        session = self.session
        if session is None:
            return
        flags = self.query_one(FlagList)
        if relist:
            flags.show(session)
        else:
            flags.follow_cursor()
        item = session.current
        self.query_one(Detail).show(session, item)
        overall = session.progress()
        parts = []
        if item is not None:
            here = session.progress(item.doc_id)
            parts.append(f"{item.doc_id} {here.reviewed}/{here.flagged}")
            if (audio := self.listening.audio_path(session, item.doc_id)) is not None:
                parts.append(f"♪ {audio.name}")
        self._level(session, item)
        # What needs a person, apart from what an auto rule would do anyway.
        parts.append(f"{overall.to_review} to review" if overall.to_review else "all reviewed")
        if overall.auto:
            parts.append(f"{overall.auto_open} auto" if overall.auto_open else "auto all decided")
        if (scanning := session.scanning) is not None:
            parts.append(f"scanning… {scanning[0]:,} of {scanning[1]:,} segments")
        if unwritten := session.unwritten():
            parts.append(f"{unwritten} not written")
        if session.stale_count():
            parts.append(f"{session.stale_count()} stale")
        self.query_one("#progress", Static).update(" · ".join(parts))
        self._show_filters(session)

    def _show_filters(self, session: ReviewSession) -> None:
        """The second header line, only while a filter or search hides flags."""
        bar = self.query_one("#filterbar", Static)
        filters = session.filters
        bar.set_class(filters.active, "open")
        if not filters.active:
            return
        shown = [
            f"{name}={value}"
            for name, value in (
                ("rule", filters.rule),
                ("kind", filters.kind),
                ("doc", filters.document),
                ("verdict", filters.verdict),
            )
            if value
        ]
        if filters.unsure:
            shown.append("unsure words")
        if filters.search:
            shown.append(f"“{filters.search}”")
        bar.update(f"{session.shown} of {len(session.items)} shown: {' '.join(shown)} · Esc clears")

    def _run(self, operation: Callable[[], object], *, relist: bool = False) -> bool:
        """Do one session operation; a WorkbenchError becomes a notification (False)."""
        done = True
        try:
            operation()
        except WorkbenchError as error:
            self.notify(str(error), severity="error")
            done = False
        self._redraw(relist=relist)
        return done

    def _item(self) -> Item | None:
        """The current item, or None (with a notice) when there is no session or no flag."""
        item = self.session.current if self.session else None
        if item is None:
            self.notify("No flag here.", severity="warning")
        return item

    @on(FlagList.Picked)
    def _picked(self, event: FlagList.Picked) -> None:
        if self.session:
            self._run(lambda: self.session.go(event.row) if self.session else None)

    def on_screen_resume(self) -> None:
        """Back from a dialog or the document view: decisions may have changed."""
        self._redraw(relist=True)

    # -- keys ----------------------------------------------------------------

    def action_decide(self, verdict: str) -> None:
        """Accept, reject or skip the current flag."""
        if self.session:
            self._run(getattr(self.session, verdict))

    def action_move(self, where: str) -> None:
        """Next, previous or next unreviewed flag."""
        if not self.session:
            return
        if where == "next_unreviewed":
            if not self.session.next_unreviewed():
                self.notify("Every flag shown has a decision.")
            self._redraw()
            return
        self._run(getattr(self.session, where))

    def action_toggle_group(self) -> None:
        """Expand the group of auto flags under the cursor, or collapse the one its flag is in."""
        session = self.session
        if session is None:
            return
        group = session.toggle_group()
        if group is None:
            self.notify("Enter expands a group of auto flags; this flag is in none.")
        self._redraw(relist=True)

    def action_undo(self) -> None:
        """Take back the last decision, and say what it was."""
        if self.session is None:
            return
        if undone := self.session.undo():
            self.notify(undo_message(self.session, undone))
        else:
            self.notify("Nothing to undo since the last written version.")
        self._redraw(relist=True)

    def action_discard(self) -> None:
        """Discard the current stale decision (``u`` brings it back); a live flag is refused."""
        session = self.session
        if session is None:
            return
        try:
            decision = session.discard()
        except WorkbenchError as error:
            self.notify(str(error), severity="error")
            return
        place = place_of(session, decision.suggestion)
        self.notify(
            f"Discarded the stale {ACTS[decision.verdict]} of {decision.key.rule} at {place} "
            "(u brings it back)."
        )
        self._redraw(relist=True)

    def action_clear_filters(self) -> None:
        """Stop playing, else show every flag again (Escape)."""
        if self.listening.stop():
            return
        if self.session is not None and self.session.filters.active:
            self._run(
                lambda: self.session.set_filters(Filters()) if self.session else None, relist=True
            )
            self.notify("Filter and search cleared: every flag is shown.")

    def _open_prompt(self, mode: str, value: str, placeholder: str) -> None:
        self._prompt_mode = mode
        prompt = self.query_one(PromptInput)
        prompt.placeholder = placeholder
        prompt.value = value
        prompt.add_class("open")
        prompt.focus()
        prompt.cursor_position = len(value)

    def action_edit(self) -> None:
        """Open the input, prefilled with the suggestion (or the earlier edit)."""
        item = self._item()
        if item is None or self.session is None:
            return
        if self.session.group is not None:
            self.notify("A group of auto flags: Enter expands it, to edit one of them.")
            return
        decision = self.session.decisions.get(item.key)
        texts = (
            decision.final if decision and decision.verdict == "edited" else item.suggestion.after
        )
        self._open_prompt(
            "edit", SEGMENT_BREAK.join(texts), "your text — Enter saves, Escape cancels"
        )

    def action_search(self) -> None:
        """Open the input for a search of the flagged segments."""
        if self.session:
            self._open_prompt(
                "search",
                self.session.filters.search,
                "search the segments' text — Enter shows matches, Escape clears",
            )

    @on(Input.Submitted, "#prompt")
    def _prompt_done(self, event: Input.Submitted) -> None:
        session = self.session
        self._close_prompt()
        if session is None:
            return
        if self._prompt_mode == "edit":
            self._run(lambda: session.edit(event.value.replace(SEGMENT_BREAK, "\n")))
        elif self._prompt_mode == "split" and self._cutting is not None:
            document, index = self._cutting
            at = self.query_one(PromptInput).cursor_position
            self._run(lambda: session.split(document, index, at), relist=True)
        else:
            self._run(lambda: session.search(event.value), relist=True)
            if event.value.strip() and not session.visible:
                self.notify(
                    f"No flagged segment contains “{event.value.strip()}”.", severity="warning"
                )

    @on(PromptInput.Cancelled)
    def _prompt_cancelled(self) -> None:
        """Escape: an edit is given up; a search is cleared."""
        self._close_prompt()
        session = self.session
        if self._prompt_mode == "search" and session is not None and session.filters.search:
            self._run(lambda: session.search(""), relist=True)

    def _close_prompt(self) -> None:
        self.query_one(PromptInput).remove_class("open")
        self.set_focus(None)

    def action_speaker(self) -> None:
        """Change the speaker of the flag's first segment, or of its whole run (asked)."""
        item = self._item()
        session = self.session
        if item is None or session is None:
            return
        if item.suggestion.target != "segments":
            self.notify("A header or footer has no speaker.", severity="warning")
            return
        document, index = item.doc_id, item.suggestion.span[0]
        changed = session.changed_speakers(document)
        segments = session.documents[document].transcript.segments
        current = changed.get(index, segments[index].speaker)
        known = sorted(
            {seg.speaker for seg in segments if seg.speaker} | set(filter(None, changed.values()))
        )
        run = session.speaker_run(document, index)

        def chosen(answer: tuple[str, bool] | None) -> None:
            if answer is None:
                return
            name, whole = answer
            indexes = run if whole else [index]
            if self._run(
                lambda: session.change_speaker(document, indexes, name or None), relist=True
            ):
                self.notify(f"Speaker of {plural(len(indexes), 'segment')}: {name or 'none'}.")

        self.app.push_screen(SpeakerScreen(current, len(run), known), chosen)

    def action_split(self) -> None:
        """Open the input on the flag's first segment to cut it before the word at the cursor
        (placed at the timing rule's proposed cut, where the flag proposes one)."""
        item = self._item()
        session = self.session
        if item is None or session is None or item.suggestion.target != "segments":
            return
        suggestion = item.suggestion
        document, index = item.doc_id, suggestion.span[0]
        text = session.documents[document].transcript.segments[index].text
        at = len(text) // 2
        if suggestion.kind == "timing" and len(suggestion.after) == 2:
            at = len(suggestion.after[0])  # the proposed cut, after a clause's end
        self._cutting = (document, index)
        self._open_prompt(
            "split",
            text.replace("\n", " "),
            "cut before the word at the cursor — Enter cuts, Escape cancels",
        )
        self.query_one(PromptInput).cursor_position = at

    def action_accept_all(self) -> None:
        """Accept every undecided flag of this rule, here or everywhere, after a confirmation."""
        item = self._item()
        session = self.session
        if item is None or session is None:
            return
        rule, doc = item.suggestion.rule_id, item.doc_id
        here, everywhere = session.count_accept_all(rule, doc), session.count_accept_all(rule, None)
        if not everywhere:
            self.notify(f"No undecided flags of {rule} left.")
            return

        def chosen(answer: str | None) -> None:
            if answer in ("here", "everywhere"):
                count = session.accept_all(rule, doc if answer == "here" else None)
                self.notify(f"Accepted {plural(count, 'flag')} of {rule}.")
            self._redraw()

        self.app.push_screen(
            ConfirmScreen(
                f"Accept {'the' if here == 1 else 'all'} {plural(here, 'undecided flag')} of rule {rule} "
                f"in {doc}, or {'the' if everywhere == 1 else 'all'} {everywhere} in every document?",
                (
                    ("here", f"This document ({here})"),
                    ("everywhere", f"Every document ({everywhere})"),
                    ("cancel", "Cancel"),
                ),
            ),
            chosen,
        )

    def action_filter(self) -> None:
        """Choose rule, kind, document and verdict to show."""
        session = self.session
        if session is None:
            return

        def chosen(filters: object) -> None:
            if filters is not None:
                self._run(lambda: session.set_filters(filters), relist=True)  # type: ignore[arg-type]

        self.app.push_screen(FilterScreen(session), chosen)

    def action_write(self) -> None:
        """Write the current document's accepted and edited changes as its next version."""
        item = self._item()
        session = self.session
        if item is None or session is None:
            return
        try:
            result = session.write_version(item.doc_id)
        except WorkbenchError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(
            result.message, title="Written" if result.path else "Nothing written", timeout=8
        )
        self._redraw(relist=True)

    def action_write_all(self) -> None:
        """Write a version of every document with unwritten changes."""
        session = self.session
        if session is None:
            return
        results: list[WriteResult] = []
        try:
            results = session.write_all()
        except WorkbenchError as error:
            self.notify(str(error), severity="error")
        if results:
            self.notify(
                "\n".join(r.message for r in results),
                title=f"Wrote {plural(len(results), 'version')}",
                timeout=10,
            )
        elif not session.unwritten():
            self.notify(
                "Nothing accepted or edited anywhere: no version written.", title="Nothing written"
            )
        self._redraw(relist=True)

    def action_learn(self) -> None:
        """Turn the current edit into a rule, shown for confirmation, then re-scan."""
        item = self._item()
        if item is not None:
            self._propose_rule(item)

    def _propose_rule(self, item: Item | None) -> None:
        """Ask to save the rule that ``item``'s edit teaches (nothing when ``item`` is None)."""
        session = self.session
        if item is None or session is None:
            return
        decision = session.decisions.get(item.key)
        if decision is None or decision.verdict != "edited":
            self.notify("Learn works on an edited flag: edit it first (e).", severity="warning")
            return
        try:
            proposal = propose(
                item.suggestion.original,
                "\n".join(decision.final),
                session.rule_set,
                self.learned_path,
                suggested=item.suggestion.suggestion,
            )
        except WorkbenchError as error:
            self.notify(str(error), severity="error")
            return

        def chosen(answer: str | None) -> None:
            if answer == "save":
                self._learn(proposal)

        self.app.push_screen(
            ConfirmScreen(
                f"Add this rule to {proposal.path}?\n\n{proposal.yaml}",
                (("save", "Save rule"), ("cancel", "Cancel")),
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="scan")
    def _learn(self, proposal: Proposal) -> None:
        """Save the rule and re-scan every document with it, off the UI thread."""
        session = self.session
        assert session is not None
        try:
            save(proposal)
            before = len(session.items)
            session.reload_rules()
        except WorkbenchError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        message = f"Learned {proposal.rule_id}: {plural(len(session.items) - before, 'more flag')}."
        self.app.call_from_thread(self._learned, message)

    def _learned(self, message: str) -> None:
        self.notify(message, title="Rule saved")
        self._redraw(relist=True)

    def action_document(self) -> None:
        """Open the current document whole, with the accepted changes highlighted."""
        item = self._item()
        if item is not None and self.session is not None:
            self.app.push_screen(
                DocumentScreen(self.session, item.doc_id, item.suggestion.span[0]),
                self._propose_rule,
            )

    # -- audio -------------------------------------------------------------

    def action_play(self, on: bool = False) -> None:
        """Play the flag's segments with lead (``on``: to the end); again, stop."""
        if self.listening.stop():
            return
        item = self._item()
        if item is not None and self.session is not None:
            self._play(self.session, item, on)

    @work(thread=True, exclusive=True, group="audio")
    def _play(self, session: ReviewSession, item: Item, on: bool) -> None:
        """Decode (once) and start playing, off the UI thread."""
        try:
            self.listening.play(self.listening.clip(session, item, on=on), self._played)
        except AudioError as error:
            self.app.call_from_thread(self._audio_failed, error)

    def _played(self, error: AudioError | None) -> None:
        """From the playing thread: say why it failed, if it did."""
        if error is not None:
            self.app.call_from_thread(self._audio_failed, error)

    def _audio_failed(self, error: AudioError) -> None:
        self.notify(f"Cannot play: {error}", severity="warning")

    def action_nudge(self, seconds: int) -> None:
        """Start this flag's next play a second earlier (``[``) or later (``]``); replay if playing."""
        item = self._item()
        if item is None or self.session is None:
            return
        self.listening.nudge(item, seconds * SHIFT_MS)
        if self.listening.playing:
            self.listening.stop()
            self._play(self.session, item, False)
        else:
            self.notify(f"Next play starts {self.listening.shift / 1000:+g} s from the segment.")

    def _level(self, session: ReviewSession, item: Item | None) -> None:
        """Show the level of a new current item's segment (none without audio)."""
        if item is self._level_for:
            return
        self._level_for = item
        self.query_one(Detail).show_level([])
        if item is not None and self.listening.audio_path(session, item.doc_id) is not None:
            self._measure(session, item)

    @work(thread=True, exclusive=True, group="level")
    def _measure(self, session: ReviewSession, item: Item) -> None:
        """Work out the segment's level off the UI thread (nothing when it cannot be had)."""
        try:
            levels = self.listening.level(session, item, 60)
        except AudioError:
            return
        self.app.call_from_thread(self._measured, item, levels)

    def _measured(self, item: Item, levels: list[float]) -> None:
        if item is self._level_for:
            self.query_one(Detail).show_level(levels)

    def action_help(self) -> None:
        """Show every key."""
        self.app.push_screen(HelpScreen())

    def action_quit(self) -> None:
        """Quit, after asking when some decisions are not yet written to a version."""
        unwritten = self.session.unwritten() if self.session else 0
        if not unwritten:
            self.app.exit()
            return

        def chosen(answer: str | None) -> None:
            if answer == "quit":
                self.app.exit()

        self.app.push_screen(
            ConfirmScreen(
                f"{plural(unwritten, 'decision')} not yet written to a version "
                "(w writes this document's, W every one). They are kept for next time. Quit anyway?",
                (("stay", "Stay"), ("quit", "Quit")),
            ),
            chosen,
        )
