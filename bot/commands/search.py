"""`regbot search`, `regbot eval`, `regbot index build|status`: search from the command line, its figures on an
evaluation set, and the search indexes on disk."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands import batch as batch_file
from bot.commands.common import EXIT_ERROR, EXIT_NOT_FOUND, EXIT_OK, InputError, explain, joined, print_json
from bot.inputs import printable
from bot.settings import Settings

if TYPE_CHECKING:
    from index.build import IndexStatus
    from index.search import Searcher

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
        raise InputError(f"没有名为「{printable(doc)}」的文件。可用：{names}")
    return named.id


def _searcher(settings: Settings) -> "Searcher":
    from index.search import get_searcher

    return get_searcher(settings.index)


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


def search(args: argparse.Namespace, settings: Settings) -> int:
    """One question (text or `--json`): exit 0 with results, 1 without; or a batch file of `{"id", "question"}`
    lines → one JSON line each (the models are loaded at the first question that needs them)."""
    _check_k(args.k)
    doc = _doc_id(args.doc)
    question = joined(args.question)
    if args.batch and question:
        raise InputError("请只给出问题或 --batch 文件之一。")
    if args.batch:
        data = batch_file.read_file(args.batch)
        batch_file.run(data, lambda q: _searcher(settings).search(q, k=args.k, doc=doc, mode=args.mode).public(),
                       lambda line: print(line, flush=True), lambda exc: explain(exc)[0])
        return EXIT_OK
    if not question:
        raise InputError("请给出问题，例如：regbot search 支部书记任期几年")
    response = _searcher(settings).search(question, k=args.k, doc=doc, mode=args.mode)
    if args.json:
        print_json(response.public())
    else:
        _print_text(response)
    return EXIT_OK if response.results else EXIT_NOT_FOUND


def evaluate(args: argparse.Namespace, settings: Settings) -> int:
    """hit@1, hit@k, all@k and MRR on an evaluation set, for hybrid, lexical-only and dense-only search."""
    from index.evaluate import read_questions, score
    from index.search import MODES

    _check_k(args.k)
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"找不到评测文件：{printable(args.file)}")
    try:
        questions = read_questions(path)
    except ValueError as exc:
        raise InputError(f"评测文件格式不对（每行应为含 id、question、gold 的 JSON）：{exc}") from exc
    searcher = _searcher(settings)
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


def _describe(s: "IndexStatus", embedder_name: str) -> str:
    """One index location for people: state, reason, what was checked, where."""
    from index.build import STATE_WORDS

    name = "词法索引" if s.kind == "lexical" else f"向量索引（{embedder_name}）"
    where = "随程序发布（只读）" if s.shipped else "缓存"
    line = f"{name}·{where}：{STATE_WORDS[s.state]}" + (f"：{s.reason}" if s.reason else "")
    details = [f"{s.count} 段" if s.count else "", f"构建于 {s.built_at}" if s.built_at else ""]
    line += "".join(f"，{d}" for d in details if d)
    if s.state == "ok":
        line += (f"\n  已检查：清单与当前语料、段落切分、索引格式和依赖版本一致；"
                 f"{s.files_checked} 个文件的 sha256 与清单相符（{s.check_ms:.1f} 毫秒）")
    elif s.state in ("stale", "corrupt"):
        line += "\n  此副本不会被使用。"
    return f"{line}\n  位置：{s.directory}"


def index(args: argparse.Namespace, settings: Settings) -> int:
    """`status`: every place an index is looked for and what was checked (exit 1 when a search would have to
    rebuild one); `build`: rebuild both indexes for the configured backend into the cache directory, or with
    `--shipped` into the package (developers, before committing index/data)."""
    from corpus.store import corpus
    from index import build
    from index.embed import get_embedder
    from index.passages import build_passages

    c = corpus()
    config = settings.index
    embedder = get_embedder(config.backend, config.model)
    passages = build_passages(c)
    if args.action == "status":
        states = build.status(c, passages, embedder, config)
        for s in states:
            print(_describe(s, f"{embedder.backend}：{embedder.model_id}"))
        if not build.usable(states):
            print("检索时会先自动重建不可用的索引；也可以运行 regbot index build 现在重建。")
            return EXIT_NOT_FOUND
        return EXIT_OK
    if args.shipped:
        shipped = build.shipped_dense(embedder)
        if shipped is None:
            raise InputError(f"只有默认后端 e5 的索引随程序发布；{embedder.backend} 后端的索引请不加 --shipped 重建。")
        lexical_target, dense_target = build.SHIPPED_LEXICAL, shipped
    else:
        lexical_target, dense_target = build.lexical_dir(config), build.dense_dir(embedder, config)
    start = time.perf_counter()
    try:
        build.build_lexical_index(c, passages, lexical_target, strict=True)
        print(f"词法索引已重建：{len(passages)} 段，用时 {time.perf_counter() - start:.1f} 秒 → {lexical_target}",
              file=sys.stderr)
        dense = build.build_dense_index(c, passages, embedder, dense_target, strict=True)
    except OSError as exc:
        print(f"出错了：无法写入索引目录 {printable(exc.filename or '')}：{exc.strerror or exc}。"
              "可用 --index-dir 或环境变量 REGBOT_INDEX_DIR 指定一个可写的目录。", file=sys.stderr)
        return EXIT_ERROR
    print(f"向量索引已重建（{embedder.backend}：{embedder.model_id}）：{dense.manifest.count} 段，"
          f"用时 {dense.manifest.build_seconds:.1f} 秒 → {dense_target}", file=sys.stderr)
    return EXIT_OK


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch `search`, `eval` and `index` (bad input raises InputError: the CLI prints it, exit 2)."""
    if args.command == "search":
        return search(args, settings)
    if args.command == "eval":
        return evaluate(args, settings)
    return index(args, settings)
