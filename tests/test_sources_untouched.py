"""No command ever writes a source transcript.

Every corpus file is copied to a temporary folder; its sha256 and mtime_ns are
recorded, every command runs on it, and both must be unchanged (a read-only
file would prove nothing when the tests run as root). To cover a new command,
add its invocations to ``INVOCATIONS``; a registered command without any fails
``test_every_command_is_covered``.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from workbench import formats
from workbench.cli.app import COMMANDS, main
from workbench.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

INVOCATIONS: dict[str, list[list[str]]] = {
    "log": [["log", "{source}"]],
    "diff": [
        ["diff", "{source}"],
        ["diff", "{source}", "0", "v1", "--html", "{out}/diff.html", "--force"],
    ],
    "publish": [
        ["publish", "{source}", "--out", "{out}/latest", "--force"],
        ["publish", "{source}", "--version", "0", "--out", "{out}/source", "--force"],
        ["publish", "{source}", "--to", "json", "--out", "{out}/export.json", "--force"],
        ["publish", "{source}", "--speakers", "prefix", "--out", "{out}/labels", "--force"],
    ],
    "scan": [["scan", "{corpus}"], ["scan", "{corpus}", "--json"]],
    "apply": [
        ["apply", "{corpus}", "--dry-run"],
        ["apply", "{corpus}"],
        ["apply", "{corpus}", "--all"],
    ],
    "rules": [["rules", "check"], ["rules", "stats", "{corpus}"]],
    "replay": [["replay", "{source}", "--onto", "{copy}"]],
    "terms": [["terms", "suggest", "{corpus}"]],
    "show": [["show", "{source}"], ["show", "--json", "{source}"]],
    "speakers": [["speakers", "{source}"], ["speakers", "{source}", "--json"]],
}
"""Command name → argument lists; ``{source}``, ``{corpus}``, ``{out}`` and ``{copy}``
(a copy of the source under another name: a new document) are filled in."""

INTERACTIVE = {"review"}
"""Commands that open the TUI: driven by Pilot in ``test_review_leaves_sources_untouched``."""


def _registered() -> set[str]:
    return set(COMMANDS)


def _fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        path.name: (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.iterdir())
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the corpus, each document with one version already written."""
    folder = Path(shutil.copytree(CORPUS, tmp_path / "corpus"))
    for source in folder.iterdir():
        transcript = formats.load(source)
        first = transcript.segments[0]
        changed = transcript.replace_segments(
            (first.changed(text=first.text + " (edited)"), *transcript.segments[1:])
        )
        Store(tmp_path / "corrected").write_version(source, changed, [], parent=0, rule_files=[])
    return folder


def test_every_command_is_covered() -> None:
    assert _registered() - INTERACTIVE <= INVOCATIONS.keys()


@pytest.mark.parametrize("command", sorted(INVOCATIONS))
def test_command_leaves_sources_untouched(
    command: str, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # so the default store, ./corrected, is the fixture's
    out = tmp_path / "out"
    out.mkdir()
    before = _fingerprint(corpus)
    sources = sorted(corpus.iterdir())
    for args in INVOCATIONS[command]:
        # Per-document invocations run on every source; corpus-wide ones once.
        for source in sources if "{source}" in args else sources[:1]:
            copy = out / f"{source.stem}-again{source.suffix}"
            if "{copy}" in args:
                shutil.copy(source, copy)
            filled = [a.format(source=source, corpus=corpus, out=out, copy=copy) for a in args]
            assert main(filled) == 0, filled
    assert _fingerprint(corpus) == before


async def test_review_leaves_sources_untouched(corpus: Path, tmp_path: Path) -> None:
    from workbench.documents import open_latest
    from workbench.review.db import ReviewDB
    from workbench.review.session import ReviewSession
    from workbench.ruleset import load_rule_set
    from workbench.tui import ReviewApp

    store = Store(tmp_path / "corrected")
    before = _fingerprint(corpus)

    def open_session(first_block: int | None = None) -> ReviewSession:
        documents = [open_latest(source, store) for source in sorted(corpus.iterdir())]
        return ReviewSession(
            ReviewDB(store.db_path), store, documents, load_rule_set, first_block=first_block
        )

    app = ReviewApp(open_session, tmp_path / "learned.yaml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("a", "j", "e", "end", "!", "enter", "a", "w")
        await pilot.pause()
    # The fixture wrote v001 of every document; review wrote the first one's v002.
    first = min(corpus.iterdir()).stem
    assert [v.number for v in store.versions(first)] == [1, 2]
    assert _fingerprint(corpus) == before
