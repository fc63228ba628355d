"""Kind ``repeat``: stutters ("the the", "I, I would", "they can, they can"), keeping
grammatical and emphatic repeats ("that that", "very, very").

A stutter is a phrase of one to ``MAX_WORDS`` words said again straight after
itself, any number of times: with a space between the copies, a comma (as
Whisper writes a stutter), or a hesitation word ("we, uh, we started"). The
suggestion keeps the first copy and drops the rest. Not a stutter: an ``allow``
word doubled with a space only ("that that", "had had"), an ``emphatic`` word or
phrase doubled with a space or a comma ("very, very", "no, no"; around a
hesitation it is a restart: "so, uh, so"), and a chain of a word and a
conjunction ("more and more and more", "over and over").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from workbench.checks.base import Check, CheckContext, RuleModel
from workbench.checks.textfix import text_suggestion
from workbench.checks.wordcodes import SEPARATOR, CodedWords, segments_at
from workbench.model import Segment, Suggestion, TextEdit, Transcript

MAX_WORDS = 4
"""The longest phrase whose repeat counts as a stutter."""
HESITATIONS = ("um", "uh", "umm", "uhm", "erm", "er", "ah")
"""Words that may stand between the copies of a stutter ("we, uh, we")."""
_HESITATIONS = frozenset(HESITATIONS)
_CONJUNCTIONS = frozenset(("and", "or"))

# Possessive: a phrase is always followed by a gap (a comma or whitespace), which never
# follows part of a word or of the spaces between two words, so giving back characters
# could never lead to a match; not trying it halves the pattern's time on the candidate
# segments (``bench/scan.py``; ``tests/checks/test_stutter_pattern.py``).
_PHRASE = rf"[\w']++(?:[ \t]++[\w']++){{0,{MAX_WORDS - 1}}}"
_HESITATION = rf"(?:{'|'.join(HESITATIONS)})"
_GAP = rf"(?:,?\s+(?:{_HESITATION},?\s+){{0,2}})"
"""What may stand between two copies: a space or a comma and space, up to two hesitation words."""
_STUTTER = re.compile(
    rf"(?<![\w'])(?P<phrase>{_PHRASE})(?P<again>(?:{_GAP}(?P=phrase))+)(?![\w'])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w']+")
_ENDING = re.compile(r"[\w']\s*(,?)\s*\Z")
"""How a segment whose last words a stutter repeats must end: a word, at most a comma."""
_HESITANT = re.compile(rf"(?<![\w']){_HESITATION}(?![\w'])", re.IGNORECASE)

_REPEATED = re.compile(rf"([^{SEPARATOR}]{{1,{MAX_WORDS}}})\1")
"""In the coded words: a run of one to ``MAX_WORDS`` words of one segment, then the same run."""
_OPENS_NEXT = re.compile(
    SEPARATOR
    + "(?:"
    + "|".join(
        rf"(?<=([^{SEPARATOR}]{{{size}}}){SEPARATOR})\{size}" for size in range(1, MAX_WORDS + 1)
    )
    + ")"
)
"""In the coded words: a separator with the same one to ``MAX_WORDS`` words on either side
(the words that end a segment open the next). Led by the separator, so that the
pattern is tried at separators only."""


def _repeated_runs(words: CodedWords, count: int) -> tuple[list[int], list[int]]:
    """Indices of the segments (of ``count``) that may hold a stutter, in order: those
    where a run of one to ``MAX_WORDS`` words comes again straight after itself, once
    hesitation words are left out; and those whose last one to ``MAX_WORDS`` words
    open the next segment (a stutter over the boundary).

    Searched in the transcript's coded words (``wordcodes``), hesitations taken
    out, with two backreference patterns, in C (``bench/scan.py``: the stutter
    pattern run over every segment made this check about ten times slower, a
    Python step per word three times); the uncoded segments are all returned, for
    the pattern to decide, and all are when words share codes.
    """
    if not words.exact:
        return list(range(count)), list(range(count - 1))
    hesitant = "".join(words.codes[word] for word in HESITATIONS if word in words.codes)
    coded = re.sub(f"[{re.escape(hesitant)}]", "", words.text) if hesitant else words.text
    found = words.uncoded | set(segments_at(coded, _REPEATED))
    across = set(segments_at(coded, _OPENS_NEXT))
    across.update(i for other in words.uncoded for i in (other - 1, other) if 0 <= i < count - 1)
    return sorted(found), sorted(across)


def _chain(words: list[str]) -> bool:
    """True when ``words`` hold a word, a conjunction and the word again ("more and more")."""
    return any(
        middle in _CONJUNCTIONS and before == after
        for before, middle, after in zip(words, words[1:], words[2:])
    )


DEFAULT_ALLOW = ["that", "had", "is"]
"""``RepeatRule.allow`` by default: words whose doubling can be grammatical."""
DEFAULT_EMPHATIC = [
    "very", "really", "so", "super", "much", "way", "far", "many", "too",
    "no", "yeah", "yes", "yep", "okay", "ok", "bye", "ha", "well", "oh", "wow", "hey",
    "oh no", "thank you",
]  # fmt: skip
"""``RepeatRule.emphatic`` by default: intensifiers, answers and interjections."""


class RepeatRule(RuleModel):
    """Flag a word or phrase said twice (or more) in a row and propose saying it once."""

    kind: Literal["repeat"] = "repeat"
    """Always ``repeat``."""
    allow: list[str] = Field(default_factory=lambda: list(DEFAULT_ALLOW))
    """Words whose doubling is grammatical ("that that", "had had", "is is"): left alone
    when written with a space only, flagged when a comma stands between ("that, that")."""
    emphatic: list[str] = Field(default_factory=lambda: list(DEFAULT_EMPHATIC))
    """Words and phrases whose repeat is emphatic, left alone however it is written
    ("very, very", "no no", "thank you, thank you")."""


class RepeatCheck(Check[RepeatRule]):
    """Finds runs of one phrase repeated within a segment or over a segment boundary."""

    model = RepeatRule

    def __init__(self, rule: RepeatRule, context: CheckContext) -> None:
        super().__init__(rule, context)
        self._allowed = frozenset(" ".join(_words(word)) for word in rule.allow)
        self._emphatic = frozenset(" ".join(_words(phrase)) for phrase in rule.emphatic)

    def find(self, transcript: Transcript) -> Iterator[Suggestion]:
        """One suggestion per stutter: drop the repeats (over a segment boundary: the
        copy that ends the first segment)."""
        if not self.rule.applies_to(transcript):
            return
        segments = transcript.segments
        within, across = _repeated_runs(self.context.words.of(transcript), len(segments))
        for index in within:
            seg = segments[index]
            for match in _STUTTER.finditer(seg.text):
                phrase, again = match.group("phrase"), match.group("again")
                if self._speech(phrase, again):
                    continue
                yield from self._suggested(
                    transcript,
                    TextEdit(seg.index, match.start("again"), match.end("again"), ""),
                    phrase,
                )
        for index in across:
            found = _over_boundary(segments[index], segments[index + 1])
            if found is not None and not self._speech(*found[1:]):
                yield from self._suggested(transcript, found[0], found[1])

    def _speech(self, phrase: str, again: str) -> bool:
        """True when ``phrase`` said again as ``again`` (what follows the first copy) is
        speech, not a stutter."""
        words = _words(phrase)
        key = " ".join(words)
        # Neither a repeat around a hesitation ("very, uh, very") nor one with a comma
        # ("that, that") is grammatical; only the former is never emphatic either.
        hesitant = _HESITANT.search(again) is not None
        spaced = "," not in again  # a phrase holds no comma: this one is between copies
        if not hesitant and (key in self._emphatic or (spaced and key in self._allowed)):
            return True
        return phrase.isdigit() or _chain(words * 2) or _HESITATIONS.issuperset(words)

    def _suggested(
        self, transcript: Transcript, edit: TextEdit, phrase: str
    ) -> Iterator[Suggestion]:
        found = text_suggestion(
            transcript,
            self.rule.id,
            self.rule.kind,
            [edit],
            reason=self.rule.description or f"'{phrase}' is repeated",
            auto=self.rule.auto,
            confidence=0.6,
        )
        if found is not None:
            yield found


def _over_boundary(first: Segment, second: Segment) -> tuple[TextEdit, str, str] | None:
    """A stutter whose first copy ends ``first`` and whose last starts ``second``: the
    edit dropping the first copy, the phrase and what follows it (for ``_speech``).

    Not when a sentence ends between them ("Let's go. | Let's go."), the speaker
    changes, or ``second`` opens with the whole last line of ``first`` (the rolling
    repeats of YouTube captions, the ``duplicate`` kind's).
    """
    if first.speaker != second.speaker:
        return None
    last_line = first.text.rsplit("\n", 1)[-1].strip()
    if second.text.split("\n", 1)[0].strip().lower() == last_line.lower():
        return None
    ending = _ENDING.search(first.text)
    if ending is None:
        return None
    words = list(_WORD.finditer(first.text, 0, ending.start() + 1))
    opening = [word.lower() for word in _WORD.findall(second.text[:200])]
    for size in range(min(MAX_WORDS, len(words), len(opening)), 0, -1):
        copy = words[-size:]
        if [word.group().lower() for word in copy] == opening[:size]:
            cut = copy[0].start()
            while cut > 0 and first.text[cut - 1].isspace():
                cut -= 1
            phrase = first.text[copy[0].start() : copy[-1].end()]
            return TextEdit(first.index, cut, len(first.text), ""), phrase, ending.group(1)
    return None


def _words(text: str) -> list[str]:
    """The lowercased words of ``text``."""
    return [word.lower() for word in _WORD.findall(text)]
