"""The merged multi-source briefing: the `--format json` contract (schemas/briefing.schema.json).

Every item names the source ids it rests on in `sources`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from summarizer.contracts.extraction import ActorKind, EventStatus, QuoteKind, Stance
from summarizer.contracts.story import Story
from summarizer.text.ground import Grounding


class Source(BaseModel):
    id: str = Field(description="Content hash of the article text.")
    path: str = Field(description="The path as given on the command line.")
    title: str
    published: str | None = None
    outlet: str | None = None
    summary: str | None = None
    direct_quotes_found: int = 0
    direct_quotes_covered: int = 0
    uncovered_quotes: list[str] = Field(default_factory=list)


class Mention(BaseModel):
    source: str
    name: str
    role: str | None = None


class ActorEntry(BaseModel):
    id: str
    name: str
    kind: ActorKind
    roles: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    merged_because: list[str] = Field(default_factory=list, description="Why mentions were taken as one actor.")
    sources: list[str]


class EventAccount(BaseModel):
    source: str
    description: str
    status: EventStatus
    date: str | None = None
    date_text: str | None = None
    location: str | None = None
    participants: list[str] = Field(default_factory=list, description="Actor ids.")
    initiator: str | None = Field(default=None, description="Actor id.")
    resolved_date: str | None = Field(
        default=None, description="`date`, or `date_text` resolved against the publication date (ISO)."
    )
    date_precision: Literal["day", "week", "month", "year", "unknown"] = "unknown"
    background: bool = Field(default=False, description="The source gives it as background, not as news.")
    evidence: str
    grounding: Grounding


class EventEntry(BaseModel):
    id: str
    description: str
    status: EventStatus | Literal["disputed"]
    date: str | None = None
    location: str | None = None
    participants: list[str] = Field(default_factory=list)
    accounts: list[EventAccount]
    sources: list[str]


def status_text(status: EventStatus | Literal["disputed"]) -> str:
    """An event's status as a word, the way every output shows it and the day comparison compares it."""
    return str(status)  # EventStatus is a StrEnum: its str is its value


class Citation(BaseModel):
    source: str
    grounding: Grounding


class QuoteEntry(BaseModel):
    id: str
    text: str
    speaker: str = Field(description="Actor id.")
    speaker_name: str
    kind: QuoteKind
    translation: str | None = None
    citations: list[Citation]
    part_of: str | None = Field(default=None, description="Id of a longer quote containing this one.")
    speaker_in_source: bool = Field(default=True, description="False when the speaker is named nowhere in the article.")
    sources: list[str]


class StanceAccount(BaseModel):
    source: str
    stance: Stance
    summary: str
    evidence: str
    grounding: Grounding


class PositionEntry(BaseModel):
    id: str
    actor: str = Field(description="Actor id.")
    actor_name: str
    topic: str
    stances: list[StanceAccount]
    sources: list[str]


class DisagreementSide(BaseModel):
    label: str = Field(description="What this side says, e.g. 'postponed' or 'Russland: opposes'.")
    sources: list[str]
    evidence: list[str] = Field(default_factory=list)


class Disagreement(BaseModel):
    id: str
    kind: Literal["event_status", "event_initiator", "event_date", "stance", "quote_attribution"]
    subject: str
    about: str = Field(description="Id of the event or quote, or the topic, in dispute.")
    sides: list[DisagreementSide]
    sources: list[str]


class TimelineEntry(BaseModel):
    event: str
    description: str
    date: str | None = Field(default=None, description="ISO; a week is given by its Monday.")
    precision: Literal["day", "week", "month", "year", "unknown"]
    date_text: str | None = None
    sources: list[str]


class NotVerified(BaseModel):
    source: str
    kind: Literal["quote", "evidence"]
    text: str
    speaker: str | None = None
    reason: str
    closest: str | None = None


class Failure(BaseModel):
    path: str
    reason: str


class Stats(BaseModel):
    articles: int = 0
    llm_calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = Field(default=None, description="None when the model's price is unknown.")
    retries: int = 0
    failures: int = 0
    ungrounded_dropped: int = 0
    invalid_dropped: int = Field(
        default=0,
        description="References and fields dropped or nulled from answers still invalid after the last re-ask "
        "(in this run's model calls), the rest of each answer kept.",
    )
    direct_quotes_found: int = 0
    direct_quotes_covered: int = 0


class Change(BaseModel):
    kind: Literal["new_event", "status_change", "stance_change", "new_actor"]
    subject: str
    before: str | None = None
    after: str | None = None
    about: str = Field(description="Id of today's event, position or actor.")
    sources: list[str] = Field(description="Today's sources.")
    previous_sources: list[str] = Field(default_factory=list, description="The earlier day's sources.")


class Changes(BaseModel):
    since: str = Field(description="The earlier day compared with (YYYY-MM-DD).")
    previous_sources: list[Source]
    items: list[Change]


class OverviewSentence(BaseModel):
    text: str
    cites: list[str] = Field(default_factory=list, description="Ids of events, disagreements or positions.")


class Briefing(BaseModel):
    language: str
    overview: list[OverviewSentence] = Field(default_factory=list)
    overview_by: Literal["model", "rules"] = Field(
        default="rules", description="'model': the synthesis pass wrote it; 'rules': composed without a model."
    )
    stories: list[Story] = Field(default_factory=list, description="The day's stories, ranked by significance.")
    sources: list[Source]
    actors: list[ActorEntry]
    events: list[EventEntry]
    quotes: list[QuoteEntry]
    positions: list[PositionEntry]
    disagreements: list[Disagreement]
    timeline: list[TimelineEntry]
    not_verified: list[NotVerified] = Field(default_factory=list)
    failures: list[Failure] = Field(default_factory=list)
    changes: Changes | None = Field(default=None, description="Daily briefings: what changed since the day before.")
    stats: Stats
