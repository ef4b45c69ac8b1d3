"""The search indexes on disk: where they live, whether they are current, and (re)building them.

Two artifacts, each with a manifest naming exactly what it was built from:
- lexical (`data/lexical/`): the compact jieba lexicon and the bm25s index of every passage's tokens;
  backend-independent.
- dense (`data/e5/` for the default backend, committed to git; `data/cache/<backend>-<model>/` otherwise):
  faiss vectors of every passage.
A missing or stale index is never used: the searcher rebuilds it on load, showing a progress bar on stderr
(seconds for lexical, a minute or two for e5 on two cores), and saves it when the directory is writable.
`regbot index build` does the same on demand, `regbot index status` only reports.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from corpus.store import Corpus
from index import dense as dense_mod
from index import lexical as lexical_mod
from index.dense import DenseIndex, DenseManifest
from index.embed import DEFAULT_BACKEND, Embedder
from index.lexical import LexicalIndex, LexicalManifest
from index.passages import Passage, passages_hash
from query.understand import expansion_words

DATA = Path(__file__).parent / "data"
ENV_INDEX_DIR = "REGBOT_INDEX_DIR"

State = Literal["ok", "stale", "missing"]


class IndexStatus(BaseModel):
    """Whether one index on disk can be used as it is, and why not."""

    kind: Literal["lexical", "dense"]
    directory: str
    state: State
    reason: str = ""
    built_at: str = ""
    count: int = 0


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[-60:] or "model"


def dense_dir(embedder: Embedder, root: Path | None = None) -> Path:
    """Where a backend's dense index lives: data/e5 for the default, a cache directory for the others
    (`root`, else REGBOT_INDEX_DIR, holds all indexes when given)."""
    root = root or (Path(os.environ[ENV_INDEX_DIR]) if os.environ.get(ENV_INDEX_DIR) else None)
    if root:
        return root / f"{embedder.backend}-{_slug(embedder.model_id)}"
    if embedder.backend == DEFAULT_BACKEND:
        return DATA / DEFAULT_BACKEND
    return DATA / "cache" / f"{embedder.backend}-{_slug(embedder.model_id)}"


def lexical_dir(root: Path | None = None) -> Path:
    """Where the lexical index lives (`root`/lexical, else REGBOT_INDEX_DIR/lexical, else data/lexical)."""
    root = root or (Path(os.environ[ENV_INDEX_DIR]) if os.environ.get(ENV_INDEX_DIR) else None)
    return root / "lexical" if root else DATA / "lexical"


def expected_dense(corp: Corpus, passages: Sequence[Passage], embedder: Embedder) -> DenseManifest:
    """The manifest a current dense index must carry."""
    return DenseManifest(
        corpus_digest=corp.digest,
        backend=embedder.backend,
        model_id=embedder.model_id,
        dim=embedder.dim,
        passages_hash=passages_hash(list(passages)),
        count=len(passages),
    )


def _lexical_current(m: LexicalManifest | None, corp: Corpus, passages: Sequence[Passage]) -> tuple[State, str]:
    if m is None:
        return "missing", "没有词法索引"
    checks = (
        (m.format_version == lexical_mod.FORMAT_VERSION, "索引格式已更新"),
        (m.corpus_digest == corp.digest, "语料已变更"),
        (m.passages_hash == passages_hash(list(passages)), "段落切分已变更"),
        (m.sources_hash == lexical_mod.sources_hash(), "领域词典、停用词或同义词已变更"),
        (m.bm25s_version == lexical_mod.bm25s_version(), "bm25s 版本已变更"),
    )
    for ok, why in checks:
        if not ok:
            return "stale", why
    return "ok", ""


def _dense_current(m: DenseManifest | None, expected: DenseManifest) -> tuple[State, str]:
    if m is None:
        return "missing", "没有向量索引"
    checks = (
        (m.format_version == expected.format_version, "索引格式已更新"),
        (m.backend == expected.backend and m.model_id == expected.model_id, f"索引由其他模型构建（{m.backend}: {m.model_id}）"),
        (m.corpus_digest == expected.corpus_digest, "语料已变更"),
        (m.passages_hash == expected.passages_hash and m.count == expected.count, "段落切分已变更"),
        (m.dim == expected.dim, "向量维度不符"),
    )
    for ok, why in checks:
        if not ok:
            return "stale", why
    return "ok", ""


def status(corp: Corpus, passages: Sequence[Passage], embedder: Embedder, root: Path | None = None) -> list[IndexStatus]:
    """The state of the lexical index and of this backend's dense index."""
    lex_dir, den_dir = lexical_dir(root), dense_dir(embedder, root)
    lm = lexical_mod.read_manifest(lex_dir)
    dm = dense_mod.read_manifest(den_dir)
    lstate, lwhy = _lexical_current(lm, corp, passages)
    dstate, dwhy = _dense_current(dm, expected_dense(corp, passages, embedder))
    return [
        IndexStatus(kind="lexical", directory=str(lex_dir), state=lstate, reason=lwhy, count=lm.count if lm else 0),
        IndexStatus(kind="dense", directory=str(den_dir), state=dstate, reason=dwhy,
                    built_at=dm.built_at if dm else "", count=dm.count if dm else 0),
    ]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_lexical_index(corp: Corpus, passages: Sequence[Passage], directory: Path | None = None) -> LexicalIndex:
    """Tokenize every passage with the compact lexicon, index them with bm25s and save index and lexicon."""
    directory = directory or lexical_dir()
    index, lexicon, total = lexical_mod.build_lexical(
        passages, [c.text for c in corp.clauses], corp.digest, passages_hash(list(passages)), expansion_words()
    )
    try:
        index.save(directory, lexicon, total)
    except OSError as exc:
        _say(f"提示：无法写入 {directory}（{exc}），本次在内存中使用新建的词法索引。")
    return index


