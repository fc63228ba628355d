"""The ``workbench`` command: the map of the tool and the edge where errors become exit codes.

Each command lives in a module of its own under ``workbench/cli/`` and is
registered in ``_register_commands`` with one line. Neither this module nor a
command module imports ``textual`` at import time: only the review command
imports the TUI, inside the command.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from workbench import __version__
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.ruleset import RuleSet
    from workbench.store import Store

DEFAULT_STORE = Path("corrected")

F = TypeVar("F", bound=Callable[..., Any])


def common_options(command: F) -> F:
    """Add ``--rules DIR`` (repeatable), ``--no-default-rules`` and ``--store DIR``."""
    command = click.option(
        "--store",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_STORE,
        show_default=True,
        help="Where versions and review state live.",
    )(command)
    command = click.option(
        "--no-default-rules",
        is_flag=True,
        help="Do not load the shipped rule pack.",
    )(command)
    command = click.option(
        "--rules",
        "rules",
        multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="A folder of rule files loaded on top of the shipped pack (repeatable).",
    )(command)
    return command


def glossary_option(command: F) -> F:
    """Add ``--glossary FILE`` (repeatable): plain-text term lists for sound-alike detection."""
    return click.option(
        "--glossary",
        "glossary",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="A glossary file, one canonical term per line (repeatable).",
    )(command)


def audio_options(command: F) -> F:
    """Add ``--audio FILE``, ``--audio-dir DIR`` and ``--lead SECONDS`` (the review screen's audio)."""
    for option in (
        click.option(
            "--lead",
            type=click.FloatRange(0, 10),
            metavar="SECONDS",
            default=0.3,
            show_default=True,
            help="Seconds of audio played before and after a segment.",
        ),
        click.option(
            "--audio-dir",
            type=click.Path(exists=True, file_okay=False, path_type=Path),
            metavar="DIR",
            help="A folder of audio files named like the transcripts (talk.srt → talk.wav).",
        ),
        click.option(
            "--audio",
            "audio_file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            metavar="FILE",
            help="The audio of the one transcript reviewed (default: found beside it by name).",
        ),
    ):
        command = option(command)
    return command


def wait_option(command: F) -> F:
    """Add ``--wait SECONDS``: how long a writing command waits for another's lock on a document."""
    from workbench.store import DEFAULT_WAIT_SECONDS

    return click.option(
        "--wait",
        "wait",
        type=click.FloatRange(min=0),
        default=DEFAULT_WAIT_SECONDS,
        show_default=True,
        metavar="SECONDS",
        help="How long to wait for another process writing the same document.",
    )(command)


def keep_numbers_option(command: F) -> F:
    """Add ``--keep-cue-numbers``: SRT versions keep the cue numbers read after a split or merge."""
    return click.option(
        "--keep-cue-numbers",
        is_flag=True,
        help="In SRT versions, keep each cue's number after a split or merge (default: 1, 2, 3...).",
    )(command)


def writing_store(root: Path, wait: float, keep_cue_numbers: bool = False) -> Store:
    """The store a writing command uses: it waits up to ``wait`` seconds for a
    document's lock, saying on stderr who holds it."""
    from workbench.store import Store

    return Store(
        root,
        wait=wait,
        on_wait=lambda message: click.echo(f"workbench: {message}", err=True),
        renumber=not keep_cue_numbers,
    )


def encoding_option(command: F) -> F:
    """Add ``--encoding NAME``: the encoding of source files that are not UTF-8."""
    return click.option(
        "--encoding",
        "encoding",
        metavar="NAME",
        callback=_known_encoding,
        help="Encoding of the transcripts (and their versions) when not UTF-8, e.g. cp1251.",
    )(command)


def _known_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The ``--encoding`` value, checked once before any file is read."""
    from workbench.formats.decoding import known_encoding

    if value is None:
        return None
    try:
        return known_encoding(value)
    except WorkbenchError as error:
        raise click.BadParameter(error.message) from None


def rule_set_from_options(
    rules: Sequence[Path], no_default_rules: bool, glossary: Sequence[Path], store: Store
) -> RuleSet:
    """The rules a command runs with: the shipped pack, ``--rules`` folders, learned rules, glossaries.

    Rules learned in review without a ``--rules`` folder live in the store's
    ``learned.yaml`` and are loaded from then on (DESIGN, "Defaults").
    """
    from workbench.learning import rule_dirs
    from workbench.ruleset import load_rule_set

    return load_rule_set(
        rule_dirs(rules, store.root), use_default=not no_default_rules, glossaries=glossary
    )


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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
    if not given:
        return
    defaults: dict[str, Any] = {}
    for name, command in app.commands.items():
        if isinstance(command, click.Group):
            defaults[name] = {sub: dict(given) for sub in command.commands}
        else:
            defaults[name] = dict(given)
    ctx.default_map = defaults


def _register_commands() -> None:
    """Add every command module's commands to ``app`` (one line per command)."""
    # Command modules add their lines here, e.g. app.add_command(versions.log).
    from workbench.cli import versions

    app.add_command(versions.log)
    app.add_command(versions.diff)
    app.add_command(versions.publish)
    from workbench.cli import rules as rules_cli

    app.add_command(rules_cli.scan)
    app.add_command(rules_cli.apply)
    app.add_command(rules_cli.rules_group, "rules")
    from workbench.cli import rules_show

    rules_cli.rules_group.add_command(rules_show.show)
    from workbench.cli import review as review_cli

    app.add_command(review_cli.review)
    from workbench.cli import terms as terms_cli

    app.add_command(terms_cli.terms_group, "terms")
    from workbench.cli import show as show_cli

    app.add_command(show_cli.show)
    from workbench.cli import speakers as speakers_cli

    app.add_command(speakers_cli.speakers)


def _warning_line(message: Warning | str, *_: object, **__: object) -> None:
    """Show a warning (a glossary term listed twice) as one stderr line."""
    click.echo(f"workbench: warning: {message}", err=True)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error becomes one line on stderr and an exit code."""
    _register_commands()
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


def os_error_line(error: OSError) -> str:
    """An OS error as a user reads it: the path it is about, then what went wrong."""
    where = f"{error.filename}: " if error.filename is not None else ""
    return f"{where}{error.strerror or error}"


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
