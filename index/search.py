"""Hybrid search: question → passages scored lexically (BM25) and densely (embeddings) → fused → one result
per clause, best first, with the clause's verbatim text and the sentence(s) that matched.

The question is read first (query/understand.py): a document named by city or alias restricts the search to it
and its name is removed from the search words; a city without a document is reported in the response.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from corpus.models import Clause
from corpus.store import Corpus, corpus
from index.dense import DenseIndex
from index.config import IndexConfig
from index.embed import Embedder, check_backend, get_embedder
from index.fuse import fuse, ranks
from index.lexical import LexicalIndex, colloquial_words, stopwords
from index.passages import Passage, build_passages, sentences
from query.models import Query
from query.understand import known_words, understand

MODES: tuple[str, ...] = ("hybrid", "lexical", "dense")


class Unit(BaseModel):
    """A sentence of a found clause with its own scores: what answer sentences are chosen from."""

    start: int
    end: int
    text: str
    lexical: float = 0.0
    dense: float = 0.0


class SearchResult(BaseModel):
    """One clause found for a question."""

    doc: str
    clause: str
    label: str
    heading: str
    text: str  # the clause's verbatim text
    snippet: str  # the sentence(s) of the clause that matched best, verbatim
    score: float  # fused score, comparable within one response only
    citation: str
    lexical_rank: int | None = None  # 1-based rank among clauses in scope; None when no word matched
    dense_rank: int | None = None
    lexical_score: float = 0.0
    dense_score: float = 0.0
    units: list[Unit] = []  # the clause's sentences with their scores (not printed by --json)

    def public(self) -> dict[str, object]:
        """The fields `regbot search --json` prints, in the documented order."""
        return self.model_dump(include={"doc", "clause", "label", "heading", "text", "snippet", "score", "citation"})


class SearchResponse(BaseModel):
    """The results for one question, with what the question named (for abstention and follow-ups)."""

    query: str
    mode: str = "hybrid"
    results: list[SearchResult] = []
    docs: list[str] = []  # documents the question named (the search was restricted to them)
    other_cities: list[str] = []  # cities named that have no document in the corpus
    levels: list[str] = []
    org_types: list[str] = []
    unknown: list[str] = []  # content words of the question that occur nowhere in the corpus
    key_words: list[tuple[str, int]] = []  # the question's content words in the corpus, rarest first (word, clauses)
    words: list[tuple[str, int]] = []  # every content word of the question, everyday ones too (word, clauses)

    def public(self) -> dict[str, object]:
        """`{"query", "results": [...]}` as `regbot search --json` prints it."""
        return {"query": self.query, "results": [r.public() for r in self.results]}


@dataclass(frozen=True)
class SearchParams:
    """The tunable parts of the method (tuned on the dev set as a whole, never per question)."""

    fusion: str = "mix"  # min-max score mixing; rrf kept for comparison (see `regbot eval`)
    lexical_weight: float = 1.0
    dense_weight: float = 1.0
    expansion_weight: float = 0.5  # weight of expansion words relative to the user's own words


@dataclass
class Searcher:
    """Everything a search needs, loaded once: corpus, passages, both indexes and the query embedder."""

    corp: Corpus
    passages: list[Passage]
    lexical: LexicalIndex
    dense: DenseIndex
    embedder: Embedder
    params: SearchParams = field(default_factory=SearchParams)

    def __post_init__(self) -> None:
        ids = sorted({p.clause for p in self.passages}, key=lambda c: self.corp.by_id[c].position)
        self._clause_ids = ids
        self._slot = {c: i for i, c in enumerate(ids)}
        self._passage_slot = np.array([self._slot[p.clause] for p in self.passages], dtype=np.int64)
        self._is_whole = np.array([p.kind == "clause" for p in self.passages])
        self._clause_doc = np.array([self.corp.by_id[c].doc for c in ids])
        self._lock = threading.Lock()
        self._clause_count: dict[str, int] = {}

    def with_params(self, **changes: object) -> "Searcher":
        """The same loaded indexes with other parameters (for tuning and ablations)."""
        return replace(self, params=replace(self.params, **changes))

    # ---- scoring ------------------------------------------------------------------------------------

    def _per_clause(self, passage_scores: np.ndarray) -> np.ndarray:
        """Each clause's score: that of its best passage (whole clause, paragraph, sentence or window)."""
        best = np.full(len(self._clause_ids), -np.inf, dtype=np.float32)
        np.maximum.at(best, self._passage_slot, passage_scores)
        return best

    def lexical_scores(self, info: Query) -> np.ndarray:
        """BM25 score of every passage: the question's own words, plus expansion words at a lower weight."""
        tokens = self.lexical.tokenizer.tokens(info.core or info.text)
        extra = [t for w in info.expansions for t in self.lexical.tokenizer.tokens(w) if t not in tokens]
        weights = [1.0] * len(tokens) + [self.params.expansion_weight] * len(extra)
        return self.lexical.scores(tokens + extra, weights)

    def dense_scores(self, info: Query) -> np.ndarray:
        """Cosine similarity of every passage to the question (without the place names it filters by)."""
        return self.dense.scores(self.embedder.embed_query(info.core or info.text))

    # ---- search -------------------------------------------------------------------------------------

    def search(self, question: str, k: int = 5, doc: str | None = None, mode: str = "hybrid",
               info: Query | None = None) -> SearchResponse:
        """The k clauses that best answer the question, one result per clause, best first.

        `doc` restricts the search to one document (by id); otherwise documents the question names by
        city or alias restrict it. `mode` is hybrid, lexical (BM25 only) or dense (embeddings only).
        """
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        info = info if info is not None else understand(question, self.corp)
        response = SearchResponse(query=question, mode=mode, docs=info.docs, other_cities=info.other_cities,
                                  levels=info.levels, org_types=info.org_types)
        if not question.strip() or k <= 0:
            return response
        counts = self._word_counts(info)
        response.unknown = self.unknown_words(info, counts)
        response.key_words = self.key_words(info, counts)
        response.words = counts
        scope = [doc] if doc else info.docs
        in_scope = np.isin(self._clause_doc, scope) if scope else np.ones(len(self._clause_ids), dtype=bool)
        with self._lock:  # the embedder and faiss are not re-entrant
            lex_p = self.lexical_scores(info) if mode != "dense" else None
            den_p = self.dense_scores(info) if mode != "lexical" else None
        runs: list[dict[str, float]] = []
        weights: list[float] = []
        lex_c = den_c = None
        lex_run: dict[str, float] = {}
        den_run: dict[str, float] = {}
        if lex_p is not None:
            lex_c = self._per_clause(lex_p)
            lex_run = {self._clause_ids[i]: float(lex_c[i]) for i in np.flatnonzero(in_scope) if lex_c[i] > 0}
            runs.append(lex_run)
            weights.append(self.params.lexical_weight)
        if den_p is not None:
            den_c = self._per_clause(den_p)
            den_run = {self._clause_ids[i]: float(den_c[i]) for i in np.flatnonzero(in_scope)}
            runs.append(den_run)
            weights.append(self.params.dense_weight)
        fused = fuse(self.params.fusion, runs, weights) if len(runs) > 1 else dict(runs[0]) if runs else {}
        lex_ranks, den_ranks = ranks(lex_run), ranks(den_run)
        best = sorted(fused.items(), key=lambda kv: (-kv[1], self.corp.by_id[kv[0]].position))[:k]
        for clause_id, score in best:
            clause = self.corp.by_id[clause_id]
            slot = self._slot[clause_id]
            response.results.append(SearchResult(
                doc=clause.doc,
                clause=clause.id,
                label=clause.label,
                heading=clause.heading,
                text=clause.text,
                snippet=self._snippet(clause, lex_p, den_p),
                score=round(float(score), 6),
                citation=self.corp.citation(clause).render(),
                lexical_rank=lex_ranks.get(clause_id),
                dense_rank=den_ranks.get(clause_id),
                lexical_score=round(float(lex_c[slot]), 4) if lex_c is not None else 0.0,
                dense_score=round(float(den_c[slot]), 4) if den_c is not None else 0.0,
                units=self._units(clause, lex_p, den_p),
            ))
        return response

    def _units(self, clause: Clause, lex_p: np.ndarray | None, den_p: np.ndarray | None) -> list[Unit]:
        """The clause's sentences (the whole clause when it is one sentence) with their lexical and dense scores."""
        idx = np.flatnonzero(self._passage_slot == self._slot[clause.id])
        by_span = {(self.passages[i].start, self.passages[i].end): i for i in idx}
        # a sentence that is a whole paragraph (or the whole clause) is stored once, under that kind
        sent = [by_span[span] for span in sentences(clause.text) if span in by_span] or [i for i in idx if self._is_whole[i]]
        return [Unit(start=self.passages[i].start, end=self.passages[i].end, text=self.passages[i].text,
                     lexical=float(lex_p[i]) if lex_p is not None else 0.0,
                     dense=float(den_p[i]) if den_p is not None else 0.0) for i in sent]

    def _snippet(self, clause: Clause, lex_p: np.ndarray | None, den_p: np.ndarray | None) -> str:
        """The clause's sentence(s) that matched best: both signals rescaled within the clause and added."""
        idx = [i for i in np.flatnonzero(self._passage_slot == self._slot[clause.id]) if not self._is_whole[i]]
        if not idx:
            return clause.text
        score = np.zeros(len(idx), dtype=np.float32)
        for p in (lex_p, den_p):
            if p is not None:
                part = p[idx]
                lo, hi = float(part.min()), float(part.max())
                if hi > lo:
                    score += (part - lo) / (hi - lo)
        # on ties prefer the shorter span: a sentence over the window that contains it
        lengths = np.array([self.passages[i].end - self.passages[i].start for i in idx], dtype=np.float32)
        pick = idx[int(np.lexsort((lengths, -score))[0])]
        return self.passages[pick].text

    def _word_counts(self, info: Query) -> list[tuple[str, int]]:
        """The question's Chinese content words (whole words, not question or filler words), each with the number
        of clauses holding it; counted once per word and process."""
        skip = colloquial_words() | stopwords()
        out = []
        for w in dict.fromkeys(self.lexical.tokenizer.whole_words(info.core or info.text)):
            if len(w) < 2 or w in skip or not re.search(r"[\u4e00-\u9fff]", w) or _NUMERAL_WORD.match(w):
                continue
            n = self._clause_count.get(w)
            if n is None:
                n = self._clause_count[w] = sum(1 for c in self.corp.clauses if w in c.text)
            out.append((w, n))
        return out

    def unknown_words(self, info: Query, counts: list[tuple[str, int]] | None = None) -> list[str]:
        """Specific content words of the question's asking sentence found nowhere in the corpus (`公积金`,
        `董事长`): a sign that the documents do not cover it. Question and filler words users type (多久, 能不能 …),
        everyday words (比较, 合适) and the background a message tells before its question do not count."""
        from query.understand import asked_sentence

        counts = self._word_counts(info) if counts is None else counts
        cues = _cue_words()
        asking = asked_sentence(info.core or info.text)  # the background told before the question is not asked
        return [w for w, n in counts if not n and w not in cues and not no_subject(w) and w in asking
                and self.lexical.tokenizer.specific(w) and not known_words(w)]

    def key_words(self, info: Query, counts: list[tuple[str, int]] | None = None) -> list[tuple[str, int]]:
        """The question's specific content words that occur in the corpus (not everyday words such as 还是, 影响,
        nor the words that say what is asked), with the number of clauses holding each, rarest first: what the
        question is about (入党介绍人, 徽章)."""
        counts = self._word_counts(info) if counts is None else counts
        cues = _cue_text()
        out = [(w, n) for w, n in counts if n and w not in cues and self.lexical.tokenizer.specific(w)]
        return sorted(out, key=lambda x: x[1])

    def warm(self) -> None:
        """Run one search so every lazy part (embedder, jieba's HMM, faiss) is loaded and compiled."""
        self.search("机关党组织书记任期几年", k=1)


