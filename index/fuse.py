"""Fusion of retrieval runs: small pure functions, chosen by name.

A run maps item ids to scores (higher is better). Every fusion takes the runs and one weight per run and
returns one fused score per item; items missing from a run simply get nothing from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

Run = Mapping[str, float]
Fusion = Callable[[Sequence[Run], Sequence[float]], dict[str, float]]

RRF_K = 60.0


def ranks(run: Run) -> dict[str, int]:
    """1-based rank of each item in a run, best first; ties broken by id so results are deterministic."""
    ordered = sorted(run.items(), key=lambda kv: (-kv[1], kv[0]))
    return {item: i for i, (item, _) in enumerate(ordered, 1)}


def rrf(runs: Sequence[Run], weights: Sequence[float], k: float = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion: Σ weight / (k + rank). Ignores score scales entirely."""
    out: dict[str, float] = {}
    for run, w in zip(runs, weights):
        for item, r in ranks(run).items():
            out[item] = out.get(item, 0.0) + w / (k + r)
    return out


def minmax(run: Run) -> dict[str, float]:
    """Scores rescaled to [0, 1] within the run (all 1.0 when every score is equal)."""
    if not run:
        return {}
    lo, hi = min(run.values()), max(run.values())
    if hi <= lo:
        return {item: 1.0 for item in run}
    return {item: (s - lo) / (hi - lo) for item, s in run.items()}


def _weighted(runs: Sequence[Run], weights: Sequence[float], scale: Callable[[Run], dict[str, float]]) -> dict[str, float]:
    """Weighted sum over runs of each run's rescaled scores."""
    out: dict[str, float] = {}
    for run, w in zip(runs, weights):
        for item, s in scale(run).items():
            out[item] = out.get(item, 0.0) + w * s
    return out


def mix(runs: Sequence[Run], weights: Sequence[float]) -> dict[str, float]:
    """Weighted sum of min-max normalized scores: keeps how far ahead an item is, which RRF discards."""
    return _weighted(runs, weights, minmax)


def max_scaled(run: Run) -> dict[str, float]:
    """Scores divided by the run's best score (a run of non-negative scores ends up in [0, 1])."""
    if not run:
        return {}
    hi = max(run.values())
    if hi <= 0:
        return {item: 0.0 for item in run}
    return {item: s / hi for item, s in run.items()}


def mix_max(runs: Sequence[Run], weights: Sequence[float]) -> dict[str, float]:
    """Weighted sum of max-scaled scores: like `mix`, but a weak run stays weak instead of being stretched."""
    return _weighted(runs, weights, max_scaled)


FUSIONS: dict[str, Fusion] = {"rrf": rrf, "mix": mix, "mix_max": mix_max}


def fuse(name: str, runs: Sequence[Run], weights: Sequence[float]) -> dict[str, float]:
    """Fuse runs with the fusion called `name` (rrf, mix, mix_max)."""
    if name not in FUSIONS:
        raise ValueError(f"unknown fusion {name!r}; choose from {sorted(FUSIONS)}")
    if len(runs) != len(weights):
        raise ValueError("one weight per run")
    return FUSIONS[name](runs, weights)
