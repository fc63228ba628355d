"""Audio beside a transcript: finding it, decoding it, cutting a segment's frames and
playing them in a background thread. Knows nothing of Textual; the screen drives it.

Decoding and output need the optional extra ``[audio]`` (miniaudio); without it,
``AudioError`` says so in one line.
"""

from workbench.audio.clip import Audio, AudioError, Clip, decode, envelope
from workbench.audio.finding import AUDIO_SUFFIXES, find_audio
from workbench.audio.player import DeviceSink, Player, Sink

__all__ = [
    "AUDIO_SUFFIXES",
    "Audio",
    "AudioError",
    "Clip",
    "DeviceSink",
    "Player",
    "Sink",
    "decode",
    "envelope",
    "find_audio",
]