def load_searcher(corp: Corpus | None = None, embedder: Embedder | None = None, params: SearchParams | None = None,
                  config: IndexConfig | None = None, lexical_dir: Path | None = None,
                  dense_dir: Path | None = None) -> Searcher:
    """A searcher over the corpus with current indexes: the shipped ones when usable, else those in the cache
    directory of `config`, else rebuilt there first (with a message on stderr). An explicit `lexical_dir` or
    `dense_dir` is the only place looked at for that index (tests, tools)."""
    from index.build import dense_dirs, ensure_dense, ensure_lexical, lexical_dirs

    config = config or IndexConfig()
    corp = corp or corpus()
    embedder = embedder or get_embedder(config.backend, config.model)
    passages = build_passages(corp)
    lexical = ensure_lexical(corp, passages, [lexical_dir] if lexical_dir else lexical_dirs(config))
    dense = ensure_dense(corp, passages, embedder, [dense_dir] if dense_dir else dense_dirs(embedder, config))
    return Searcher(corp, passages, lexical, dense, embedder, params or SearchParams())


# A numeral with its measure word (五种, 两份, 好几个): how many, not of what; a verb with 个 (建个), after a modal word
# (能当, 可用, 来担) or before one (不交会按: 交会), or a verb said twice to soften it (谈谈心, 研究研究) is no word of its own.
MODALS = "能可要会该得需来去"  # modal words jieba cuts together with the verb after them (要报, 来担)
_VERBS = "当用做干担报交开选兼算搞办拿管批投写带领发"
_NO_SUBJECT = re.compile(rf"^(?:好?[零〇一二两三四五六七八九十百千万几]+[\u4e00-\u9fff]|[\u4e00-\u9fff]个|[{MODALS}][{_VERBS}]|"
                         rf"[{_VERBS}][会要能得]|([\u4e00-\u9fff]{{1,2}})\1)$")


