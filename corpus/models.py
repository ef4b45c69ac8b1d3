"""The corpus at its boundary: documents, clauses and the citations users see."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from corpus.numbering import match_label

ClauseKind = Literal["notice", "title", "preamble", "section", "part", "subpart", "item", "subitem", "closing", "signature"]


class Document(BaseModel):
    """One regulation (or a file of several), with the metadata users cite it by."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    file: str
    city: str | None = None
    aliases: tuple[str, ...] = ()
    issuer: str
    title: str
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    number: str | None = None
    sections: tuple[str, ...] = ()

    @property
    def year(self) -> str | None:
        """The year a secretary writes after the title, when the text gives a date."""
        return self.date[:4] if self.date else None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a user may call this document by (id, city, aliases)."""
        return tuple(n for n in (self.id, self.city, *self.aliases) if n)

    @property
    def full_title(self) -> str:
        """Issuer and title as one title, e.g. 中共温州市委关于贯彻…的实施意见."""
        return self.title if self.title.startswith(self.issuer) else self.issuer + self.title

    @property
    def label(self) -> str:
        """A short Chinese name for lists and comparisons (温州, 编办 …)."""
        return self.city or (self.aliases[0] if self.aliases else self.id)


class Clause(BaseModel):
    """The unit of citation: one numbered item (or heading, preamble, closing …) with its verbatim text."""

    model_config = ConfigDict(frozen=True)

    doc: str
    id: str
    kind: ClauseKind
    label: str = ""
    number: int | None = None
    path: tuple[str, ...] = ()
    heading: str = ""
    text: str
    position: int
    section: str | None = None
    parent: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        """The paragraphs as the author wrote them."""
        return self.text.split("\n")


PLACE_NAMES = {"notice": "印发通知", "title": "标题", "preamble": "序言", "closing": "附则", "signature": "落款"}


def _inner_quotes(title: str) -> str:
    """Book-title marks nested inside a title become 〈〉, as in print."""
    return title.replace("《", "〈").replace("》", "〉")


def _abbreviate(title: str) -> str:
    """Shorten quoted regulation names inside a title to their last words: 〈…工作条例〉."""
    return re.sub(r"〈([^〈〉]{7,})〉", lambda m: "〈…" + m.group(1)[-4:] + "〉", title)


class Citation(BaseModel):
    """Where a clause stands, rendered the way a secretary cites it in a report."""

    model_config = ConfigDict(frozen=True)

    doc: str
    clause: str
    title: str
    year: str | None = None
    place: str = ""

    @classmethod
    def of(cls, document: Document, clause: Clause) -> "Citation":
        """The citation of a clause of a document: `《…》（2012）二、3．合理设置机关基层党组织`."""
        title = document.issuer + clause.section if clause.section else document.full_title
        trail = []
        for heading in clause.path:
            label = match_label(heading)
            if label:
                trail.append(label[1])
        if clause.kind in ("part", "subpart", "item", "subitem"):
            own = clause.label + clause.heading
        else:
            own = PLACE_NAMES.get(clause.kind, "")
        return cls(doc=document.id, clause=clause.id, title=title, year=document.year, place="".join(trail) + own)

    def render(self, short: bool = False) -> str:
        """`《…》（2012）二、3．…` — short abbreviates quoted regulation names inside the title."""
        title = _inner_quotes(self.title)
        if short:
            title = _abbreviate(title)
        year = f"（{self.year}）" if self.year else ""
        return f"《{title}》{year}{self.place}"

    def __str__(self) -> str:
        return self.render()
