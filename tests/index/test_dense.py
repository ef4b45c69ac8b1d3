"""The faiss index: exact cosine scores, saved and loaded with its manifest, refused when it does not match."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index import dense
from index.dense import DenseIndex, DenseManifest
from index.embed import FakeEmbedder


def _manifest(**changes: object) -> DenseManifest:
    base = dict(corpus_digest="c1", backend="fake", model_id="fake-hash-64", dim=64, passages_hash="p1", count=3)
    return DenseManifest(**{**base, **changes})


@pytest.fixture
def vectors() -> np.ndarray:
    return FakeEmbedder().embed_passages(["党费按月交纳", "机关纪委设委员", "党小组每月开会"])


def test_scores_are_cosines_in_passage_order(vectors: np.ndarray) -> None:
    index = DenseIndex.build(_manifest(), vectors)
    q = FakeEmbedder().embed_query("党小组开会")
    assert index.scores(q) == pytest.approx(vectors @ q, abs=1e-5)
    assert int(np.argmax(index.scores(q))) == 2


def test_saved_index_loads_back_with_its_manifest(tmp_path: Path, vectors: np.ndarray) -> None:
    DenseIndex.build(_manifest(built_at="2026-01-01T00:00:00+00:00"), vectors).save(tmp_path)
    loaded = dense.load(tmp_path, _manifest())
    assert loaded is not None
    assert loaded.manifest.built_at == "2026-01-01T00:00:00+00:00"
    assert loaded.scores(vectors[0]) == pytest.approx(vectors @ vectors[0], abs=1e-5)


@pytest.mark.parametrize(
    "changed",
    [{"corpus_digest": "c2"}, {"model_id": "other"}, {"backend": "e5"}, {"passages_hash": "p2"}, {"format_version": 0}],
)
def test_an_index_built_from_anything_else_is_not_loaded(tmp_path: Path, vectors: np.ndarray,
                                                         changed: dict[str, object]) -> None:
    DenseIndex.build(_manifest(), vectors).save(tmp_path)
    assert dense.load(tmp_path, _manifest(**changed)) is None


def test_a_missing_index_is_not_loaded(tmp_path: Path) -> None:
    assert dense.load(tmp_path, _manifest()) is None
    assert dense.read_manifest(tmp_path) is None
