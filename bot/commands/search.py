"""`regbot search`, `regbot eval`, `regbot index build|status`: search from the command line, its figures on an
evaluation set, and the search indexes on disk."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.commands.common import InputError, joined, print_json, read_batch

MAX_K = 50
MODE_NAMES = {"hybrid": "混合检索", "lexical": "仅词法（BM25）", "dense": "仅向量"}


def _check_k(k: int) -> None:
    if not 1 <= k <= MAX_K:
        raise InputError(f"--k 应为 1 到 {MAX_K} 之间的整数（收到 {k}）。")


def _doc_id(doc: str | None) -> str | None:
    """The document id for `--doc`, which may also be a city or alias (温州, 编办)."""
    if not doc:
        return None
    from corpus.store import corpus

    c = corpus()
    if doc in c.documents:
        return doc
    named = c.document_named(doc)
    if named is None:
        names = "、".join(f"{d.id}（{d.label}）" for d in c.documents.values())
        raise InputError(f"没有名为「{doc}」的文件。可用：{names}")
    return named.id


def _searcher(args: argparse.Namespace):  # -> Searcher, imported lazily
    from index.search import get_searcher

    return get_searcher(getattr(args, "backend", None), getattr(args, "model", None))


def _print_text(response) -> None:  # response: SearchResponse
    """Results for people: rank, citation, the matching sentence(s)."""
    if response.other_cities and not response.docs:
        print(f"提示：收录的文件中没有{'、'.join(response.other_cities)}的文件，以下为其他文件中的相关条款。")
    if not response.results:
        print("没有找到相关条款。")
        return
    for i, r in enumerate(response.results, 1):
        print(f"{i}. {r.citation}  〔{r.clause}，得分 {r.score:.3f}〕")
        print(f"   {r.snippet}")


def search(args: argparse.Namespace) -> int:
    """One question (text or `--json`), or a batch file of `{"id", "question"}` lines → one JSON line each."""
    _check_k(args.k)
    doc = _doc_id(args.doc)
    question = joined(args.question)
    if args.batch and question:
        raise InputError("请只给出问题或 --batch 文件之一。")
    if args.batch:
        items = list(read_batch(args.batch))  # read and check the whole file before loading models
        searcher = _searcher(args)
        for qid, q in items:
            response = searcher.search(q, k=args.k, doc=doc, mode=args.mode)
            print_json({"id": qid, **response.public()})
        return 0
    if not question:
        raise InputError("请给出问题，例如：regbot search 支部书记任期几年")
    response = _searcher(args).search(question, k=args.k, doc=doc, mode=args.mode)
    if args.json:
        print_json(response.public())
    else:
        _print_text(response)
    return 0


def evaluate(args: argparse.Namespace) -> int:
    """hit@1, hit@k, all@k and MRR on an evaluation set, for hybrid, lexical-only and dense-only search."""
    from index.evaluate import read_questions, score
    from index.search import MODES

    _check_k(args.k)
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"找不到评测文件：{args.file}")
    try:
        questions = read_questions(path)
    except ValueError as exc:
        raise InputError(f"评测文件格式不对（每行应为含 id、question、gold 的 JSON）：{exc}") from exc
    searcher = _searcher(args)
    answerable = sum(1 for q in questions if q.answerable and q.gold)
    print(f"评测集：{path.name}，共 {len(questions)} 题，其中可回答 {answerable} 题；k = {args.k}")
    print(f"{'mode':<10}{'hit@1':>8}{f'hit@{args.k}':>8}{f'all@{args.k}':>8}{'MRR':>8}  检索方式")
    misses: dict[str, list[str]] = {}
    for mode in MODES:
        results = {q.id: [r.model_dump() for r in searcher.search(q.question, k=args.k, mode=mode).results]
                   for q in questions}
        s = score(questions, results, args.k)
        misses[mode] = s.misses
        print(f"{mode:<10}{s.hit_at_1:>8.3f}{s.hit_at_k:>8.3f}{s.all_at_k:>8.3f}{s.mrr:>8.3f}  {MODE_NAMES[mode]}")
    for mode in MODES:
        print(f"前 {args.k} 条未命中（{mode}）：{'、'.join(misses[mode]) or '无'}")
    return 0


def index(args: argparse.Namespace) -> int:
    """`build`: rebuild both indexes for the configured backend; `status`: report whether they are current."""
    from corpus.store import corpus
    from index.build import build_dense_index, build_lexical_index, dense_dir, lexical_dir, status
    from index.embed import get_embedder
    from index.passages import build_passages

    c = corpus()
    embedder = get_embedder(getattr(args, "backend", None), getattr(args, "model", None))
    passages = build_passages(c)
    if args.action == "status":
        states = status(c, passages, embedder)
        words = {"ok": "可用", "stale": "已过期", "missing": "缺失"}
        for s in states:
            name = "词法索引" if s.kind == "lexical" else f"向量索引（{embedder.backend}：{embedder.model_id}）"
            detail = f"，{s.count} 段" if s.count else ""
            built = f"，构建于 {s.built_at}" if s.built_at else ""
            why = f"：{s.reason}" if s.reason else ""
            print(f"{name}：{words[s.state]}{why}{detail}{built}\n  位置：{s.directory}")
        if any(s.state != "ok" for s in states):
            print("运行 regbot index build 重建。")
            return 1
        return 0
    start = time.perf_counter()
    build_lexical_index(c, passages)
    lexical_seconds = time.perf_counter() - start
    print(f"词法索引已重建：{len(passages)} 段，用时 {lexical_seconds:.1f} 秒 → {lexical_dir()}", file=sys.stderr)
    dense = build_dense_index(c, passages, embedder)
    print(f"向量索引已重建（{embedder.backend}：{embedder.model_id}）：{dense.manifest.count} 段，"
          f"用时 {dense.manifest.build_seconds:.1f} 秒 → {dense_dir(embedder)}", file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    """Dispatch `search`, `eval` and `index`; bad input and unusable backends → a Chinese message, exit 2."""
    from index.embed import BackendError

    try:
        if args.command == "search":
            return search(args)
        if args.command == "eval":
            return evaluate(args)
        return index(args)
    except (InputError, BackendError) as exc:
        print(exc, file=sys.stderr)
        return 2
