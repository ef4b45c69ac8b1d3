"""`regbot docs`, `regbot clauses`, `regbot clause REF`."""

from __future__ import annotations

import argparse
import sys

from bot.commands.common import EXIT_BAD_INPUT, EXIT_OK, joined, print_json
from bot.inputs import printable
from bot.settings import Settings
from corpus.models import Clause
from corpus.store import Corpus, corpus


def clause_json(c: Corpus, clause: Clause) -> dict[str, object]:
    """A clause as the JSON other tools read (`doc`, `id`, `label`, `path`, `heading`, `text`, …)."""
    return {
        "doc": clause.doc,
        "id": clause.id,
        "kind": clause.kind,
        "label": clause.label,
        "path": list(clause.path),
        "heading": clause.heading,
        "text": clause.text,
        "position": clause.position,
        "citation": c.citation(clause).render(),
    }


def docs(c: Corpus) -> int:
    """The documents with their metadata and clause counts."""
    for doc in c.documents.values():
        n = len(c.of(doc.id))
        items = sum(1 for x in c.of(doc.id) if x.kind == "item")
        meta = "，".join(x for x in (f"城市：{doc.city}" if doc.city else "城市：未注明", f"发文：{doc.issuer}",
                                     f"日期：{doc.date}" if doc.date else "", f"文号：{doc.number}" if doc.number else "") if x)
        print(f"{doc.id}\t《{doc.full_title}》\n\t{meta}\n\t共 {n} 个条款（其中编号条目 {items} 条）")
    return EXIT_OK


def clauses(c: Corpus, doc: str | None, as_json: bool) -> int:
    """Every clause, or those of one document."""
    if doc and doc not in c.documents:
        print(f"没有 id 为「{printable(doc)}」的文件。可用：{'、'.join(c.documents)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    chosen = c.of(doc) if doc else c.clauses
    if as_json:
        print_json([clause_json(c, x) for x in chosen])
        return EXIT_OK
    for x in chosen:
        first = x.text.split("\n")[0]
        print(f"{x.id}\t{first[:40]}{'…' if len(first) > 40 else ''}")
    return EXIT_OK


def show(c: Corpus, ref: str, as_json: bool) -> int:
    """One clause in full with its citation; an unknown reference exits 2 with the nearest ids."""
    res = c.resolve(ref)
    if res.clause is None:
        print(printable(res.message), file=sys.stderr)
        return EXIT_BAD_INPUT
    if as_json:
        print_json(clause_json(c, res.clause))
        return EXIT_OK
    print(f"{res.clause.id}\n{res.clause.text}\n—— {c.citation(res.clause).render()}")
    return EXIT_OK


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Dispatch `docs`, `clauses` and `clause` (none of them needs the search settings)."""
    c = corpus()
    if args.command == "docs":
        return docs(c)
    if args.command == "clauses":
        return clauses(c, args.doc, args.json)
    return show(c, joined(args.ref), args.json)