def build_dense_index(corp: Corpus, passages: Sequence[Passage], embedder: Embedder,
                      directory: Path | None = None, progress: bool = True) -> DenseIndex:
    """Embed every passage (with a progress bar on stderr) and save the faiss index with its manifest."""
    directory = directory or dense_dir(embedder)
    expected = expected_dense(corp, passages, embedder)
    texts = [p.searchable for p in passages]
    start = time.perf_counter()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(texts), desc=f"嵌入段落（{embedder.backend}）", unit="段", file=sys.stderr)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        if bar is not None:
            bar.update(n - done)
        done = n

    try:
        vectors = embedder.embed_passages(texts, advance)
    finally:
        if bar is not None:
            bar.close()
    manifest = expected.model_copy(update={"built_at": dense_mod.now(),
                                           "build_seconds": round(time.perf_counter() - start, 1)})
    index = DenseIndex.build(manifest, vectors)
    try:
        index.save(directory)
    except OSError as exc:
        _say(f"提示：无法写入 {directory}（{exc}），本次在内存中使用新建的向量索引。")
    return index


def ensure_lexical(corp: Corpus, passages: Sequence[Passage], directory: Path | None = None) -> LexicalIndex:
    """The current lexical index: loaded when its manifest matches, otherwise rebuilt (with a message)."""
    directory = directory or lexical_dir()
    manifest = lexical_mod.read_manifest(directory)
    state, why = _lexical_current(manifest, corp, passages)
    if state == "ok" and manifest is not None:
        try:
            return lexical_mod.load_lexical(directory, manifest)
        except (OSError, ValueError, KeyError) as exc:
            why = f"索引文件损坏（{exc}）"
    _say(f"词法索引需要重建：{why}。正在重建（约数秒）……")
    return build_lexical_index(corp, passages, directory)


def ensure_dense(corp: Corpus, passages: Sequence[Passage], embedder: Embedder,
                 directory: Path | None = None) -> DenseIndex:
    """The current dense index: loaded when its manifest matches, otherwise rebuilt with a progress bar."""
    directory = directory or dense_dir(embedder)
    expected = expected_dense(corp, passages, embedder)
    state, why = _dense_current(dense_mod.read_manifest(directory), expected)
    if state == "ok":
        index = dense_mod.load(directory, expected)
        if index is not None:
            return index
        why = "索引文件损坏"
    _say(f"向量索引需要重建：{why}。正在用 {embedder.backend} 后端重建（{embedder.model_id}，{len(passages)} 段）……")
    return build_dense_index(corp, passages, embedder, directory)
