"""What the checks found, kept with every item shown: part of the `--format json` contract.

Grounding proves that a span exists. The speaker check says whether the article names the quote's
speaker as such; the support check whether a generated sentence says only what its evidence says.
A briefing also says where its answers came from (`BriefingProvenance`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

SupportStatus = Literal["supported", "unsupported"]
SpeakerStatus = Literal["confirmed", "other", "unconfirmed"]
AnswerOrigin = Literal["reference", "recorded", "live"]

REFERENCE_LINE = "Built from hand-written reference answers, not from a model."


class EvidenceSpan(BaseModel):
    source: str = Field(description="Source id.")
    start: int = Field(description="Character offset into the article text.")
    end: int


class SentenceCheck(BaseModel):
    """The support check's verdict on one generated sentence, with the evidence it rests on."""

    status: SupportStatus
    reasons: list[str] = Field(default_factory=list, description="Why it is not supported (empty when it is).")
    spans: list[EvidenceSpan] = Field(
        default_factory=list,
        description="The evidence read: spans of the articles (a whole article for a sentence resting on it); "
        "none for a sentence composed from the briefing's counts.",
    )
    composed: bool = Field(default=False, description="Composed by rules from the briefing's own items and counts.")


class CheckedSentence(BaseModel):
    text: str
    check: SentenceCheck


class SpeakerCheck(BaseModel):
    """Whether the article names a quote's speaker as the speaker (summarizer.text.speakers)."""

    status: SpeakerStatus = Field(
        description="confirmed: the article names the extraction's speaker; other: it names other actors (`named`); "
        "unconfirmed: it names none of the actors as the speaker, or not clearly."
    )
    named: list[str] = Field(default_factory=list, description="Actor ids the article names as the speaker.")
    named_names: list[str] = Field(default_factory=list, description="Those actors in display form.")
    words: str | None = Field(default=None, description="The article's words naming the speaker.")
    cue: str | None = Field(default=None, description="The speech cue linking them ('sagte', 'laut', ':').")
    reason: str = ""


class BriefingProvenance(BaseModel):
    """Where a briefing's answers came from, for which day, and when it was made."""

    news_day: str | None = Field(default=None, description="The day the briefing is for (YYYY-MM-DD), where known.")
    published_from: str | None = Field(default=None, description="Earliest publication date of its sources.")
    published_to: str | None = Field(default=None, description="Latest publication date of its sources.")
    generated: str = Field(description="When the briefing was made (UTC, ISO); SOURCE_DATE_EPOCH pins it.")
    models: list[str] = Field(default_factory=list, description="Models whose answers it rests on (none for reference).")
    answers: dict[AnswerOrigin, int] = Field(
        default_factory=dict,
        description="Articles by the origin of their answer: reference (hand-written), recorded (a model's stored "
        "answer: fixtures or the response cache), live (asked in this run).",
    )
    note: str | None = Field(default=None, description=f"'{REFERENCE_LINE}' when any answer is hand-written.")
