"""Fusion functions on small hand-checked runs."""

from __future__ import annotations

import pytest

from index.fuse import fuse, minmax, mix, ranks, rrf


def test_ranks_are_one_based_best_first_with_ties_broken_by_id() -> None:
    assert ranks({"b": 1.0, "a": 1.0, "c": 3.0}) == {"c": 1, "a": 2, "b": 3}


def test_rrf_adds_weighted_reciprocal_ranks() -> None:
    fused = rrf([{"a": 9.0, "b": 1.0}, {"b": 0.9, "c": 0.1}], [1.0, 1.0], k=60)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["c"] == pytest.approx(1 / 62)
    assert max(fused, key=fused.get) == "b"  # second in one run, first in the other


def test_minmax_maps_each_run_to_zero_one() -> None:
    assert minmax({"a": 10.0, "b": 5.0, "c": 0.0}) == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert minmax({"a": 2.0, "b": 2.0}) == {"a": 1.0, "b": 1.0}
    assert minmax({}) == {}


def test_mix_keeps_margins_that_rank_fusion_discards() -> None:
    lexical = {"a": 10.0, "b": 9.9, "c": 0.0}
    dense = {"a": 0.80, "b": 0.90, "c": 0.85}
    mixed = mix([lexical, dense], [1.0, 1.0])
    assert mixed["b"] > mixed["a"] > mixed["c"]
    weighted = mix([lexical, dense], [1.0, 0.0])
    assert max(weighted, key=weighted.get) == "a"


def test_fusions_are_chosen_by_name() -> None:
    runs = [{"a": 1.0}, {"a": 1.0}]
    assert fuse("rrf", runs, [1, 1]) == rrf(runs, [1, 1])
    assert fuse("mix", runs, [1, 1]) == {"a": 2.0}
    with pytest.raises(ValueError):
        fuse("borda", runs, [1, 1])
    with pytest.raises(ValueError):
        fuse("mix", runs, [1])
