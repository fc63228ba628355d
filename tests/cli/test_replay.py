"""``replay DOC --onto NEW_FILE``: review decisions carried to a re-transcription that
shifts the times by 0.3 s, inserts a segment and changes words."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from workbench import formats
from workbench.cli.app import main
from workbench.engine import Engine
from workbench.model import Verdict
from workbench.review.db import ReviewDB
from workbench.ruleset import load_rule_set
from workbench.store import Store

RULES = (
    "rules:\n"
    "  - {id: gpt-4, kind: term, canonical: GPT-4, variants: [Dppd4, gpd 4]}\n"
    "  - {id: chatgpt, kind: term, canonical: ChatGPT, variants: [ChatGBT]}\n"
    "  - {id: welinder, kind: term, canonical: Peter Welinder, variants: [Peter Wellender]}\n"
    "  - {id: moat, kind: replace, pattern: mode, replace: moat}\n"
)
OLD = [
    ("00:00:01,000", "00:00:03,000", "We built this with Dppd4 last year."),
    ("00:00:03,500", "00:00:06,000", "Then ChatGBT came out."),
    ("00:00:06,500", "00:00:09,000", "Peter Wellender joined the team."),
    ("00:00:09,500", "00:00:12,000", "The mode was strong."),
    ("00:00:12,500", "00:00:15,000", "We use gpd 4 daily."),
]
NEW = [  # 0.3 s later, "So" added, a cue inserted, "gpd 4" heard right this time
    ("00:00:01,300", "00:00:03,300", "So we built this with Dppd4 last year."),
    ("00:00:03,800", "00:00:06,300", "Then ChatGBT came out."),
    ("00:00:06,400", "00:00:06,700", "Right."),
    ("00:00:06,800", "00:00:09,300", "Peter Wellender joined the team."),
    ("00:00:09,800", "00:00:12,300", "The mode was strong."),
    ("00:00:12,800", "00:00:15,300", "We use GPT-4 daily."),
]
VERDICTS: dict[str, tuple[Verdict, str | None]] = {
    "We built this with Dppd4 last year.": ("accepted", None),
    "Then ChatGBT came out.": ("accepted", None),
    "Peter Wellender joined the team.": ("rejected", None),
    "The mode was strong.": ("edited", "The moat was very strong."),
    "We use gpd 4 daily.": ("accepted", None),
}


def _srt(cues: list[tuple[str, str, str]]) -> str:
    return "".join(f"{n}\n{a} --> {b}\n{text}\n\n" for n, (a, b, text) in enumerate(cues, 1))


def _txt(cues: list[tuple[str, str, str]]) -> str:
    return "".join(f"{text}\n" for _, _, text in cues)


def _review(old: Path, rules: Path, store: Path) -> None:
    """A reviewer's decisions on ``old``, one per flag, as the review screen stores them."""
    flags = Engine(load_rule_set([rules], use_default=False)).flags(formats.load(old))
    db = ReviewDB(Store(store).db_path)
    for flag in flags.suggestions:
        verdict, edit = VERDICTS[flag.before[0]]
        db.record([(flag, verdict, (edit,) if edit else flag.after)])
    db.close()


@pytest.fixture(params=["srt", "txt"])
def setup(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """A reviewed document and its re-transcription (timed SRT, or untimed text), and
    the common arguments."""
    render = _srt if request.param == "srt" else _txt
    old = tmp_path / f"talk.{request.param}"
    old.write_text(render(OLD), encoding="utf-8")
    new = tmp_path / f"talk-v2.{request.param}"
    new.write_text(render(NEW), encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(RULES, encoding="utf-8")
    store = tmp_path / "store"
    _review(old, rules, store)
    args = ["--no-default-rules", "--rules", str(rules), "--store", str(store)]
    return old, new, args


def test_replay_carries_what_still_applies_and_lists_the_rest(
    setup: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, args = setup
    store = Path(args[-1])
    assert main(["replay", str(old), "--onto", str(new), *args]) == 0
    out = capsys.readouterr().out.splitlines()
    timed = new.suffix == ".srt"
    assert out[0] == (
        f"talk v000 → {new}: 4 of 5 decisions carried (2 accepted, 1 edited, 1 rejected), "
        "1 found nothing to apply to:"
    )
    assert (
        out[1]
        == f"  line {19 if timed else 5} (gpt-4, accepted): 'gpd 4' is not in line {23 if timed else 6}"
    )
    version = formats.load(store / "talk-v2" / f"v001{new.suffix}")
    assert [s.text for s in version.segments] == [
        "So we built this with GPT-4 last year.",
        "Then ChatGPT came out.",
        "Right.",
        "Peter Wellender joined the team.",
        "The moat was very strong.",
        "We use GPT-4 daily.",
    ]
    if timed:  # the new file's own times, untouched
        assert [s.start for s in version.segments][:3] == [1300, 3800, 6400]
    manifest = json.loads((store / "talk-v2" / "v001.json").read_text(encoding="utf-8"))
    assert manifest["origin"] == {"document": "talk", "version": 0}
    assert [(c["rule"], c["verdict"]) for c in manifest["changes"]] == [
        ("gpt-4", "accepted"),
        ("chatgpt", "accepted"),
        ("moat", "edited"),
    ]
    assert (
        out[2]
        == f"{new} → {store / 'talk-v2' / ('v001' + new.suffix)} (3 changes, origin talk v000)"
    )
    # The rejection is kept as a rejection of the rules' same flag on the new document.
    with sqlite3.connect(store / ".workbench.db") as db:
        rows = db.execute("SELECT doc, segment, rule, verdict FROM decisions WHERE doc = 'talk-v2'")
        assert rows.fetchall() == [("talk-v2", 3, "welinder", "rejected")]


def test_replay_onto_a_document_with_versions_is_refused(
    setup: tuple[Path, Path, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, args = setup
    assert main(["replay", str(old), "--onto", str(new), *args]) == 0
    capsys.readouterr()
    assert main(["replay", str(old), "--onto", str(new), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        f"workbench: error: {new}: document talk-v2 has versions already; "
        "replay writes a document's first version"
    )


class _Terminal:
    """Standard input and output that say they are a terminal."""

    def __init__(self, stream: object) -> None:
        self._stream = stream

    def isatty(self) -> bool:
        return True

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def test_review_from_replays_before_the_screen_opens(
    setup: tuple[Path, Path, list[str]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workbench.tui import ReviewApp

    old, new, args = setup
    store = Path(args[-1])
    opened: list[bool] = []
    monkeypatch.setattr(ReviewApp, "run", lambda self: opened.append(True))
    monkeypatch.setattr(sys, "stdin", _Terminal(sys.stdin))
    monkeypatch.setattr(sys, "stdout", _Terminal(sys.stdout))
    assert main(["review", str(new), "--from", str(old), *args]) == 0
    assert opened == [True]
    assert "4 of 5 decisions carried" in capsys.readouterr().out
    assert (store / "talk-v2" / f"v001{new.suffix}").is_file()
