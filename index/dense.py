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

from index.integrity import file_hashes, verify_files

if TYPE_CHECKING:
    import faiss

FORMAT_VERSION = 2  # 2: the manifest carries each file's sha256
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
    files: dict[str, str] = {}  # file name → sha256 of its bytes, checked at every load

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
        """Write the index, then its manifest with the file's hash (last, so a half-written index is never valid)."""
        faiss = _faiss()
        directory.mkdir(parents=True, exist_ok=True)
        (directory / MANIFEST_FILE).unlink(missing_ok=True)
        faiss.write_index(self.index, str(directory / INDEX_FILE))
        self.manifest = self.manifest.model_copy(update={"files": file_hashes(directory)})
        (directory / MANIFEST_FILE).write_text(self.manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")


def read_manifest(directory: Path) -> DenseManifest | None:
    """The manifest of a saved index, or None when missing or unreadable."""
    try:
        return DenseManifest.model_validate_json((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_index(directory: Path, manifest: DenseManifest) -> DenseIndex:
    """The saved index, whose manifest and file hashes the caller has checked; ValueError if its shape differs."""
    faiss = _faiss()
    try:
        index = faiss.read_index(str(directory / INDEX_FILE))
    except RuntimeError as exc:  # faiss reports unreadable files as RuntimeError
        raise ValueError(f"faiss cannot read {INDEX_FILE}") from exc
    if index.ntotal != manifest.count or index.d != manifest.dim:
        raise ValueError("vector count or dimension differs from the manifest")
    return DenseIndex(manifest, index)


def load(directory: Path, expected: DenseManifest) -> DenseIndex | None:
    """The saved index when its manifest matches `expected` and every file has its recorded hash; else None."""
    manifest = read_manifest(directory)
    if manifest is None or not manifest.matches(expected) or verify_files(directory, manifest.files):
        return None
    try:
        return read_index(directory, manifest)
    except (OSError, ValueError):
        return None


def now() -> str:
    """The build time stamp written into manifests (UTC, seconds)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
