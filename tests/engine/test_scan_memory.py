"""A scan lets go of its transcript: what the checks share while they run (the blocks,
the coded words) is dropped when the scan is done, so a large file's segments are not
kept alive for the garbage collector to walk once it runs again (``collector_paused``)."""

from __future__ import annotations

import gc
import weakref

from tests.conftest import make_transcript
from workbench.engine import Engine
from workbench.ruleset import load_rule_set


class _Marker:
    """Something a transcript holds, whose life a weak reference can watch."""


def test_neither_scan_nor_fix_keeps_the_transcript_alive() -> None:
    engine = Engine(load_rule_set())
    marker = _Marker()
    texts = ["we we went to open ai", "to see chat gpt", "to see chat gpt", "teh end."]
    transcript = make_transcript(texts).changed(extra=marker)
    assert engine.flags(transcript).suggestions
    assert engine.fix(transcript).count
    alive = weakref.ref(marker)
    del transcript, marker
    gc.collect()
    assert alive() is None
