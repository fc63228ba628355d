"""How familiar a word is in written English: wordfreq's Zipf frequency, looked up in a
table built once into the disk cache.

A scan with a glossary asks about a few hundred words, and wordfreq's import and
English list cost 0.2 s of every such scan. So the first call builds a table of
every plain word of the list with wordfreq's own answer for it: an SQLite file
under the cache folder (``diskcache``), keyed by the wordfreq installed, written
whole or not at all. A plain word (ASCII letters and lone digits, and one
apostrophe: "Spain", "gpt4", "you're") is then one indexed read, and one not in
the table is one wordfreq does not know; any other word ("2024", "naïve"), or a
table that cannot be built or read, is asked of wordfreq itself. Every answer is
wordfreq's.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from pathlib import Path

from workbench.diskcache import cache_dir, cache_key, module_stamp

_opened: list[sqlite3.Connection | None] = []
"""The table once opened (None: it could not be built or read); empty before the first call."""
_opening = threading.Lock()


def _forget() -> None:
    """In a process forked from one that opened the table (a pool worker): open it again
    when asked, as an SQLite connection is not to be used across a fork (nor a lock
    another thread of the parent may have held)."""
    global _opening
    _opening = threading.Lock()
    _opened.clear()


os.register_at_fork(after_in_child=_forget)

_PLAIN = re.compile(r"(?![a-z0-9]*\d\d)[a-z0-9]+|(?P<contraction>[a-z]+'[a-z]+)")
"""A word wordfreq reads as one token and looks up as written, lowercase: letters and
digits but no run of digits (it counts those as numbers), or a contraction it lists
("you're"; one it does not list it may read as two words)."""


def zipf(word: str) -> float:
    """wordfreq's ``zipf_frequency(word, "en")``: 0 for a word it does not know, 3 for
    one met once per million words, 7 for "the"."""
    plain = word.lower()
    shape = _PLAIN.fullmatch(plain) if plain.isascii() else None
    if shape is not None and (table := _table()) is not None:
        with contextlib.suppress(sqlite3.Error):  # a damaged table: wordfreq answers
            found = table.execute("SELECT zipf FROM words WHERE word = ?", (plain,)).fetchone()
            if found is not None:
                return float(found[0])
            if not shape.group("contraction"):
                return 0.0
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _table() -> sqlite3.Connection | None:
    """The open table, built first if the cache does not hold it; None when it cannot be."""
    with _opening:
        if not _opened:
            path = cache_dir() / "familiarity" / f"{_key()}.sqlite"
            _opened.append(_open(path) or (_build(path) and _open(path)) or None)
        return _opened[0]


def _key() -> str:
    """What the table is made of: the wordfreq installed (its list comes with it) and
    which of its words are taken."""
    return cache_key(module_stamp("wordfreq"), _PLAIN.pattern)


def _open(path: Path) -> sqlite3.Connection | None:
    """The table at ``path`` opened read-only (shared by threads: a Dask worker's), or None."""
    if not path.is_file():
        return None
    try:
        table = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        table.execute("SELECT zipf FROM words WHERE word = 'the'").fetchone()
    except sqlite3.Error:
        return None
    return table


def _build(path: Path) -> bool:
    """Write the table of every plain word wordfreq's English list holds to ``path``,
    in a file of its own moved into place when complete; False when it cannot be."""
    from wordfreq import get_frequency_dict, zipf_frequency

    rows = [
        (word, zipf_frequency(word, "en"))
        for word in get_frequency_dict("en", wordlist="best")
        if word.isascii() and _PLAIN.fullmatch(word)
    ]
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        cache_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        partial.unlink(missing_ok=True)
        table = sqlite3.connect(partial)
        with table:
            table.execute("CREATE TABLE words (word TEXT PRIMARY KEY, zipf REAL) WITHOUT ROWID")
            table.executemany("INSERT INTO words VALUES (?, ?)", rows)
        table.close()
        os.replace(partial, path)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return False
    return True
