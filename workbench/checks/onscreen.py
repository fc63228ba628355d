"""What a viewer sees of each timed cue: the text it adds to the screen, and how long
that text stays there, for pop-on subtitles and rolling (roll-up) captions alike.

YouTube's automatic captions are roll-up captions, written in one of two ways:

* **Repeated lines** (its WebVTT): each cue shows the previous cue's last line on top
  and reveals a new line under it, word by word; between two such cues a 10 ms cue
  shows the finished line alone (the scroll). A cue's new text is what follows the
  lines it repeats of the cue before (found as the ``duplicate`` kind finds
  repeats, and kept to whole lines that end the cue before); a cue that only
  repeats adds nothing; a line stays on screen from its cue's start to the end of
  the last cue that still repeats it, without a break.
* **Stacked lines** (its timed text as SRT): each line is a cue that lasts until
  the line after next starts, so that two lines are on screen, the newer under the
  older, and at a pause both end together. Such a cue overlaps the next by design;
  its line is on screen for its whole time and the newest until the next line
  starts.

A pop-on subtitle is neither: its new text is all of it, on screen for its own time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.checks.duplicate import repeated_lead, spaced_words
from workbench.model import Segment

ROLL_UP_ROWS = 4
"""The most rows roll-up captions show (CEA-608 has 2, 3 and 4): a line leaves the
screen after at most this many cues that add text, its own included."""


@dataclass(frozen=True, slots=True)
class Shown:
    """One cue as the viewer sees it (times in milliseconds)."""

    repeats: int
    """How many of the cue's leading lines repeat the previous cue (0: none)."""
    new: str
    """The lines the cue adds to the screen ("" for a cue that only repeats)."""
    newest: int
    """How long its new text is the newest on screen: the cue and the cues right
    after it that add nothing (until the next line, for a stacked cue)."""
    visible: int
    """How long its new text stays on screen: the cue and the cues right after it
    that still repeat it."""
    rolling: bool
    """True for a cue of roll-up captions: it repeats the cue before, the cue after
    repeats its new text, or it is a stacked line."""
    stacked: bool = False
    """True for a stacked line: it overlaps the next cue by design."""
    shows: range = range(0)
    """The positions of the cues that show its new text: the cue and the cues right
    after it that still repeat it (``visible`` is their time); empty for a cue that
    adds nothing, the cue alone for a stacked line."""


def shown(segments: Sequence[Segment]) -> list[Shown]:
    """Each of ``segments`` (timed, in file order) as the viewer sees it."""
    return _Layout(segments).shown()


