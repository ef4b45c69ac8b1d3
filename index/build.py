"""The search indexes on disk: where they live, whether they can be used, and (re)building them.

Two artifacts, each with a manifest naming exactly what it was built from and the sha256 of each of its files:
- lexical: the compact jieba lexicon and the bm25s index of every passage's tokens; backend-independent.
- dense: faiss vectors of every passage, one index per backend and model.
The package ships both for the default backend in `index/data/` (`lexical/`, `e5/`): read-only data, never
written at run time. An index is looked for first there, then in the cache directory (`IndexConfig.cache_root`:
REGBOT_INDEX_DIR, else the per-user cache). A missing, stale or corrupt index is never used: it is rebuilt into
the cache directory (seconds for lexical, a minute or two for e5 on two cores, with a progress bar on stderr),
or kept in memory for this run when that directory cannot be written.
`regbot index build` does the same on demand (`--shipped` writes the package's own copy, for developers),
`regbot index status` only reports.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel

from corpus.store import Corpus
from index import dense as dense_mod
from index import lexical as lexical_mod
from index.config import DATA, DEFAULT_BACKEND, IndexConfig
from index.dense import DenseIndex, DenseManifest
from index.embed import Embedder
from index.integrity import verify_files
from index.lexical import LexicalIndex, LexicalManifest
from index.passages import Passage, passages_hash
from query.understand import expansion_words

log = logging.getLogger(__name__)
Loaded = TypeVar("Loaded")

SHIPPED_LEXICAL = DATA / "lexical"

State = Literal["ok", "stale", "missing", "corrupt"]
STATE_WORDS: dict[str, str] = {"ok": "可用", "stale": "已过期", "missing": "缺失", "corrupt": "已损坏"}


class IndexStatus(BaseModel):
    """Whether one index on disk can be used as it is, why not, and what was checked to decide."""

    kind: Literal["lexical", "dense"]
    directory: str
    state: State
    reason: str = ""
    built_at: str = ""
    count: int = 0
    shipped: bool = False  # the copy inside the package (read-only)
    files_checked: int = 0  # files whose sha256 matched the manifest
    check_ms: float = 0.0  # time spent hashing them


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[-60:] or "model"


def shipped_dense(embedder: Embedder) -> Path | None:
    """The package's own dense index for this backend (the default backend only)."""
    return DATA / DEFAULT_BACKEND if embedder.backend == DEFAULT_BACKEND else None


def dense_dir(embedder: Embedder, config: IndexConfig) -> Path:
    """Where this backend's dense index is built at run time: under the cache root, one directory per model."""
    return config.cache_root() / f"{embedder.backend}-{_slug(embedder.model_id)}"


def lexical_dir(config: IndexConfig) -> Path:
    """Where the lexical index is built at run time: the cache root's `lexical/`."""
    return config.cache_root() / "lexical"


def dense_dirs(embedder: Embedder, config: IndexConfig) -> list[Path]:
    """Where a dense index is looked for, in order: the shipped one (default backend), then the cache."""
    shipped = shipped_dense(embedder)
    return ([shipped] if shipped else []) + [dense_dir(embedder, config)]


def lexical_dirs(config: IndexConfig) -> list[Path]:
    """Where the lexical index is looked for, in order: the shipped one, then the cache."""
    return [SHIPPED_LEXICAL, lexical_dir(config)]


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


def _first_failure(checks: Sequence[tuple[bool, str]]) -> str:
    return next((why for ok, why in checks if not ok), "")


def _verified(status: IndexStatus, directory: Path, files: dict[str, str]) -> IndexStatus:
    """`status` with the files' hashes checked: corrupt when one differs, else ok with what was checked."""
    start = time.perf_counter()
    problem = verify_files(directory, files)
    ms = round((time.perf_counter() - start) * 1000, 1)
    if problem:
        return status.model_copy(update={"state": "corrupt", "reason": problem, "check_ms": ms})
    return status.model_copy(update={"state": "ok", "files_checked": len(files), "check_ms": ms})


def check_lexical(directory: Path, corp: Corpus, passages: Sequence[Passage]) -> IndexStatus:
    """The state of the lexical index in `directory`: manifest against the corpus and versions, then file hashes."""
    base = IndexStatus(kind="lexical", directory=str(directory), state="missing", shipped=directory == SHIPPED_LEXICAL)
    m = lexical_mod.read_manifest(directory)
    if m is None:
        return base.model_copy(update={"reason": "没有词法索引"})
    why = _first_failure((
        (m.format_version == lexical_mod.FORMAT_VERSION, "索引格式已更新"),
        (m.corpus_digest == corp.digest, "语料已变更"),
        (m.passages_hash == passages_hash(list(passages)), "段落切分已变更"),
        (m.sources_hash == lexical_mod.sources_hash(), "领域词典、停用词或同义词已变更"),
        (m.bm25s_version == lexical_mod.bm25s_version(), "bm25s 版本已变更"),
        (m.jieba_version == lexical_mod.jieba_version(), "jieba 版本已变更"),
    ))
    base = base.model_copy(update={"count": m.count})
    if why:
        return base.model_copy(update={"state": "stale", "reason": why})
    return _verified(base, directory, m.files)