def no_subject(word: str) -> bool:
    """Whether a word is a count with its measure word (五种), a verb with 个 (建个), with a modal (能当, 交会) or
    said twice (谈谈): never a subject."""
    return _NO_SUBJECT.match(word) is not None


# A word that is only a Chinese numeral (一百, 二十八): a number, not a subject.
_NUMERAL_WORD = re.compile(r"^[零〇一二两三四五六七八九十百千万]+$")


@cache
def _cue_words() -> frozenset[str]:
    """The asks' cue words that are whole words (上限, 几项), not patterns with a gap (多少…补贴 names a subject)."""
    from query.vocab import asks

    return frozenset(w for a in asks().values() for w in a.words if "…" not in w)


@cache
def _cue_text() -> str:
    """Every cue word of the asks, as one text (a question's key words are not the words that ask)."""
    from query.vocab import asks

    return "".join(w for a in asks().values() for w in a.words)


_LOADING = threading.Lock()


@cache
def _searcher(config: IndexConfig) -> Searcher:
    return load_searcher(config=config)


def get_searcher(config: IndexConfig | None = None) -> Searcher:
    """The process's searcher for these settings (default: the shipped e5 backend), created once per distinct
    settings (thread-safe: concurrent first callers wait for one load). A bad backend raises BackendError."""
    config = config or IndexConfig()
    config = config.model_copy(update={"backend": check_backend(config.backend)})
    with _LOADING:
        return _searcher(config)


def warm(config: IndexConfig | None = None) -> Searcher:
    """Load everything search needs now (at bot start-up) rather than on the first question."""
    searcher = get_searcher(config)
    searcher.warm()
    return searcher


def search(question: str, k: int = 5, doc: str | None = None, mode: str = "hybrid") -> SearchResponse:
    """Search with the process's searcher (see `Searcher.search`)."""
    return get_searcher().search(question, k=k, doc=doc, mode=mode)
