"""The Embedder backends: the fake one used by most tests, the bundled e5 model, sentence-transformers on a
model from local disk (hub offline), and how the backend is chosen."""

from __future__ import annotations

import numpy as np
import pytest

from index.embed import BackendError, E5Embedder, Embedder, FakeEmbedder, check_backend, get_embedder, st_prefixes


def test_fake_vectors_are_deterministic_normalized_and_plausible() -> None:
    e = FakeEmbedder()
    a, b = e.embed_query("党费交纳"), FakeEmbedder().embed_query("党费交纳")
    assert np.array_equal(a, b)
    assert np.linalg.norm(a) == pytest.approx(1.0)
    m = e.embed_passages(["党费按月交纳", "机关纪委设委员3－5人"])
    assert m.shape == (2, e.dim)
    assert float(m[0] @ a) > float(m[1] @ a)
    assert isinstance(e, Embedder)


def test_the_backend_is_chosen_by_argument_never_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGBOT_BACKEND", "st")  # read by bot/settings.py only, not here
    assert check_backend(" FAKE ") == "fake" and check_backend("") == "e5"
    assert isinstance(get_embedder("fake"), FakeEmbedder)


def test_an_unknown_backend_is_a_chinese_error() -> None:
    with pytest.raises(BackendError, match="未知的向量后端"):
        check_backend("openai")


def test_st_without_a_model_is_a_chinese_error() -> None:
    with pytest.raises(BackendError, match="REGBOT_MODEL"):
        get_embedder("st")


def test_model_families_get_their_prefixes() -> None:
    assert st_prefixes("intfloat/multilingual-e5-small") == ("query: ", "passage: ")
    assert st_prefixes("BAAI/bge-small-zh-v1.5")[0].startswith("为这个句子")
    assert st_prefixes("/models/all-MiniLM-L6-v2") == ("", "")


def test_e5_embeds_queries_and_passages_with_their_prefixes() -> None:
    e = E5Embedder()
    q = e.embed_query("党员多久不交党费算自行脱党")
    assert q.shape == (384,) and q.dtype == np.float32
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-4)
    p = e.embed_passages(["无正当理由连续六个月不交纳党费的按自行脱党处理。", "机关纪委一般设委员3－5人。"])
    assert p.shape == (2, 384)
    assert float(p[0] @ q) > float(p[1] @ q)
    assert not np.allclose(e.embed_passages(["党费"])[0], e.embed_query("党费"))  # query: ≠ passage:


def test_sentence_transformers_loads_a_local_model_with_the_hub_offline(st_embedder: Embedder) -> None:
    assert st_embedder.backend == "st" and st_embedder.dim == 384
    q = st_embedder.embed_query("how often does the party group meet")
    p = st_embedder.embed_passages(["The party group meets once a month.", "Membership dues are paid monthly."])
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-4)
    assert float(p[0] @ q) > float(p[1] @ q)
