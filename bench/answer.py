"""Prints the answer path's figures: warm per-question cost against search alone, and cold one-shot `regbot ask`.

    python bench/answer.py [QUESTIONS.jsonl] [--cold-runs N]

Questions default to ../shared/eval/dev.jsonl when it is there, else a few built-in ones.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from timing import pct, read_questions, timed  # bench/timing.py (scripts run from bench/)

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev.jsonl"
BUILT_IN = ["温州市直机关党委每届任期几年？", "纪委 委员 人数 温州", "党费几个月不交算自动脱党", "温州120名党员一年党员教育经费多少"]








def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", nargs="?")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    questions = read_questions(args.questions, DEFAULT, BUILT_IN)

    from bot.answer import get_engine
    from index.search import get_searcher

    engine = get_engine()
    engine.warm()
    searcher = get_searcher()
    for q in questions[:3]:  # let caches settle
        engine.ask(q)
    embed_ms = timed(searcher.embedder.embed_query, questions, args.rounds)
    search_ms = timed(lambda q: searcher.search(q, k=5), questions, args.rounds)
    answer_ms = timed(engine.ask, questions, args.rounds)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    cold = []
    for _ in range(args.cold_runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot.cli", "ask", "温州市直机关党委每届任期几年？"], check=True,
                       capture_output=True)
        cold.append(time.perf_counter() - t)

    print(f"machine: {platform.machine()}, {platform.python_version()}, {len(questions)} questions x {args.rounds} rounds")
    print(f"bare embedding warm p50 {statistics.median(embed_ms):7.1f} ms   p95 {pct(embed_ms, 0.95):7.1f} ms")
    print(f"search alone   warm p50 {statistics.median(search_ms):7.1f} ms   p95 {pct(search_ms, 0.95):7.1f} ms")
    print(f"answer (ask)   warm p50 {statistics.median(answer_ms):7.1f} ms   p95 {pct(answer_ms, 0.95):7.1f} ms")
    print(f"answer / search (p50): {statistics.median(answer_ms) / statistics.median(search_ms):.2f}x")
    print(f"answer / bare embedding (p50): {statistics.median(answer_ms) / statistics.median(embed_ms):.2f}x  (target <= 1.2x)")
    print(f"cold one-shot `regbot ask`: median {statistics.median(cold):.2f} s, min {min(cold):.2f} s over {len(cold)} runs")
    print(f"peak RSS of this process: {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
