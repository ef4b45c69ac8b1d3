"""Timing helpers the benchmark scripts share."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path


def read_questions(path: str | Path | None, default: Path, built_in: list[str]) -> list[str]:
    """The questions of a JSON lines file (`{"question": …}` per line), or the built-in ones."""
    file = Path(path) if path else default
    if file.is_file():
        return [json.loads(line)["question"] for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
    return built_in


def timed(fn: Callable[[str], object], items: list[str], rounds: int) -> list[float]:
    """Milliseconds of each call of fn over the items, `rounds` times."""
    times = []
    for _ in range(rounds):
        for q in items:
            t = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - t) * 1000)
    return times


def pct(values: list[float], p: float) -> float:
    """The p-quantile (0–1) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]
