"""A question as the understanding layer reads it: what it names and what it asks."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Number(BaseModel):
    """A number of the question with what it counts (`members`, `staff`, `league`, `women`, `people`, `posts`, `bound`,
    `attendance`, `amount`, `hours`, `days`, `score`, `pct:<star>`, `year`, `orgs`, `times`)."""

    value: float
    role: str
    unit: str = ""
    done: bool = False  # already done (已参加30学时, 开了2次): the question wants what remains
    below: bool = False  # a bound from below (不到100人), not from above (超过100人)


class Query(BaseModel):
    """What one question names (documents, cities, levels, organization types, roles, organizations outside the
    documents' scope, topics, numbers) and what it asks (`ask`: duration, people, frequency …, or None)."""

    text: str
    normalized: str = ""
    docs: list[str] = Field(default_factory=list)
    other_cities: list[str] = Field(default_factory=list)
    levels: list[str] = Field(default_factory=list)
    org_types: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    outside: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    ask: str | None = None
    unit: str | None = None  # the unit the figure is asked in (hours, years, months, days, weeks)
    numbers: list[Number] = Field(default_factory=list)
    # The question without the names of documents and cities (those become filters, not search words).
    core: str = ""
    # Words the regulations use for what the question says in everyday words (干几年 → 任期).
    expansions: list[str] = Field(default_factory=list)
    # The words each field was read from, so a follow-up can replace them (`level` → ["县里"]).
    words: dict[str, list[str]] = Field(default_factory=dict)
    follow_up: bool = False
    error: str | None = None  # the question cannot be read (an absurd numeral): say so, answer nothing

    def values(self, *roles: str) -> list[float]:
        """The values of the numbers with one of these roles, in order."""
        return [n.value for n in self.numbers if n.role in roles]
