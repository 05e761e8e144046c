"""The per-article extraction the model must return, with its referential-integrity checks.

Field names are a public contract (docs/design.md): add fields, never rename these. Descriptions are
short on purpose: they are sent with every request, and the rules they would repeat are in
prompts/extract_system.j2 once.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from summarizer.text.names import name_key


class ActorKind(StrEnum):
    person = "person"
    organisation = "organisation"
    country = "country"
    group = "group"
    other = "other"


class EventStatus(StrEnum):
    occurred = "occurred"
    planned = "planned"
    postponed = "postponed"
    cancelled = "cancelled"
    proposed = "proposed"
    rejected = "rejected"
    unclear = "unclear"


class QuoteKind(StrEnum):
    direct = "direct"
    indirect = "indirect"


class Stance(StrEnum):
    supports = "supports"
    opposes = "opposes"
    conditional = "conditional"
    neutral = "neutral"
    unclear = "unclear"


_ISO_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
# What small models write for "nobody": the quote is kept, unattributed (speaker ""), not dropped.
NO_SPEAKER = frozenset(["", "none", "null", "nobody", "unknown", "unbekannt", "n/a", "-"])


class Actor(BaseModel):
    model_config = ConfigDict(use_enum_values=False)

    name: str = Field(description="Fullest form in the article")
    kind: ActorKind
    role: str | None = Field(default=None, description="As stated")
    aliases: list[str] = Field(default_factory=list, description="Other forms in the text")


class Event(BaseModel):
    description: str = Field(description="One sentence")
    status: EventStatus
    date: str | None = Field(default=None, description="YYYY-MM-DD or YYYY-MM, only if stated")
    date_text: str | None = Field(default=None, description="As written")
    location: str | None = None
    participants: list[str] = Field(default_factory=list)
    initiator: str | None = Field(default=None, description="Who decided or caused the status")
    background: bool = Field(default=False, description="Earlier history given as context, not news")
    evidence: str

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not _ISO_DATE.match(value):
            raise ValueError(
                f"date {value!r} must be ISO 'YYYY-MM-DD' or 'YYYY-MM', or null when the article gives no absolute date "
                "(keep relative wording such as 'am Dienstag' in date_text)"
            )
        return value


class Quote(BaseModel):
    # The schema asks for `candidate` first and always (null for a quote that is no numbered
    # quotation): a model picks the number before it writes the words, and the text of a quote
    # that names one is that quotation's (llm/extractor.py), verbatim by construction. Answers
    # without it (reference fixtures, older recordings) still validate.
    model_config = ConfigDict(json_schema_extra={"required": ["candidate", "text", "speaker", "kind"]})

    candidate: int | None = Field(default=None, description="Number of the quotation, if it is one")
    text: str
    speaker: str
    kind: QuoteKind
    translation: str | None = None

    @field_validator("speaker")
    @classmethod
    def _unattributed(cls, value: str) -> str:
        return "" if value.strip().casefold() in NO_SPEAKER else value

    @property
    def attributed(self) -> bool:
        """Whether the quote names its speaker ("" stands for a quote nobody is named as saying)."""
        return bool(self.speaker)


class Position(BaseModel):
    actor: str
    topic: str = Field(description="Short, reusable")
    stance: Stance
    summary: str
    evidence: str


class Extraction(BaseModel):
    """Actors, events, quotes and positions of one news article."""

    summary: str = Field(description="2-3 sentences")
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)

    def actor_for(self, name: str) -> Actor | None:
        """The actor whose name or alias matches `name` (case, spacing and honorifics ignored)."""
        return self._actor_index().get(name_key(name))

    def _actor_index(self) -> dict[str, Actor]:
        # Built per call, not cached: instructor and callers may edit `actors` after validation.
        index: dict[str, Actor] = {}
        for actor in self.actors:
            for form in (actor.name, *actor.aliases):
                index.setdefault(name_key(form), actor)
        return index

    @model_validator(mode="after")
    def _references_resolve(self) -> Extraction:
        problems: list[str] = []
        index = self._actor_index()

        def unknown(name: str) -> bool:
            return name_key(name) not in index

        for i, quote in enumerate(self.quotes):
            if quote.attributed and unknown(quote.speaker):
                problems.append(f"quotes[{i}].speaker {quote.speaker!r}")
        for i, position in enumerate(self.positions):
            if unknown(position.actor):
                problems.append(f"positions[{i}].actor {position.actor!r}")
        for i, event in enumerate(self.events):
            for name in event.participants:
                if unknown(name):
                    problems.append(f"events[{i}].participants {name!r}")
            if event.initiator and unknown(event.initiator):
                problems.append(f"events[{i}].initiator {event.initiator!r}")
        if problems:
            known = ", ".join(repr(a.name) for a in self.actors) or "none"
            raise ValueError(
                "these names are not among actors (name or alias): "
                + "; ".join(problems)
                + f". Known actors: {known}. Use an actor's name, or add the missing actor to actors."
            )
        return self
