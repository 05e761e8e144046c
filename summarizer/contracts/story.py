"""Stories: the unit a reader works with, ranked, each a compact card linking into the full detail.

Part of the `--format json` contract (Briefing.stories, schemas/briefing.schema.json). Ids in
`events`, `quotes`, `positions`, `disagreements` and `actors` point into the briefing's full lists;
`sources` are source ids, as everywhere in the briefing.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from summarizer.contracts.checks import CheckedSentence, SentenceCheck

StoryStatus = Literal["new", "developing", "continuing"]
Precision = Literal["day", "week", "month", "year", "unknown"]
Factor = Literal["outlets", "articles", "novelty", "recency", "event_status"]
Glue = Literal["event", "actor", "place", "topic", "word", "lead_word"]


class SignificanceReason(BaseModel):
    factor: Factor
    points: float = Field(description="What this factor adds to the score.")
    detail: str = Field(description="Why, in the briefing language, e.g. '3 independent outlets'.")


class Significance(BaseModel):
    score: float = Field(description="Sum of the reasons' points; stories are ranked by it.")
    reasons: list[SignificanceReason] = Field(default_factory=list)


class Coverage(BaseModel):
    outlets: list[str] = Field(
        default_factory=list,
        description="Named outlets, one each; then the articles nobody names an outlet for, in one entry.",
    )
    independent_outlets: int = Field(
        description="Distinct outlets known by name; articles whose outlet nobody names are not counted as outlets."
    )
    unknown_outlets: int = Field(default=0, description="Articles whose outlet nobody names.")
    articles: int
    single_source: bool = Field(description="True when one named outlet alone reports the story, or one article.")
    label: str = Field(
        default="", description="The coverage as the briefing states it: '3 outlets', '3 articles, outlets unknown'."
    )


class StoryFact(BaseModel):
    text: str = Field(description="What the sources report, in the briefing language.")
    event: str | None = Field(default=None, description="Event id the fact rests on.")
    sources: list[str] = Field(description="Source ids that report it.")
    outlets: int = Field(default=0, description="Distinct named outlets among them: agreed on with two or more.")
    unknown_outlets: int = Field(default=0, description="Articles among them whose outlet nobody names.")
    check: SentenceCheck | None = None


class ContestedPoint(BaseModel):
    text: str = Field(description="What is in dispute and each side, neutrally.")
    disagreement: str = Field(description="Disagreement id.")
    sources: list[str]
    check: SentenceCheck | None = None


class StoryQuote(BaseModel):
    quote: str = Field(description="Quote id.")
    speaker: str = Field(description="Actor id.")
    speaker_name: str = Field(description="The speaker in display form.")
    text: str = Field(description="Verbatim, original language.")
    translation: str | None = None
    sources: list[str]


class StoryMoment(BaseModel):
    event: str = Field(description="Event id.")
    description: str
    date: str | None = Field(default=None, description="ISO; None for undated items, which follow in article order.")
    precision: Precision = "unknown"
    background: bool = False
    sources: list[str]
    check: SentenceCheck | None = None


class StatusChange(BaseModel):
    event: str = Field(description="Today's event id.")
    description: str
    before: str
    after: str


class Continuity(BaseModel):
    """How the story stands against the previous day's briefing (daily briefings only)."""

    since: str = Field(description="The earlier day compared with (YYYY-MM-DD).")
    mark: Literal["new", "developing", "unchanged"]
    previous_story: str | None = Field(default=None, description="The story's id in the earlier briefing.")
    new_events: list[str] = Field(default_factory=list, description="Event ids reported since the earlier day.")
    status_changes: list[StatusChange] = Field(default_factory=list)


class GroupingReason(BaseModel):
    """Something several of the story's articles share, and how much it counts towards grouping them."""

    kind: Glue = Field(
        description="event (a merged event), actor, place, topic, word (of the accounts or "
        "summary) or lead_word (of the article's own title and opening words)."
    )
    ref: str = Field(description="Event id, actor id, place or topic label, or the word's folded stem.")
    label: str = Field(description="What it is in words: the event's description, the actor's name, the word.")
    weight: float = Field(description="Its kind's weight times its rarity over the day (log inverse share).")
    sources: list[str] = Field(description="The story's source ids that share it.")


class Story(BaseModel):
    id: str = Field(description="s1, s2, … in rank order.")
    key: str = Field(description="Stable identity, carried from day to day while the story continues.")
    rank: int
    headline: str = Field(description="Neutral; a disputed fact names each side.")
    headline_check: SentenceCheck | None = None
    lede: str = Field(description="Two or three sentences in the briefing language.")
    lede_sentences: list[CheckedSentence] = Field(default_factory=list, description="The lede's sentences, each checked.")
    status: StoryStatus | None = Field(
        description="Against the previous day's briefing; None where there is none to compare with."
    )
    significance: Significance
    coverage: Coverage
    key_facts: list[StoryFact] = Field(default_factory=list, description="What the sources agree on.")
    contested: list[ContestedPoint] = Field(default_factory=list)
    key_quotes: list[StoryQuote] = Field(default_factory=list, description="At most three full statements.")
    background: list[StoryFact] = Field(
        default_factory=list, description="Years-old events or events marked as background: never the top line."
    )
    timeline: list[StoryMoment] = Field(default_factory=list)
    continuity: Continuity | None = None
    events: list[str] = Field(default_factory=list, description="Event ids.")
    actors: list[str] = Field(default_factory=list, description="Actor ids, most involved first.")
    quotes: list[str] = Field(default_factory=list, description="Quote ids.")
    positions: list[str] = Field(default_factory=list, description="Position ids.")
    disagreements: list[str] = Field(default_factory=list, description="Disagreement ids.")
    sources: list[str] = Field(description="Source ids.")
    grouped_because: list[GroupingReason] = Field(
        default_factory=list,
        description="Why these articles are one story: what they share, the weightiest first (empty for one article).",
    )
