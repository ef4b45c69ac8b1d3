"""The rule tables: they load, every quote is verbatim in the clause it cites, documents stay distinct."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pydantic import ValidationError

from rules.models import Rule
from rules.table import load_rules, rules


def test_every_quote_is_verbatim_in_its_clause(corp) -> None:
    bad = [(r.id, r.clause) for r in rules() if r.clause not in corp.by_id or r.quote not in corp.by_id[r.clause].text]
    assert bad == []


def test_every_document_has_a_table_and_ids_are_unique(corp) -> None:
    counts = Counter(r.doc for r in rules())
    assert set(counts) == set(corp.documents)
    assert len({r.id for r in rules()}) == len(rules())
    assert len(rules()) > 100


def _rule(doc: str, kind: str, **scope: object) -> list[Rule]:
    out = []
    for r in rules():
        if r.doc != doc or r.kind != kind:
            continue
        if all((v in getattr(r.scope, k)) if isinstance(getattr(r.scope, k), tuple) else getattr(r.scope, k) == v
               for k, v in scope.items()):
            out.append(r)
    return out


def test_documents_stay_distinct() -> None:
    (wz,) = _rule("wenzhou", "committee_size", org="discipline")
    (hz,) = _rule("huzhou", "committee_size", org="discipline")
    assert (wz.min, wz.max) == (3, 5) and (hz.min, hz.max) == (3, 7)
    assert [r.value for r in _rule("wenzhou", "term", org="branch", level="city")] == [3]
    assert [r.value for r in _rule("wenzhou", "term", org="branch", level="county")] == [2]
    (hz_branch,) = _rule("huzhou", "term", org="branch")
    assert hz_branch.value == 3 and hz_branch.scope.level == ()


def test_a_malformed_table_is_refused_at_load(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_text('doc = "wenzhou"\n[[rule]]\nid = "wenzhou.x"\nclause = "wenzhou-3"\n'
                                     'kind = "term"\nname = "任期"\nunit = "年"\nquote = "每届任期4年"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="no value"):
        load_rules(tmp_path)
    (tmp_path / "x.toml").write_text('doc = "wenzhou"\n[[rule]]\nid = "wenzhou.x"\nclause = "wenzhou-3"\nvalue = 4\n'
                                     'kind = "term"\nname = "任期"\nunit = "年"\nquote = "每届任期4年"\n'
                                     'scope = { level = ["province"] }\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="unknown level"):
        load_rules(tmp_path)
    (tmp_path / "x.toml").write_text('doc = "wenzhou"\n[[rule]]\nid = "huzhou.x"\nclause = "wenzhou-3"\nvalue = 4\n'
                                     'kind = "term"\nname = "任期"\nunit = "年"\nquote = "每届任期4年"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match="must start with its document id"):
        load_rules(tmp_path)
