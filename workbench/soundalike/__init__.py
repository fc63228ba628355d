"""Sound-alike detection: find word n-grams that sound like a glossary term.

The pure algorithm behind the ``glossary`` rule kind, as a pipeline of one
module per stage:

* ``tokens`` — a transcript's words, with where they are (and how sure the
  recogniser was of them);
* ``candidates`` — the glossary indexed by sound, and every 1–4 token window
  (also across a segment boundary) that shares a blocking key with a term;
* ``features`` — how alike a window and a term are (sound, letters, letter
  names, version) and what the transcript says about them;
* ``scorer`` — a logistic model fitted on annotated transcripts turns the
  features into a probability, raised by the recogniser's doubt where the
  words carry a confidence;
* ``suggestions`` — the best non-overlapping windows, each with the reason
  naming the features that decided.

``forms`` (sound keys) and ``lexicon`` (English word frequencies) serve them all;
``index`` files the glossary's spellings by sound for ``candidates``.
"""

from workbench.soundalike.candidates import MAX_WORDS, Candidate, CandidateIndex, Scan
from workbench.soundalike.features import Evidence, compare
from workbench.soundalike.forms import (
    Form,
    Term,
    consonants,
    letter_names,
    phrase_words,
    sound_key,
    squeeze,
    term_form,
    window_form,
)
from workbench.soundalike.lexicon import PREFIXES, Lexicon, english
from workbench.soundalike.suggestions import DEFAULT_MIN_SCORE, Match, SoundAlikeIndex
from workbench.soundalike.tokens import Token, tokenize, tokenize_segments

__all__ = [
    "DEFAULT_MIN_SCORE",
    "MAX_WORDS",
    "PREFIXES",
    "Candidate",
    "CandidateIndex",
    "Evidence",
    "Form",
    "Lexicon",
    "Match",
    "Scan",
    "SoundAlikeIndex",
    "Term",
    "Token",
    "compare",
    "consonants",
    "english",
    "letter_names",
    "phrase_words",
    "sound_key",
    "squeeze",
    "term_form",
    "tokenize",
    "tokenize_segments",
    "window_form",
]
