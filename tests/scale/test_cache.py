"""The disk cache of rule sets and spelling dictionaries: a hit reads no YAML, a changed
rule file misses, a corrupt entry is ignored and rebuilt, and output never changes."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from tests.hostile.conftest import ROOT, workbench
from workbench.ruleset import RuleSet, load_rule_set
from workbench.ruleset import cache as ruleset_cache
from workbench.ruleset.cache import cached_rule_set


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder the workbench uses for this test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def my_rules(tmp_path: Path) -> Path:
    """A user rule folder on top of the shipped pack."""
    folder = tmp_path / "my-rules"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "rules:\n  - {id: gee, kind: replace, pattern: gee whiz, replace: golly}\n",
        encoding="utf-8",
    )
    return folder


def _counting_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the rule sets loaded from YAML from now on."""
    loads: list[int] = []

    def load(*args: object, **kwargs: object) -> RuleSet:
        loads.append(1)
        return load_rule_set(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ruleset_cache, "load_rule_set", load)
    return loads


def _entries(cache: Path, kind: str = "rulesets") -> list[Path]:
    return sorted((cache / kind).glob("*.pickle"))


def test_a_second_load_is_read_from_the_cache(
    cache: Path, my_rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = _counting_loads(monkeypatch)
    first = cached_rule_set([my_rules])
    assert loads == [1] and len(_entries(cache)) == 1
    second = cached_rule_set([my_rules])
    assert loads == [1]  # a hit: no YAML read
    assert second == first == load_rule_set([my_rules])
    assert second.sources == first.sources and second.lines == first.lines
    assert (cache.stat().st_mode & 0o777) == 0o700


def test_a_changed_rule_file_misses(
    cache: Path, my_rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads = _counting_loads(monkeypatch)
    cached_rule_set([my_rules])
    (my_rules / "mine.yaml").write_text(
        "rules:\n  - {id: gee, kind: replace, pattern: gee whiz, replace: wow}\n",
        encoding="utf-8",
    )
    changed = cached_rule_set([my_rules])
    assert loads == [1, 1]
    assert changed.get("gee").replace == "wow"  # type: ignore[union-attr]
    assert len(_entries(cache)) == 2
    cached_rule_set([my_rules], use_default=False)  # other arguments, another entry
    assert loads == [1, 1, 1]


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle at all", pickle.dumps({"a": "dict"}), b"\x80\x05\x95truncated"],
    ids=["empty", "garbage", "another-type", "truncated"],
)
def test_a_corrupt_entry_is_ignored_and_rebuilt(
    cache: Path, my_rules: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    loads = _counting_loads(monkeypatch)
    good = cached_rule_set([my_rules])
    (entry,) = _entries(cache)
    entry.write_bytes(damage)
    assert cached_rule_set([my_rules]) == good
    assert loads == [1, 1]
    assert isinstance(pickle.loads(entry.read_bytes()), RuleSet)  # written again
    assert cached_rule_set([my_rules]) == good and loads == [1, 1]


def test_a_cache_that_cannot_be_written_is_done_without(
    tmp_path: Path, my_rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(blocked / "cache"))
    assert cached_rule_set([my_rules]) == load_rule_set([my_rules])


def test_a_broken_rule_file_is_reported_as_without_a_cache(cache: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.yaml").write_text("rules:\n  - {id: x, kind: nope}\n", encoding="utf-8")
    with pytest.raises(Exception) as without:
        load_rule_set([broken])
    with pytest.raises(type(without.value)) as through:
        cached_rule_set([broken])
    assert str(through.value) == str(without.value)
    assert _entries(cache) == []


def test_scan_prints_the_same_with_a_cold_a_warm_and_a_corrupt_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("WORKBENCH_CACHE_DIR", str(cache))
    shutil.copy(ROOT / "corpus" / "welinder-gpt4-launch.txt", tmp_path / "talk.txt")
    # A misspelling only the spelling rule (and its cached dictionary) flags.
    with (tmp_path / "talk.txt").open("a", encoding="utf-8") as talk:
        talk.write("[00:59:00.000 --> 00:59:02.000]   We need more peeple like them.\n")
    cold = workbench("scan", "talk.txt", "--json", cwd=tmp_path)
    assert cold.code == 0, cold.stderr
    assert '"rule": "spelling"' in cold.stdout
    assert len(_entries(cache)) == 1 and len(_entries(cache, "spelling")) == 1
    warm = workbench("scan", "talk.txt", "--json", cwd=tmp_path)
    for entry in (*_entries(cache), *_entries(cache, "spelling")):
        entry.write_bytes(b"corrupt")
    corrupt = workbench("scan", "talk.txt", "--json", cwd=tmp_path)
    assert cold.stdout == warm.stdout == corrupt.stdout
    assert warm.stderr == corrupt.stderr == ""


def test_the_spelling_checker_is_cached_with_the_rule_sets_words_and_spellings(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spellchecker import SpellChecker

    from workbench import dictionary

    built: list[str] = []
    build = SpellChecker.__init__

    def counting(self: SpellChecker, language: str, distance: int) -> None:
        built.append(language)  # a pickled checker is read back without __init__
        build(self, language=language, distance=distance)

    monkeypatch.setattr(SpellChecker, "__init__", counting)
    first = dictionary.spell_checker("en", words={"welinder"}, english=["en_GB"])
    assert built == ["en"] and len(_entries(cache, "spelling")) == 1
    again = dictionary.spell_checker("en", words={"welinder"}, english=["en_GB"])
    assert built == ["en"]  # prepared once: words and spellings come with the pickle
    assert again is not first
    assert again.known(["welinder", "colour"]) == {"welinder", "colour"}
    assert not again.known(["color"])  # en_GB alone: the American spelling is unknown
    plain = dictionary.spell_checker("en")
    assert built == ["en", "en"] and len(_entries(cache, "spelling")) == 2
    assert plain.known(["color"]) == {"color"} and not plain.known(["welinder"])


def test_a_rule_set_from_the_cache_builds_no_validators(cache: Path, my_rules: Path) -> None:
    """Pydantic builds a rule model's validator when a rule file is first read, not when
    the models are imported: a command whose rule set is cached never pays for it."""
    import subprocess
    import sys

    script = (
        "import sys, pathlib\n"
        "from workbench.ruleset.cache import cached_rule_set\n"
        "from workbench.checks import CHECKS, Example\n"
        "rules = cached_rule_set([pathlib.Path(sys.argv[1])])\n"
        "models = [check.model for check in CHECKS.values()] + [Example]\n"
        "print(sum(model.__pydantic_complete__ for model in models), len(rules.rules))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(my_rules)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.split()
        for _ in range(2)
    ]
    cold, warm = runs  # the first fills the cache
    assert cold[1] == warm[1] and int(warm[1]) > 10
    assert warm[0] == "0"  # read from the cache: no model's validator built


def test_a_scan_whose_rule_set_is_cached_reads_no_yaml(cache: Path, tmp_path: Path) -> None:
    """ruamel.yaml is imported only where a rule file is read or edited: a scan whose
    rule set comes from the cache does without it (the learned rules' folder is looked
    at, ``learning.rule_dirs``, but holds none). Nor does a scan of a source without
    versions build the validator of the store's manifests, nor import package metadata
    to key the cached spelling dictionary."""
    import json
    import subprocess
    import sys

    talk = tmp_path / "talk.txt"
    talk.write_text("[00:00:00.000 --> 00:00:01.000]   we use chat gpt daily\n", encoding="utf-8")
    script = (
        "import json, sys\n"
        "from workbench.cli.app import main\n"
        "code = main(['scan', sys.argv[1], '--store', sys.argv[2], '--quiet'])\n"
        "from workbench.store import _Manifest\n"
        "heavy = ['ruamel' in sys.modules, 'importlib.metadata' in sys.modules]\n"
        "print(json.dumps([code, heavy, _Manifest.__pydantic_complete__]))\n"
    )
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", script, str(talk), str(tmp_path / "store")],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            ).stdout.splitlines()[-1]
        )
        for _ in range(2)
    ]
    # The first reads the pack's YAML (and may build the spelling dictionary).
    assert runs[0][0] == 0 and runs[0][1][0]
    assert runs[1] == [0, [False, False], False]
