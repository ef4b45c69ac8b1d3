"""Clauses → passages, the units search scores.

Every searchable clause is one passage as a whole and one per sentence (the units answer sentences are picked
from); a long clause is also searchable by windows of consecutive sentences (and by its paragraphs), so that the one sentence that answers a question is not drowned by the
rest of a long item. Each passage is a verbatim span of its clause's text (`start`/`end`), so results map
back to the clause and snippets are exact quotes. The headings above a clause travel with its passages as
`context` (used for scoring only, never shown as text).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from corpus.models import Clause
from corpus.numbering import ANY_LABEL
from corpus.store import Corpus

# A clause longer than this (characters) also gets sentence and window passages.
LONG_CLAUSE = 90
# Sentences shorter than this are merged into the next one (too little to be matched alone).
SHORT_SENTENCE = 14
# Consecutive sentences per window (besides single sentences).
WINDOW = 2

# Clause kinds that are never results (none: the signature line carries no regulation, but it is where a
# document's date of issue is stated, which users ask for).
SKIP_KINDS: frozenset[str] = frozenset()

_SENTENCE_END = re.compile(r"[^。；！？\n]*(?:[。；！？]+[”’」）)]*|\n|$)")


@dataclass(frozen=True)
class Passage:
    """A searchable span of one clause: the whole clause, one sentence or a window of sentences."""

    clause: str
    kind: str  # "clause" | "paragraph" | "sentence" | "window"
    start: int
    end: int
    text: str
    context: str = ""

    @property
    def searchable(self) -> str:
        """What the embedder and the tokenizer see: the headings above, then the verbatim span."""
        return f"{self.context}\n{self.text}" if self.context else self.text


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a text, split at 。；！？ and line breaks; short pieces join the next one."""
    spans: list[tuple[int, int]] = []
    for m in _SENTENCE_END.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in spans:
        begin = start if pending is None else pending
        if end - begin < SHORT_SENTENCE:
            pending = begin
            continue
        merged.append((begin, end))
        pending = None
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1])
        else:
            merged.append((pending, spans[-1][1]))
    return merged


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of a text (its lines), as the author wrote them."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def is_heading_only(clause: Clause) -> bool:
    """True for a part or section that is just its label and heading: navigation, not content."""
    body = ANY_LABEL.sub("", clause.text.strip(), count=1).strip().rstrip("。")
    return clause.kind in ("part", "subpart", "section") and (not body or body == clause.heading)


def context_of(corp: Corpus, clause: Clause) -> str:
    """The headings above a clause (its parents' short titles), outermost first."""
    names: list[str] = []
    parent = clause.parent
    while parent and parent in corp.by_id:
        p = corp.by_id[parent]
        names.append(p.heading or p.text.split("\n")[0][:40])
        parent = p.parent
    if clause.section:
        names.append(clause.section)
    return " ".join(reversed([n for n in names if n]))


def searchable_clauses(corp: Corpus) -> list[Clause]:
    """The clauses search may return: everything but bare headings."""
    return [c for c in corp.clauses if c.kind not in SKIP_KINDS and not is_heading_only(c)]


def clause_passages(clause: Clause, context: str = "") -> list[Passage]:
    """The passages of one clause: itself, and for a long clause its sentences and sentence windows."""
    text = clause.text
    out = [Passage(clause.id, "clause", 0, len(text), text, context)]
    seen = {(0, len(text))}

    def add(kind: str, start: int, end: int) -> None:
        if (start, end) not in seen:
            seen.add((start, end))
            out.append(Passage(clause.id, kind, start, end, text[start:end], context))

    spans = sentences(text)
    if len(text) <= LONG_CLAUSE:  # a short clause: its sentences, so that an answer sentence can be picked
        for start, end in spans:
            add("sentence", start, end)
        return out
    for start, end in paragraphs(text):
        add("paragraph", start, end)
    for start, end in spans:
        add("sentence", start, end)
    for i in range(len(spans) - WINDOW + 1):
        add("window", spans[i][0], spans[i + WINDOW - 1][1])
    return out


def build_passages(corp: Corpus) -> list[Passage]:
    """Every passage of every searchable clause, in corpus order."""
    out: list[Passage] = []
    for clause in searchable_clauses(corp):
        out += clause_passages(clause, context_of(corp, clause))
    return out


def passages_hash(passages: list[Passage]) -> str:
    """A digest of exactly what gets embedded, so an index built from other passages is never used."""
    h = hashlib.sha256()
    for p in passages:
        h.update(f"{p.clause}\x00{p.kind}\x00{p.start}\x00{p.end}\x00{p.searchable}\x01".encode())
    return h.hexdigest()[:16]
