"""Fixtures for the store tests: corpus copies and a one-word change to write."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbench import formats
from workbench.model import Decision, Suggestion, Transcript

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A Whisper-text corpus file copied into its own folder."""
    folder = tmp_path / "sources"
    folder.mkdir()
    return Path(shutil.copy(CORPUS / "welinder-gpt4-launch.txt", folder))


@pytest.fixture
def store_root(tmp_path: Path) -> Path:
    """An empty store folder."""
    return tmp_path / "corrected"


FixFirst = Callable[[Transcript, str], tuple[Transcript, Decision]]


def _fix_first_segment(transcript: Transcript, new_text: str) -> tuple[Transcript, Decision]:
    """The transcript with segment 0 replaced, and the accepted decision that did it."""
    first = transcript.segments[0]
    suggestion = Suggestion(
        rule_id="test-rule",
        kind="replace",
        doc_id=transcript.doc_id,
        span=(0, 0),
        before=(first.text,),
        after=(new_text,),
        reason="a test",
        line=first.line,
        last_line=first.line,
    )
    decision = Decision(suggestion, "accepted", (new_text,), datetime(2024, 5, 1, tzinfo=UTC))
    changed = transcript.replace_segments((first.changed(text=new_text), *transcript.segments[1:]))
    return changed, decision


@pytest.fixture
def loaded(source: Path) -> Transcript:
    """The source read as a transcript."""
    return formats.load(source)


@pytest.fixture
def fix_first() -> FixFirst:
    """Replace segment 0's text: returns the new transcript and its accepted decision."""
    return _fix_first_segment
