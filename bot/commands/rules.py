"""`regbot calc`, `regbot rules`, `regbot compare`: the calculator, its rule tables, one topic across documents."""

from __future__ import annotations

import argparse
import sys

from bot.commands import batch as batch_file
from bot.commands.common import EXIT_BAD_INPUT, EXIT_NOT_FOUND, EXIT_OK, explain, joined, print_json
from bot.inputs import printable
from bot.settings import Settings

NO_QUERY = "请给出计算指令或问题，例如：regbot calc \"温州120名党员教育经费多少\"（regbot calc --help 查看全部指令）。"


def calc(args: argparse.Namespace) -> int:
    """One query (text or `--json`): exit 0 with a result, 1 without, 2 without a query; or a batch of
    `{"id", "question"}` lines → one JSON line per input line."""
    from rules.calc import calculate

    if args.batch:
        data = batch_file.read_file(args.batch)
        batch_file.run(data, lambda q: calculate(q).model_dump(), lambda line: print(line, flush=True),
                       lambda exc: explain(exc)[0])
        return EXIT_OK
    query = joined(args.query)
    if not query:
        if args.json:
            print_json({"query": "", "results": [], "notes": [], "error": NO_QUERY})
        else:
            from bot.cli import CALC_HELP

            print(CALC_HELP)
        return EXIT_BAD_INPUT
    response = calculate(query)
    if args.json:
        print_json(response.model_dump())
    else:
        print(response.render())
    return EXIT_OK if response.results else EXIT_NOT_FOUND


def rules_table(args: argparse.Namespace) -> int:
    """The rule tables, all or one document's; `--json` prints one array."""
    from rules.table import doc_ids, doc_label, rules

    if args.doc and args.doc not in doc_ids():
        print(f"没有 id 为「{printable(args.doc)}」的文件。可用：{'、'.join(doc_ids())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    chosen = [r for r in rules() if not args.doc or r.doc == args.doc]
    if args.json:
        print_json([{**r.model_dump(), "scope": r.scope.model_dump(exclude_defaults=True)} for r in chosen])
        return EXIT_OK
    for doc in doc_ids():
        mine = [r for r in chosen if r.doc == doc]
        if not mine:
            continue
        print(f"{doc_label(doc)}（{doc}）共 {len(mine)} 条")
        for r in mine:
            scope = f"[{r.scope.label()}] " if r.scope.label() else ""
            print(f"  {r.id}\t{scope}{r.name}：{r.figure()}\t〔{r.clause}〕")
    return EXIT_OK


def compare(args: argparse.Namespace) -> int:
    """One topic across the documents; without a topic, the list of topics."""
    from rules.compare import Comparison, render, topics
    from rules.compare import compare as compare_topic

    topic = joined(args.topic)
    if not topic:
        if args.json:
            names = "、".join(f"{k}（{v}）" for k, v in topics().items())
            print_json({**Comparison(topic="", error=f"请给出主题。可选主题：{names}。").model_dump(), "topics": topics()})
            return EXIT_BAD_INPUT
        print("用法：regbot compare TOPIC。可选主题：")
        for k, v in topics().items():
            print(f"  {k}\t{v}")
        return EXIT_BAD_INPUT
    result = compare_topic(topic)
    if args.json:
        print_json(result.model_dump())
    else:
        print(render(result))
    return EXIT_OK if not result.error else EXIT_BAD_INPUT


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch `calc`, `rules` and `compare` (none of them needs the search settings)."""
    if args.command == "calc":
        return calc(args)
    if args.command == "rules":
        return rules_table(args)
    return compare(args)
