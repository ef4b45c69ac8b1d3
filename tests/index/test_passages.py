"""Clauses become passages that are verbatim spans of their clause: whole, and for long clauses by
paragraphs, sentences and sentence windows."""

from __future__ import annotations

from corpus.models import Clause
from corpus.store import Corpus
from index.passages import (
    LONG_CLAUSE,
    build_passages,
    clause_passages,
    is_heading_only,
    passages_hash,
    searchable_clauses,
    sentences,
)


def test_every_passage_is_a_verbatim_span_of_its_clause(corp: Corpus) -> None:
    for p in build_passages(corp):
        assert corp.by_id[p.clause].text[p.start : p.end] == p.text


def test_each_searchable_clause_has_exactly_one_whole_passage(corp: Corpus) -> None:
    whole = [p.clause for p in build_passages(corp) if p.kind == "clause"]
    assert sorted(whole) == sorted(c.id for c in searchable_clauses(corp))


def test_long_clauses_are_also_searchable_by_sentence(corp: Corpus) -> None:
    long = next(c for c in searchable_clauses(corp) if len(c.text) > 3 * LONG_CLAUSE)
    kinds = {p.kind for p in clause_passages(long)}
    assert {"clause", "sentence", "window"} <= kinds


def test_sentences_split_at_stops_and_join_short_pieces() -> None:
    text = "一、总则。本办法适用于全市机关基层党组织；党的关系在机关工委的其他单位参照执行。"
    spans = [text[a:b] for a, b in sentences(text)]
    assert spans == ["一、总则。本办法适用于全市机关基层党组织；", "党的关系在机关工委的其他单位参照执行。"]


def test_bare_headings_are_not_results_but_the_signature_with_the_date_of_issue_is(corp: Corpus) -> None:
    ids = {c.id for c in searchable_clauses(corp)}
    assert "wenzhou-p1" not in ids  # 一、机关党的工作总体要求… is only a heading
    assert "wenzhou-sign" in ids  # 中共温州市委 2012年12月14日: when the document was issued
    assert "bianban-d2-p2" in ids  # a part with a body of its own stays
    assert is_heading_only(corp.by_id["huzhou-p2"])


def test_the_hash_changes_when_any_passage_text_changes(corp: Corpus) -> None:
    passages = build_passages(corp)
    clause = corp.by_id["wenzhou-3"]
    changed: Clause = clause.model_copy(update={"text": clause.text.replace("5－9人", "5－7人")})
    other = [p for p in passages if p.clause != clause.id] + clause_passages(changed)
    assert passages_hash(passages) != passages_hash(other)