def check_dense(directory: Path, corp: Corpus, passages: Sequence[Passage], embedder: Embedder) -> IndexStatus:
    """The state of a dense index in `directory`: manifest against corpus, passages and model, then file hashes."""
    base = IndexStatus(kind="dense", directory=str(directory), state="missing",
                       shipped=directory == shipped_dense(embedder))
    m = dense_mod.read_manifest(directory)
    if m is None:
        return base.model_copy(update={"reason": "没有向量索引"})
    expected = expected_dense(corp, passages, embedder)
    why = _first_failure((
        (m.format_version == expected.format_version, "索引格式已更新"),
        (m.backend == expected.backend and m.model_id == expected.model_id, f"索引由其他模型构建（{m.backend}: {m.model_id}）"),
        (m.corpus_digest == expected.corpus_digest, "语料已变更"),
        (m.passages_hash == expected.passages_hash and m.count == expected.count, "段落切分已变更"),
        (m.dim == expected.dim, "向量维度不符"),
    ))
    base = base.model_copy(update={"count": m.count, "built_at": m.built_at})
    if why:
        return base.model_copy(update={"state": "stale", "reason": why})
    return _verified(base, directory, m.files)


def status(corp: Corpus, passages: Sequence[Passage], embedder: Embedder, config: IndexConfig) -> list[IndexStatus]:
    """Every place an index is looked for, lexical then dense, each with its state and what was checked."""
    return ([check_lexical(d, corp, passages) for d in lexical_dirs(config)]
            + [check_dense(d, corp, passages, embedder) for d in dense_dirs(embedder, config)])


def usable(states: Sequence[IndexStatus]) -> bool:
    """True when both kinds have a usable copy somewhere (what a search would load without rebuilding)."""
    return all(any(s.state == "ok" for s in states if s.kind == kind) for kind in ("lexical", "dense"))


def _unwritable(directory: Path, what: str, exc: OSError) -> None:
    log.warning("提示：无法写入 %s（%s），本次在内存中使用新建的%s。", directory, exc.strerror or exc, what)


def build_lexical_index(corp: Corpus, passages: Sequence[Passage], directory: Path,
                        strict: bool = False) -> LexicalIndex:
    """Tokenize every passage with the compact lexicon, index them with bm25s and save index and lexicon.
    When the directory cannot be written: OSError if `strict`, else a warning and the index kept in memory."""
    index, lexicon, total = lexical_mod.build_lexical(
        passages, [c.text for c in corp.clauses], corp.digest, passages_hash(list(passages)), expansion_words()
    )
    try:
        index.save(directory, lexicon, total)
    except OSError as exc:
        if strict:
            raise
        _unwritable(directory, "词法索引", exc)
    return index


def build_dense_index(corp: Corpus, passages: Sequence[Passage], embedder: Embedder,
                      directory: Path, progress: bool = True, strict: bool = False) -> DenseIndex:
    """Embed every passage (with a progress bar on stderr) and save the faiss index with its manifest.
    When the directory cannot be written: OSError if `strict`, else a warning and the index kept in memory."""
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
        if strict:
            raise
        _unwritable(directory, "向量索引", exc)
    return index


def _why_rebuild(states: Sequence[IndexStatus]) -> str:
    """The reason to show for a rebuild: the first copy that exists but cannot be used, else the first's."""
    return next((s.reason for s in states if s.state != "missing"), states[0].reason)


def _first_usable(dirs: Sequence[Path], check: Callable[[Path], IndexStatus],
                  load: Callable[[Path], Loaded]) -> tuple[Loaded | None, list[IndexStatus]]:
    """The index loaded from the first of `dirs` that passes `check` (and loads), with the states of those that
    did not."""
    states = []
    for directory in dirs:
        state = check(directory)
        if state.state == "ok":
            try:
                log.debug("%s index: %s (%d files verified in %.1f ms)", state.kind, directory, state.files_checked,
                          state.check_ms)
                return load(directory), states
            except (OSError, ValueError, KeyError) as exc:
                state = state.model_copy(update={"state": "corrupt", "reason": f"索引文件损坏（{exc}）"})
        states.append(state)
    return None, states


def _load_lexical(directory: Path) -> LexicalIndex:
    manifest = lexical_mod.read_manifest(directory)
    if manifest is None:
        raise ValueError("manifest disappeared")
    return lexical_mod.load_lexical(directory, manifest)


def _load_dense(directory: Path) -> DenseIndex:
    manifest = dense_mod.read_manifest(directory)
    if manifest is None:
        raise ValueError("manifest disappeared")
    return dense_mod.read_index(directory, manifest)


def ensure_lexical(corp: Corpus, passages: Sequence[Passage], dirs: Sequence[Path]) -> LexicalIndex:
    """The first usable lexical index among `dirs`; when none is, rebuilt (with a message) into the last."""
    index, states = _first_usable(dirs, lambda d: check_lexical(d, corp, passages), _load_lexical)
    if index is not None:
        return index
    log.warning("词法索引需要重建：%s。正在重建（约数秒），保存到 %s ……", _why_rebuild(states), dirs[-1])
    return build_lexical_index(corp, passages, dirs[-1])


def ensure_dense(corp: Corpus, passages: Sequence[Passage], embedder: Embedder, dirs: Sequence[Path]) -> DenseIndex:
    """The first usable dense index among `dirs`; when none is, rebuilt with a progress bar into the last."""
    index, states = _first_usable(dirs, lambda d: check_dense(d, corp, passages, embedder), _load_dense)
    if index is not None:
        return index
    log.warning("向量索引需要重建：%s。正在用 %s 后端重建（%s，%d 段），保存到 %s ……", _why_rebuild(states),
                embedder.backend, embedder.model_id, len(passages), dirs[-1])
    return build_dense_index(corp, passages, embedder, dirs[-1])
