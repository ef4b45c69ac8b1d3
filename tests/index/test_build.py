"""The indexes on disk: the shipped ones match the corpus and are only ever read; a stale, missing or corrupt
index is detected, reported and rebuilt into the cache directory (with a message), never silently used."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from corpus.store import Corpus
from index import build, dense
from index.build import check_dense, check_lexical, dense_dir, ensure_dense, ensure_lexical, lexical_dir, status
from index.config import IndexConfig
from index.embed import E5Embedder, FakeEmbedder
from index.passages import build_passages
from index.search import load_searcher


def _edited(corp: Corpus) -> Corpus:
    """The corpus with one clause's text changed (and so another digest)."""
    clauses = [c.model_copy(update={"text": c.text + "补充。"}) if c.id == "wenzhou-3" else c for c in corp.clauses]
    return Corpus(corp.documents, clauses, corp.digest + "-edited")


def test_the_shipped_indexes_match_the_current_corpus(corp: Corpus, tmp_path: Path) -> None:
    """If this fails, the corpus or the passage rules changed: run `regbot index build --shipped` and commit
    index/data."""
    states = status(corp, build_passages(corp), E5Embedder(), IndexConfig(index_dir=tmp_path))
    shipped = [(s.kind, s.state, s.reason) for s in states if s.shipped]
    assert shipped == [("lexical", "ok", ""), ("dense", "ok", "")]
    assert all(s.files_checked >= 1 for s in states if s.shipped)


def test_rebuilt_indexes_go_to_the_cache_directory_not_the_package(tmp_path: Path) -> None:
    config = IndexConfig(index_dir=tmp_path)
    fake = FakeEmbedder()
    assert build.lexical_dirs(config) == [build.SHIPPED_LEXICAL, tmp_path / "lexical"]
    assert build.dense_dirs(fake, config) == [tmp_path / "fake-fake-hash-64"]  # no shipped copy for this backend
    assert IndexConfig().cache_root().is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))


