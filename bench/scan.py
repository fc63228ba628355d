"""Benchmark: a full-pack ``Engine.scan`` against a naive per-rule loop.

Run by hand (not by the tests)::

    python bench/scan.py --segments 100000

Builds one Whisper transcript of N timed segments by cycling the segment texts
of the corpus, loads the shipped pack (``load_rule_set()``: every term and
replace rule plus duplicate, fragment, repeat, spelling and boilerplate) and
times what the review screen waits for before its first flag: compiling the
rules and scanning the transcript (``Engine(rules).scan(transcript)``), the
spelling dictionary loaded inside the timed part. The engine runs three times
(a new engine each time); the median is reported, all three are printed.

Then the whole process, as a user runs it: ``workbench scan FILE`` over the
same transcript written as a Whisper file, against ``codespell FILE`` (a
prose spell checker's whole process, the tool people compare us with), each
the best of ``--repeat`` runs; the ratio is printed (target: at most 1.0).
``--no-codespell`` leaves that part out.

The naive loop runs every rule on its own, segment by segment, with nothing
shared or cached: one case-insensitive whole-word pattern per term or literal
replace rule (its variants as one alternation), each regex rule's own pattern,
each structural rule's own pass over neighbouring segments, and the spell
checker asked about every word it meets (``unknown``, then ``candidates`` at
distance 1), its dictionary load timed too. It finds the same kinds of places but builds no suggestions and
resolves no overlaps, so it does less work per hit than the engine. It runs on
a sample of segments (ten runs of consecutive segments spread over the corpus)
and is extrapolated to N (the output says so). The last
line is ``ratio=<naive time / engine time>``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import regex
from installed import installed_env
from spellchecker import SpellChecker

from workbench.checks.duplicate import DuplicateRule
from workbench.checks.filler import FillerRule
from workbench.checks.fragment import FragmentRule
from workbench.checks.repeat import RepeatRule
from workbench.checks.replace import ReplaceRule
from workbench.checks.spelling import SpellingRule
from workbench.checks.term import TermRule
from workbench.engine import Engine, canonical_words
from workbench.formats import load
from workbench.model import Segment, Transcript
from workbench.ruleset import RuleSet, load_rule_set

ROOT = Path(__file__).resolve().parent.parent
NAIVE_SAMPLE = 5_000
"""Segments the naive loop is timed on before it is extrapolated to N."""


def corpus_texts() -> list[str]:
    """Every segment text of the corpus, in file order."""
    return [
        seg.text for path in sorted((ROOT / "corpus").glob("*.txt")) for seg in load(path).segments
    ]


def transcript(texts: list[str], count: int) -> Transcript:
    """One Whisper transcript of ``count`` timed segments cycled from ``texts``."""
    segments = tuple(
        Segment(i, i * 2000, i * 2000 + 1800, texts[i % len(texts)], line=i + 2)
        for i in range(count)
    )
    return Transcript(doc_id="bench", format="whisper", segments=segments)


def run_engine(rules: RuleSet, doc: Transcript) -> tuple[float, int, int, Counter[str]]:
    """Seconds for compile + scan, the suggestions, the overlap losers and the flags per kind."""
    started = time.perf_counter()
    result = Engine(rules).scan(doc)
    seconds = time.perf_counter() - started
    kinds = Counter(s.kind for s in result.suggestions)
    return seconds, len(result.suggestions), len(result.overlapped), kinds


def _words_pattern(phrases: list[str], ignore_case: bool = True) -> re.Pattern[str]:
    words = [r"\W{1,2}".join(map(re.escape, re.findall(r"\w+", p))) for p in phrases]
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE if ignore_case else 0)


def run_naive(rules: RuleSet, texts: list[str]) -> tuple[float, int]:
    """Seconds per segment, and hits, of every rule run on its own over ``texts``."""
    started = time.perf_counter()  # the spelling dictionary's load counts, as in the engine
    vocabulary = {w.lower() for w in canonical_words(rules.rules)}
    patterns: list[re.Pattern[str] | regex.Pattern[str]] = []
    pairs: list[tuple[int, list[str]]] = []  # duplicate: min_words; fragment: max_words
    spellers: list[tuple[SpellChecker, int]] = []
    for rule in rules.rules:
        if isinstance(rule, TermRule):
            patterns.append(_words_pattern(rule.variants))
        elif isinstance(rule, ReplaceRule) and rule.regex:
            body = rf"(?<!\w)(?:{rule.pattern})(?!\w)" if rule.whole_word else rule.pattern
            patterns.append(regex.compile(body, regex.IGNORECASE if rule.ignore_case else 0))
        elif isinstance(rule, ReplaceRule):
            patterns.append(_words_pattern([rule.pattern], rule.ignore_case))
        elif isinstance(rule, RepeatRule):
            patterns.append(regex.compile(r"\b(\w+)(?:\s+\1)+\b", regex.IGNORECASE))
        elif isinstance(rule, FillerRule) and rule.enabled:
            patterns.append(_words_pattern(rule.words))
        elif isinstance(rule, DuplicateRule) and not rule.formats:
            pairs.append((rule.min_words, []))
        elif isinstance(rule, FragmentRule):
            pairs.append((-rule.max_words, []))
        elif isinstance(rule, SpellingRule):
            speller = SpellChecker(language=rule.language, distance=1)
            speller.word_frequency.load_words(sorted({w.lower() for w in rule.accept} | vocabulary))
            spellers.append((speller, rule.min_length))
    hits = 0
    for pattern in patterns:
        for text in texts:
            hits += sum(1 for _ in pattern.finditer(text))
    for least, _ in pairs:
        for previous, text in itertools.pairwise(texts):
            if least > 0:
                a, b = previous.lower().split(), text.lower().split()
                hits += len(b) >= least and (a == b or a[-least:] == b[:least])
            else:
                hits += not previous.rstrip().endswith(".") and len(text.split()) <= -least
    for speller, least in spellers:
        for text in texts:
            for word in re.findall(r"[^\W\d_]+", text):
                if len(word) >= least and word[1:].islower() and speller.unknown([word.lower()]):
                    hits += bool(speller.candidates(word.lower()))
    return (time.perf_counter() - started) / len(texts), hits


def _clock(millis: int) -> str:
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02}:{minutes:02}:{seconds:02}.{millis:03}"


def whisper_text(doc: Transcript) -> str:
    """``doc`` as a Whisper text file."""
    return "".join(
        f"[{_clock(seg.start or 0)} --> {_clock(seg.end or 0)}]   {seg.text}\n"
        for seg in doc.segments
    )


def best_process_time(command: list[str], runs: int, env: dict[str, str]) -> float:
    """The fastest of ``runs`` whole-process runs of ``command`` (output discarded)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        # codespell exits 65 when it finds a misspelling: the exit code is no failure here.
        subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        times.append(time.perf_counter() - started)
    return min(times)


