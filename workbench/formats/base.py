"""The base class of a transcript format.

To add a format: write one module in ``workbench/formats/`` with a subclass of
``Format`` (set ``name``, ``extensions``, ``timed``; implement ``sniff``,
``parse`` and ``render_segment``), then add one line to ``FORMATS`` in
``workbench/formats/__init__.py``. Formats turn strings into transcripts and
back; only ``load``/``save`` in ``__init__`` touch paths.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from workbench.model import Segment, Transcript


class Format(ABC):
    """One transcript format: a reader and a byte-preserving writer."""

    name: ClassVar[str]
    """The registered name (``whisper``, ``srt``, ...), as used by ``--to``."""
    extensions: ClassVar[tuple[str, ...]]
    """File name endings, without the dot; the first is used when writing."""
    timed: ClassVar[bool] = True
    """False for formats that carry no times (caption scrapes, plain text)."""

    @classmethod
    @abstractmethod
    def sniff(cls, text: str) -> bool:
        """True when ``text`` looks like this format (content, not file name)."""

    @abstractmethod
    def parse(self, text: str, *, doc_id: str, origin: str) -> Transcript:
        """Read a whole file's decoded text; ``origin`` names the file in errors."""

    @abstractmethod
    def dumps(self, transcript: Transcript) -> str:
        """Write a transcript: unchanged segments of this format keep their bytes."""

    @staticmethod
    def keeps_bytes(transcript: Transcript, segment: Segment, name: str) -> bool:
        """True when ``segment`` can be written back as its source block."""
        return transcript.format == name and segment.unchanged
