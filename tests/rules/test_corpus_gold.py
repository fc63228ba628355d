"""The shipped rule pack against the hand-annotated corpus errors (tests/data/corpus-gold.jsonl).

Each annotation is one misheard name or term: the file, the 1-based line, the
text as it appears there (``part1\\npart2`` when it runs over a segment
boundary), the correct form, and whether batch mode may fix it unattended.
The pack must flag every annotation, fix every ``auto`` one in batch, and make
no batch change on a line nobody annotated.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from workbench import formats
from workbench.engine import Engine, apply_decisions, canonical_words
from workbench.model import Decision, Suggestion, Transcript
from workbench.rulecheck import example_failures
from workbench.ruleset import load_rule_set

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "corpus-gold.jsonl"
RULES = ROOT / "rules"
AI_TERMS = RULES / "ai-terms.yaml"
GLOSSARY = RULES / "glossary.txt"
WORKBENCH = Path(sys.executable).with_name("workbench")


@dataclass(frozen=True)
class Annotation:
    """One misheard name or term in the corpus."""

    file: str
    line: int
    wrong: str
    right: str
    auto: bool

    @property
    def lines(self) -> range:
        """The file lines the wrong text covers (two when it runs over a boundary)."""
        return range(self.line, self.line + self.wrong.count("\n") + 1)

    def __str__(self) -> str:
        return f"{Path(self.file).stem}:{self.line}:{self.wrong!r}"


def _read_gold() -> list[Annotation]:
    with GOLD.open(encoding="utf-8") as handle:
        return [Annotation(**json.loads(line)) for line in handle if line.strip()]


ANNOTATIONS = _read_gold()
FILES = sorted({a.file for a in ANNOTATIONS})


def _words(text: str) -> str:
    """Text with its whitespace (including segment boundaries) collapsed to single spaces."""
    return " ".join(text.split())


@cache
def _engine() -> Engine:
    return Engine(load_rule_set())


@cache
def _scan(file: str) -> tuple[Transcript, tuple[Suggestion, ...]]:
    transcript = formats.load(ROOT / file)
    return transcript, _engine().scan(transcript).suggestions


@cache
def _applied(file: str) -> Transcript:
    """The transcript after batch mode: every ``auto`` suggestion applied."""
    transcript, suggestions = _scan(file)
    now = datetime.now(UTC)
    decisions = [Decision(s, "auto", s.after, now) for s in suggestions if s.auto]
    return apply_decisions(transcript, decisions)


def _flags_for(annotation: Annotation) -> Iterator[Suggestion]:
    """Flags on the annotation's line whose original holds the wrong text and whose fix the right one."""
    _, suggestions = _scan(annotation.file)
    for suggestion in suggestions:
        first = suggestion.line
        if first is None or not first <= annotation.line <= (suggestion.last_line or first):
            continue
        if _words(annotation.wrong) in _words(suggestion.original) and _words(
            annotation.right
        ) in _words(suggestion.suggestion):
            yield suggestion


def test_gold_file_matches_the_corpus() -> None:
    """Every annotation's wrong text is on its line(s), once per (file, line, text)."""
    assert len(ANNOTATIONS) >= 100
    keys = [(a.file, a.line, a.wrong) for a in ANNOTATIONS]
    assert len(keys) == len(set(keys))
    texts = {file: (ROOT / file).read_text(encoding="utf-8").split("\n") for file in FILES}
    for annotation in ANNOTATIONS:
        assert annotation.wrong != annotation.right, annotation
        for number, part in zip(annotation.lines, annotation.wrong.split("\n"), strict=True):
            assert part in texts[annotation.file][number - 1], f"{annotation}: not on line {number}"


@pytest.mark.parametrize("annotation", ANNOTATIONS, ids=str)
def test_scan_flags_the_annotation(annotation: Annotation) -> None:
    """The pack flags each annotated error with the right form, as batch-safe only if annotated so."""
    flags = list(_flags_for(annotation))
    assert flags, f"{annotation} is not flagged with {annotation.right!r}"
    assert any(flag.auto for flag in flags) == annotation.auto


@pytest.mark.parametrize("file", FILES)
def test_apply_fixes_every_auto_annotation(file: str) -> None:
    """After batch mode each ``auto`` annotation's lines hold the right form, not the wrong one."""
    after = _applied(file)
    # Segments keep the line they were read from; one a fix emptied is gone.
    by_line = {seg.line: seg.text for seg in after.segments}
    for annotation in (a for a in ANNOTATIONS if a.file == file and a.auto):
        fixed = _words(" ".join(by_line.get(number, "") for number in annotation.lines))
        assert _words(annotation.right) in fixed, annotation
        if annotation.wrong not in annotation.right:
            assert _words(annotation.wrong) not in fixed, annotation


@pytest.mark.parametrize("file", FILES)
def test_apply_changes_only_annotated_lines(file: str) -> None:
    """Batch mode leaves every line nobody annotated as it was; only a segment that
    an annotated fix emptied (a term's tail over a segment boundary) is removed."""
    before, _ = _scan(file)
    after = _applied(file)
    annotated = {n for a in ANNOTATIONS if a.file == file for n in a.lines}
    by_line = {seg.line: seg.text for seg in after.segments}
    removed = {old.line for old in before.segments} - by_line.keys()
    assert removed <= annotated, f"unannotated segments removed: {sorted(removed)}"
    changed = {
        old.line or 0
        for old in before.segments
        if old.line in by_line and by_line[old.line] != old.text
    }
    assert changed, "batch mode fixed nothing"
    assert changed <= annotated, f"unannotated lines changed: {sorted(changed - annotated)}"


@pytest.mark.parametrize("file", FILES)
def test_batch_fixes_are_not_flagged_again(file: str) -> None:
    """A second batch run over the fixed corpus finds nothing left to fix unattended."""
    fixed = _applied(file)
    again = _engine().scan(fixed).suggestions
    assert [(s.rule_id, s.line, s.original) for s in again if s.auto] == []


def test_ai_terms_examples_hold() -> None:
    """Every rule of rules/ai-terms.yaml has examples, and each one holds."""
    pack = load_rule_set()
    mine = [rule for rule in pack.rules if pack.sources[rule.id] == AI_TERMS]
    assert len(mine) >= 40
    vocabulary = canonical_words(pack.rules)
    for rule in mine:
        assert rule.examples, f"{rule.id} has no example"
        assert example_failures(rule, vocabulary) == [], rule.id


def test_glossary_holds_every_right_form() -> None:
    """The sound-alike glossary lists each canonical form the annotations use, once."""
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    terms = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert 40 <= len(terms) <= 100
    assert len(terms) == len(set(terms))
    assert {a.right for a in ANNOTATIONS} <= set(terms)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the ``workbench`` command as a user would."""
    return subprocess.run(
        [str(WORKBENCH), *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def cli_flags(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """``workbench scan corpus/ --json`` run in the repository, with an empty store
    (the repository's own ``corrected/`` may hold versions from trying the tool)."""
    store = tmp_path_factory.mktemp("store")
    done = _run("scan", "corpus/", "--json", "--store", str(store), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    flags: list[dict[str, object]] = json.loads(done.stdout)
    return flags


def test_cli_scan_flags_every_annotation(cli_flags: list[dict[str, object]]) -> None:
    """The command line's JSON flags name each annotation's file and line, wrong and right text."""
    missed = []
    for a in ANNOTATIONS:
        found = [
            flag
            for flag in cli_flags
            if flag["file"] == a.file
            and isinstance(first := flag["line"], int)
            and first <= a.line <= int(str(flag["last_line"] or first))
            and _words(a.wrong) in _words(str(flag["original"]))
            and _words(a.right) in _words(str(flag["suggestion"]))
        ]
        if not found or any(flag["auto"] for flag in found) != a.auto:
            missed.append(str(a))
    assert missed == []


def _aligned(source: Transcript, version: Transcript) -> tuple[dict[int, str], set[int]]:
    """Each source line's text in the version, and the lines that changed.

    The version's segments are aligned with the source's by text, since a fix
    may remove a segment it emptied (and renumber the lines after it).
    """
    matcher = difflib.SequenceMatcher(
        a=[s.text for s in source.segments], b=[s.text for s in version.segments], autojunk=False
    )
    by_line: dict[int, str] = {}
    changed: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        new_text = " ".join(s.text for s in version.segments[j1:j2])
        for old in source.segments[i1:i2]:
            by_line[old.line or 0] = old.text if tag == "equal" else new_text
            if tag != "equal":
                changed.add(old.line or 0)
    return by_line, changed


def test_cli_apply_changes_exactly_the_auto_annotations(tmp_path: Path) -> None:
    """``workbench apply`` writes versions that fix the auto annotations and change no other segment."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    store = tmp_path / "store"
    done = _run("apply", "corpus/", "--store", str(store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for file in FILES:
        source = formats.load(ROOT / file)
        version = formats.load(store / Path(file).stem / "v001.txt")
        by_line, changed = _aligned(source, version)
        annotated = {n for a in ANNOTATIONS if a.file == file for n in a.lines}
        assert changed <= annotated, (
            f"{file}: unannotated lines changed: {sorted(changed - annotated)}"
        )
        for a in (a for a in ANNOTATIONS if a.file == file and a.auto):
            assert _words(a.right) in _words(" ".join(by_line[n] for n in a.lines)), a
