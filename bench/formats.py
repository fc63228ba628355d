"""Benchmark: reading a 100,000-segment file of each line format against a naive reader.

Run by hand (not by the tests)::

    python bench/formats.py --segments 100000

Builds one file per format (Whisper text, SRT, WebVTT, a caption scrape) of N
segments by cycling the segment texts of the corpus (the timed ones written by
the workbench's own writers, the scrape between the corpus scrape's header and
footer), then times ``workbench.formats.load`` on each: what the review screen
waits for before it can scan (read, decode, sha256, sniff, parse).

The naive readers do the same reading the obvious way, in the same run: Whisper
text and the scrape line by line (every line split off and stripped, a regular
expression per timestamp, each block's lines joined into its raw text,
``Segment.read``), SRT and WebVTT by ``pysubs2`` (``SSAFile.from_string``,
which keeps no raw blocks). Each reader runs ``--repeat`` times, interleaved;
the median is reported. Times are CPU seconds of this process (``process_time``),
so that other work on a shared machine does not count; a read touches no other
process. The last line is ``ratio=<naive total / workbench total>``.

Then a recogniser's JSON: an Amazon Transcribe result of ``--transcribe-mb``
megabytes (the newer layout: items with ids, speaker labels and punctuation,
audio segments of 40 words, built from the corpus words) is read by
``workbench.formats.load`` and by ``json.load`` alone; the line before the last
is ``transcribe_ratio=<load / json.load>`` (target: at most 3).
``--only-transcribe`` skips the line formats.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pysubs2

from workbench.formats import dumps, load
from workbench.formats.captions import Captions
from workbench.formats.text import content, split_lines
from workbench.model import Segment, Transcript

ROOT = Path(__file__).resolve().parent.parent
SCRAPE = ROOT / "corpus" / "lex-fridman-altman-367.txt"
_BRACKET = re.compile(r"\[\s*(\S+)\s+-->\s+(\S+)\s*\]")
_TIME = re.compile(r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})")


def corpus_texts() -> list[str]:
    """Every segment text of the corpus, in file order."""
    return [
        seg.text for path in sorted((ROOT / "corpus").glob("*.txt")) for seg in load(path).segments
    ]


def timed_file(texts: list[str], count: int, name: str) -> str:
    """``count`` segments of 1.8 s every 2 s, cycled from ``texts``, written as format ``name``."""
    segments = tuple(
        Segment(i, i * 2000, i * 2000 + 1800, texts[i % len(texts)]) for i in range(count)
    )
    return dumps(Transcript(doc_id="bench", format=name, segments=segments))


def scrape_file(count: int) -> str:
    """A caption scrape of ``count`` lines between the corpus scrape's header and footer."""
    scrape = load(SCRAPE)
    lines = [seg.text for seg in scrape.segments]
    body = "".join(lines[i % len(lines)] + "\n" for i in range(count))
    return scrape.header + body + scrape.footer


