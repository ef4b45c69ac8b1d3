"""The corpus, loaded once: documents, their clauses, citations, and a user's way of naming a clause."""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from corpus.models import Citation, Clause, Document
from corpus.numbering import cn_number
from corpus.segment import segment

DOCUMENTS_DIR = Path(__file__).parent / "documents"
METADATA = "documents.toml"


@dataclass(frozen=True)
class Resolution:
    """What a clause reference names: the clause, or why not (with the nearest ids to offer)."""

    clause: Clause | None
    candidates: tuple[Clause, ...] = ()
    suggestions: tuple[str, ...] = ()
    message: str = ""


@dataclass
class Corpus:
    """All documents and clauses, in document order, with look-ups by id."""

    documents: dict[str, Document]
    clauses: list[Clause]
    digest: str
    by_id: dict[str, Clause] = field(init=False)
    first_child: dict[str, Clause] = field(init=False, repr=False)  # a clause's first sub-clause (its first step)
    _citations: dict[str, tuple[Clause, Citation]] = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {c.id: c for c in self.clauses}
        self.first_child = {}
        for c in self.clauses:
            if c.parent and c.parent not in self.first_child:
                self.first_child[c.parent] = c

    def context(self, clause: Clause) -> str:
        """Where a clause stands, and for a sub-item the heading that introduces it (6．…按照以下程序进行 → （1）…), for
        an item the part it belongs to (三、党小组党建工作责任制 → 5、讨论党务方面的有关工作…)."""
        extra = " " + clause.path[-1] if clause.kind in ("subitem", "item") and clause.path else ""
        return self.citation(clause).place + extra

    def of(self, doc: str) -> list[Clause]:
        """The clauses of one document, in order."""
        return [c for c in self.clauses if c.doc == doc]

    def citation(self, clause: Clause) -> Citation:
        """How to cite a clause (made once per clause: answers cite the same clauses again and again)."""
        cached = self._citations.get(clause.id)
        if cached is None or cached[0] is not clause:
            cached = self._citations[clause.id] = (clause, Citation.of(self.documents[clause.doc], clause))
        return cached[1]

    def document_named(self, name: str) -> Document | None:
        """The document a user means by an id, a city (温州, 温州市) or an alias (编办)."""
        key = name.strip().lower()
        for doc in self.documents.values():
            for n in doc.names:
                if key in (n.lower(), n + "市"):
                    return doc
        return None

    def resolve(self, ref: str) -> Resolution:
        """A clause from the ways users name one: `wenzhou-3`, `wenzhou 3`, `温州 第3条`, `温州第三条`, `编办 三、（十四）6`."""
        return _resolve(self, ref)


def _doc_prefix(corpus: Corpus, ref: str) -> tuple[Document | None, str]:
    """Split a reference into the document it names first and the rest."""
    text = ref.strip()
    names = sorted(((n, d) for d in corpus.documents.values() for n in d.names), key=lambda x: -len(x[0]))
    for name, doc in names:
        for form in (name + "市", name):
            if text.lower().startswith(form.lower()):
                return doc, text[len(form) :].strip(" -_:：,，的")
    return None, text


_TOKENS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("subpart", re.compile(r"^[（(]([一二三四五六七八九十百]+)[）)]")),
    ("subitem", re.compile(r"^[（(]([0-9]+)[）)]")),
    ("part", re.compile(r"^第?([一二三四五六七八九十百]+)(?:部分|、)")),
    ("item", re.compile(r"^第?([0-9]+|[一二三四五六七八九十百两]+)(?:条|项|点|款)?")),
)


def _walk(clauses: list[Clause], rest: str) -> list[Clause]:
    """Clauses matching a printed numbering path such as `二、（十四）6．（1）`, `三、3`, `第3条`."""
    pool = clauses
    hits: list[Clause] = []
    rest = rest.strip(" -_,，.．、")
    while rest:
        for kind, pattern in _TOKENS:
            m = pattern.match(rest)
            if m:
                break
        else:
            return []
        number = cn_number(m.group(1).replace("两", "二"))
        hits = [c for c in pool if c.kind == kind and c.number == number]
        rest = rest[m.end() :].strip(" -_,，.．、")
        if not hits:
            return []
        ids = {h.id for h in hits}
        by_id = {c.id: c for c in clauses}
        pool = [c for c in clauses if _descends(c, ids, by_id)]
    return hits


def _descends(clause: Clause, ids: set[str], by_id: dict[str, Clause]) -> bool:
    """True when one of `ids` is an ancestor of the clause."""
    parent = clause.parent
    while parent:
        if parent in ids:
            return True
        parent = by_id[parent].parent if parent in by_id else None
    return False


def _resolve(corpus: Corpus, ref: str) -> Resolution:
    key = ref.strip().lower().replace("－", "-").replace("—", "-")
    if not key:
        return Resolution(None, message="请给出条款编号，例如 wenzhou-3 或「温州第3条」。")
    if key in corpus.by_id:
        return Resolution(corpus.by_id[key])
    doc, rest = _doc_prefix(corpus, key)
    if doc is not None:
        as_id = f"{doc.id}-" + re.sub(r"[\s_]+", "-", rest)
        if as_id in corpus.by_id:
            return Resolution(corpus.by_id[as_id])
        hits = _walk(corpus.of(doc.id), rest) if rest else []
        if len(hits) == 1:
            return Resolution(hits[0])
        if len(hits) > 1:
            names = "、".join(f"{c.id}（{corpus.citation(c).place}）" for c in hits)
            return Resolution(None, tuple(hits), message=f"「{ref[:30]}」在{doc.label}的文件中有多处，请指明：{names}")
    ids = list(corpus.by_id)
    guess = key.replace(" ", "-")
    if doc is not None:
        guess = f"{doc.id}-{rest}"
    near = tuple(difflib.get_close_matches(guess, ids, n=5, cutoff=0.5))
    hint = f"相近的编号：{'、'.join(near)}" if near else "编号的写法如 wenzhou-3、温州第3条；全部编号可用 regbot clauses 查看。"
    shown = ref if len(ref) <= 30 else ref[:30] + "…"
    return Resolution(None, suggestions=near, message=f"找不到条款「{shown}」。{hint}")


def _hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def load_corpus(directory: Path = DOCUMENTS_DIR) -> Corpus:
    """Read the metadata and every document under `directory`, clean and segment them."""
    meta = tomllib.loads((directory / METADATA).read_text(encoding="utf-8"))
    documents = {d["id"]: Document(**d) for d in meta["document"]}
    clauses: list[Clause] = []
    for doc in documents.values():
        clauses += segment(doc, (directory / doc.file).read_text(encoding="utf-8"))
    files = [directory / METADATA] + [directory / d.file for d in documents.values()]
    return Corpus(documents, clauses, _hash(files))


@cache
def corpus() -> Corpus:
    """The project's corpus, loaded once per process."""
    return load_corpus()
