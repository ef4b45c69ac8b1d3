"""The documents' own numbering → a tree of clauses.

Nesting is read from the order in which numbering styles appear (a style not yet open nests under the one
that is; a style already open closes everything below it), so no document needs code of its own.
Unnumbered paragraphs belong to the clause above them; before the first number they are the title, the
notice that issues the document and the preamble; after the last item, the closing and the signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.clean import DATE_LINE, paragraphs
from corpus.models import Clause, ClauseKind, Document
from corpus.numbering import match_label

SEG_PREFIX = {"section": "d", "part": "p", "subpart": "s", "item": "", "subitem": ""}
CLOSING = re.compile(r"^(?:本(?:实施)?(?:意见|办法|措施|制度|规定|细则|条例)|各.{0,24}(?:党委|党组|单位|部门))")
SENTENCE_STOP = "。；！？"


def own_heading(kind: ClauseKind, body: str) -> str:
    """The short title a numbered clause gives itself: `合理设置机关基层党组织` in `3．合理设置机关基层党组织。…`."""
    first, stop, _ = body.partition("。")
    if kind in ("part", "subpart", "section") and not stop:
        return first
    if stop and len(first) <= 40 and not any(p in first for p in "，；：,;"):
        return first
    return ""


@dataclass
class _Node:
    kind: ClauseKind
    label: str = ""
    number: int | None = None
    segs: tuple[str, ...] = ()
    paragraphs: list[str] = field(default_factory=list)
    path: tuple[str, ...] = ()
    heading: str = ""
    section: str | None = None
    parent: "_Node | None" = None


def _title_index(paras: list[str], doc: Document) -> int | None:
    """Where the document's own title stands among the leading paragraphs."""
    wanted = {doc.title, doc.full_title}
    for i, p in enumerate(paras):
        if p in wanted or (p.endswith(doc.title) and len(p) - len(doc.title) <= 12):
            return i
        if match_label(p):
            return None
    return None


def _front(paras: list[str], doc: Document, section: str | None, base: tuple[str, ...]) -> list[_Node]:
    """Title, issuing notice and preamble: the unnumbered paragraphs before the first number."""
    if not paras:
        return []
    nodes: list[_Node] = []
    trail = (section,) if section else ()
    t = _title_index(paras, doc) if section is None else None
    if t is None:  # no printed title found: leading paragraphs without a sentence stop are the title
        t = -1
        while t + 1 < len(paras) and paras[t + 1][-1] not in SENTENCE_STOP + "：" and not section:
            t += 1
    if t > 0:
        nodes.append(_Node("notice", segs=base + ("notice",), paragraphs=paras[:t], section=section, path=trail))
    if t >= 0:
        nodes.append(_Node("title", segs=base + ("title",), paragraphs=[paras[t]], section=section, path=trail))
    if paras[t + 1 :]:
        nodes.append(_Node("preamble", segs=base + ("preamble",), paragraphs=paras[t + 1 :], section=section, path=trail))
    return nodes


def _tail(node: _Node) -> list[_Node]:
    """Split the closing paragraphs and the signature off the last clause of a document."""
    paras = node.paragraphs
    end = len(paras)
    while end > 1 and (DATE_LINE.match(paras[end - 1]) or (paras[end - 1][-1] not in SENTENCE_STOP and len(paras[end - 1]) <= 40)):
        end -= 1
    start = next((i for i in range(1, end) if CLOSING.match(paras[i])), end)
    base = node.segs[:1] if node.section else ()
    tail = []
    if start < end:
        tail.append(_Node("closing", segs=base + ("closing",), paragraphs=paras[start:end], section=node.section, path=node.path[:1] if node.section else ()))
    if end < len(paras):
        tail.append(_Node("signature", segs=base + ("sign",), paragraphs=paras[end:], section=node.section, path=node.path[:1] if node.section else ()))
    node.paragraphs = paras[:start]
    return tail


def _tree(paras: list[str], doc: Document) -> list[_Node]:
    """Walk the paragraphs, opening and closing numbered nodes by their style."""
    nodes: list[_Node] = []
    stack: list[_Node] = []
    section: str | None = None
    base: tuple[str, ...] = ()
    pending: list[str] = []  # unnumbered paragraphs before the first number of a (section of a) document
    for p in paras:
        if p in doc.sections:
            nodes += _front(pending, doc, section, base)
            pending, stack, section = [], [], p
            base = (f"d{doc.sections.index(p) + 1}",)
            nodes.append(_Node("section", segs=base, paragraphs=[p], heading=p, section=p))
            continue
        label = match_label(p)
        if label is None:
            (stack[-1].paragraphs if stack else pending).append(p)
            continue
        nodes += _front(pending, doc, section, base)
        pending = []
        kind, text, number = label
        kinds = [n.kind for n in stack]
        if kind in kinds:
            del stack[kinds.index(kind) :]
        parent = stack[-1] if stack else None
        segs = parent.segs if parent else base
        seg = SEG_PREFIX[kind] + str(number)
        if kind == "subitem" and parent is not None:
            segs = segs[:-1] + (f"{segs[-1]}.{number}",) if segs else (seg,)
        else:
            segs = segs + (seg,)
        path = tuple(a.label + a.heading for a in stack)
        node = _Node(kind, text, number, segs, [p], ((section,) if section else ()) + path, section=section, parent=parent)
        node.heading = own_heading(kind, p[len(text) :].strip())
        stack.append(node)
        nodes.append(node)
    nodes += _front(pending, doc, section, base)
    if nodes:
        tail = _tail(nodes[-1])
        nodes += tail
    return nodes


def _short_ids(nodes: list[_Node]) -> list[str]:
    """Ids from the path: for each kind of clause, the shortest tail of the path that tells all of that kind
    apart (`3` where items are numbered through, `p2-s1` where sub-parts restart in each part)."""
    depth: dict[str, int] = {}
    for kind in {n.kind for n in nodes}:
        same = [n.segs for n in nodes if n.kind == kind]
        longest = max(len(s) for s in same)
        depth[kind] = next(k for k in range(1, longest + 1) if len({s[-k:] for s in same}) == len(same))
    ids = ["-".join(n.segs[-depth[n.kind] :]) for n in nodes]
    if len(set(ids)) != len(ids):
        raise ValueError("clause ids are not unique: the numbering could not be read")
    return ids


def segment(doc: Document, raw: str) -> list[Clause]:
    """The clauses of a document, in order, each with a stable id, its hierarchy and its verbatim text."""
    titles = (doc.title, doc.full_title, *doc.sections)
    nodes = [n for n in _tree(paragraphs(raw, titles), doc) if n.paragraphs]
    short = _short_ids(nodes)
    by_node = {id(n): f"{doc.id}-{s}" for n, s in zip(nodes, short)}
    return [
        Clause(
            doc=doc.id,
            id=by_node[id(n)],
            kind=n.kind,
            label=n.label,
            number=n.number,
            path=n.path,
            heading=n.heading,
            text="\n".join(n.paragraphs),
            position=i,
            section=n.section,
            parent=by_node.get(id(n.parent)) if n.parent else None,
        )
        for i, n in enumerate(nodes)
    ]
