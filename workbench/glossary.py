"""Glossary files: one canonical term per line, ``#`` comments.

A glossary is the plain list a user already has (guests, products, jargon).
Options per term (``min_score``, ``context``) live in rule files, never here,
so a glossary stays a list anyone can paste into.

A comment is a ``#`` at the start of a line (after any spaces) or after a
space or tab: ``GPT-4  # OpenAI`` is the term "GPT-4", while ``C#`` and ``F#``
are terms (a ``#`` inside or at the end of a word is part of it). Terms are
compared without regard to case, so "gpt-4" and "GPT-4" in one file is a
duplicate. A byte order mark is dropped wherever it is (files pasted together
often carry one in the middle).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import RuleFileError
from workbench.inputs import read_input

_COMMENT = re.compile(r"(?:^|\s)#")
"""Where a comment starts: a ``#`` at the line start or after whitespace."""


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One term of a glossary file and the line it is on."""

    term: str
    line: int


def parse_glossary(text: str, path: str | Path = "<glossary>") -> tuple[GlossaryEntry, ...]:
    """The terms of a glossary's text, in file order; a ``RuleFileError`` names a bad line."""
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
        key = term.casefold()
        if key in seen:
            raise RuleFileError(
                f"term {term!r} is already on line {seen[key]}", path=path, line=number
            )
        seen[key] = number
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
