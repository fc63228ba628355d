"""Plant generated mishearings of glossary terms into corpus text (run by hand, and by a test).

Training data that depends on neither the dev set nor our annotations: in each
transcript of ``corpus/``, a term of ``rules/glossary.txt`` that the transcript
writes correctly at least twice is misheard at every second place it is
written (at most ``PER_TERM`` places), by a noise model that turns in order
through the ways recognisers mishear a name or a term:

* **sound** — the longest word of the term becomes the commonest English word
  with the same sound key, first letter and about its length ("Lukas" →
  "Looks"); never for an acronym;
* **letters** — one letter of a word changes to one that sounds alike (b/p,
  d/t, g/k, c/k, m/n, s/z, f/v), or a doubled letter is said once;
* **case** — the term in lowercase, or its words run apart or together.

The transcripts, with the mishearings in place, are written to
``tests/data/planted/`` and the annotations to
``tests/data/planted-gold.jsonl`` (the corpus annotations' format). The
choice is deterministic: a test re-runs it and compares with the files.

Usage: ``.venv/bin/python bench/plant_mishearings.py [--check]``.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.atomic import write_atomic
from workbench.glossary import read_glossary
from workbench.soundalike.forms import word_key
from workbench.soundalike.lexicon import RARE_FREQUENCY, english

CORPUS = ROOT / "corpus"
GLOSSARY = ROOT / "rules" / "glossary.txt"
OUT = ROOT / "tests" / "data" / "planted"
GOLD = ROOT / "tests" / "data" / "planted-gold.jsonl"

PER_TERM = 3
"""The most places per term and transcript that are misheard."""

ALIKE = {"b": "p", "p": "b", "d": "t", "t": "d", "g": "k", "k": "g", "c": "k"}
ALIKE |= {"m": "n", "n": "m", "s": "z", "z": "s", "f": "v", "v": "f"}
"""Letters a recogniser takes for one another (voicing, nasals, sibilants)."""

KINDS = ("sound", "letters", "case")


@functools.cache
def _vocabulary() -> dict[str, list[str]]:
    """Common English words (pyspellchecker's list) by sound key, commonest first."""
    from spellchecker import SpellChecker

    lexicon = english()
    words = [
        w
        for w in SpellChecker().word_frequency
        if w.isalpha() and len(w) > 2 and lexicon.frequency(w) >= RARE_FREQUENCY
    ]
    by_key: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words, key=lambda w: (-lexicon.frequency(w), w)):
        by_key[word_key(word)].append(word)
    return by_key


def _sound(word: str) -> str | None:
    """The commonest English word that sounds like ``word`` (same key, same first letter,
    about as long), or None; never for an acronym (its key is not how it is said)."""
    lowered = word.lower()
    if word.isupper() or len(word) < 4:
        return None
    for other in _vocabulary().get(word_key(word), []):
        if (
            other[0] == lowered[0]
            and abs(len(other) - len(word)) <= 2
            and not other.startswith(lowered[:-1])
            and not lowered.startswith(other)  # "open" of OpenAI is a word, not a slip
        ):
            return other.capitalize() if word[0].isupper() else other
    return None


def _letters(word: str) -> str | None:
    """``word`` with one letter taken for one that sounds alike, or a doubled one said once."""
    doubled = re.search(r"([a-z])\1", word, re.IGNORECASE)
    if doubled:
        return word[: doubled.start()] + word[doubled.start() + 1 :]
    for i in range(len(word) - 1, -1, -1):
        swap = ALIKE.get(word[i].lower())
        if swap:
            return word[:i] + (swap.upper() if word[i].isupper() else swap) + word[i + 1 :]
    return None


def _case(term: str) -> str | None:
    """The term in another case or spacing: run apart at a capital, or lowercased."""
    apart = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", term)
    if apart != term:
        return apart
    lowered = term.lower()
    return lowered if lowered != term else None


def misheard(term: str, kind: str) -> str | None:
    """The term misheard the ``kind`` way (one word changed), or None where it cannot be."""
    if kind == "case":
        return _case(term)
    words = term.split(" ")
    # The longest word changes: the one a recogniser has most room to get wrong.
    at = max(range(len(words)), key=lambda i: (len(words[i]), -i))
    word = words[at]
    if not word.isalpha():
        return None
    changed = _sound(word) if kind == "sound" else _letters(word)
    if changed is None:
        return None
    return " ".join([*words[:at], changed, *words[at + 1 :]])


def _places(line: str, term: str) -> Iterator[int]:
    """Where ``term`` is written in ``line`` as whole words."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")
    for found in pattern.finditer(line):
        yield found.start()


def plant(lines: Sequence[str], terms: Sequence[str], name: str) -> tuple[list[str], list[dict]]:  # type: ignore[type-arg]
    """The lines with mishearings planted, and their annotations (1-based lines)."""
    out = list(lines)
    gold = []
    turn = 0
    for term in terms:
        written = [(n, at) for n, line in enumerate(out) for at in _places(line, term)]
        if len(written) < 2:
            continue
        for n, at in written[1::2][:PER_TERM]:
            if out[n][at : at + len(term)] != term:
                continue  # an earlier plant changed this line
            for _ in KINDS:
                wrong = misheard(term, KINDS[turn % len(KINDS)])
                turn += 1
                if wrong is not None:
                    break
            else:
                continue
            out[n] = out[n][:at] + wrong + out[n][at + len(term) :]
            gold.append({"file": f"planted/{name}", "line": n + 1, "wrong": wrong, "right": term})
    return out, gold


def planted() -> dict[Path, str]:
    """Every file this script writes, with its text."""
    terms = sorted((entry.term for entry in read_glossary(GLOSSARY)), key=lambda t: (-len(t), t))
    files: dict[Path, str] = {}
    annotations = []
    for path in sorted(CORPUS.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        out, gold = plant(lines, terms, path.name)
        files[OUT / path.name] = "\n".join(out)
        annotations += gold
    files[GOLD] = "".join(json.dumps(a) + "\n" for a in annotations)
    return files


def main() -> int:
    """Write (or, with --check, compare) the planted transcripts and their annotations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file differs")
    args = parser.parse_args()
    files = planted()
    if args.check:
        stale = [p for p, text in files.items() if not p.exists() or p.read_text("utf-8") != text]
        print("planted files reproduce" if not stale else f"differ: {', '.join(map(str, stale))}")
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        write_atomic(path, text.encode("utf-8"))
    print(f"wrote {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
