"""Scores `regbot ask --json --batch` output against an evaluation set: refusals on both kinds of question,
and how often the first clause shown answers the question (a hit as ../shared/eval/score.py defines it).

    regbot ask --json --batch dev.jsonl > answers.jsonl
    python bench/answer_score.py dev.jsonl answers.jsonl
"""

from __future__ import annotations

import json
import re
import sys


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _hit(result: dict, gold: dict) -> bool:
    return result.get("doc") == gold["doc"] and any(_norm(e) in _norm(result.get("text")) for e in gold["evidence"])


def main() -> None:
    questions = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    answers = {str(o["id"]): o for o in (json.loads(line) for line in open(sys.argv[2], encoding="utf-8") if line.strip())}
    answerable = [q for q in questions if q.get("answerable", True) and q.get("gold")]
    unanswerable = [q for q in questions if not (q.get("answerable", True) and q.get("gold"))]
    refused_answerable = [q["id"] for q in answerable if not answers[q["id"]]["found"]]
    answered_unanswerable = [q["id"] for q in unanswerable if answers[q["id"]]["found"]]
    first_hit = 0
    misses = []
    for q in answerable:
        shown = answers[q["id"]]["results"]
        if shown and any(_hit(shown[0], g) for g in q["gold"]):
            first_hit += 1
        else:
            misses.append(q["id"])
    print(json.dumps({
        "answerable": len(answerable),
        "refused_answerable": round(len(refused_answerable) / max(1, len(answerable)), 3),
        "unanswerable": len(unanswerable),
        "answered_unanswerable": round(len(answered_unanswerable) / max(1, len(unanswerable)), 3),
        "first_shown_hit": round(first_hit / max(1, len(answerable)), 3),
        "refused_ids": refused_answerable,
        "answered_unanswerable_ids": answered_unanswerable,
        "first_shown_misses": misses,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
