"""Stories: the day's articles and events grouped into ranked story cards (between merge and render)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from summarizer.contracts.briefing import Briefing, Failure, Stats
from summarizer.contracts.story import Story
from summarizer.merge.build import ArticleResult, build_briefing
from summarizer.stories.assign import assign
from summarizer.stories.compose import compose
from summarizer.stories.group import group_articles, is_background, news_day
from summarizer.stories.profile import article_lead
from summarizer.stories.rank import rank, significance, status_of
from summarizer.stories.verify import Verifier, check_overview, verify_items

__all__ = ["article_leads", "briefing_with_stories", "check_overview", "form_stories", "score_stories"]


def briefing_with_stories(
    results: list[ArticleResult], lang: str, failures: list[Failure] | None = None, stats: Stats | None = None
) -> Briefing:
    """The day's extractions merged into one briefing (merge.build_briefing), then grouped into its
    ranked stories: what the application renders, and what the benchmarks and tests measure. Every
    generated sentence is checked against its evidence (stories.verify); what fails is listed under
    not_verified."""
    briefing = build_briefing(results, lang, failures, stats)
    verify = Verifier(briefing, {r.article.id: r.article.text for r in results})
    verify_items(briefing, verify)
    briefing.stories = form_stories(briefing, article_leads(results), verify)
    briefing.not_verified += verify.failures
    check_overview(briefing, verify.texts)
    return briefing


def article_leads(results: list[ArticleResult]) -> dict[str, str]:
    """Each article's lead (its title and opening words), by source id: the text's own voice in grouping."""
    return {r.article.id: article_lead(r.article.title, r.article.text) for r in results}


def form_stories(b: Briefing, leads: Mapping[str, str], verify: Verifier) -> list[Story]:
    """The briefing's stories, ranked; every event, quote, position and disagreement in exactly one.

    `leads` holds every source's lead by source id (article_leads).

    Like the merge, run it with the cyclic collector paused (summarizer.app.collector): it allocates
    many objects that live until it returns, and full collections would rescan the whole briefing.
    """
    today = news_day(b)
    background = {e.id for e in b.events if is_background(e, today)}
    groups = group_articles(b, leads, background)
    members = assign(b, [g.members for g in groups], background)
    prominence: Counter[str] = Counter({a.id: len(a.sources) for a in b.actors})
    precision = {t.event: t.precision for t in b.timeline}  # the merge dated each event once
    return score_stories(
        [compose(m, g, b, prominence, precision, verify) for m, g in zip(members, groups, strict=True)], b
    )


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
