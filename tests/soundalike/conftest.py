"""Helpers for the sound-alike tests: transcripts from texts, rule sets from dicts."""

from __future__ import annotations

from pathlib import Path

from workbench.checks import RuleModel
from workbench.engine import Engine
from workbench.model import Segment, Suggestion, Transcript
from workbench.ruleset import RuleSet
from workbench.ruleset.models import parse_rule

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "rules" / "glossary.txt"
DATA = ROOT / "tests" / "data" / "glossary"


def transcript(*texts: str, doc_id: str = "doc") -> Transcript:
    """A transcript with one segment per text, on lines 1, 2, ..."""
    segments = tuple(
        Segment(index=i, start=None, end=None, text=text, line=i + 1)
        for i, text in enumerate(texts)
    )
    return Transcript(doc_id=doc_id, format="txt", segments=segments)


def rule(**fields: object) -> RuleModel:
    """A parsed rule (a glossary rule over the shipped glossary unless told otherwise)."""
    data = {"id": "names", "kind": "glossary", "file": str(GLOSSARY), **fields}
    parsed = parse_rule(data)
    assert isinstance(parsed, RuleModel)
    return parsed


def scan(text: Transcript, *rules: RuleModel) -> list[Suggestion]:
    """What an engine over ``rules`` (a shipped-glossary rule by default) flags."""
    return list(Engine(RuleSet(rules or (rule(),))).scan(text).suggestions)


def term_rule(**fields: object) -> RuleModel:
    """A parsed ``term`` rule (as learned in review, or written with ``fuzzy: true``)."""
    parsed = parse_rule({"kind": "term", **fields})
    assert isinstance(parsed, RuleModel)
    return parsed
