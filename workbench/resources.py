"""Where the data shipped with the workbench lives (rule pack, sample corpus).

An installed wheel carries them in ``workbench/_data/``; a source checkout
(editable install, tests) has them at the repository's top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def shipped_rules_dir() -> Path:
    """The default rule pack, loaded first unless ``--no-default-rules``."""
    return _shipped("rules")


def sample_corpus_dir() -> Path:
    """The sample corpus reviewed by ``workbench`` when ``./corpus`` does not exist."""
    return _shipped("corpus")
