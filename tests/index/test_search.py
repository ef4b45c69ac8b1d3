"""Search as the answer engine uses it: one result per clause, best first, verbatim clause text, a snippet
from the clause, the question's city as a filter, and the figures the engine calibrates abstention on."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.store import Corpus
from index.embed import Embedder
from index.search import Searcher, load_searcher

QUESTIONS = [
    "党小组多久开一次会",
    "温州机关党委委员几个人",
    "党费连续几个月不交算自行脱党",
    "湖州市直机关党委任期几年",
    "东莞这边怎么加强党员教育",
    "编办党支部组织委员负责什么",
    "杭州的党费怎么交",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_results_carry_their_clauses_verbatim_text(fake_searcher: Searcher, corp: Corpus, question: str) -> None:
    response = fake_searcher.search(question, k=5)
    assert 0 < len(response.results) <= 5
    for r in response.results:
        clause = corp.by_id[r.clause]
        assert (r.doc, r.text, r.label, r.heading) == (clause.doc, clause.text, clause.label, clause.heading)
        assert r.snippet and r.snippet in r.text
        assert r.citation == corp.citation(clause).render()


def test_one_result_per_clause_best_first(fake_searcher: Searcher) -> None:
    results = fake_searcher.search("机关党委书记由谁担任", k=10).results
    assert len({r.clause for r in results}) == len(results) == 10
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_a_named_city_restricts_the_search_to_its_document(fake_searcher: Searcher) -> None:
    response = fake_searcher.search("东莞这边支部书记由谁担任", k=5)
    assert response.docs == ["dongguan"]
    assert {r.doc for r in response.results} == {"dongguan"}


def test_a_city_without_a_document_is_reported(fake_searcher: Searcher) -> None:
    response = fake_searcher.search("杭州的党费怎么交", k=3)
    assert response.other_cities == ["杭州"] and response.docs == []
    assert response.results  # the other documents are still searched; the engine decides what to say


def test_doc_argument_restricts_like_a_named_city(fake_searcher: Searcher) -> None:
    results = fake_searcher.search("党费", k=5, doc="bianban").results
    assert results and {r.doc for r in results} == {"bianban"}


def test_modes_report_the_ranks_they_used(fake_searcher: Searcher) -> None:
    hybrid = fake_searcher.search("党员教育培训学时", k=3, mode="hybrid").results[0]
    assert hybrid.lexical_rank is not None and hybrid.dense_rank is not None
    lexical = fake_searcher.search("党员教育培训学时", k=3, mode="lexical").results[0]
    assert lexical.dense_rank is None and lexical.lexical_rank == 1
    dense = fake_searcher.search("党员教育培训学时", k=3, mode="dense").results[0]
    assert dense.lexical_rank is None and dense.dense_rank == 1
    with pytest.raises(ValueError):
        fake_searcher.search("党费", mode="semantic")


def test_an_empty_question_finds_nothing(fake_searcher: Searcher) -> None:
    assert fake_searcher.search("   ").results == []


def test_public_json_has_exactly_the_documented_fields(fake_searcher: Searcher) -> None:
    data = fake_searcher.search("党小组会", k=1).public()
    assert list(data) == ["query", "results"]
    assert set(data["results"][0]) == {"doc", "clause", "label", "heading", "text", "snippet", "score", "citation"}


@pytest.mark.parametrize(
    ("question", "doc", "phrase"),
    [
        ("党费几个月不交按自行脱党处理", "bianban", "连续六个月不交纳党费"),
        ("温州机关纪委设几名委员", "wenzhou", "机关纪委一般设委员3－5人"),
        ("湖州县区机关党委每届任期几年", "huzhou", "每届任期3年"),
        ("东莞机关党组织书记要不要述职评议", "dongguan", "每年向上级党组织述职评议考核"),
    ],
)
def test_the_default_backend_puts_the_answering_clause_first(e5_searcher: Searcher, question: str, doc: str,
                                                             phrase: str) -> None:
    top = e5_searcher.search(question, k=1).results[0]
    assert top.doc == doc and phrase in top.text


def test_sentence_transformers_backend_builds_searches_and_reloads(corp: Corpus, st_embedder: Embedder,
                                                                   tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    small = Corpus(corp.documents, corp.of("bianban")[:12], corp.digest + "-bianban-12")  # keeps the test quick
    searcher = load_searcher(small, st_embedder, dense_dir=tmp_path / "dense", lexical_dir=tmp_path / "lexical")
    assert "向量索引需要重建" in caplog.text
    caplog.clear()
    assert searcher.dense.manifest.backend == "st" and searcher.dense.index.ntotal == len(searcher.passages)
    results = searcher.search("党费 member dues", k=3, mode="dense").results
    assert len(results) == 3 and all(r.text == small.by_id[r.clause].text for r in results)
    load_searcher(small, st_embedder, dense_dir=tmp_path / "dense", lexical_dir=tmp_path / "lexical")
    assert "需要重建" not in caplog.text  # both saved indexes are current: loaded, not rebuilt


def test_words_the_corpus_never_uses_are_reported_for_abstention() -> None:
    from index.search import get_searcher

    response = get_searcher().search("住房公积金怎么提取，多久能到账？")
    assert "公积金" in response.unknown
    assert "多久" not in response.unknown  # question words are not a sign of an off-topic question
    assert get_searcher().search("温州机关党委每届任期几年").unknown == []
