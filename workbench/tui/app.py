"""The review application: one screen of flags, opened on a session built off the UI thread."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

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

    def on_mount(self) -> None:
        """Show the review screen; it loads the documents in a worker."""
        self.push_screen(ReviewScreen(self.open_session, self.learned_path, Listening(self.audio)))
