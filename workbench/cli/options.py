"""The options several commands share, and the objects made from them.

Command modules and ``app`` import these from here, so no command module
imports ``app`` (which only names the commands, see ``app.COMMANDS``). This
module is imported by every ``--help``: it imports click and nothing heavy;
what an option needs to run is imported when it runs.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from workbench.errors import UsageError, WorkbenchError
from workbench.locking import DEFAULT_WAIT_SECONDS

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
        type=RuleFolder("--rules"),
        help="A folder of rule files loaded on top of the shipped pack (repeatable).",
    )(command)
    return command


class RuleFolder(click.Path):
    """The path of a rule folder: a rule file named instead is refused in one line that
    says so and names the folder holding it (click's own words, "Directory 'x.yaml'
    is a file", left the user guessing)."""

    def __init__(self, takes: str) -> None:
        super().__init__(path_type=Path)
        self.takes = takes
        """What takes the folder, as the message names it (``rules check``, ``--rules``)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The path, or a ``UsageError`` when it names a file."""
        path = Path(os.fsdecode(super().convert(value, param, ctx)))
        if path.is_file():
            # A link's folder is where its target lies, not where the link is.
            holder = path.resolve().parent if path.is_symlink() else path.parent
            raise UsageError(
                f"{path} is a file; {self.takes} takes a rule folder "
                f"(the folder holding it is {holder})"
            )
        return path


def glossary_option(command: F) -> F:
    """Add ``--glossary FILE`` (repeatable): plain-text term lists for sound-alike detection."""
    return click.option(
        "--glossary",
        "glossary",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="A glossary file, one canonical term per line (repeatable).",
    )(command)


MAX_WAIT_SECONDS = 86_400.0
"""The longest ``--wait``: a day."""


class Seconds(click.FloatRange):
    """A number of seconds in a range; NaN and infinities are refused (a range alone
    lets NaN through, and ``--wait nan`` waited for ever)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The value as a float in range, or click's usage error."""
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number of seconds", param, ctx)
        return number


def audio_options(command: F) -> F:
    """Add ``--audio FILE``, ``--audio-dir DIR`` and ``--lead SECONDS`` (the review screen's audio)."""
    for option in (
        click.option(
            "--lead",
            type=Seconds(0, 10),
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
    return click.option(
        "--wait",
        "wait",
        type=Seconds(0, MAX_WAIT_SECONDS),
        default=DEFAULT_WAIT_SECONDS,
        show_default=True,
        metavar="SECONDS",
        help="How long to wait for another process writing the same document.",
    )(command)


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
    if value is None:
        return None
    from workbench.formats.decoding import known_encoding

    try:
        return known_encoding(value)
    except WorkbenchError as error:
        raise click.BadParameter(error.message) from None


def keep_numbers_option(command: F) -> F:
    """Add ``--keep-cue-numbers``: SRT versions keep the cue numbers read after a split or merge."""
    return click.option(
        "--keep-cue-numbers",
        is_flag=True,
        help="In SRT versions, keep each cue's number after a split or merge (default: 1, 2, 3...).",
    )(command)


def writing_store(root: Path, wait: float, keep_cue_numbers: bool = False) -> Store:
    """The store a writing command uses: it waits up to ``wait`` seconds for a
    document's lock, saying on stderr who holds it; ``keep_cue_numbers`` keeps SRT
    cue numbers after a split or merge."""
    from workbench.store import Store

    return Store(
        root,
        wait=wait,
        on_wait=lambda message: click.echo(f"workbench: {message}", err=True),
        renumber=not keep_cue_numbers,
    )


def rule_set_from_options(
    rules: Sequence[Path], no_default_rules: bool, glossary: Sequence[Path], store: Store
) -> RuleSet:
    """The rules a command runs with: the shipped pack, ``--rules`` folders, learned rules, glossaries
    (read from the rule-set cache while the rule files are as they were: ``ruleset.cache``).

    Rules learned in review without a ``--rules`` folder live in the store's
    ``learned.yaml`` and are loaded from then on (DESIGN, "Defaults").
    """
    from workbench.learning import rule_dirs
    from workbench.ruleset.cache import cached_rule_set
    from workbench.ruleset.checking import read_glossary_files

    rule_set = cached_rule_set(
        rule_dirs(rules, store.root), use_default=not no_default_rules, glossaries=glossary
    )
    read_glossary_files(rule_set.rules)
    return rule_set
