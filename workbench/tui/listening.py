"""What the review screen's audio keys do: which file, which frames, playing and stopping.

The screen calls these methods (from workers, since decoding takes time) and
shows what they return; playback itself is ``workbench.audio.Player``'s thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.audio import Audio, AudioError, Clip, DeviceSink, Player, Sink, decode, envelope
from workbench.audio import find_audio as _find_audio
from workbench.review.session import Item, ReviewSession

SHIFT_MS = 1000
"""How far ``[`` and ``]`` move the start of the segment for the next play."""


@dataclass
class AudioOptions:
    """Where the audio is (``--audio FILE`` / ``--audio-dir DIR``, else beside each
    source), how much lead-in and lead-out to play, and where the sound goes."""

    audio_file: Path | None = None
    audio_dir: Path | None = None
    lead: float = 0.3
    sink: Callable[[], Sink] = field(default=DeviceSink)
    """Makes the output for each play (a fake in tests)."""


class Listening:
    """Audio for the items of one review session: found, decoded once, played on demand."""

    def __init__(self, options: AudioOptions) -> None:
        self.options = options
        self._paths: dict[str, Path | None] = {}
        self._opened: dict[Path, Audio | AudioError] = {}
        self._player: Player | None = None
        self.shift = 0
        """Milliseconds added to the start of the segment for the next play (``[``/``]``)."""
        self._shifted_for: object = None

    def audio_path(self, session: ReviewSession, doc_id: str) -> Path | None:
        """The audio file of a document, or None (looked for once per document)."""
        if doc_id not in self._paths:
            self._paths[doc_id] = _find_audio(
                session.documents[doc_id].source,
                audio_file=self.options.audio_file,
                audio_dir=self.options.audio_dir,
            )
        return self._paths[doc_id]

    def times(self, session: ReviewSession, item: Item) -> tuple[int, int] | None:
        """Start and end (ms) of the item's first to last segment; None when untimed."""
        _, inside, _ = session.context(item)
        if not inside or inside[0].start is None or inside[-1].end is None:
            return None
        return inside[0].start, inside[-1].end

    def audio(self, session: ReviewSession, doc_id: str) -> Audio:
        """The document's audio (opened once); ``AudioError`` saying why not."""
        path = self.audio_path(session, doc_id)
        if path is None:
            raise AudioError(f"no audio for {doc_id}: put {doc_id}.wav beside it, or use --audio")
        if path not in self._opened:
            try:
                self._opened[path] = decode(path)
            except AudioError as error:
                self._opened[path] = error
        found = self._opened[path]
        if isinstance(found, AudioError):
            raise found
        return found

    def clip(self, session: ReviewSession, item: Item, *, on: bool = False) -> Clip:
        """The item's frames with lead (shifted by ``shift``); with ``on``, to the end of the file."""
        times = self.times(session, item)
        if times is None:
            raise AudioError("this flag has no times to play")
        if self._shifted_for != item.key:
            self.shift, self._shifted_for = 0, item.key
        audio = self.audio(session, item.doc_id)
        start, end = max(0, times[0] + self.shift), times[1]
        if on:
            end = audio.frames * 1000 // audio.rate
        return audio.clip(start, max(start, end), self.options.lead)

    def play(self, clip: Clip, on_done: Callable[[AudioError | None], None]) -> None:
        """Play ``clip`` in the background (stopping what plays)."""
        self.stop()
        self._player = Player(self.options.sink(), on_done)
        self._player.play(clip)

    @property
    def playing(self) -> bool:
        """True while something plays."""
        return self._player is not None and self._player.playing

    def stop(self) -> bool:
        """Stop playing; True when something was playing."""
        player, self._player = self._player, None
        if player is None:
            return False
        was = player.playing
        player.stop()
        return was

    def nudge(self, item: Item, milliseconds: int) -> None:
        """Move the start of ``item`` for its next play by ``milliseconds``."""
        if self._shifted_for != item.key:
            self.shift, self._shifted_for = 0, item.key
        self.shift += milliseconds

    def level(self, session: ReviewSession, item: Item, width: int) -> list[float]:
        """The level envelope of the item's segment (without lead), ``width`` values."""
        times = self.times(session, item)
        if times is None:
            return []
        return envelope(self.audio(session, item.doc_id).clip(*times, lead=0), width)
