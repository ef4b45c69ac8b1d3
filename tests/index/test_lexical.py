"""Tokenization with the domain dictionary and the shipped compact lexicon; BM25 scores checked against
rank-bm25 as an independent implementation."""

from __future__ import annotations

import pytest

from index.build import SHIPPED_LEXICAL
from index.lexical import BIGRAM_MARK, LexicalIndex, LexicalManifest, Tokenizer, load_tokenizer, normalize_text


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return load_tokenizer(SHIPPED_LEXICAL)


@pytest.mark.parametrize("term", ["机关党委", "党总支", "纪工委", "三会一课", "主题党日", "组织生活会", "专职副书记"])
def test_domain_terms_stay_one_token(tokenizer: Tokenizer, term: str) -> None:
    assert term in tokenizer.tokens(f"关于{term}的规定")


@pytest.mark.parametrize(("word", "specific"), [("轮训", True), ("徽章", True), ("机关党委", True),
                                               ("已经", False), ("自己", False), ("还是", False)])
def test_specific_words_are_domain_or_rare_words_not_frequent_everyday_ones(tokenizer: Tokenizer, word: str,
                                                                            specific: bool) -> None:
    assert tokenizer.specific(word) is specific


@pytest.mark.parametrize("word", ["刚好", "那位", "上个月", "这方面"])
def test_rare_adverbs_pronouns_and_time_words_are_never_specific(tokenizer: Tokenizer, word: str) -> None:
    assert tokenizer.specific(word) is False  # rare in jieba's dictionary, but function words by their tag


def test_the_lexicon_keeps_jieba_s_tags_except_for_domain_words() -> None:
    from index.lexical import build_lexicon

    lexicon, _ = build_lexicon(["机关党委刚好设立"])
    tags = {w: t for w, _, t in lexicon}
    assert tags["刚好"] == "d" and tags["机关党委"] == "" and tags["设立"] == "v"


def test_search_segmentation_also_yields_the_parts_of_long_words(tokenizer: Tokenizer) -> None:
    words = tokenizer.words("机关党委专职副书记")
    assert {"机关党委", "党委", "专职副书记", "副书记"} <= set(words)


def test_stopwords_and_punctuation_are_not_tokens(tokenizer: Tokenizer) -> None:
    words = [t for t in tokenizer.tokens("党费是怎么交的？") if not t.startswith(BIGRAM_MARK)]
    assert words == ["党费", "交"]


def test_bigrams_bridge_different_segmentations(tokenizer: Tokenizer) -> None:
    # 自行脱党 in a regulation, 脱党 in a question: the words differ, a bigram matches
    assert BIGRAM_MARK + "脱党" in tokenizer.tokens("连续六个月不交纳党费的按自行脱党处理")
    assert BIGRAM_MARK + "脱党" in tokenizer.tokens("多久不交党费算脱党")


def test_counts_match_whether_written_in_digits_or_chinese(tokenizer: Tokenizer) -> None:
    assert normalize_text("六个月") == normalize_text("6个月") == "6个月"
    assert normalize_text("３－５人") == "3-5人"  # full-width forms folded


DOCS = [
    ["党费", "交纳", "每月"],
    ["党费", "收缴", "管理", "党费"],
    ["支部", "委员", "选举"],
    ["党小组", "每月", "会议"],
    ["机关党委", "委员", "任期"],
    ["纪委", "书记", "任期"],
    ["党员", "教育", "培训", "学时"],
]


@pytest.mark.parametrize("query", [["党费"], ["每月", "党费"], ["任期", "委员", "委员"], ["学时", "不在词表"]])
def test_bm25_scores_match_rank_bm25(tokenizer: Tokenizer, query: list[str]) -> None:
    rank_bm25 = pytest.importorskip("rank_bm25")
    k1, b = 1.2, 0.75
    oracle = rank_bm25.BM25Okapi(DOCS, k1=k1, b=b)
    manifest = LexicalManifest(corpus_digest="t", passages_hash="t", sources_hash="t", jieba_version="t",
                               bm25s_version="t", count=len(DOCS))
    # bm25s's "robertson" variant is Okapi BM25 without the constant (k1 + 1) factor rank-bm25 keeps in the
    # numerator; no term here is in half the documents, so rank-bm25's idf floor does not apply.
    index = LexicalIndex.from_tokens(manifest, DOCS, tokenizer, method="robertson", k1=k1, b=b)
    expected = oracle.get_scores(list(dict.fromkeys(query)))  # we count a repeated query word once
    assert index.scores(query) * (k1 + 1) == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_expansion_words_count_at_their_weight(tokenizer: Tokenizer) -> None:
    manifest = LexicalManifest(corpus_digest="t", passages_hash="t", sources_hash="t", jieba_version="t",
                               bm25s_version="t", count=len(DOCS))
    index = LexicalIndex.from_tokens(manifest, DOCS, tokenizer)
    full = index.scores(["任期"])
    half = index.scores(["任期"], [0.5])
    assert half == pytest.approx(full * 0.5)