class _Layout:
    """The cues of one transcript, with the words each repeats of the cue before."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.times: list[tuple[int, int]] = []
        for seg in segments:
            assert seg.start is not None and seg.end is not None, "an untimed cue"
            self.times.append((seg.start, seg.end))
        self.texts = [seg.text for seg in segments]
        self.lines = [text.split("\n") for text in self.texts]
        # Each line's words, all lines at once: ``spaced_words`` lowercases and splits
        # ASCII text in C, and a 100,000-cue file has 200,000 lines.
        spaced = iter(spaced_words([line for lines in self.lines for line in lines]))
        words = [[next(spaced).split() for _ in lines] for lines in self.lines]
        self.counts = [[len(line) for line in cue] for cue in words]
        """How many words each line of each cue has."""
        self.words = [[word for line in cue for word in line] for cue in words]
        """Each cue's lowercased words (``duplicate.words_of``)."""
        self.repeats = [self._repeated_lines(position) for position in range(len(self.texts))]
        """How many leading lines of each cue repeat the cue before (0: none)."""
        self.leads = [
            sum(counts[:repeats]) for counts, repeats in zip(self.counts, self.repeats, strict=True)
        ]
        """How many leading words each cue repeats (those of its ``repeats`` lines)."""

    def _repeated_lines(self, position: int) -> int:
        """How many leading lines of the cue at ``position`` repeat the last lines of
        the cue before, word for word (0: none)."""
        if not position:
            return 0
        previous, words = self.words[position - 1], self.words[position]
        lead = repeated_lead(previous, words, 1)
        if not lead or previous[len(previous) - lead :] != words[:lead]:
            return 0  # no repeat, or one from inside the cue before
        if not _whole_lines(self.counts[position - 1][::-1], lead):
            return 0
        return _whole_lines(self.counts[position], lead)

    def shown(self) -> list[Shown]:
        """Every cue as the viewer sees it."""
        result = []
        for position, text in enumerate(self.texts):
            repeats = self.repeats[position]
            new = "\n".join(self.lines[position][repeats:]).strip()
            if self._stacked(position):
                start, end = self.times[position]
                newest = self.times[position + 1][0] - start
                alone = range(position, position + 1)
                result.append(Shown(0, text.strip(), newest, end - start, True, True, alone))
            elif not new:  # adds nothing: judged as part of the cue it repeats
                result.append(Shown(repeats, new, 0, 0, bool(repeats)))
            else:
                newest = self._covered(self._newest(position))
                rolled = self._visible(position)
                rolling = bool(repeats) or len(rolled) > 1
                visible = self._covered(rolled)
                result.append(Shown(repeats, new, newest, visible, rolling, shows=rolled))
        return result

    def _stacked(self, position: int) -> bool:
        """True when the cue overlaps the next and ends exactly where a cue at most
        ``ROLL_UP_ROWS`` after it starts (it scrolls off as that line comes), or, with
        the cue before stacked on it, where the next ends (both cleared at a pause)."""
        start, end = self.times[position]
        later = self.times[position + 1 : position + ROLL_UP_ROWS + 1]
        if not later or not start <= later[0][0] < end:
            return False
        if any(line_start == end for line_start, _ in later[1:]):
            return True
        before = self.times[position - 1] if position else None
        return later[0][1] == end and before is not None and before[0] < start < before[1]

    def _adds_nothing(self, position: int) -> bool:
        return bool(self.words[position]) and self.leads[position] == len(self.words[position])

    def _follows(self, position: int, reach: int) -> bool:
        """True when the cue at ``position`` exists and starts by ``reach`` (no break)."""
        return position < len(self.times) and self.times[position][0] <= reach

    def _newest(self, position: int) -> range:
        """The cue at ``position`` and the cues right after it that add nothing."""
        last, reach = position, self.times[position][1]
        while self._follows(last + 1, reach) and self._adds_nothing(last + 1):
            last += 1
            reach = max(reach, self.times[last][1])
        return range(position, last + 1)

    def _visible(self, position: int) -> range:
        """The cue at ``position`` and the cues right after it whose repeated words end
        with its new words (through at most ``ROLL_UP_ROWS`` cues that add text)."""
        fresh = self.words[position][self.leads[position] :]
        size = len(fresh)
        last, reach, adding = position, self.times[position][1], 1
        while size and self._follows(last + 1, reach):
            lead = self.leads[last + 1]
            if lead < size or self.words[last + 1][lead - size : lead] != fresh:
                break
            if not self._adds_nothing(last + 1):
                adding += 1
                if adding > ROLL_UP_ROWS:
                    break
            last += 1
            reach = max(reach, self.times[last][1])
        return range(position, last + 1)

    def _covered(self, run: range) -> int:
        """Milliseconds the cues of ``run`` cover together (overlaps counted once)."""
        total, reach = 0, None
        for position in run:
            start, end = self.times[position]
            if reach is not None:
                start = max(start, reach)
            if end > start:
                total += end - start
                reach = end if reach is None else max(reach, end)
        return total


def _whole_lines(counts: Sequence[int], lead: int) -> int:
    """How many leading lines, of ``counts`` words each, hold exactly ``lead`` words
    (0 when the ``lead``-th word is not the last of a line)."""
    if not lead:
        return 0
    seen = 0
    for number, count in enumerate(counts, start=1):
        seen += count
        if seen == lead:
            return number
        if seen > lead:
            return 0
    return 0
