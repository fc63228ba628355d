"""Shared fixtures for the review app: corpus copies, a tmp store and an app over them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.documents import open_latest
from workbench.resources import sample_corpus_dir
from workbench.review.db import ReviewDB
from workbench.review.session import ReviewSession
from workbench.ruleset import RuleSet, load_rule_set
from workbench.store import Store
from workbench.tui import ReviewApp

DOCS = ("schulman-chatgpt-origins.txt", "welinder-gpt4-launch.txt")
"""Two small corpus files: two documents to group, filter and accept across."""


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    """Copies of two corpus transcripts."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    return [Path(shutil.copy(sample_corpus_dir() / name, folder / name)) for name in DOCS]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store."""
    return Store(tmp_path / "corrected")


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    """An empty user rule folder (where learned rules go)."""
    folder = tmp_path / "rules"
    folder.mkdir()
    return folder


@pytest.fixture
def make_app(corpus: list[Path], store: Store, rules_dir: Path) -> Callable[[], ReviewApp]:
    """A factory of review apps over the corpus copies, the store and the rule folder."""

    def load_rules() -> RuleSet:
        return load_rule_set([rules_dir])

    def open_session(first_block: int | None = None) -> ReviewSession:
        documents = [open_latest(source, store) for source in corpus]
        return ReviewSession(
            ReviewDB(store.db_path), store, documents, load_rules, first_block=first_block
        )

    return lambda: ReviewApp(open_session, rules_dir / "learned.yaml")
