"""Shared fixtures: small transcripts and rule sets built from model objects."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime

import pytest

from workbench.engine import Engine, apply_decisions
from workbench.model import Decision, Segment, Suggestion, Transcript
from workbench.ruleset import RuleSet, parse_rule


@pytest.fixture(autouse=True, scope="session")
def _cache_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The disk cache (``workbench.diskcache``) of the test run, subprocesses too: a
    folder of its own, never the user's ``~/.cache``."""
    before = os.environ.get("WORKBENCH_CACHE_DIR")
    os.environ["WORKBENCH_CACHE_DIR"] = str(tmp_path_factory.mktemp("workbench-cache"))
    yield
    if before is None:
        del os.environ["WORKBENCH_CACHE_DIR"]
    else:
        os.environ["WORKBENCH_CACHE_DIR"] = before


def make_transcript(
    texts: Sequence[str], *, timed: bool = True, fmt: str = "whisper"
) -> Transcript:
    """A transcript of ``texts``, one segment each, 2 s apart when timed."""
    segments = tuple(
        Segment(
            i, i * 2000 if timed else None, i * 2000 + 1500 if timed else None, text, line=i + 1
        )
        for i, text in enumerate(texts)
    )
    return Transcript(doc_id="doc", format=fmt, segments=segments)


def rule_set(*rules: dict[str, object]) -> RuleSet:
    """A rule set of these rule mappings, in order."""
    return RuleSet(tuple(parse_rule(rule) for rule in rules))  # type: ignore[misc]


def accept_all(transcript: Transcript, suggestions: Sequence[Suggestion]) -> Transcript:
    """The transcript with every suggestion applied as it was proposed."""
    now = datetime.now(UTC)
    return apply_decisions(transcript, [Decision(s, "auto", s.after, now) for s in suggestions])


@pytest.fixture
def fix() -> Callable[..., list[str]]:
    """Run rules over segment texts and return the texts after accepting everything."""

    def run(
        rules: Sequence[dict[str, object]], texts: Sequence[str], **options: object
    ) -> list[str]:
        transcript = make_transcript(texts, **options)  # type: ignore[arg-type]
        found = Engine(rule_set(*rules)).scan(transcript).suggestions
        return [seg.text for seg in accept_all(transcript, found).segments]

    return run


@pytest.fixture
def transcript_of() -> Callable[..., Transcript]:
    """``make_transcript`` as a fixture."""
    return make_transcript


@pytest.fixture
def rules_of() -> Callable[..., RuleSet]:
    """``rule_set`` as a fixture."""
    return rule_set


@pytest.fixture
def accept() -> Callable[[Transcript, Sequence[Suggestion]], Transcript]:
    """``accept_all`` as a fixture."""
    return accept_all
