"""Benchmark: the rule engine against a naive loop of one ``re.sub`` per rule.

Run by hand (not by the tests)::

    python bench/engine.py --segments 1000000 --rules 10000

Builds N segments by cycling the corpus's segments, and K term rules of one
variant each: about 10 % real corpus words and bigrams (drawn uniformly from
the corpus's distinct words and bigrams), 90 % made-up mishearings. Times the
path of ``apply --dry-run`` (compile once, scan every 10,000-segment document,
apply every suggestion) and the naive loop; the naive loop runs on a sample of
segments and is extrapolated to N (the output says so). The last line is
``ratio=<naive time / engine time>``.
"""

from __future__ import annotations

import argparse
import random
import re
import string
import time
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
    return [seg.text for path in sorted((ROOT / "corpus").glob("*.txt")) for seg in load(path).segments]


def documents(texts: list[str], count: int) -> list[Transcript]:
    """``count`` segments cycled from ``texts``, cut into documents of 10,000 segments."""
    docs = []
    for first in range(0, count, DOCUMENT_SEGMENTS):
        size = min(DOCUMENT_SEGMENTS, count - first)
        segments = tuple(
            Segment(i, i * 1000, i * 1000 + 900, texts[(first + i) % len(texts)], line=i + 1)
            for i in range(size)
        )
        docs.append(Transcript(doc_id=f"bench{first // DOCUMENT_SEGMENTS}", format="whisper", segments=segments))
    return docs


def variants(texts: list[str], count: int, rng: random.Random) -> list[str]:
    """``count`` distinct variants: ~10 % real words and bigrams, the rest made up (real words have 4+ letters: no rule rewrites "the")."""
    words = sorted({w for text in texts for w in re.findall(r"[a-z]{4,}", text.lower())})
    bigrams = sorted(
        {f"{a} {b}" for text in texts for a, b in zip(text.lower().split(), text.lower().split()[1:])
         if a.isalpha() and b.isalpha()}
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
            parse_rule({"id": f"t{i}", "kind": "term", "canonical": f"Term{i}", "variants": [v], "auto": True})
            for i, v in enumerate(phrases)
        )  # type: ignore[arg-type]
    )


def run_engine(rules: RuleSet, docs: list[Transcript]) -> tuple[float, int]:
    """Seconds for compile + scan + apply over every document, and the number of changes."""
    started = time.perf_counter()
    engine = Engine(rules)
    changes = 0
    now = datetime.now(UTC)
    for doc in docs:
        found = engine.scan(doc).suggestions
        apply_decisions(doc, [Decision(s, "auto", s.after, now) for s in found])
        changes += len(found)
    return time.perf_counter() - started, changes


def run_naive(phrases: list[str], texts: list[str], count: int) -> tuple[float, int]:
    """Seconds per segment of one compiled ``re.sub`` per rule, timed on ``count`` segments."""
    patterns = [
        (re.compile(r"\b" + r"\s+".join(map(re.escape, p.split())) + r"\b", re.IGNORECASE), f"Term{i}")
        for i, p in enumerate(phrases)
    ]
    sample = [texts[i % len(texts)] for i in range(count)]
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
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = corpus_texts()
    phrases = variants(texts, args.rules, rng)
    docs = documents(texts, args.segments)
    engine_seconds, changes = run_engine(rule_set(phrases), docs)
    sample = max(50, min(args.segments, NAIVE_SUBS // args.rules))
    per_segment, timed = run_naive(phrases, texts, sample)
    naive_seconds = per_segment * args.segments
    print(f"segments={args.segments} rules={args.rules} changes={changes}")
    print(f"engine: {engine_seconds:.2f} s, {args.segments / engine_seconds:,.0f} segments/s")
    note = "" if timed == args.segments else f" (timed on {timed:,} segments, extrapolated)"
    print(f"naive re.sub per rule: {naive_seconds:.2f} s, {1 / per_segment:,.0f} segments/s{note}")
    print(f"ratio={naive_seconds / engine_seconds:.1f}")


if __name__ == "__main__":
    main()
