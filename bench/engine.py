"""Benchmark: the rule engine against a naive loop of one ``re.sub`` per rule.

Run by hand (not by the tests)::

    python bench/engine.py --segments 1000000 --rules 10000

Builds N segments by cycling the corpus's segments, and K term rules of one
variant each: about 10 % real corpus words and bigrams (drawn uniformly from
the corpus's distinct words and bigrams), 90 % made-up mishearings.

Times the engine's part of ``apply``: compile once, then for every
10,000-segment document ``Engine.fix`` (scan, resolve overlaps, compose every
``auto`` change into the fixed transcript) and the per-rule counts ``apply``
prints. A change becomes a ``Suggestion`` only where it is shown or written
(``Fix.changes()``), which this does not time: ``apply --dry-run`` then prints
a word diff per change (diff-match-patch, ~40 µs each) — output, not engine.
For comparison it also times the older path that builds every suggestion and
decision (``scan`` + a ``Decision`` each + ``apply_decisions``);
``--no-scan-path`` skips it.

The naive loop (one compiled ``re.sub`` per rule, each segment in turn) makes
the same kind of output — the fixed texts — and runs on a sample of segments
spread evenly over the corpus, extrapolated to N (the output says so).
Documents are made one at a time, outside the timed part, as ``apply`` reads
one file at a time.
``--compare-to K0`` also times the engine with K0 rules on the same documents
and prints how much slower K rules are. Each engine time is the fastest of
``--repeat`` runs (3 by default), as ``timeit`` advises: on a shared machine the
slower runs measure the neighbours; with ``--compare-to`` the two rule sets take
turns. ``Engine.fix`` pauses the garbage collector
as ``apply`` runs it, so the collector's passes are timed as ``apply`` makes them.
The last line is ``ratio=<naive time / engine time>``.
"""

from __future__ import annotations

import argparse
import random
import re
import string
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from workbench.engine import Engine, apply_decisions
from workbench.formats import load
from workbench.model import Decision, Segment, Transcript
from workbench.ruleset import RuleSet, parse_rule

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT_SEGMENTS = 10_000
NAIVE_SUBS = 2_000_000
"""About this many ``re.sub`` calls are timed for the naive loop, then extrapolated."""


def corpus_texts() -> list[str]:
    """Every segment text of the corpus."""
    return [
        seg.text for path in sorted((ROOT / "corpus").glob("*.txt")) for seg in load(path).segments
    ]


def documents(texts: list[str], count: int) -> Iterator[Transcript]:
    """``count`` segments cycled from ``texts``, cut into documents of 10,000 segments.

    Made one at a time, as ``apply`` reads one file at a time: a million segments
    held at once would make every garbage collection walk them all.
    """
    for first in range(0, count, DOCUMENT_SEGMENTS):
        size = min(DOCUMENT_SEGMENTS, count - first)
        segments = tuple(
            Segment(i, i * 1000, i * 1000 + 900, texts[(first + i) % len(texts)], line=i + 1)
            for i in range(size)
        )
        yield Transcript(
            doc_id=f"bench{first // DOCUMENT_SEGMENTS}", format="whisper", segments=segments
        )


def variants(texts: list[str], count: int, rng: random.Random) -> list[str]:
    """``count`` distinct variants: ~10 % real words and bigrams, the rest made up (real words have 4+ letters: no rule rewrites "the")."""
    words = sorted({w for text in texts for w in re.findall(r"[a-z]{4,}", text.lower())})
    bigrams = sorted(
        {
            f"{a} {b}"
            for text in texts
            for a, b in zip(text.lower().split(), text.lower().split()[1:])
            if a.isalpha() and b.isalpha()
        }
    )
    real = max(1, count // 10)
    chosen = set(rng.sample(words, real // 2) + rng.sample(bigrams, real - real // 2))
    while len(chosen) < count:
        chosen.add("".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 9))))
    return sorted(chosen)


def rule_set(phrases: list[str]) -> RuleSet:
    """One auto term rule per variant."""
    return RuleSet(
        tuple(
            parse_rule(
                {
                    "id": f"t{i}",
                    "kind": "term",
                    "canonical": f"Term{i}",
                    "variants": [v],
                    "auto": True,
                }
            )
            for i, v in enumerate(phrases)
        )  # type: ignore[arg-type]
    )


def fastest_engines(
    rule_sets: list[RuleSet], texts: list[str], segments: int, repeat: int
) -> list[tuple[float, int]]:
    """``run_engine`` ``repeat`` times for each rule set, in turns (so that a slow spell of
    a shared machine slows them alike): per rule set the fastest time, and the changes."""
    runs: list[list[tuple[float, int]]] = [[] for _ in rule_sets]
    for _ in range(repeat):
        for rules, times in zip(rule_sets, runs, strict=True):
            times.append(run_engine(rules, documents(texts, segments)))
    return [(min(seconds for seconds, _ in times), times[0][1]) for times in runs]


def run_engine(rules: RuleSet, docs: Iterable[Transcript]) -> tuple[float, int]:
    """Seconds for compile + ``Engine.fix`` + per-rule counts over every document (not the
    time to make the documents), and the number of changes."""
    started = time.perf_counter()
    engine = Engine(rules)
    seconds = time.perf_counter() - started
    per_rule: Counter[str] = Counter()
    for doc in docs:
        started = time.perf_counter()
        per_rule.update(engine.fix(doc).counts())
        seconds += time.perf_counter() - started
    return seconds, sum(per_rule.values())


def run_scan_path(rules: RuleSet, docs: Iterable[Transcript]) -> tuple[float, int]:
    """Seconds for compile + scan + a Decision per suggestion + apply_decisions, and the changes."""
    started = time.perf_counter()
    engine = Engine(rules)
    seconds = time.perf_counter() - started
    changes = 0
    for doc in docs:
        started = time.perf_counter()
        now = datetime.now(UTC)
        found = [s for s in engine.scan(doc).suggestions if s.auto]
        apply_decisions(doc, [Decision(s, "auto", s.after, now) for s in found])
        changes += len(found)
        seconds += time.perf_counter() - started
    return seconds, changes


def run_naive(phrases: list[str], texts: list[str], count: int) -> tuple[float, int]:
    """Seconds per segment of one compiled ``re.sub`` per rule, timed on ``count`` segments."""
    patterns = [
        (
            re.compile(r"\b" + r"\s+".join(map(re.escape, p.split())) + r"\b", re.IGNORECASE),
            f"Term{i}",
        )
        for i, p in enumerate(phrases)
    ]
    # Spread over the whole corpus (segment lengths differ between episodes).
    sample = [
        texts[i * len(texts) // count] if count < len(texts) else texts[i % len(texts)]
        for i in range(count)
    ]
    started = time.perf_counter()
    for text in sample:
        for pattern, replacement in patterns:
            text = pattern.sub(replacement, text)
    return (time.perf_counter() - started) / count, count


def main() -> None:
    """Run one size and print the figures; the last line is the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--rules", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--compare-to", type=int, metavar="K0", help="also time the engine with K0 rules"
    )
    parser.add_argument(
        "--no-scan-path", action="store_true", help="skip timing scan + decisions + apply"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="engine runs to time; the fastest counts"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = corpus_texts()
    phrases = variants(texts, args.rules, rng)
    rule_sets = [rule_set(phrases)]
    if args.compare_to:
        rule_sets.append(rule_set(variants(texts, args.compare_to, random.Random(args.seed))))
    timed_sets = fastest_engines(rule_sets, texts, args.segments, args.repeat)
    engine_seconds, changes = timed_sets[0]
    lines = []
    if not args.no_scan_path:
        scan_seconds, scan_changes = run_scan_path(
            rule_set(phrases), documents(texts, args.segments)
        )
        assert scan_changes == changes, (scan_changes, changes)
        lines.append(
            f"scan + Suggestion/Decision per change + apply_decisions: {scan_seconds:.2f} s, "
            f"{args.segments / scan_seconds:,.0f} segments/s ({scan_seconds / engine_seconds:.1f}× Engine.fix)"
        )
    if args.compare_to:
        base_seconds, _ = timed_sets[1]
        lines.append(
            f"engine at {args.compare_to} rules: {base_seconds:.2f} s; "
            f"self-ratio {args.rules} / {args.compare_to} rules = {engine_seconds / base_seconds:.1f}×"
        )
    sample = max(50, min(args.segments, NAIVE_SUBS // args.rules))
    per_segment, timed = run_naive(phrases, texts, sample)
    naive_seconds = per_segment * args.segments
    print(f"segments={args.segments} rules={args.rules} changes={changes}")
    print(
        f"engine (Engine.fix + per-rule counts, fastest of {args.repeat}): {engine_seconds:.2f} s, "
        f"{args.segments / engine_seconds:,.0f} segments/s"
    )
    for line in lines:
        print(line)
    note = "" if timed == args.segments else f" (timed on {timed:,} segments, extrapolated)"
    print(f"naive re.sub per rule: {naive_seconds:.2f} s, {1 / per_segment:,.0f} segments/s{note}")
    print(f"ratio={naive_seconds / engine_seconds:.1f}")


if __name__ == "__main__":
    main()
