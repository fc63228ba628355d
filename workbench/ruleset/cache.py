"""The loaded rule set, cached on disk (``workbench.diskcache``) by its rule files' sha256.

Reading and validating the YAML of the shipped pack costs a command more than
anything else it does before its first file but the spelling dictionary; the
rule set it makes is read back from ``<cache>/rulesets/<key>.pickle`` in a
fraction of that. The key is the sha256 of everything the rule set depends on:
each rule file's path (as given, with the working folder) and bytes, whether
the shipped pack is loaded, the ``--glossary`` paths, and the rule-model
modules of the workbench (a changed model never reads an old pickle).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from workbench.diskcache import cache_key, cached
from workbench.errors import RuleFileError, WorkbenchError
from workbench.inputs import read_input
from workbench.resources import shipped_rules_dir
from workbench.ruleset.loading import RuleSet, load_rule_set, rule_files

_MODEL_PACKAGES = ("checks", "ruleset")
"""Packages whose classes a pickled rule set holds: their files are part of the key."""


def cached_rule_set(
    extra_dirs: Sequence[Path] = (), *, use_default: bool = True, glossaries: Sequence[Path] = ()
) -> RuleSet:
    """``load_rule_set`` with the same arguments, read from the cache when it holds it."""

    def load() -> RuleSet:
        return load_rule_set(extra_dirs, use_default=use_default, glossaries=glossaries)

    try:
        key = _key(extra_dirs, use_default, glossaries)
    except (WorkbenchError, OSError):
        return load()  # a folder or file that cannot be read: loading reports it as always
    return cached("rulesets", key, RuleSet, load)


def _key(extra_dirs: Sequence[Path], use_default: bool, glossaries: Sequence[Path]) -> str:
    """The sha256 of what the rule set of these arguments is made of."""
    parts: list[str | bytes] = [os.getcwd(), str(use_default), *map(str, glossaries)]
    package = Path(__file__).resolve().parent.parent
    for name in _MODEL_PACKAGES:
        for module in sorted((package / name).glob("*.py")):
            status = module.stat()
            parts += [str(module), str(status.st_mtime_ns), str(status.st_size)]
    for folder in ([shipped_rules_dir()] if use_default else []) + list(extra_dirs):
        parts += ["folder", str(folder)]
        for file in rule_files(folder):
            data = read_input(file, RuleFileError, "rule file")
            parts += [str(file), hashlib.sha256(data).digest()]
    return cache_key(*parts)
