"""Content hashes of index files: written into each manifest at save time, checked at every load.

A manifest says what an index was built from; the hashes say that the files on disk are the ones written then.
A truncated, emptied, overwritten or reordered file fails the check and the index is rebuilt, never used.
Hashing the ~2 MB of index files takes a few milliseconds.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """The sha256 hex digest of one file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def file_hashes(directory: Path, skip: frozenset[str] = frozenset({"manifest.json"})) -> dict[str, str]:
    """sha256 of every file under `directory` (except the manifest), keyed by its POSIX path relative to it."""
    return {
        p.relative_to(directory).as_posix(): sha256_file(p)
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name not in skip
    }


def verify_files(directory: Path, expected: dict[str, str]) -> str:
    """"" when every listed file exists with its recorded hash; otherwise a Chinese reason naming the file."""
    if not expected:
        return "清单中没有文件校验值"
    for name, digest in expected.items():
        path = directory / name
        try:
            actual = sha256_file(path)
        except FileNotFoundError:
            return f"缺少文件 {name}"
        except OSError as exc:
            return f"无法读取文件 {name}（{exc.strerror or exc}）"
        if actual != digest:
            return f"文件 {name} 校验失败（已损坏或被改动）"
    return ""
