"""Word-level diffs (diff-match-patch over words), rendered for a terminal and as HTML.

Each word and each run of whitespace becomes one character, so that
diff-match-patch compares words, not letters; ``diff_cleanupSemantic`` then
merges the small equalities that make a diff hard to read. ``Diff_Timeout`` is
0 so that a diff never depends on how fast the machine is.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import click
from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

from workbench.model import Segment, Transcript

Op = tuple[int, str]
"""One piece of a diff: -1 deleted, 0 kept, 1 inserted (as diff-match-patch)."""

DELETE, EQUAL, INSERT = -1, 0, 1

_TOKEN = re.compile(r"\s+|\S+")


def _matcher() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp


def _encode(text: str, vocabulary: dict[str, str], tokens: list[str]) -> str:
    """Map each word or whitespace run of ``text`` to one character."""
    chars = []
    for token in _TOKEN.findall(text):
        char = vocabulary.get(token)
        if char is None:
            char = chr(len(tokens))
            vocabulary[token] = char
            tokens.append(token)
        chars.append(char)
    return "".join(chars)


def word_diff(before: str, after: str) -> list[Op]:
    """The word-level diff of two texts, as diff-match-patch ``(op, text)`` pairs."""
    vocabulary: dict[str, str] = {}
    tokens: list[str] = []
    chars_before = _encode(before, vocabulary, tokens)
    chars_after = _encode(after, vocabulary, tokens)
    dmp = _matcher()
    diffs = dmp.diff_main(chars_before, chars_after, False)
    dmp.diff_cleanupSemantic(diffs)
    return [(op, "".join(tokens[ord(c)] for c in chars)) for op, chars in diffs if chars]


def render_terminal(ops: Sequence[Op], *, color: bool) -> str:
    """A diff as one string: ANSI colours, or ``[-old-]{+new+}`` as git --word-diff=plain."""
    parts = []
    for op, text in ops:
        if op == EQUAL:
            parts.append(text)
        elif color and op == DELETE:
            parts.append(click.style(text, fg="red", strikethrough=True))
        elif color:
            parts.append(click.style(text, fg="green"))
        else:
            parts.append(f"[-{text}-]" if op == DELETE else f"{{+{text}+}}")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One changed place: where it is, and its text before and after."""

    label: str
    """Where the change is, for a reader (``line 12``, ``lines 4-5``, ``header``)."""
    before: str
    after: str

    @property
    def ops(self) -> list[Op]:
        """The word diff, computed when a row is shown rather than up front."""
        return word_diff(self.before, self.after)


def _place(segments: Sequence[Segment]) -> str:
    """``line 12`` / ``lines 4-5``, or segment numbers for formats without lines (JSON)."""
    first, last = segments[0], segments[-1]
    if first.line is not None and last.line is not None:
        return (
            f"line {first.line}" if first.line == last.line else f"lines {first.line}-{last.line}"
        )
    return f"segment {first.index}" if first is last else f"segments {first.index}-{last.index}"


def _row(old: Sequence[Segment], new: Sequence[Segment]) -> DiffRow:
    # Name the place in the older file; a pure insertion has no place there.
    label = _place(old) if old else _place(new) + " (new)"
    return DiffRow(label, "\n".join(seg.text for seg in old), "\n".join(seg.text for seg in new))


def _hunk_rows(old: Sequence[Segment], new: Sequence[Segment]) -> list[DiffRow]:
    # Equal counts are in-place edits: one row per segment, each with its own line.
    if len(old) == len(new):
        return [_row([a], [b]) for a, b in zip(old, new, strict=True)]
    return [_row(old, new)]


def transcript_rows(before: Transcript, after: Transcript) -> list[DiffRow]:
    """The changed places between two transcripts: header, segments, footer, in file order.

    Segments are aligned by their text (each distinct text one character, the
    same trick as for words), so merged, deleted and inserted segments line up.
    """
    vocabulary: dict[str, str] = {}
    texts: list[str] = []
    for seg in (*before.segments, *after.segments):
        if seg.text not in vocabulary:
            vocabulary[seg.text] = chr(len(texts))
            texts.append(seg.text)
    chars_before = "".join(vocabulary[seg.text] for seg in before.segments)
    chars_after = "".join(vocabulary[seg.text] for seg in after.segments)
    rows: list[DiffRow] = []
    if before.header != after.header:
        rows.append(DiffRow("header", before.header, after.header))
    i = j = 0
    old: list[Segment] = []
    new: list[Segment] = []
    for op, chars in _matcher().diff_main(chars_before, chars_after, False):
        if op == EQUAL:
            if old or new:
                rows.extend(_hunk_rows(old, new))
                old, new = [], []
            i += len(chars)
            j += len(chars)
        elif op == DELETE:
            old.extend(before.segments[i : i + len(chars)])
            i += len(chars)
        else:
            new.extend(after.segments[j : j + len(chars)])
            j += len(chars)
    if old or new:
        rows.extend(_hunk_rows(old, new))
    if before.footer != after.footer:
        rows.append(DiffRow("footer", before.footer, after.footer))
    return rows


_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.3em; }
table { border-collapse: collapse; width: 100%; }
td { border-top: 1px solid #ddd; padding: .4em .6em; vertical-align: top; }
td.where { color: #666; white-space: nowrap; font-family: monospace; }
td.text { white-space: pre-wrap; }
del { background: #fdd; color: #900; }
ins { background: #dfd; color: #060; text-decoration: none; }
p.none { color: #666; }
"""


def _html_ops(ops: Sequence[Op]) -> str:
    parts = []
    for op, text in ops:
        escaped = html.escape(text)
        parts.append(
            escaped
            if op == EQUAL
            else f"<del>{escaped}</del>"
            if op == DELETE
            else f"<ins>{escaped}</ins>"
        )
    return "".join(parts)


def render_html(title: str, rows: Sequence[DiffRow]) -> str:
    """A self-contained HTML page (inline CSS, no scripts) showing every row's word diff."""
    body = (
        "<table>\n"
        + "".join(
            f'<tr><td class="where">{html.escape(row.label)}</td>'
            f'<td class="text">{_html_ops(row.ops)}</td></tr>\n'
            for row in rows
        )
        + "</table>"
        if rows
        else '<p class="none">No differences.</p>'
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )
