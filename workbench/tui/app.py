"""The review application: one screen of flags, opened on a session built off the UI thread."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App

from workbench.errors import WorkbenchError
from workbench.review.session import SessionFactory
from workbench.tui.listening import AudioOptions, Listening
from workbench.tui.screen import ReviewScreen


class ReviewApp(App[None]):
    """Review flagged places in transcripts and write corrected versions."""

    CSS_PATH = "workbench.tcss"
    TITLE = "transcript workbench"

    def __init__(
        self, open_session: SessionFactory, learned_path: Path, audio: AudioOptions | None = None
    ) -> None:
        super().__init__()
        self.open_session = open_session
        self.learned_path = learned_path
        self.audio = audio or AudioOptions()
        self.failure: WorkbenchError | None = None
        """Why the review could not open, if it could not: the command reports it (exit 2)."""

    def on_mount(self) -> None:
        """Show the review screen; it loads the documents in a worker."""
        self.push_screen(ReviewScreen(self.open_session, self.learned_path, Listening(self.audio)))

    @on(ReviewScreen.Failed)
    def _failed(self, message: ReviewScreen.Failed) -> None:
        """End the app because the review cannot open; the command then reports why."""
        self.failure = message.error
        self.exit(return_code=2)
