"""Every segment's words as one string of one-character codes, made once per transcript
for the checks that compare words with the words nearby (``repeat``, ``duplicate``),
and the transcript's distinct whitespace-separated tokens (``spelling``).

The ASCII segments (nearly all) are joined and split at whitespace as one
string, in C; each distinct token is then lowercased, every character outside
``[\\w']`` made a space, and its words given one character each. Runs of words
are then compared as substrings and searched with backreferences over the whole
transcript at once, instead of a Python step per word (``bench/scan.py``). The
split is the costly part (1.2 M tokens of a 100,000-segment file), which is why
its distinct tokens are kept for the spelling check instead of splitting again.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
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
    tokens: Collection[str]
    """The distinct whitespace-separated tokens of the coded segments, as written (and
    ``SEPARATOR``, which stands between two segments)."""
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


class _TokenCodes(dict[str, str]):
    """The codes of each whitespace-separated token's words, made when the token is first
    met: most tokens recur, so each distinct one is lowercased and split once."""

    def __init__(self, words: _WordCodes) -> None:
        super().__init__()
        self.words = words

    def __missing__(self, token: str) -> str:
        code = self[token] = "".join(
            map(self.words.__getitem__, token.lower().translate(_ASCII_NOT_WORD).split())
        )
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
    # In ASCII, lowercasing and blanking each token's characters splits it exactly where
    # blanking the whole text would: the codes are those of the text's words in order.
    tokens = _TokenCodes(_WordCodes(((SEPARATOR, SEPARATOR),)))
    text = "".join(map(tokens.__getitem__, joined.split()))
    codes = tokens.words
    return CodedWords(text, codes, tokens.keys(), uncoded, len(codes) <= _CODES)


def segments_at(coded: str, pattern: re.Pattern[str]) -> Iterator[int]:
    """The segment of each match of ``pattern`` in ``coded`` (where it starts)."""
    segment = counted = 0
    for match in pattern.finditer(coded):
        segment += coded.count(SEPARATOR, counted, match.start())
        counted = match.start()
        yield segment


_NONE = CodedWords("", {}, (), frozenset(), True)
"""The coded words of no transcript."""


class CodedWordsCache:
    """The coded words of the transcript last scanned, shared by the checks of one engine."""

    def __init__(self) -> None:
        self._transcript: Transcript | None = None
        self._coded = _NONE

    def of(self, transcript: Transcript) -> CodedWords:
        """``coded_words(transcript.segments)``, made once per transcript."""
        # Identity, not equality: holding the transcript keeps its id from being reused.
        if transcript is not self._transcript:
            self._coded = coded_words(transcript.segments)
            self._transcript = transcript
        return self._coded

    def forget(self) -> None:
        """Let go of the transcript and its coded words (its scan is done)."""
        self._transcript, self._coded = None, _NONE
