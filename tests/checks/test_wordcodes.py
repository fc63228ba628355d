"""The transcript's words split once for all checks (``wordcodes.coded_words``): on
generated text, token by token coding gives the codes of the whole text blanked and
split at once (the straightforward path), and the spelling check's distinct tokens
are those of every segment split on its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_transcript
from workbench.checks import wordcodes
from workbench.checks.base import CheckContext
from workbench.checks.spelling import SpellingCheck, SpellingRule
from workbench.model import Transcript

# Words in several cases, with punctuation inside and around them; now and then a
# non-ASCII word, the separator, or a character outside ``[\w']`` that is whitespace.
_PIECES = st.sampled_from(
    [
        "we", "We", "WE", "the", "The", "don't", "Don't", "rock'n'roll", "well-known",
        "GPT-4", "e.g.", "(maybe)", "'quoted'", "x_y", "1,000", "--", "...", "a/b",
        "café", "naïve", "\x00", "x\x00y", "\x1c", "\x1f",
    ]
)  # fmt: skip
_GAPS = st.sampled_from([" ", " ", ", ", ". ", "  ", "\t", "\n", " - ", "\r\n", "\x0b"])


@st.composite
def _text(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(_PIECES, max_size=8))
    gaps = draw(st.lists(_GAPS, min_size=len(pieces), max_size=len(pieces)))
    return "".join(gap + piece for gap, piece in zip(gaps, pieces, strict=True))


_TRANSCRIPTS = st.lists(_text(), min_size=1, max_size=8).map(make_transcript)


def _straightforward(transcript: Transcript) -> str:
    """The coded segments' text blanked and split as one string, each word then coded."""
    texts = [seg.text for seg in transcript.segments]
    uncoded = wordcodes.coded_words(transcript.segments).uncoded
    joined = f" {wordcodes.SEPARATOR} ".join(
        "" if i in uncoded else text for i, text in enumerate(texts)
    )
    codes: dict[str, str] = {wordcodes.SEPARATOR: wordcodes.SEPARATOR}
    words = joined.lower().translate(wordcodes._ASCII_NOT_WORD).split()
    return "".join(codes.setdefault(word, chr(1 + len(codes))) for word in words)


@settings(max_examples=400, deadline=None)
@given(transcript=_TRANSCRIPTS)
def test_coding_token_by_token_codes_the_words_of_the_whole_text(transcript: Transcript) -> None:
    assert wordcodes.coded_words(transcript.segments).text == _straightforward(transcript)


@settings(max_examples=400, deadline=None)
@given(transcript=_TRANSCRIPTS)
def test_the_spelling_check_meets_every_token_of_every_segment(transcript: Transcript) -> None:
    check = SpellingCheck(SpellingRule(id="sp"), CheckContext())
    everyone = {token for seg in transcript.segments for token in seg.text.split()}
    separator = {wordcodes.SEPARATOR}
    assert check._tokens(transcript) - separator == everyone - separator
