"""The ``workbench`` command: the map of the tool and the edge where errors become exit codes.

Each command lives in a module of its own under ``workbench/cli/`` and is
named in ``COMMANDS`` with one line; its module is imported only when the
command is run or listed (``lazy.LazyGroup``), so ``workbench --version``
imports no command at all. Options shared by commands live in ``options``:
command modules never import this one. No command module imports anything
heavy at import time (``--help`` imports them all): textual, the engine, the
rule loader and the formats are imported inside the commands.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import click
from click.core import ParameterSource

from workbench import __version__
from workbench.cli.lazy import LazyGroup
from workbench.cli.options import audio_options, common_options, glossary_option
from workbench.errors import WorkbenchError, os_error_line

COMMANDS = {
    "apply": "workbench.cli.rules:apply",
    "diff": "workbench.cli.versions:diff",
    "log": "workbench.cli.versions:log",
    "publish": "workbench.cli.versions:publish",
    "replay": "workbench.cli.replay:replay",
    "review": "workbench.cli.review:review",
    "rules": "workbench.cli.rules:rules_group",
    "scan": "workbench.cli.rules:scan",
    "show": "workbench.cli.show:show",
    "speakers": "workbench.cli.speakers:speakers",
    "terms": "workbench.cli.terms:terms_group",
}
"""Command name → ``module:attribute`` of its click command (a new command is one line)."""


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@common_options
@glossary_option
@audio_options
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def app(
    ctx: click.Context,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
    glossary: tuple[Path, ...],
    audio_file: Path | None,
    audio_dir: Path | None,
    lead: float,
) -> None:
    """Find, review and fix speech-recognition errors in transcripts.

    Run with no command to review ./corpus (or the bundled sample corpus) with
    the shipped rules. Originals are never modified: accepted fixes are written
    as numbered versions under the store (default ./corrected).
    """
    if ctx.invoked_subcommand is not None:
        _pass_options_down(
            ctx,
            ("rules", "no_default_rules", "store", "glossary", "audio_file", "audio_dir", "lead"),
        )
        return
    from workbench.cli.review import review_default

    review_default(
        rules=rules,
        no_default_rules=no_default_rules,
        store=store,
        glossary=glossary,
        audio=(audio_file, audio_dir, lead),
    )


def _pass_options_down(ctx: click.Context, names: Sequence[str]) -> None:
    """Make options given before the command (``workbench --store X scan``) its defaults.

    Options after the command still win; a command without such an option ignores it.
    """
    given = {
        name: ctx.params[name]
        for name in names
        if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT
    }
    if not given or ctx.invoked_subcommand is None:
        return
    command = app.get_command(ctx, ctx.invoked_subcommand)
    defaults: dict[str, Any] = dict(given)
    if isinstance(command, click.Group):
        defaults = {sub: dict(given) for sub in command.list_commands(ctx)}
    ctx.default_map = {ctx.invoked_subcommand: defaults}


def _warning_line(message: Warning | str, *_: object, **__: object) -> None:
    """Show a warning (a glossary term listed twice) as one stderr line."""
    click.echo(f"workbench: warning: {message}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error becomes one line on stderr and an exit code."""
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _warning_line
            result = app.main(args=argv, prog_name="workbench", standalone_mode=False)
    except WorkbenchError as error:
        click.echo(f"workbench: error: {error}", err=True)
        return 2
    except click.ClickException as error:
        click.echo(f"workbench: error: {error.format_message()}", err=True)
        return 2
    except click.exceptions.Exit as done:
        return int(done.exit_code or 0)
    except click.Abort:
        click.echo("workbench: aborted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # a path the OS refused (too long a name, no permission, ...)
        click.echo(f"workbench: error: {os_error_line(error)}", err=True)
        return 2
    return int(result) if isinstance(result, int) else 0


def run() -> NoReturn:
    """Console-script entry point: ``main``, then the process ends (``leave``)."""
    leave(main())


def leave(code: int) -> NoReturn:
    """End the process with ``code``; without Python's teardown when the command's work
    was done by this thread alone.

    The teardown frees every object one by one (the spelling dictionary, the rule
    set, the modules): 0.03-0.07 s of a 1.3 s scan of 100,000 segments, for memory
    the OS takes back at once. So, as mypy does (``mypy.util.hard_exit``), the exit
    handlers are run (``logging.shutdown``; the finalisers kept for exit, such as a
    temporary folder of decoded audio), the output is flushed, and the process
    leaves with ``os._exit``. With another thread alive, or process machinery
    loaded (``--jobs``, ``--dask``), Python's own exit waits for them; and under a
    profiler or a tracer (cProfile, coverage), which write their results after it.
    """
    watched = sys.getprofile() is not None or sys.gettrace() is not None
    if watched or threading.active_count() > 1 or "multiprocessing" in sys.modules:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with the stream closed (``>&-``)
                stream.flush()
        except (OSError, ValueError):
            # The reader went away (``| head``: what it read is all it wanted), or the
            # disk is full: what could be written is, as Python's own exit leaves it.
            pass
    os._exit(code)
