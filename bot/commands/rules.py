"""`regbot calc`, `regbot rules`, `regbot compare`: the calculator, its rule tables, one topic across documents."""

from __future__ import annotations

import argparse
import sys

from bot.commands.common import InputError, joined, print_json, read_batch


def calc(args: argparse.Namespace) -> int:
    """One query (text or `--json`), or a batch of `{"id", "question"}` lines → one JSON line per input."""
    from rules.calc import calculate

    if args.batch:
        try:
            for qid, question in read_batch(args.batch):
                print_json({"id": qid, **calculate(question).model_dump()})
        except InputError as exc:
            print(exc, file=sys.stderr)
            return 2
        return 0
    query = joined(args.query)
    if not query:
        from bot.cli import CALC_HELP

        print(CALC_HELP)
        return 2
    response = calculate(query)
    if args.json:
        print_json(response.model_dump())
        return 0
    print(response.render())
    return 0 if response.results else 1


def rules_table(args: argparse.Namespace) -> int:
    """The rule tables, all or one document's; `--json` prints one array."""
    from rules.table import doc_ids, doc_label, rules

    if args.doc and args.doc not in doc_ids():
        print(f"没有 id 为「{args.doc}」的文件。可用：{'、'.join(doc_ids())}", file=sys.stderr)
        return 2
    chosen = [r for r in rules() if not args.doc or r.doc == args.doc]
    if args.json:
        print_json([{**r.model_dump(), "scope": r.scope.model_dump(exclude_defaults=True)} for r in chosen])
        return 0
    for doc in doc_ids():
        mine = [r for r in chosen if r.doc == doc]
        if not mine:
            continue
        print(f"{doc_label(doc)}（{doc}）共 {len(mine)} 条")
        for r in mine:
            scope = f"[{r.scope.label()}] " if r.scope.label() else ""
            print(f"  {r.id}\t{scope}{r.name}：{r.figure()}\t〔{r.clause}〕")
    return 0


def compare(args: argparse.Namespace) -> int:
    """One topic across the documents; without a topic, the list of topics."""
    from rules.compare import compare as compare_topic
    from rules.compare import render, topics

    topic = joined(args.topic)
    if not topic:
        print("用法：regbot compare TOPIC。可选主题：")
        for k, v in topics().items():
            print(f"  {k}\t{v}")
        return 2
    result = compare_topic(topic)
    if args.json:
        print_json(result.model_dump())
        return 0 if not result.error else 2
    print(render(result))
    return 0 if not result.error else 2


def run(args: argparse.Namespace) -> int:
    if args.command == "calc":
        return calc(args)
    if args.command == "rules":
        return rules_table(args)
    return compare(args)
