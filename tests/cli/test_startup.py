"""A start that feels instant: ``--help``, ``--version`` and every ``COMMAND --help``
import no heavy module, and the CLI's modules import each other without a circle.

Timing is never a test here (see ``bench/startup.py``): what is asserted is
what a fresh interpreter has imported once the command has run.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from workbench.cli.app import COMMANDS, app

CLI = Path(__file__).resolve().parents[2] / "workbench" / "cli"

HEAVY = (
    "textual",
    "rich",
    "pydantic",
    "numpy",
    "spellchecker",
    "diff_match_patch",
    "ruamel",
    "pysubs2",
    "regex",
    "ahocorasick",
    "rapidfuzz",
    "jellyfish",
    "sqlite3",
    "workbench.engine",
    "workbench.checks",
    "workbench.ruleset",
    "workbench.formats",
    "workbench.store",
    "workbench.documents",
    "workbench.soundalike",
    "workbench.review",
    "workbench.tui",
)
"""Packages and modules that only running a command may import."""


def _help_invocations() -> list[list[str]]:
    """``--help``, ``--version`` and ``--help`` of every command and subcommand."""
    ctx = click.Context(app)
    invocations = [["--help"], ["--version"]]
    for name in app.list_commands(ctx):
        invocations.append([name, "--help"])
        command = app.get_command(ctx, name)
        if isinstance(command, click.Group):
            invocations += [[name, sub, "--help"] for sub in command.list_commands(ctx)]
    return invocations


def _modules_after(args: list[str]) -> list[str]:
    """The modules a fresh interpreter holds after running ``workbench ARGS``."""
    code = (
        "import json, sys\n"
        "from workbench.cli.app import main\n"
        f"code = main({args!r})\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    exit_code, modules = json.loads(done.stdout.splitlines()[-1])
    assert exit_code == 0, done.stderr
    return list(modules)


@pytest.mark.parametrize("args", _help_invocations(), ids=" ".join)
def test_help_and_version_import_nothing_heavy(args: list[str]) -> None:
    modules = _modules_after(args)
    heavy = sorted(
        module
        for module in modules
        if any(module == name or module.startswith(f"{name}.") for name in HEAVY)
    )
    assert heavy == []


def test_version_imports_no_command_module() -> None:
    modules = _modules_after(["--version"])
    loaded = {module for module in modules if module.startswith("workbench.cli.")}
    commands = {target.split(":")[0] for target in COMMANDS.values()}
    assert loaded & commands == set()


def test_every_command_is_listed_and_resolves() -> None:
    ctx = click.Context(app)
    assert app.list_commands(ctx) == sorted(COMMANDS)
    assert all(isinstance(app.get_command(ctx, name), click.Command) for name in COMMANDS)


def _imported_modules(path: Path) -> set[str]:
    """The ``workbench`` modules a source file imports, at any depth of its code."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name.startswith("workbench")}


@pytest.mark.parametrize(
    "module", sorted(p.name for p in CLI.glob("*.py") if p.name not in {"app.py", "__init__.py"})
)
def test_no_cli_module_imports_the_app(module: str) -> None:
    assert "workbench.cli.app" not in _imported_modules(CLI / module)


def test_a_scan_in_this_process_imports_no_process_pool(tmp_path: Path) -> None:
    """``multiprocessing`` and the pool executor are for ``--jobs`` of 2 or more only."""
    small = tmp_path / "small.txt"
    lines = (CLI.parents[1] / "corpus" / "welinder-gpt4-launch.txt").read_text(encoding="utf-8")
    small.write_text("".join(lines.splitlines(keepends=True)[:20]), encoding="utf-8")
    modules = _modules_after(["scan", str(small), "--store", str(tmp_path / "store")])
    assert "workbench.engine" in modules  # the scan ran
    pools = [m for m in modules if m.startswith(("multiprocessing", "concurrent.futures.process"))]
    assert pools == []


@pytest.fixture(scope="module")
def whisper_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str]]:
    """The modules a fresh interpreter holds after a scan of a small Whisper text file, and
    the source files it read as text (``linecache``, which ``inspect.getsource`` fills)."""
    folder = tmp_path_factory.mktemp("whisper")
    talk = folder / "talk.txt"
    talk.write_text("[00:00:00.000 --> 00:00:01.000]   we use chat gpt daily\n", encoding="utf-8")
    code = (
        "import json, linecache, sys\n"
        "from workbench.cli.app import main\n"
        "code = main(sys.argv[1:])\n"
        "print(json.dumps([code, sorted(sys.modules), sorted(linecache.cache)]))\n"
    )
    args = ["scan", str(talk), "--store", str(folder / "store"), "--quiet"]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, timeout=60
    )
    exit_code, modules, sources = json.loads(done.stdout.splitlines()[-1])
    assert exit_code == 0, done.stderr
    assert "workbench.engine" in modules  # the scan ran
    return modules, sources


def test_a_scan_reads_no_source_code(whisper_scan: tuple[list[str], list[str]]) -> None:
    """The fields' docstrings are read for the exported schema only, never by a scan."""
    _, sources = whisper_scan
    assert [path for path in sources if "workbench" in path] == []


def test_a_scan_without_a_glossary_imports_no_sound_alike_package(
    whisper_scan: tuple[list[str], list[str]],
) -> None:
    """The sound-alike package (and rapidfuzz) is for glossary and fuzzy term rules only."""
    modules, _ = whisper_scan
    assert [m for m in modules if m.startswith(("workbench.soundalike", "rapidfuzz"))] == []