def against_codespell(doc: Transcript, runs: int) -> None:
    """Print whole-process ``workbench scan`` and ``codespell`` times on ``doc`` and the ratio."""
    codespell = shutil.which("codespell", path=os.path.dirname(sys.executable)) or shutil.which(
        "codespell"
    )
    if codespell is None:
        print("codespell not installed (pip install -e '.[dev]'): comparison left out")
        return
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "talk.txt"
        path.write_text(whisper_text(doc), encoding="utf-8")
        store = Path(scratch) / "corrected"
        env = installed_env()  # bytecode compiled, as codespell's is by pip
        ours = best_process_time(
            [sys.executable, "-m", "workbench", "scan", str(path), "--store", str(store)],
            runs,
            env,
        )
        theirs = best_process_time([codespell, str(path)], runs, env)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"whole process on one {len(doc.segments):,}-segment file: workbench scan {ours:.2f} s, "
        f"codespell {theirs:.2f} s (best of {runs}; load {load})"
    )
    print(f"codespell_ratio={ours / theirs:.2f} (workbench / codespell; target <= 1.0)")


def main() -> None:
    """Run one size and print the figures; the last line is the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="engine runs; the median is reported")
    parser.add_argument("--no-codespell", action="store_true", help="skip the codespell part")
    args = parser.parse_args()
    texts = corpus_texts()
    doc = transcript(texts, args.segments)
    rules = load_rule_set()
    runs = [run_engine(rules, doc) for _ in range(args.repeat)]
    engine_seconds, flags, lost, kinds = sorted(runs)[len(runs) // 2]
    # The sample: ten runs of consecutive segments spread over the corpus.
    size = min(args.segments, NAIVE_SAMPLE)
    starts = [k * len(texts) // 10 for k in range(10)]
    sample = [texts[(start + i) % len(texts)] for start in starts for i in range(size // 10)]
    per_segment, _ = run_naive(rules, sample)
    naive_seconds = per_segment * args.segments
    print(
        f"segments={args.segments:,} rules={len(rules.rules)} flags={flags:,} overlapped={lost:,}"
    )
    print("flags by kind: " + ", ".join(f"{kind} {n:,}" for kind, n in sorted(kinds.items())))
    times = ", ".join(f"{run[0]:.2f}" for run in runs)
    print(
        f"engine (compile + full-pack scan): {engine_seconds:.2f} s (median of {times}; "
        "the first loads the spelling dictionary from a cold cache), "
        f"{args.segments / engine_seconds:,.0f} segments/s"
    )
    note = (
        ""
        if len(sample) == args.segments
        else f" (timed on {len(sample):,} segments, extrapolated)"
    )
    print(
        f"naive, every rule on its own: {naive_seconds:.2f} s, {1 / per_segment:,.0f} segments/s{note}"
    )
    if not args.no_codespell:
        against_codespell(doc, args.repeat)
    print(f"ratio={naive_seconds / engine_seconds:.1f}")


if __name__ == "__main__":
    main()
