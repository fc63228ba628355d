"""``workbench review PATH...``: the review TUI (and ``workbench`` alone, on the corpus).

Textual (and the review session, the store and the formats) is imported
inside the command, so that ``workbench --help`` and the batch commands never
pay for it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.options import (
    audio_options,
    common_options,
    encoding_option,
    glossary_option,
    keep_numbers_option,
    rule_set_from_options,
    wait_option,
)
from workbench.errors import UsageError
from workbench.locking import DEFAULT_WAIT_SECONDS

if TYPE_CHECKING:
    from workbench.ruleset import RuleSet

Audio = tuple[Path | None, Path | None, float]
"""``--audio``, ``--audio-dir`` and ``--lead`` as given."""


def run_review(
    paths: Sequence[Path],
    *,
    rules: Sequence[Path],
    no_default_rules: bool,
    store: Path,
    glossary: Sequence[Path],
    wait: float = DEFAULT_WAIT_SECONDS,
    encoding: str | None = None,
    audio: Audio = (None, None, 0.3),
    replay_from: str | None = None,
    keep_cue_numbers: bool = False,
) -> None:
    """Check the arguments, then open the review app on ``paths``.

    Writing a version waits up to ``wait`` seconds for another writer of that
    document; the screen reports it if that was not enough. ``replay_from``
    names a document whose decisions are first carried to the one file of
    ``paths`` (``workbench replay``). ``keep_cue_numbers`` keeps SRT cue
    numbers after a split or merge.
    """
    from workbench.documents import check_distinct_names, expand_paths, open_latest
    from workbench.review.db import ReviewDB
    from workbench.store import Store

    sources = expand_paths(paths)
    audio_file, audio_dir, lead = audio
    if audio_file is not None and len(sources) > 1:
        raise UsageError("--audio is the audio of one transcript; for several use --audio-dir")
    check_distinct_names(sources)
    if replay_from is not None and (len(paths) != 1 or not paths[0].is_file()):
        raise UsageError("--from carries decisions to one re-transcribed file; give one file")
    versions = Store(store, wait=wait, renumber=not keep_cue_numbers)

    def load_rules() -> RuleSet:
        # Asked again after each learned rule: the store's learned.yaml may be new.
        return rule_set_from_options(rules, no_default_rules, glossary, versions)

    # Bad input is one line and exit 2 before the screen opens: a broken rule
    # file, an unreadable transcript, a damaged review database or a store that
    # cannot be written, or no terminal to draw on.
    load_rules()
    documents = [open_latest(source, versions, encoding) for source in sources]
    if versions.db_path.exists():  # a new one is made by the screen, which reports failures too
        ReviewDB(versions.db_path).close()
    if not (sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty()):
        raise UsageError(
            "the review screen needs a terminal; in scripts use `workbench scan` or `workbench apply`"
        )
    if replay_from is not None:
        from workbench.cli.replay import carry_decisions

        carry_decisions(replay_from, paths[0], versions, load_rules(), encoding)
        documents = [open_latest(source, versions, encoding) for source in sources]

    from workbench import learning
    from workbench.review.session import session_factory
    from workbench.tui import ReviewApp
    from workbench.tui.listening import AudioOptions

    open_session = session_factory(versions, documents, load_rules)
    app = ReviewApp(
        open_session,
        learning.learned_path(rules, versions.root),
        AudioOptions(audio_file=audio_file, audio_dir=audio_dir, lead=lead),
    )
    app.run()
    if app.failure is not None:
        raise app.failure


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@wait_option
@keep_numbers_option
@common_options
@glossary_option
@encoding_option
@audio_options
@click.option(
    "--from",
    "replay_from",
    metavar="DOC",
    help="First carry DOC's decisions to the one re-transcribed file (as `workbench replay`).",
)
def review(
    paths: tuple[Path, ...],
    wait: float,
    keep_cue_numbers: bool,
    rules: tuple[Path, ...],
    no_default_rules: bool,
    store: Path,
    glossary: tuple[Path, ...],
    encoding: str | None,
    audio_file: Path | None,
    audio_dir: Path | None,
    lead: float,
    replay_from: str | None,
) -> None:
    """Review the flagged places of transcript files (or folders) and write corrected versions."""
    run_review(
        paths,
        rules=rules,
        no_default_rules=no_default_rules,
        store=store,
        glossary=glossary,
        wait=wait,
        encoding=encoding,
        audio=(audio_file, audio_dir, lead),
        replay_from=replay_from,
        keep_cue_numbers=keep_cue_numbers,
    )


def review_default(
    *,
    rules: Sequence[Path],
    no_default_rules: bool,
    store: Path,
    glossary: Sequence[Path],
    audio: Audio = (None, None, 0.3),
) -> None:
    """``workbench`` alone: review ./corpus when it exists, else the bundled sample corpus."""
    from workbench.resources import sample_corpus_dir

    corpus = Path("corpus")
    folder = corpus if corpus.is_dir() else sample_corpus_dir()
    run_review(
        [folder],
        rules=rules,
        no_default_rules=no_default_rules,
        store=store,
        glossary=glossary,
        audio=audio,
    )
