"""The indexes on disk: the shipped ones match the corpus; a stale or missing index is detected, reported and
rebuilt (with a message), never silently used."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.store import Corpus
from index.build import dense_dir, ensure_dense, ensure_lexical, status
from index.embed import E5Embedder, FakeEmbedder
from index.passages import build_passages


def _edited(corp: Corpus) -> Corpus:
    """The corpus with one clause's text changed (and so another digest)."""
    clauses = [c.model_copy(update={"text": c.text + "补充。"}) if c.id == "wenzhou-3" else c for c in corp.clauses]
    return Corpus(corp.documents, clauses, corp.digest + "-edited")


def test_the_shipped_indexes_match_the_current_corpus(corp: Corpus) -> None:
    """If this fails, the corpus or the passage rules changed: run `regbot index build` and commit index/data."""
    states = status(corp, build_passages(corp), E5Embedder())
    assert [(s.kind, s.state, s.reason) for s in states] == [("lexical", "ok", ""), ("dense", "ok", "")]


def test_missing_indexes_are_reported_then_built(corp: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    passages = build_passages(corp)
    embedder = FakeEmbedder()
    assert [s.state for s in status(corp, passages, embedder, tmp_path)] == ["missing", "missing"]
    ensure_dense(corp, passages, embedder, dense_dir(embedder, tmp_path))
    assert "向量索引需要重建：没有向量索引" in capsys.readouterr().err
    assert [s.state for s in status(corp, passages, embedder, tmp_path)] == ["missing", "ok"]


def test_a_stale_index_is_detected_and_rebuilt_not_used(corp: Corpus, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    embedder = FakeEmbedder()
    passages = build_passages(corp)
    directory = dense_dir(embedder, tmp_path)
    first = ensure_dense(corp, passages, embedder, directory)
    capsys.readouterr()
    ensure_dense(corp, passages, embedder, directory)  # unchanged corpus: loaded as it is, no message
    assert capsys.readouterr().err == ""

    edited = _edited(corp)
    edited_passages = build_passages(edited)
    [_, dense_state] = status(edited, edited_passages, embedder, tmp_path)
    assert (dense_state.state, dense_state.reason) == ("stale", "语料已变更")

    rebuilt = ensure_dense(edited, edited_passages, embedder, directory)
    assert "向量索引需要重建：语料已变更" in capsys.readouterr().err
    assert rebuilt.manifest.corpus_digest == edited.digest != first.manifest.corpus_digest
    assert status(edited, edited_passages, embedder, tmp_path)[1].state == "ok"


def test_an_index_from_another_model_is_stale(corp: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    passages = build_passages(corp)
    directory = tmp_path / "dense"
    ensure_dense(corp, passages, FakeEmbedder(dim=64), directory)
    capsys.readouterr()
    ensure_dense(corp, passages, FakeEmbedder(dim=32), directory)
    assert "索引由其他模型构建" in capsys.readouterr().err


def test_a_stale_lexical_index_is_rebuilt(corp: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = _edited(corp)
    directory = tmp_path / "lexical"
    ensure_lexical(corp, build_passages(corp), directory)
    assert "词法索引需要重建：没有词法索引" in capsys.readouterr().err
    index = ensure_lexical(edited, build_passages(edited), directory)
    assert "词法索引需要重建：语料已变更" in capsys.readouterr().err
    assert index.manifest.corpus_digest == edited.digest
    ensure_lexical(edited, build_passages(edited), directory)
    assert capsys.readouterr().err == ""  # current now: loaded as it is