def test_missing_indexes_are_reported_then_built(corp: Corpus, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    passages = build_passages(corp)
    embedder = FakeEmbedder()
    config = IndexConfig(index_dir=tmp_path)
    assert [s.state for s in status(corp, passages, embedder, config) if not s.shipped] == ["missing", "missing"]
    ensure_dense(corp, passages, embedder, build.dense_dirs(embedder, config))
    assert "向量索引需要重建：没有向量索引" in caplog.text
    assert [s.state for s in status(corp, passages, embedder, config) if not s.shipped] == ["missing", "ok"]
    assert build.usable(status(corp, passages, embedder, config))  # the shipped lexical index + the new dense one


def test_a_stale_index_is_detected_and_rebuilt_not_used(corp: Corpus, tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    embedder = FakeEmbedder()
    passages = build_passages(corp)
    directory = dense_dir(embedder, IndexConfig(index_dir=tmp_path))
    first = ensure_dense(corp, passages, embedder, [directory])
    caplog.clear()
    ensure_dense(corp, passages, embedder, [directory])  # unchanged corpus: loaded as it is, no message
    assert caplog.text == ""

    edited = _edited(corp)
    edited_passages = build_passages(edited)
    state = check_dense(directory, edited, edited_passages, embedder)
    assert (state.state, state.reason) == ("stale", "语料已变更")

    rebuilt = ensure_dense(edited, edited_passages, embedder, [directory])
    assert "向量索引需要重建：语料已变更" in caplog.text
    assert rebuilt.manifest.corpus_digest == edited.digest != first.manifest.corpus_digest
    assert check_dense(directory, edited, edited_passages, embedder).state == "ok"


def test_an_index_from_another_model_is_stale(corp: Corpus, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    passages = build_passages(corp)
    ensure_dense(corp, passages, FakeEmbedder(dim=64), [tmp_path])
    caplog.clear()
    ensure_dense(corp, passages, FakeEmbedder(dim=32), [tmp_path])
    assert "索引由其他模型构建" in caplog.text


def test_a_stale_lexical_index_is_rebuilt(corp: Corpus, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    edited = _edited(corp)
    directory = tmp_path / "lexical"
    ensure_lexical(corp, build_passages(corp), [directory])
    assert "词法索引需要重建：没有词法索引" in caplog.text
    caplog.clear()
    index = ensure_lexical(edited, build_passages(edited), [directory])
    assert "词法索引需要重建：语料已变更" in caplog.text
    assert index.manifest.corpus_digest == edited.digest
    caplog.clear()
    ensure_lexical(edited, build_passages(edited), [directory])
    assert caplog.text == ""  # current now: loaded as it is


# ---- corruption: every file of both indexes, every way -------------------------------------------------------


def _truncate(p: Path) -> None:
    p.write_bytes(p.read_bytes()[: max(1, p.stat().st_size // 2)])


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _random(p: Path) -> None:
    p.write_bytes(np.random.default_rng(0).bytes(max(16, p.stat().st_size)))


def _flip_one_byte(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0x01
    p.write_bytes(bytes(data))


CORRUPTIONS: dict[str, Callable[[Path], None]] = {"truncated": _truncate, "empty": _empty, "random": _random,
                                                  "one byte": _flip_one_byte, "deleted": Path.unlink}
LEXICAL_FILES = sorted(p.relative_to(build.SHIPPED_LEXICAL).as_posix()
                       for p in build.SHIPPED_LEXICAL.rglob("*") if p.is_file() and p.name != "manifest.json")


@pytest.fixture(scope="module")
def fake_built(corp: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A lexical and a fake dense index, built once; each test corrupts its own copy."""
    root = tmp_path_factory.mktemp("built")
    passages = build_passages(corp)
    build.build_lexical_index(corp, passages, root / "lexical")
    build.build_dense_index(corp, passages, FakeEmbedder(), root / "dense", progress=False)
    return root


@pytest.mark.parametrize("how", CORRUPTIONS)
@pytest.mark.parametrize("name", LEXICAL_FILES)
def test_each_corrupt_lexical_file_is_detected_and_never_used(corp: Corpus, fake_built: Path, tmp_path: Path,
                                                              name: str, how: str) -> None:
    directory = tmp_path / "lexical"
    shutil.copytree(fake_built / "lexical", directory)
    passages = build_passages(corp)
    assert check_lexical(directory, corp, passages).state == "ok"
    CORRUPTIONS[how](directory / name)
    state = check_lexical(directory, corp, passages)
    assert state.state == "corrupt" and name in state.reason


@pytest.mark.parametrize("how", CORRUPTIONS)
def test_a_corrupt_vector_file_is_detected_and_rebuilt(corp: Corpus, fake_built: Path, tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture, how: str) -> None:
    shipped, cache = tmp_path / "shipped", tmp_path / "cache"
    shutil.copytree(fake_built / "dense", shipped)
    CORRUPTIONS[how](shipped / dense.INDEX_FILE)
    passages = build_passages(corp)
    embedder = FakeEmbedder()
    assert check_dense(shipped, corp, passages, embedder).state == "corrupt"
    index = ensure_dense(corp, passages, embedder, [shipped, cache])
    assert f"向量索引需要重建：{check_dense(shipped, corp, passages, embedder).reason}" in caplog.text
    assert index.index.ntotal == len(passages)
    assert check_dense(cache, corp, passages, embedder).state == "ok"  # rebuilt into the cache, not over `shipped`


def test_shuffled_vector_rows_are_detected(corp: Corpus, fake_built: Path, tmp_path: Path) -> None:
    """Same size, same shape, valid faiss file: only the content hash tells the rows are in the wrong order."""
    directory = tmp_path / "dense"
    shutil.copytree(fake_built / "dense", directory)
    manifest = dense.read_manifest(directory)
    assert manifest is not None
    original = dense.read_index(directory, manifest)
    rows = original.index.reconstruct_n(0, original.index.ntotal)
    shuffled = dense.DenseIndex.build(manifest, rows[np.random.default_rng(1).permutation(len(rows))])
    shuffled.save(tmp_path / "other")
    shutil.copy(tmp_path / "other" / dense.INDEX_FILE, directory / dense.INDEX_FILE)
    state = check_dense(directory, corp, build_passages(corp), FakeEmbedder())
    assert (state.state, state.reason) == ("corrupt", f"文件 {dense.INDEX_FILE} 校验失败（已损坏或被改动）")
    assert dense.load(directory, manifest) is None


def test_a_read_only_cache_keeps_the_rebuilt_index_in_memory(corp: Corpus, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write into a read-only directory")
    tmp_path.chmod(0o555)
    try:
        searcher = load_searcher(corp, FakeEmbedder(), config=IndexConfig(index_dir=tmp_path / "cache"))
    finally:
        tmp_path.chmod(0o755)
    assert "无法写入" in caplog.text and searcher.search("任期", k=1).results


def test_an_index_directory_that_cannot_be_written_is_reported(corp: Corpus, tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """A file where the directory should be: the index is built in memory and used, with a warning."""
    blocker = tmp_path / "cache"
    blocker.write_text("not a directory")
    caplog.set_level(logging.WARNING)
    index = ensure_dense(corp, build_passages(corp), FakeEmbedder(), [blocker / "dense"])
    assert "无法写入" in caplog.text and index.index.ntotal == len(build_passages(corp))
    assert lexical_dir(IndexConfig(index_dir=blocker)) == blocker / "lexical"
