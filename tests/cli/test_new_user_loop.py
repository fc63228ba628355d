"""The rule-authoring loop as a new user meets it, end to end: tune a shipped rule
with one line, keep a term to its topic, see the acceptance rates after a review,
and carry a review to a re-transcription."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.tui.test_keys import open_group
from workbench import formats
from workbench.cli.app import main
from workbench.documents import open_latest
from workbench.review.db import ReviewDB
from workbench.review.session import ReviewSession
from workbench.ruleset import RuleSet, load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp
from workbench.tui.screen import ReviewScreen

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SCHULMAN = "schulman-chatgpt-origins.txt"


def _folder(path: Path, name: str, body: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / name).write_text(body, encoding="utf-8")
    return path


def _whisper(texts: list[str], shift_ms: int = 0) -> str:
    def stamp(ms: int) -> str:
        return f"00:00:{ms // 1000:02d}.{ms % 1000:03d}"

    return "".join(
        f"[{stamp(i * 2000 + shift_ms)} --> {stamp(i * 2000 + 1900 + shift_ms)}]   {text}\n"
        for i, text in enumerate(texts)
    )


def test_one_line_turns_off_auto_of_a_shipped_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = Path(shutil.copy(CORPUS / SCHULMAN, tmp_path / SCHULMAN))
    mine = _folder(tmp_path / "mine", "tune.yaml", "rules:\n  - {id: chatgpt, auto: false}\n")
    assert main(["apply", str(source), "--rules", str(mine), "--store", str(tmp_path / "a")]) == 0
    tuned = capsys.readouterr().out
    assert main(["apply", str(source), "--store", str(tmp_path / "b")]) == 0
    shipped = capsys.readouterr().out
    assert "  chatgpt " in shipped and "  chatgpt " not in tuned  # the per-rule counts
    version = tmp_path / "a" / source.stem / "v001.txt"
    assert "ChatGBT" in version.read_text(encoding="utf-8")  # left for review


def test_context_keeps_a_term_silent_on_an_off_topic_transcript(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = _folder(
        tmp_path / "mine",
        "topic.yaml",
        "rules:\n  - {id: gpt, variants+: [GPD], context: [OpenAI, language model]}\n",
    )
    ai = tmp_path / "ai.txt"
    ai.write_text(_whisper(["OpenAI shipped a model.", "GPD writes code."]), encoding="utf-8")
    garden = tmp_path / "garden.txt"
    garden.write_text(_whisper(["Spread GPD on the beds.", "Then water."]), encoding="utf-8")
    args = ["scan", "--json", "--rule", "gpt", "--rules", str(mine), "--store", str(tmp_path / "s")]
    assert main([*args, str(ai), str(garden)]) == 0
    flags = json.loads(capsys.readouterr().out)
    assert [(Path(f["file"]).name, f["suggestion"]) for f in flags] == [
        ("ai.txt", "GPT writes code.")
    ]


async def _review(
    sources: list[Path], store: Store, keys: list[str], group: str | None = None
) -> None:
    """A review session over ``sources`` with the shipped rules: ``keys`` pressed (on
    the first flag of ``group``'s expanded auto flags, when given)."""

    def load_rules() -> RuleSet:
        return load_rule_set([])

    def open_session(first_block: int | None = None) -> ReviewSession:
        documents = [open_latest(source, store) for source in sources]
        return ReviewSession(
            ReviewDB(store.db_path), store, documents, load_rules, first_block=first_block
        )

    app = ReviewApp(open_session, store.root / "learned.yaml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if group is not None:
            screen = app.screen
            assert isinstance(screen, ReviewScreen) and screen.session is not None
            await open_group(pilot, screen.session, group)
        await pilot.press(*keys)
        await pilot.pause()


async def test_rules_stats_after_a_review_session_shows_acceptance_rates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = Path(shutil.copy(CORPUS / SCHULMAN, tmp_path / SCHULMAN))
    store = Store(tmp_path / "corrected")
    # The first two ChatGPT fixes (an auto group): accept one, reject the other.
    await _review([source], store, ["a", "r"], group="chatgpt")
    assert main(["rules", "stats", str(source), "--json", "--store", str(store.root)]) == 0
    rows = {row["rule"]: row for row in json.loads(capsys.readouterr().out)}
    assert (rows["chatgpt"]["accepted"], rows["chatgpt"]["rejected"]) == (1, 1)
    assert rows["chatgpt"]["acceptance"] == 0.5 and rows["chatgpt"]["flags"] == 4
    assert main(["rules", "stats", str(source), "--store", str(store.root)]) == 0
    (row,) = [line for line in capsys.readouterr().out.splitlines() if line.startswith("chatgpt ")]
    assert row.split()[-1] == "50%"


async def test_a_review_is_replayed_onto_a_re_transcription(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "talk.txt"
    old.write_text(
        _whisper(["You led the creation of ChatGBT.", "It was a long road.", "Thanks."]),
        encoding="utf-8",
    )
    store = Store(tmp_path / "corrected")
    await _review([old], store, ["a", "w"])  # accept the ChatGPT fix and write v001
    new = tmp_path / "talk-large-v3.txt"
    new.write_text(
        _whisper(
            ["So you led the creation of ChatGBT.", "Right.", "It was a long road.", "Thanks."],
            shift_ms=300,
        ),
        encoding="utf-8",
    )
    assert main(["replay", "talk", "--onto", str(new), "--store", str(store.root)]) == 0
    assert capsys.readouterr().out.startswith(
        f"talk v001 → {new}: 1 of 1 decisions carried (1 accepted), 0 found nothing to apply to"
    )
    version = formats.load(store.root / "talk-large-v3" / "v001.txt")
    assert version.segments[0].text == "So you led the creation of ChatGPT."
    manifest = json.loads((store.root / "talk-large-v3" / "v001.json").read_text())
    assert manifest["origin"] == {"document": "talk", "version": 1}
