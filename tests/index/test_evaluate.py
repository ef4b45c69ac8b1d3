"""`regbot eval` scores exactly as the shared score.py does."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from index.evaluate import EvalQuestion, Gold, score

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score.py"

QUESTIONS = [
    EvalQuestion(id="a", question="?", gold=[Gold(doc="x", evidence=["每月 一次"])]),
    EvalQuestion(id="b", question="?", kind="multi",
                 gold=[Gold(doc="x", evidence=["任期3年"]), Gold(doc="y", evidence=["任期4年"])]),
    EvalQuestion(id="c", question="?", gold=[Gold(doc="y", evidence=["不存在"])]),
    EvalQuestion(id="d", question="?", answerable=False),
]
RESULTS = {
    "a": [{"doc": "y", "text": "每月一次"}, {"doc": "x", "text": "坚持每月\n一次"}],
    "b": [{"doc": "x", "text": "每届任期3年"}, {"doc": "z", "text": "任期4年"}],
    "c": [{"doc": "y", "text": "别的"}],
}


def test_hits_need_the_gold_document_and_an_evidence_phrase() -> None:
    s = score(QUESTIONS, RESULTS)
    assert (s.n, s.misses) == (3, ["c"])
    assert s.hit_at_1 == pytest.approx(1 / 3)
    assert s.hit_at_k == pytest.approx(2 / 3)
    assert s.all_at_k == pytest.approx(1 / 3)  # b's second gold (doc y) is missing
    assert s.mrr == pytest.approx((1 / 2 + 1) / 3)


def test_figures_equal_the_shared_score_py() -> None:
    if not SHARED.exists():
        pytest.skip("shared/eval/score.py is not beside this checkout")
    spec = importlib.util.spec_from_file_location("shared_score", SHARED)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    theirs = module.score([q.model_dump() for q in QUESTIONS], RESULTS)
    ours = score(QUESTIONS, RESULTS).figures()
    for key in ("n", "hit@1", "hit@5", "all@5", "mrr"):
        assert ours[key] == pytest.approx(theirs[key], abs=1e-3)
