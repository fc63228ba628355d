"""Every segment's words as one string of one-character codes, made once per transcript
for the checks that compare words with the words nearby (``repeat``, ``duplicate``).

The ASCII segments (nearly all) are lowercased, every character outside
``[\\w']`` made a space, and split as one string, in C; each distinct word gets
one character. Runs of words are then compared as substrings and searched with
backreferences over the whole transcript at once, instead of a Python step per
word (``bench/scan.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from workbench.model import Segment, Transcript

SEPARATOR = "\x00"
"""Between two segments' codes; no word's code."""
_ASCII_NOT_WORD = {
    code: " " for code in range(128) if chr(code) != SEPARATOR and not re.match(r"[\w']", chr(code))
}
"""``str.translate`` table: ASCII characters outside ``[\\w']`` (but the separator) become spaces."""
_CODES = 0x10FFFF
"""How many one-character word codes there are (``\\x01`` to ``\\U0010ffff``)."""


@dataclass(frozen=True, slots=True)
class CodedWords:
    """A transcript's words coded one character each, its segments' codes joined by
    ``SEPARATOR``."""

    text: str
    """The codes: segment ``k``'s are between the ``k``-th separator and the next."""
    codes: dict[str, str]
    """Each lowercased word's code."""
    uncoded: frozenset[int]
    """Segments left empty in ``text`` (beyond ASCII, or holding the separator): their
    words are ``[\\w']`` in Unicode's sense, which the checks read their own way."""
    exact: bool
    """False when there were more distinct words than codes, and some share one."""


class _WordCodes(dict[str, str]):
    """One character for each word, given when the word is first met. Past ``_CODES``
    words, codes are given again."""

    def __missing__(self, word: str) -> str:
        code = self[word] = chr(1 + len(self) % _CODES)
        return code


def coded_words(segments: Sequence[Segment]) -> CodedWords:
    """The words of ``segments`` coded (see ``CodedWords``)."""
    texts = [seg.text for seg in segments]
    joined = f" {SEPARATOR} ".join(texts)
    uncoded: frozenset[int] = frozenset()
    if not (joined.isascii() and joined.count(SEPARATOR) == len(texts) - 1):
        uncoded = frozenset(
            i for i, text in enumerate(texts) if not text.isascii() or SEPARATOR in text
        )
        joined = f" {SEPARATOR} ".join("" if i in uncoded else text for i, text in enumerate(texts))
    codes = _WordCodes(((SEPARATOR, SEPARATOR),))
    text = "".join(map(codes.__getitem__, joined.lower().translate(_ASCII_NOT_WORD).split()))
    return CodedWords(text, codes, uncoded, len(codes) <= _CODES)


def segments_at(coded: str, pattern: re.Pattern[str]) -> Iterator[int]:
    """The segment of each match of ``pattern`` in ``coded`` (where it starts)."""
    segment = counted = 0
    for match in pattern.finditer(coded):
        segment += coded.count(SEPARATOR, counted, match.start())
        counted = match.start()
        yield segment


class CodedWordsCache:
    """The coded words of the transcript last scanned, shared by the checks of one engine."""

    def __init__(self) -> None:
        self._transcript: Transcript | None = None
        self._coded = CodedWords("", {}, frozenset(), True)

    def of(self, transcript: Transcript) -> CodedWords:
        """``coded_words(transcript.segments)``, made once per transcript."""
        # Identity, not equality: holding the transcript keeps its id from being reused.
        if transcript is not self._transcript:
            self._coded = coded_words(transcript.segments)
            self._transcript = transcript
        return self._coded
