"""Kind ``confidence``: unsure word runs from Whisper, WhisperX and a cloud recogniser's
JSON; flags that propose nothing and compete with nothing; the shipped rule; and review,
where accepting such a flag writes no version and unchanged segments keep their words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.formats.conftest import FIXTURES
from workbench import formats
from workbench.checks.confidence import ConfidenceRule
from workbench.cli.app import main
from workbench.documents import open_latest
from workbench.engine import Engine
from workbench.model import Suggestion, Transcript
from workbench.review.db import ReviewDB
from workbench.review.session import ReviewSession
from workbench.ruleset import RuleSet, load_rule_set, parse_rule
from workbench.store import Store

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "formats" / "files"

UNSURE = {"id": "unsure", "kind": "confidence"}

# (text, probability) per word; the segment's text is the words joined.
TALK = [
    [
        (" We", 0.99),
        (" met", 0.95),
        (" Mina", 0.31),
        (" at", 0.98),
        (" the", 0.40),
        (" lab.", 0.45),
    ],
    [(" She", 0.97), (" works", 0.96), (" on", 0.99), (" Lambda.", 0.93)],
]


def whisper_json(segments: list[list[tuple[str, float]]], key: str = "probability") -> Any:
    """Whisper's JSON (``key``: ``probability``) or WhisperX's (``score``), a second a word."""
    out = []
    at = 0.0
    for index, words in enumerate(segments):
        start = at
        items = []
        for word, p in words:
            items.append({"word": word, "start": at, "end": at + 1, key: p})
            at += 1
        text = "".join(word for word, _ in words)
        out.append({"id": index, "start": start, "end": at, "text": text, "words": items})
    return {"text": "".join(s["text"] for s in out), "segments": out, "language": "en"}


def write(tmp_path: Path, data: Any, name: str = "talk.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def flags(transcript: Transcript, *rules: dict[str, object]) -> list[Suggestion]:
    rule_set = RuleSet(tuple(parse_rule(rule) for rule in rules or (UNSURE,)))  # type: ignore[arg-type]
    return list(Engine(rule_set).scan(transcript).suggestions)


def test_whisper_probabilities_flag_each_segment_s_unsure_runs(tmp_path: Path) -> None:
    transcript = formats.load(write(tmp_path, whisper_json(TALK)))
    (flag,) = flags(transcript)
    assert flag.kind == "confidence" and flag.span == (0, 0)
    # Runs of words next to each other, punctuation left out of the quote.
    assert flag.reason == "ASR unsure: 'Mina' p=0.31; 'the lab' p=0.40, 0.45"
    # A flag to check by ear: no change proposed; its edits only mark the words.
    assert flag.after == flag.before == (transcript.segments[0].text,)
    text = transcript.segments[0].text
    assert [text[e.start : e.end] for e in flag.edits] == ["Mina", "the lab"]
    assert flag.confidence == pytest.approx(0.69) and not flag.auto


def test_threshold_is_set_per_rule(tmp_path: Path) -> None:
    transcript = formats.load(write(tmp_path, whisper_json(TALK)))
    (flag,) = flags(transcript, {**UNSURE, "threshold": 0.35})
    assert flag.reason == "ASR unsure: 'Mina' p=0.31"
    assert len(flags(transcript, {**UNSURE, "threshold": 0.95})) == 2


def test_whisperx_scores_and_words_without_a_score(tmp_path: Path) -> None:
    data = whisper_json([[(" It", 0.9), (" costs", 0.2), (" 20", 0.1), (" dollars", 0.8)]], "score")
    del data["segments"][0]["words"][2]["score"]  # WhisperX gives numbers no score
    transcript = formats.load(write(tmp_path, data))
    assert transcript.format == "whisper-json"
    (flag,) = flags(transcript)
    assert flag.reason == "ASR unsure: 'costs' p=0.20"


def test_a_cloud_recogniser_s_words_flag_but_never_masks_or_punctuation(tmp_path: Path) -> None:
    # AWS Transcribe (as its documentation shows it): "GPD" p=0.412, "four" 0.633, "***" 0.87.
    (flag,) = flags(formats.load(FIXTURES / "meeting.aws.json"))
    assert flag.reason == "ASR unsure: 'GPD' p=0.41"

    def item(content: str, confidence: str, start: float | None = None) -> dict[str, Any]:
        kind = "pronunciation" if start is not None else "punctuation"
        out: dict[str, Any] = {
            "type": kind,
            "alternatives": [{"confidence": confidence, "content": content}],
        }
        if start is not None:
            out.update(start_time=str(start), end_time=str(start + 0.5))
        return out

    items = [item("***", "0.1", 0.0), item("okay", "0.9", 0.5), item(".", "0.0")]
    data = {
        "status": "COMPLETED",
        "results": {"transcripts": [{"transcript": "*** okay."}], "items": items},
    }
    assert flags(formats.load(write(tmp_path, data))) == []


def test_real_whisper_output_is_flagged_where_whisper_was_unsure() -> None:
    transcript = formats.load(SHARED / "tutorial_python-list-comprehension_whisper.json")
    found = flags(transcript)
    words = [w for seg in transcript.segments for w in seg.words]
    unsure = [w for w in words if w.confidence is not None and w.confidence < 0.5]
    assert found and sum(len(f.edits) for f in found) <= len(unsure)
    for flag in found:
        segment = transcript.segments[flag.span[0]]
        assert all(w.confidence is not None for w in segment.words)
        assert any(w.confidence < 0.5 for w in segment.words if w.confidence is not None)


def test_formats_without_word_confidence_give_nothing(tmp_path: Path) -> None:
    source = write(tmp_path, "", "clip.srt")
    source.write_text("1\n00:00:01,000 --> 00:00:03,000\nwe met Mina\n", encoding="utf-8")
    assert flags(formats.load(source)) == []


def test_a_flag_to_hear_does_not_compete_with_a_fix_of_the_same_word(tmp_path: Path) -> None:
    transcript = formats.load(write(tmp_path, whisper_json(TALK)))
    term = {"id": "meena", "kind": "term", "canonical": "Meena", "variants": ["Mina"]}
    found = flags(transcript, UNSURE, term)
    assert sorted(s.rule_id for s in found) == ["meena", "unsure"]


def test_the_shipped_rule_is_on_review_only_and_in_the_schema(tmp_path: Path) -> None:
    (rule,) = [r for r in load_rule_set([]).rules if r.kind == "confidence"]
    assert isinstance(rule, ConfidenceRule)
    assert rule.enabled and not rule.auto and rule.threshold == 0.5
    schema = json.loads((Path(__file__).resolve().parents[2] / "rules" / "schema.json").read_text())
    assert schema["$defs"]["ConfidenceRule"]["properties"]["threshold"]["default"] == 0.5
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.yaml").write_text("rules:\n  - {id: ear, kind: confidence, threshold: 0.3}\n")
    assert main(["rules", "check", str(folder)]) == 0
    (folder / "r.yaml").write_text("rules:\n  - {id: ear, kind: confidence, auto: true}\n")
    assert main(["rules", "check", str(folder)]) == 1
    (folder / "r.yaml").write_text("rules:\n  - {id: ear, kind: confidence, threshold: 1.5}\n")
    assert main(["rules", "check", str(folder)]) == 1


def test_apply_all_makes_no_version_of_flags_that_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, whisper_json(TALK))
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text("rules:\n  - {id: unsure, kind: confidence}\n")
    store = tmp_path / "store"
    args = ["--store", str(store), "--no-default-rules", "--rules", str(rules), str(source)]
    assert main(["scan", *args]) == 0
    assert "unsure" in capsys.readouterr().out
    assert main(["apply", "--all", *args]) == 0
    assert not (store / "talk").exists() or not list((store / "talk").glob("v*"))


def _session(tmp_path: Path, source: Path) -> tuple[ReviewSession, Store]:
    """A review of ``source`` with the shipped rules (Mina → Meena and Lambda → LaMDA among them)."""
    store = Store(tmp_path / "store")
    session = ReviewSession(
        ReviewDB(store.db_path), store, [open_latest(source, store)], lambda: load_rule_set([])
    )
    return session, store


def test_accepting_a_flag_to_hear_writes_no_version(tmp_path: Path) -> None:
    session, store = _session(tmp_path, write(tmp_path, whisper_json(TALK)))
    # Sorted with the others by position: Meena and the unsure words in segment 0, LaMDA in 1.
    assert [session.items[i].suggestion.rule_id for i in session.visible] == [
        "meena",
        "unsure-words",
        "lamda",
    ]
    session.go(1)
    session.accept()
    assert session.unwritten() == 0
    result = session.write_version("talk")
    assert result.path is None and "no version written" in result.message
    assert not (store.root / "talk").exists() or not list((store.root / "talk").glob("v*"))
    assert session.verdict_of(session.items[session.visible[1]]) == "accepted"


def test_a_version_keeps_the_words_of_its_unchanged_segments(tmp_path: Path) -> None:
    source = write(tmp_path, whisper_json(TALK))
    session, _store = _session(tmp_path, source)
    session.go(1)
    session.accept()  # the unsure words: nothing to write
    session.accept()  # Lambda → LaMDA in segment 1
    result = session.write_version("talk")
    assert result.path is not None
    written = formats.load(result.path)
    original = formats.load(source)
    assert written.segments[1].text.strip() == "She works on LaMDA."
    # Segment 0 is unchanged: its words, times and confidences are all there.
    assert [(w.text, w.start, w.end, w.confidence) for w in written.segments[0].words] == [
        (w.text, w.start, w.end, w.confidence) for w in original.segments[0].words
    ]
    # ... so the version is flagged for the same words, and that flag's decision was settled.
    (flag,) = [item for item in session.items if item.suggestion.kind == "confidence"]
    assert session.verdict_of(flag) == "accepted" and session.unwritten() == 0


def test_accepting_any_flag_without_a_fix_writes_no_version(tmp_path: Path) -> None:
    # 30 characters in 1 s with the next cue right after: a timing flag with no fix.
    source = write(tmp_path, "", "clip.srt")
    source.write_text(
        "1\n00:00:00,000 --> 00:00:01,000\nthirty characters of text here\n\n"
        "2\n00:00:01,000 --> 00:00:02,500\na cue of fine length\n",
        encoding="utf-8",
    )
    session, store = _session(tmp_path, source)
    item = session.current
    assert item is not None and "no fix proposed" in item.suggestion.reason
    session.accept()
    assert session.unwritten() == 0
    assert session.write_version("clip").path is None
    assert not (store.root / "clip").exists() or not list((store.root / "clip").glob("v*"))


def test_a_cloud_recogniser_s_version_keeps_the_words_of_unchanged_segments(
    tmp_path: Path,
) -> None:
    source = tmp_path / "meeting.json"
    source.write_bytes((FIXTURES / "meeting.aws.json").read_bytes())
    session, _store = _session(tmp_path, source)
    assert session.accept_all("gpt-4", "meeting") == 1  # GPD four → GPT-4 in segment 0
    result = session.write_version("meeting")
    assert result.path is not None
    written, original = formats.load(result.path), formats.load(source)
    assert written.format == "aws" and "GPT-4" in written.segments[0].text
    assert [(w.text, w.start, w.end, w.confidence) for w in written.segments[1].words] == [
        (w.text, w.start, w.end, w.confidence) for w in original.segments[1].words
    ]
