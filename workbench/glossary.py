"""Glossary files: one canonical term per line, ``#`` comments.

A glossary is the plain list a user already has (guests, products, jargon).
Options per term (``min_score``, ``context``) live in rule files, never here,
so a glossary stays a list anyone can paste into.

A comment is a ``#`` at the start of a line (after any spaces) or after a
space or tab: ``GPT-4  # OpenAI`` is the term "GPT-4", while ``C#`` and ``F#``
are terms (a ``#`` inside or at the end of a word is part of it). Entries that
differ only in case are distinct terms ("Transformers" the library,
"transformers" the architecture); a line that repeats an earlier one exactly is
dropped with a ``GlossaryWarning`` (the scan goes on). A byte order mark is
dropped wherever it is (files pasted together often carry one in the middle).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import RuleFileError
from workbench.inputs import read_input

_COMMENT = re.compile(r"(?:^|\s)#")
"""Where a comment starts: a ``#`` at the line start or after whitespace."""


class GlossaryWarning(UserWarning):
    """A glossary line that is harmless but likely a slip (a term listed twice)."""

    def __init__(self, message: str, path: str | Path, line: int) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.message = message
        self.path = Path(path)
        self.line = line


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One term of a glossary file and the line it is on."""

    term: str
    line: int


def parse_glossary(text: str, path: str | Path = "<glossary>") -> tuple[GlossaryEntry, ...]:
    """The terms of a glossary's text, in file order; a ``RuleFileError`` names a bad line.

    A term listed a second time is left out, with a ``GlossaryWarning`` naming both lines.
    """
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.replace("\ufeff", "").splitlines(), start=1):
        term = _COMMENT.split(raw, maxsplit=1)[0].strip()
        if not term:
            continue
        if not any(ch.isalnum() for ch in term):
            raise RuleFileError(
                f"expected a term (letters or digits), got {term!r}", path=path, line=number
            )
        if term in seen:
            message = f"term {term!r} is already on line {seen[term]} (ignored)"
            warnings.warn(GlossaryWarning(message, path, number), stacklevel=2)
            continue
        seen[term] = number
        entries.append(GlossaryEntry(term, number))
    return tuple(entries)


def read_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    """The terms of the glossary file at ``path`` (UTF-8, with or without a BOM)."""
    data = read_input(path, RuleFileError, "glossary file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RuleFileError("glossary is not UTF-8 text", path=path, line=line) from None
    return parse_glossary(text, path)
