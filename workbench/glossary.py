"""Glossary files: one canonical term per line, ``#`` starts a comment.

A glossary is the plain list a user already has (guests, products, jargon).
Options per term (``min_score``, ``context``) live in rule files, never here,
so a glossary stays a list anyone can paste into.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.errors import RuleFileError


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One term of a glossary file and the line it is on."""

    term: str
    line: int


def parse_glossary(text: str, path: str | Path = "<glossary>") -> tuple[GlossaryEntry, ...]:
    """The terms of a glossary's text, in file order; a ``RuleFileError`` names a bad line."""
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        term = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not term:
            continue
        if not any(ch.isalnum() for ch in term):
            raise RuleFileError(
                f"expected a term (letters or digits), got {term!r}", path=path, line=number
            )
        if term in seen:
            raise RuleFileError(
                f"term {term!r} is already on line {seen[term]}", path=path, line=number
            )
        seen[term] = number
        entries.append(GlossaryEntry(term, number))
    return tuple(entries)


def read_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    """The terms of the glossary file at ``path`` (UTF-8, with or without a BOM)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RuleFileError(f"cannot read glossary: {error.strerror}", path=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RuleFileError("glossary is not UTF-8 text", path=path, line=line) from None
    return parse_glossary(text, path)
