"""The rule tables: rules/data/<doc>.toml, loaded once and validated by pydantic."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from rules.models import Rule

DATA_DIR = Path(__file__).parent / "data"


def load_rules(directory: Path = DATA_DIR) -> list[Rule]:
    """Every rule of every table under `directory`, in file order; a malformed table raises ValueError."""
    rules: list[Rule] = []
    seen: set[str] = set()
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        doc = data.get("doc", path.stem)
        for raw in data.get("rule", []):
            rule = Rule(doc=doc, **raw)
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id} in {path.name}")
            seen.add(rule.id)
            rules.append(rule)
    return rules


@cache
def rules() -> tuple[Rule, ...]:
    """The project's rules, loaded once per process."""
    return tuple(load_rules())


def rules_of(doc: str) -> list[Rule]:
    """The rules of one document."""
    return [r for r in rules() if r.doc == doc]


def doc_ids() -> list[str]:
    """The documents in corpus order (the order results are listed in)."""
    from corpus.store import corpus

    return list(corpus().documents)


def doc_label(doc: str) -> str:
    """A document's short Chinese name (温州, 编办 …)."""
    from corpus.store import corpus

    d = corpus().documents.get(doc)
    return d.label if d else doc
