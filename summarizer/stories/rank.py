"""Significance with its reasons, the story's status, and the ranked order of the day's stories."""

from __future__ import annotations

import math
from datetime import date

from summarizer.contracts.briefing import EventEntry
from summarizer.contracts.story import Coverage, Significance, SignificanceReason, Story, StoryStatus
from summarizer.stories.group import latest_day
from summarizer.stories.phrases import phrase
from summarizer.text.wording import count

# Points per factor: independent outlets weigh most (what several newsrooms report independently
# matters more than one outlet's many articles), then novelty, recency and what changed.
OUTLET_POINTS = 3.0
ARTICLE_POINTS = 1.0
NOVELTY_POINTS = {"new": 2.0, "developing": 1.5, "unchanged": 0.0}
RECENT_DAYS = 7
CHANGED = ("cancelled", "postponed", "rejected")
_STATUS: dict[str, StoryStatus] = {"new": "new", "developing": "developing", "unchanged": "continuing"}


def _recency(events: list[EventEntry], today: date | None, lang: str) -> SignificanceReason:
    days = [d for d in (latest_day(e.date) for e in events if e.date) if d]
    if not days or today is None:
        return SignificanceReason(factor="recency", points=0.0, detail=phrase(lang, "r_undated"))
    age = (today - max(days)).days
    if age <= 1:
        return SignificanceReason(factor="recency", points=1.5, detail=phrase(lang, "r_today"))
    points = 0.75 if age <= RECENT_DAYS else 0.0
    return SignificanceReason(factor="recency", points=points, detail=phrase(lang, "r_recent", days=age))


def significance(story: Story, events: list[EventEntry], today: date | None, lang: str) -> Significance:
    """The story's score and why: outlets, articles, novelty, recency, event status."""
    cover = story.coverage
    outlets = cover.independent_outlets  # named outlets only: unnamed ones may be one newsroom
    reasons = [
        SignificanceReason(
            factor="outlets", points=round(OUTLET_POINTS * math.log2(1 + outlets), 2), detail=_outlets(cover, lang)
        ),
        SignificanceReason(
            factor="articles",
            points=round(ARTICLE_POINTS * math.log2(1 + cover.articles), 2),
            detail=count(cover.articles, "article", lang),
        ),
    ]
    c = story.continuity
    if c is None:
        reasons.append(SignificanceReason(factor="novelty", points=0.0, detail=phrase(lang, "r_no_previous")))
    else:
        detail = phrase(lang, f"r_{c.mark}", since=c.since, n=len(c.new_events))
        reasons.append(SignificanceReason(factor="novelty", points=NOVELTY_POINTS[c.mark], detail=detail))
    reasons.append(_recency(events, today, lang))
    disputed = sum(1 for e in events if e.status == "disputed")
    changed = sum(1 for e in events if str(e.status) in CHANGED)
    if disputed:
        reasons.append(
            SignificanceReason(factor="event_status", points=1.0, detail=phrase(lang, "r_disputed", n=disputed))
        )
    if changed:
        reasons.append(
            SignificanceReason(
                factor="event_status",
                points=round(min(1.5, 0.5 * changed), 2),
                detail=phrase(lang, "r_changed", n=changed),
            )
        )
    return Significance(score=round(sum(r.points for r in reasons), 2), reasons=reasons)


def _outlets(cover: Coverage, lang: str) -> str:
    if not cover.unknown_outlets:
        n = cover.independent_outlets
        return phrase(lang, "r_outlets", n=n) if n > 1 else phrase(lang, "r_outlet")
    if not cover.independent_outlets:
        return phrase(lang, "r_outlets_unknown")
    named = count(cover.independent_outlets, "independent outlet", lang)
    return phrase(lang, "r_outlets_mixed", outlets=named, unknown=cover.unknown_outlets)


def status_of(story: Story) -> StoryStatus | None:
    """new | developing | continuing against the previous day's briefing; None without one (nothing to be new to)."""
    return None if story.continuity is None else _STATUS[story.continuity.mark]


def rank(stories: list[Story]) -> list[Story]:
    """Most significant first, ids s1, s2, … in that order."""
    ordered = sorted(stories, key=lambda s: (-s.significance.score, -s.coverage.articles, s.headline, s.key))
    for i, story in enumerate(ordered, start=1):
        story.id, story.rank = f"s{i}", i
    return ordered