def _read(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    return data.decode("utf-8"), hashlib.sha256(data).hexdigest()


def _ms(stamp: str) -> int:
    match = _TIME.fullmatch(stamp)
    assert match is not None
    hours, minutes, seconds, millis = match.groups()
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def naive_whisper(path: Path) -> int:
    """Whisper text line by line: blocks of lines, a regex per bracket and timestamp."""
    text, _ = _read(path)
    blocks: list[list[str]] = []
    firsts: list[int] = []
    for number, line in enumerate(split_lines(text), start=1):
        body = content(line)
        if not body.strip():
            if blocks:
                blocks[-1].append(line)
        elif body.lstrip().startswith("[") and "]" in body:
            blocks.append([line])
            firsts.append(number)
    segments = []
    for index, (block, number) in enumerate(zip(blocks, firsts, strict=True)):
        first = content(block[0])
        close = first.index("]") + 1
        match = _BRACKET.fullmatch(first[:close].strip())
        assert match is not None
        start, end = _ms(match.group(1)), _ms(match.group(2))
        spoken = first[close:].strip()
        segments.append(
            Segment.read(
                "".join(block), index=index, start=start, end=end, text=spoken, line=number
            )
        )
    return len(segments)


def naive_scrape(path: Path) -> int:
    """A scrape line by line: header and footer as the workbench finds them, a segment per line."""
    text, _ = _read(path)
    lines = split_lines(text)
    head, foot = Captions().split_metadata(lines)
    blocks: list[list[str]] = []
    firsts: list[int] = []
    for number in range(head + 1, len(lines) - foot + 1):
        line = lines[number - 1]
        if content(line).strip():
            blocks.append([line])
            firsts.append(number)
        elif blocks:
            blocks[-1].append(line)
    segments = [
        Segment.read(
            "".join(block), index=i, start=None, end=None, text=content(block[0]).strip(), line=n
        )
        for i, (block, n) in enumerate(zip(blocks, firsts, strict=True))
    ]
    return len(segments)


def naive_pysubs2(path: Path) -> int:
    """``pysubs2`` reading the file (events only, no raw blocks)."""
    text, _ = _read(path)
    return len(pysubs2.SSAFile.from_string(text, format_=path.suffix.lstrip(".")).events)


def workbench(path: Path) -> int:
    """``workbench.formats.load``."""
    return len(load(path).segments)


def seconds(read: Callable[[Path], int], path: Path) -> tuple[float, int]:
    """CPU seconds of one read (after a full collection), and the segments it found."""
    gc.collect()
    started = time.process_time()
    found = read(path)
    return time.process_time() - started, found


def transcribe_file(texts: list[str], megabytes: float) -> str:
    """An Amazon Transcribe result of about ``megabytes`` MB from the words of ``texts``."""
    words = [word for text in texts for word in text.split()]
    items: list[dict[str, object]] = []
    segments: list[dict[str, object]] = []
    size, ms, k = 0, 0, 0
    while size < megabytes * 1_000_000:
        ids = []
        for _ in range(40):
            word = words[k % len(words)]
            k += 1
            content = word.rstrip(".,?!")
            speaker = f"spk_{(len(segments)) % 2}"
            item = {
                "id": len(items),
                "type": "pronunciation",
                "alternatives": [{"confidence": "0.987", "content": content or word}],
                "start_time": f"{ms / 1000:.3f}",
                "end_time": f"{(ms + 300) / 1000:.3f}",
                "speaker_label": speaker,
            }
            ms += 350
            ids.append(len(items))
            items.append(item)
            if content != word and content:
                ids.append(len(items))
                items.append(
                    {
                        "id": len(items),
                        "type": "punctuation",
                        "alternatives": [{"confidence": "0.0", "content": word[len(content) :]}],
                        "speaker_label": speaker,
                    }
                )
            size += 190
        segments.append(
            {
                "id": len(segments),
                "transcript": "",
                "start_time": items[ids[0]]["start_time"],
                "end_time": f"{ms / 1000:.3f}",
                "speaker_label": f"spk_{len(segments) % 2}",
                "items": ids,
            }
        )
    data = {
        "jobName": "bench",
        "accountId": "0",
        "status": "COMPLETED",
        "results": {
            "transcripts": [{"transcript": " ".join(words[:k])}],
            "items": items,
            "audio_segments": segments,
        },
    }
    return json.dumps(data)


def json_load(path: Path) -> int:
    """``json.load`` of the file: the floor any JSON reader stands on."""
    with path.open(encoding="utf-8") as handle:
        return len(json.load(handle)["results"]["audio_segments"])


def bench_transcribe(texts: list[str], megabytes: float, repeat: int) -> float:
    """Median CPU seconds of ``load`` over those of ``json.load`` on a Transcribe result."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.json"
        path.write_text(transcribe_file(texts, megabytes), encoding="utf-8")
        runs: tuple[list[float], list[float]] = ([], [])
        for _ in range(repeat):
            for times, read in zip(runs, (workbench, json_load), strict=True):
                took, _found = seconds(read, path)
                times.append(took)
        ours, floor = (statistics.median(times) for times in runs)
        size = path.stat().st_size / 1e6
    print(f"transcribe {size:.1f} MB: load {ours:.3f} s, json.load {floor:.3f} s")
    return ours / floor


def main() -> None:
    """Build the files, time both readers per format; the last line is the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per reader; the median is reported"
    )
    parser.add_argument("--transcribe-mb", type=float, default=10.0)
    parser.add_argument("--only-transcribe", action="store_true")
    args = parser.parse_args()
    texts = corpus_texts()
    ratio = bench_transcribe(texts, args.transcribe_mb, args.repeat)
    if args.only_transcribe:
        print(f"transcribe_ratio={ratio:.2f}")
        return
    files = {
        "whisper": ("bench.txt", timed_file(texts, args.segments, "whisper"), naive_whisper),
        "srt": ("bench.srt", timed_file(texts, args.segments, "srt"), naive_pysubs2),
        "vtt": ("bench.vtt", timed_file(texts, args.segments, "vtt"), naive_pysubs2),
        "captions": ("bench.txt", scrape_file(args.segments), naive_scrape),
    }
    totals = [0.0, 0.0]
    print(f"segments={args.segments:,} repeat={args.repeat} (median CPU seconds)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (filename, text, naive) in files.items():
            path = Path(tmp) / filename
            path.write_text(text, encoding="utf-8")
            runs: tuple[list[float], list[float]] = ([], [])
            for _ in range(args.repeat):
                for times, read in zip(runs, (workbench, naive), strict=True):
                    took, found = seconds(read, path)
                    assert found == args.segments, (name, read.__name__, found)
                    times.append(took)
            ours, theirs = (statistics.median(times) for times in runs)
            totals[0] += ours
            totals[1] += theirs
            print(
                f"{name:9} load {ours:.3f} s ({ours / args.segments * 1e6:.1f} µs/segment), "
                f"naive ({naive.__name__}) {theirs:.3f} s, x{theirs / ours:.1f}"
            )
    print(f"all formats: load {totals[0]:.2f} s, naive {totals[1]:.2f} s")
    print(f"transcribe_ratio={ratio:.2f}")
    print(f"ratio={totals[1] / totals[0]:.1f}")


if __name__ == "__main__":
    main()
