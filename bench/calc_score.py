"""Score calculator output against calc cases, as ../shared/eval/README.md defines it.

    regbot calc --json --batch ../shared/eval/calc_dev.jsonl > /tmp/calc_out.jsonl
    python bench/calc_score.py ../shared/eval/calc_dev.jsonl /tmp/calc_out.jsonl

A case is right when, for each expected document, every listed number appears in that document's results
(in `value`, `min`, `max` or `text`); a `refuse` case is right when it gets an error message and no result.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def _numbers_in(result: dict) -> set[float]:
    found = {float(result[k]) for k in ("value", "min", "max") if result.get(k) is not None}
    found |= {float(x) for x in re.findall(r"\d+(?:\.\d+)?", result.get("text", ""))}
    return found


def score_case(case: dict, out: dict) -> tuple[bool, str]:
    """(right, why) for one case and the calculator's JSON line."""
    if case.get("refuse"):
        ok = bool(out.get("error")) and not out.get("results")
        return ok, "" if ok else "expected a refusal"
    if out.get("error") and not out.get("results"):
        return False, f"error: {out['error']}"
    for exp in case["expect"]:
        have: set[float] = set()
        for r in out.get("results", []):
            if r["doc"] == exp["doc"]:
                have |= _numbers_in(r)
        missing = [n for n in exp["numbers"] if float(n) not in have]
        if missing:
            return False, f"{exp['doc']}: missing {missing}"
    return True, ""


def main(cases_path: str, out_path: str) -> int:
    cases = [json.loads(x) for x in Path(cases_path).read_text(encoding="utf-8").splitlines() if x.strip()]
    outs = {o["id"]: o for o in (json.loads(x) for x in Path(out_path).read_text(encoding="utf-8").splitlines() if x.strip())}
    right = 0
    for case in cases:
        ok, why = score_case(case, outs.get(case["id"], {}))
        right += ok
        if not ok:
            print(f"✗ {case['id']} {case['query']} — {why}")
    print(f"{right}/{len(cases)} right ({right / max(1, len(cases)):.0%})")
    return 0 if right == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
