"""Scoring search results against an evaluation set, with exactly the definitions of the shared score.py:

A result is a hit for a gold entry when it comes from the gold document and its text, whitespace removed,
contains one of the gold's evidence phrases (whitespace removed). Over answerable questions: hit@1 (first
result is a hit), hit@k (one of the first k is), all@k (every gold entry has a hit in the first k) and MRR
(mean of 1/rank of the first hit, 0 when none in the first k).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel


class Gold(BaseModel):
    """One document that answers a question, with verbatim evidence phrases."""

    doc: str
    evidence: list[str]


class EvalQuestion(BaseModel):
    """One line of an evaluation set."""

    id: str
    question: str
    answerable: bool = True
    kind: str = ""
    gold: list[Gold] = []


class Scores(BaseModel):
    """The figures for one run over an evaluation set."""

    n: int
    hit_at_1: float
    hit_at_k: float
    all_at_k: float
    mrr: float
    k: int = 5
    misses: list[str] = []

    def figures(self) -> dict[str, Any]:
        """The figures under score.py's names (hit@1, hit@5, all@5, mrr), rounded as it prints them."""
        k = self.k
        return {"n": self.n, "hit@1": round(self.hit_at_1, 3), f"hit@{k}": round(self.hit_at_k, 3),
                f"all@{k}": round(self.all_at_k, 3), "mrr": round(self.mrr, 3)}


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def is_hit(result: Mapping[str, Any], gold: Gold) -> bool:
    """Whether a result (with `doc` and `text`) holds one of the gold entry's evidence phrases."""
    text = _norm(result.get("text"))
    return result.get("doc") == gold.doc and any(_norm(e) in text for e in gold.evidence)


def read_questions(path: str | Path) -> list[EvalQuestion]:
    """The questions of a JSON lines evaluation set."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [EvalQuestion.model_validate(json.loads(line)) for line in lines if line.strip()]


def score(questions: Sequence[EvalQuestion], results: Mapping[str, Sequence[Mapping[str, Any]]], k: int = 5) -> Scores:
    """hit@1, hit@k, all@k and MRR of `results` (question id → ranked results) over answerable questions."""
    n = h1 = hk = allk = 0
    mrr = 0.0
    misses: list[str] = []
    for q in questions:
        if not q.answerable or not q.gold:
            continue
        n += 1
        res = list(results.get(q.id, []))[:k]
        first = next((i for i, r in enumerate(res) if any(is_hit(r, g) for g in q.gold)), None)
        if first is None:
            misses.append(q.id)
        else:
            hk += 1
            h1 += first == 0
            mrr += 1 / (first + 1)
        allk += all(any(is_hit(r, g) for r in res) for g in q.gold)
    if n == 0:
        return Scores(n=0, hit_at_1=0.0, hit_at_k=0.0, all_at_k=0.0, mrr=0.0, k=k)
    return Scores(n=n, hit_at_1=h1 / n, hit_at_k=hk / n, all_at_k=allk / n, mrr=mrr / n, k=k, misses=misses)
