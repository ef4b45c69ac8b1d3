"""Scores `regbot ask --json --batch` output against an evaluation set: refusals on both kinds of question, how
often the first clause shown answers the question (a hit as ../shared/eval/score.py defines it), and how often the
answer line holds the answer: the first `lead` sentence, or the first calculator result's quote, from a gold
document containing (or overlapping) one of its evidence phrases.

    regbot ask --json --batch dev.jsonl > answers.jsonl
    python bench/answer_score.py dev.jsonl answers.jsonl [--misses]
"""

from __future__ import annotations

import json
import re
import sys
from difflib import SequenceMatcher


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _hit(result: dict, gold: dict) -> bool:
    return result.get("doc") == gold["doc"] and any(_norm(e) in _norm(result.get("text")) for e in gold["evidence"])


def _overlaps(quote: str, evidence: str) -> bool:
    """A calculator quote holds the answer when it and the evidence share most of the shorter one."""
    q, e = _norm(quote), _norm(evidence)
    if q in e or e in q:
        return True
    m = SequenceMatcher(None, q, e).find_longest_match(0, len(q), 0, len(e))
    return m.size >= min(8, len(q), len(e))


def lead_holds(answer: dict, golds: list[dict]) -> bool:
    """Whether the first answer line (calculator result first, else the first lead) holds a gold answer."""
    if answer.get("calc"):
        first = answer["calc"][0]
        quote = (first.get("citation") or {}).get("quote", "")
        return any(first.get("doc") == g["doc"] and any(_overlaps(quote, e) for e in g["evidence"]) for g in golds)
    lead = answer.get("lead") or []
    return bool(lead) and any(_hit(lead[0], g) for g in golds)


def main() -> None:
    questions = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    answers = {str(o["id"]): o for o in (json.loads(line) for line in open(sys.argv[2], encoding="utf-8") if line.strip())}
    answerable = [q for q in questions if q.get("answerable", True) and q.get("gold")]
    unanswerable = [q for q in questions if not (q.get("answerable", True) and q.get("gold"))]
    refused_answerable = [q["id"] for q in answerable if not answers[q["id"]]["found"]]
    answered_unanswerable = [q["id"] for q in unanswerable if answers[q["id"]]["found"]]
    first_hit, lead_hit = 0, 0
    misses, lead_misses = [], []
    for q in answerable:
        a = answers[q["id"]]
        shown = a["results"]
        if shown and any(_hit(shown[0], g) for g in q["gold"]):
            first_hit += 1
        else:
            misses.append(q["id"])
        if lead_holds(a, q["gold"]):
            lead_hit += 1
        else:
            lead_misses.append(q["id"])
    n = max(1, len(answerable))
    print(json.dumps({
        "answerable": len(answerable),
        "refused_answerable": round(len(refused_answerable) / n, 3),
        "unanswerable": len(unanswerable),
        "refused_unanswerable": round(1 - len(answered_unanswerable) / max(1, len(unanswerable)), 3),
        "answered_unanswerable": round(len(answered_unanswerable) / max(1, len(unanswerable)), 3),
        "first_shown_hit": round(first_hit / n, 3),
        "lead_holds_answer": round(lead_hit / n, 3),
        "refused_ids": refused_answerable,
        "answered_unanswerable_ids": answered_unanswerable,
        "first_shown_misses": misses,
        "lead_misses": lead_misses,
    }, ensure_ascii=False))
    if "--misses" in sys.argv:
        qs = {q["id"]: q for q in questions}
        for qid in refused_answerable + [x for x in lead_misses if x not in refused_answerable] + answered_unanswerable:
            a = answers[qid]
            tag = "REFUSED" if qid in refused_answerable else "LEAD-MISS" if qid in lead_misses else "ANSWERED-NONE"
            print(f"\n[{tag}] {qid} {qs[qid]['question']}  ask={a.get('ask')}")
            print("   gold:", [(g['doc'], g['evidence'][0][:40]) for g in qs[qid].get("gold", [])])
            print("   answer:", (a.get("answer") or "")[:200].replace("\n", " / "))


if __name__ == "__main__":
    main()
