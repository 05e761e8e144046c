"""Stories: the day's articles and events grouped into ranked story cards (between merge and render)."""

from __future__ import annotations

from collections import Counter

from summarizer.contracts.briefing import Briefing, Failure, Stats
from summarizer.contracts.story import Story
from summarizer.merge.build import ArticleResult, build_briefing
from summarizer.stories.assign import assign
from summarizer.stories.compose import compose
from summarizer.stories.group import group_articles, is_background, news_day
from summarizer.stories.rank import rank, significance, status_of

__all__ = ["briefing_with_stories", "form_stories", "score_stories"]


def briefing_with_stories(
    results: list[ArticleResult], lang: str, failures: list[Failure] | None = None, stats: Stats | None = None
) -> Briefing:
    """The day's extractions merged into one briefing (merge.build_briefing), then grouped into its
    ranked stories: what the application renders, and what the benchmarks and tests measure."""
    briefing = build_briefing(results, lang, failures, stats)
    briefing.stories = form_stories(briefing)
    return briefing


def form_stories(b: Briefing) -> list[Story]:
    """The briefing's stories, ranked; every event, quote, position and disagreement in exactly one.

    Like the merge, run it with the cyclic collector paused (summarizer.app.collector): it allocates
    many objects that live until it returns, and full collections would rescan the whole briefing.
    """
    today = news_day(b)
    background = {e.id for e in b.events if is_background(e, today)}
    members = assign(b, group_articles(b, background), background)
    prominence: Counter[str] = Counter({a.id: len(a.sources) for a in b.actors})
    precision = {t.event: t.precision for t in b.timeline}  # the merge dated each event once
    return score_stories([compose(m, b, prominence, precision) for m in members], b)


def score_stories(stories: list[Story], b: Briefing) -> list[Story]:
    """Status, significance and rank of each story (again after the day is compared with the one before)."""
    today = news_day(b)
    by_id = {e.id: e for e in b.events}
    for story in stories:
        background = {f.event for f in story.background}
        events = [by_id[i] for i in story.events if i in by_id and i not in background]
        story.status = status_of(story)
        story.significance = significance(story, events, today, b.language)
    return rank(stories)
