"""Prints the search figures: warm search against the bare query embedding (the floor), cold one-shot
`regbot search`, peak memory, and index build time.

    python bench/search.py [QUESTIONS.jsonl] [--rounds N] [--cold-runs N] [--build]

Questions default to ../shared/eval/dev.jsonl when it is there, else a few built-in ones. `--build` also times
a fresh build of both indexes into a temporary directory (a minute or two with e5); without it the build time
recorded in the shipped manifest is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from timing import pct, read_questions, timed  # bench/timing.py (scripts run from bench/)

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev.jsonl"
BUILT_IN = ["机关党委每届任期几年", "党小组会多久开一次", "党费怎么交", "机关纪委设几名委员", "党员教育培训学时"]
COLD_QUESTION = "支部书记能干几年？"








def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _cold(runs: int) -> tuple[list[float], float]:
    """Wall times of one-shot `regbot search` processes and the largest child's peak RSS (MB)."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot.cli", "search", "--json", COLD_QUESTION], check=True,
                       capture_output=True)
        times.append(time.perf_counter() - t)
    return times, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _build() -> tuple[float, float]:
    """Seconds to build the lexical and the dense index from scratch (into a temporary directory)."""
    from corpus.store import corpus
    from index.build import build_dense_index, build_lexical_index
    from index.embed import get_embedder
    from index.passages import build_passages

    c = corpus()
    passages = build_passages(c)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        build_lexical_index(c, passages, Path(tmp) / "lexical")
        lexical = time.perf_counter() - t
        t = time.perf_counter()
        build_dense_index(c, passages, get_embedder(), Path(tmp) / "dense")
        return lexical, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("questions", nargs="?")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--build", action="store_true", help="also time a fresh build of both indexes")
    args = parser.parse_args()
    questions = read_questions(args.questions, DEFAULT, BUILT_IN)

    cold, cold_rss = _cold(args.cold_runs)  # first, before this process loads anything

    from query.understand import understand
    from index.search import get_searcher

    searcher = get_searcher()
    searcher.warm()
    for q in questions[:5]:  # let caches settle
        searcher.search(q)
    # the floor: embedding exactly the text search embeds (the question without the place names it filters by)
    embedded = {q: understand(q).core or q for q in questions}
    embed_ms: list[float] = []
    search_ms: list[float] = []
    for _ in range(args.rounds):  # interleaved, so that drift in machine load hits both alike
        for q in questions:
            embed_ms += timed(lambda x: searcher.embedder.embed_query(embedded[x]), [q], 1)
            search_ms += timed(lambda x: searcher.search(x, k=5), [q], 1)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"date: {dt.date.today().isoformat()}; machine: {_cpu()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, backend {searcher.embedder.backend} ({searcher.embedder.model_id})")
    print(f"{len(questions)} questions x {args.rounds} rounds, {len(searcher.passages)} passages")
    print(f"bare query embedding  warm p50 {statistics.median(embed_ms):6.1f} ms   p95 {pct(embed_ms, 0.95):6.1f} ms")
    print(f"search (hybrid, k=5)  warm p50 {statistics.median(search_ms):6.1f} ms   p95 {pct(search_ms, 0.95):6.1f} ms")
    ratio = statistics.median(search_ms) / statistics.median(embed_ms)
    print(f"search / embedding (p50): {ratio:.2f}x  (target <= 1.3x)")
    print(f"cold one-shot `regbot search`: median {statistics.median(cold):.2f} s, min {min(cold):.2f} s "
          f"over {len(cold)} runs (target ~1.2 s)")
    print(f"peak RSS: one-shot search {cold_rss:.0f} MB, this warm process {rss_mb:.0f} MB (target < 300 MB)")
    if args.build:
        lexical_s, dense_s = _build()
        print(f"index build from scratch: lexical {lexical_s:.1f} s, dense {dense_s:.1f} s")
    else:
        m = searcher.dense.manifest
        print(f"index build (recorded in the manifest, {m.built_at}): dense {m.build_seconds:.1f} s "
              f"for {m.count} passages; run with --build to time both afresh")


if __name__ == "__main__":
    main()
