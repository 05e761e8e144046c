"""The merged multi-source briefing: the `--format json` contract (schemas/briefing.schema.json).

Every item names the source ids it rests on in `sources`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from summarizer.contracts.checks import BriefingProvenance, CheckedSentence, SentenceCheck, SpeakerCheck
from summarizer.contracts.extraction import ActorKind, EventStatus, QuoteKind, Stance
from summarizer.contracts.story import Story
from summarizer.text.ground import Grounding


class SourceCopy(BaseModel):
    """The same story as published by another outlet (a syndicated copy, or the same text)."""

    path: str = Field(description="Where it was read: the path as given, or the URL.")
    outlet: str | None = None
    url: str | None = None
    title: str | None = None


class Source(BaseModel):
    id: str = Field(description="Content hash of the article text.")
    path: str = Field(description="The path as given on the command line.")
    label: str = Field(default="", description="Short citation label: the outlet, else the file name without its hash.")
    title: str = Field(description="Front matter `title:`, else the article's first line, else the file name.")
    published: str | None = None
    outlet: str | None = Field(default=None, description="None when unknown: never guessed.")
    url: str | None = None
    country: str | None = Field(default=None, description="The outlet's country (from --sources), where known.")
    owner: str | None = Field(default=None, description="The outlet's owner (from --sources), where known.")
    kind: str | None = Field(default=None, description="e.g. state-funded, public, commercial (from --sources).")
    summary: str | None = None
    summary_sentences: list[CheckedSentence] = Field(
        default_factory=list, description="The summary's sentences, each checked against the article."
    )
    direct_quotes_found: int = 0
    direct_quotes_covered: int = 0
    uncovered_quotes: list[str] = Field(default_factory=list)
    copies: list[SourceCopy] = Field(
        default_factory=list,
        description="The same story from other outlets (same canonical URL or near-identical text): briefed "
        "once as this source, cited with each of them.",
    )


LABEL_WORDS = 5  # of a title, where a source has neither label nor outlet


def source_label(s: Source) -> str:
    """How a source is cited: the label the merge gave it (the outlet, else the file name without its
    hash), else its outlet, else the first words of its title, else its id; never a hashed file name."""
    if s.label:
        return s.label
    if s.outlet:
        return s.outlet
    words = s.title.split()
    if not words:
        return s.id
    return " ".join(words[:LABEL_WORDS]) + (" …" if len(words) > LABEL_WORDS else "")


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
    published: str | None = Field(default=None, description="Publication date of the source (ISO), where known.")
    aspect: bool = Field(
        default=False,
        description="A further account from a source already in the event: a detail of it (what was refused at "
        "the meeting), not a second claim about its status.",
    )
    background: bool = Field(default=False, description="The source gives it as background, not as news.")
    evidence: str
    grounding: Grounding
    check: SentenceCheck | None = Field(default=None, description="The description against this account's evidence.")


class EventEntry(BaseModel):
    id: str
    description: str
    status: EventStatus | Literal["disputed"]
    date: str | None = None
    location: str | None = None
    participants: list[str] = Field(default_factory=list)
    accounts: list[EventAccount]
    sources: list[str]
    check: SentenceCheck | None = Field(default=None, description="The description against the accounts' evidence.")


def status_text(status: EventStatus | Literal["disputed"]) -> str:
    """An event's status as a word, the way every output shows it and the day comparison compares it."""
    return str(status)  # EventStatus is a StrEnum: its str is its value


class Citation(BaseModel):
    source: str
    grounding: Grounding
    speaker: str | None = Field(default=None, description="Actor id of the speaker as this source names them (quotes).")
    speaker_name: str | None = Field(default=None, description="That speaker in display form.")
    speaker_check: SpeakerCheck | None = Field(default=None, description="Whether this article names that speaker.")
    quoted_text: str | None = Field(
        default=None,
        description="The words this source prints where it quotes the statement in another language than the "
        "entry's text ('as quoted in English by …'); the grounding locates them in this source.",
    )
    quoted_lang: str | None = Field(default=None, description="The language of quoted_text (en, de, fr), where recognised.")


class QuoteEntry(BaseModel):
    id: str
    text: str
    speaker: str = Field(description="Actor id of the speaker the extraction gave; speaker_check says whether the article bears it out.")
    speaker_name: str
    kind: QuoteKind
    translation: str | None = None
    citations: list[Citation]
    part_of: str | None = Field(default=None, description="Id of a longer quote containing this one.")
    speaker_in_source: bool = Field(default=True, description="False when the speaker is named nowhere in the article.")
    speaker_check: SpeakerCheck | None = Field(
        default=None, description="The best of the citations' speaker checks: only a confirmed speaker is shown as such."
    )
    sources: list[str]


class StanceAccount(BaseModel):
    source: str
    stance: Stance
    summary: str
    evidence: str
    grounding: Grounding
    check: SentenceCheck | None = Field(default=None, description="The summary against the evidence.")


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
    kind: Literal["quote", "evidence", "sentence"] = Field(
        description="quote or evidence: not found in the article; sentence: a generated sentence its evidence does not support."
    )
    text: str
    speaker: str | None = None
    reason: str
    closest: str | None = None


class Failure(BaseModel):
    path: str
    reason: str


class Stats(BaseModel):
    articles: int = 0
    llm_calls: int = Field(default=0, description="Requests the model's server answered (re-asks included).")
    cache_hits: int = Field(default=0, description="Answers from the user's response cache (fixture answers: provenance).")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = Field(default=None, description="None when the model's price is unknown.")
    retries: int = 0
    connection_failures: int = Field(
        default=0, description="Requests that got no answer (refused, dropped, timed out); not in llm_calls."
    )
    failures: int = 0
    ungrounded_dropped: int = 0
    invalid_dropped: int = Field(
        default=0,
        description="References and fields dropped or nulled from answers still invalid after the last re-ask "
        "(in this run's model calls), the rest of each answer kept.",
    )
    direct_quotes_found: int = 0
    direct_quotes_covered: int = 0
    batch_requests: int = Field(default=0, description="Requests answered through a batch (Batch API or import).")
    batch_prompt_tokens: int = Field(default=0, description="Of prompt_tokens, those billed at the batch price.")
    batch_completion_tokens: int = Field(
        default=0, description="Of completion_tokens, those billed at the batch price."
    )
    cost_at_realtime_usd: float | None = Field(
        default=None, description="What the same tokens would cost as realtime requests (set when any went by batch)."
    )


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
    check: SentenceCheck | None = Field(default=None, description="The sentence against the cited items' evidence.")


class Briefing(BaseModel):
    language: str
    provenance: BriefingProvenance | None = Field(
        default=None, description="News day, generation time, models and the origin of the answers."
    )
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
    partial: bool = Field(default=False, description="Some articles could not be included (listed in failures).")
    changes: Changes | None = Field(default=None, description="Daily briefings: what changed since the day before.")
    stats: Stats
