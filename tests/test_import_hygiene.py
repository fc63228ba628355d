"""The core runs headless: no module outside ``workbench.tui`` imports Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import workbench


def _core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(workbench.__path__, prefix="workbench.")
        if not info.name.startswith("workbench.tui")
    ]
    return sorted(names)


@pytest.mark.parametrize("module", _core_modules())
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False", f"{module} imports textual"


def test_cli_help_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "from workbench.cli.app import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('textual' in sys.modules)"
    )
    out = (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    assert out == "False"


def _ruleset_modules() -> list[str]:
    import workbench.ruleset

    return sorted(
        info.name
        for info in pkgutil.walk_packages(workbench.ruleset.__path__, prefix="workbench.ruleset.")
    ) + ["workbench.ruleset"]


@pytest.mark.parametrize("module", _ruleset_modules())
def test_rule_files_know_nothing_of_the_engine(module: str) -> None:
    """Rule files sit below the engine: running examples lives above both (``rulecheck``)."""
    code = f"import sys, {module}; print('workbench.engine' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False", f"{module} imports workbench.engine"
