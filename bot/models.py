"""The answer at its boundary: what every channel (terminal, Telegram) receives from the engine."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from query.models import Query

AnswerKind = Literal["answer", "calc", "clause", "compare", "docs", "help", "empty", "unknown_city", "not_found", "error"]


class Quote(BaseModel):
    """A verbatim passage of the corpus and the clause it stands in."""

    doc: str
    clause: str
    quote: str


class Shown(BaseModel):
    """A clause shown to the user: its verbatim text, the sentence that matched, and how to cite it."""

    doc: str
    clause: str
    label: str = ""
    heading: str = ""
    text: str
    snippet: str = ""
    score: float = 0.0
    citation: str
    city: str = ""


class Lead(BaseModel):
    """A verbatim sentence of a clause that states the answer to what was asked (one per document)."""

    doc: str
    clause: str
    text: str
    post: str = ""  # the post its paragraph is labelled with (纪检委员：…), when the sentence itself names none


def post_mark(post: str) -> str:
    """How an answer line names the post whose duty its sentence is (编办（纪检委员）：…); nothing without one."""
    return f"（{post}）" if post else ""


class Turn(BaseModel):
    """What a chat remembers of the previous question, so that `那湖州呢？` can be answered."""

    question: str
    docs: list[str] = Field(default_factory=list)
    levels: list[str] = Field(default_factory=list)
    query: Query | None = None  # the question as understood: a follow-up replaces what it names in it


class Answer(BaseModel):
    """One question's answer: calculator figures first, then the clauses, each with its citation.

    `answer` is the plain-text summary built from fixed templates; every quote is verbatim corpus text and
    every number comes from a rule table."""

    query: str
    found: bool
    kind: AnswerKind = "answer"
    answer: str = ""
    calc: list[dict[str, Any]] = Field(default_factory=list)
    results: list[Shown] = Field(default_factory=list)
    citations: list[Quote] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    more: list[Shown] = Field(default_factory=list)
    turn: Turn | None = None
    lead: list[Lead] = Field(default_factory=list)  # the answering sentence(s), one per document, best first
    ask: str = ""  # what kind of answer the question wants (duration, people, frequency …), English

    def to_json(self) -> dict[str, Any]:
        """The `regbot ask --json` object: query, found, answer, calc, results, citations (+ kind, notes)."""
        return {
            "query": self.query,
            "found": self.found,
            "answer": self.answer,
            "calc": self.calc,
            "results": [r.model_dump() for r in self.results],
            "citations": [c.model_dump() for c in self.citations],
            "kind": self.kind,
            "notes": self.notes,
            "lead": [x.model_dump() for x in self.lead],
            "ask": self.ask,
        }
