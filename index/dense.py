"""Dense retrieval: a faiss index of passage vectors, saved with a manifest that says what it was built from.

IndexFlatIP over L2-normalized vectors is exact cosine search. For this corpus (about 1,200 passages × 384
dimensions, under 2 MB) a query costs microseconds, so an approximate index would only lose recall. Switch
to IVF (IndexIVFFlat, nlist ≈ 4·√n) or HNSW (IndexHNSWFlat, M = 32) when the corpus grows past roughly
100,000 passages or exact search exceeds a few milliseconds per query; both need the same manifest checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

if TYPE_CHECKING:
    import faiss

FORMAT_VERSION = 1
INDEX_FILE = "vectors.faiss"
MANIFEST_FILE = "manifest.json"


class DenseManifest(BaseModel):
    """What a dense index was built from; it is used only when all of it matches the running corpus."""

    format_version: int = FORMAT_VERSION
    corpus_digest: str
    backend: str
    model_id: str
    dim: int
    passages_hash: str
    count: int
    built_at: str = ""
    build_seconds: float = 0.0

    def matches(self, other: "DenseManifest") -> bool:
        """True when both describe the same corpus, passages, backend, model and format."""
        keys = ("format_version", "corpus_digest", "backend", "model_id", "dim", "passages_hash", "count")
        return all(getattr(self, k) == getattr(other, k) for k in keys)


def _faiss() -> Any:
    import faiss

    faiss.omp_set_num_threads(1)  # one query at a time: threads only add contention
    return faiss


@dataclass
class DenseIndex:
    """Passage vectors in a faiss IndexFlatIP, with the manifest they were built under."""

    manifest: DenseManifest
    index: "faiss.Index"

    @classmethod
    def build(cls, manifest: DenseManifest, vectors: np.ndarray) -> "DenseIndex":
        """An exact inner-product index over (already normalized) vectors."""
        faiss = _faiss()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return cls(manifest, index)

    def scores(self, query: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query to every passage, in passage order."""
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        n = self.index.ntotal
        sims, ids = self.index.search(q, n)
        out = np.full(n, -1.0, dtype=np.float32)
        valid = ids[0] >= 0
        out[ids[0][valid]] = sims[0][valid]
        return out

    def save(self, directory: Path) -> None:
        """Write the index and its manifest (manifest last, so a half-written index is never valid)."""
        faiss = _faiss()
        directory.mkdir(parents=True, exist_ok=True)
        (directory / MANIFEST_FILE).unlink(missing_ok=True)
        faiss.write_index(self.index, str(directory / INDEX_FILE))
        (directory / MANIFEST_FILE).write_text(self.manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")


def read_manifest(directory: Path) -> DenseManifest | None:
    """The manifest of a saved index, or None when missing or unreadable."""
    try:
        return DenseManifest.model_validate_json((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def load(directory: Path, expected: DenseManifest) -> DenseIndex | None:
    """The saved index when its manifest matches `expected` and its size is right; None otherwise."""
    manifest = read_manifest(directory)
    if manifest is None or not manifest.matches(expected) or not (directory / INDEX_FILE).exists():
        return None
    faiss = _faiss()
    index = faiss.read_index(str(directory / INDEX_FILE))
    if index.ntotal != manifest.count or index.d != manifest.dim:
        return None
    return DenseIndex(manifest, index)


def now() -> str:
    """The build time stamp written into manifests (UTC, seconds)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
