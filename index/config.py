"""Which embedding backend the search uses and where rebuilt indexes go: explicit values, never read from the
environment here (bot/settings.py reads the environment once and passes an IndexConfig down).

The indexes shipped with the package (`index/data/`) are read-only data. Any index built at run time — a stale
or corrupt shipped index rebuilt, another backend's index — goes to `index_dir`, by default the per-user cache
directory (platformdirs), never into the package directory.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

DATA = Path(__file__).parent / "data"
DEFAULT_BACKEND = "e5"
BACKENDS = ("e5", "st", "fake")


def user_cache_root() -> Path:
    """The per-user cache directory for rebuilt indexes (~/.cache/regbot/index on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("regbot")) / "index"


class IndexConfig(BaseModel):
    """The search settings: backend (e5 | st | fake), model (st only) and the directory for rebuilt indexes."""

    model_config = ConfigDict(frozen=True)

    backend: str = DEFAULT_BACKEND
    model: str = ""
    index_dir: Path | None = None

    @field_validator("backend", mode="before")
    @classmethod
    def _backend(cls, value: object) -> str:
        return str(value or DEFAULT_BACKEND).strip().lower()

    @field_validator("model", mode="before")
    @classmethod
    def _model(cls, value: object) -> str:
        return str(value or "").strip()

    def cache_root(self) -> Path:
        """Where indexes built at run time are written: `index_dir`, else the user cache directory."""
        return self.index_dir if self.index_dir is not None else user_cache_root()
