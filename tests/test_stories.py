"""Stories: formed from the extractions, ranked, composed as cards, kept within the brief's length."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from summarizer.contracts.briefing import Briefing
from summarizer.merge.build import ArticleResult
from summarizer.render.formats import render
from summarizer.stories import briefing_with_stories
from summarizer.stories.continuity import link_stories
from summarizer.stories.keyquotes import MIN_QUOTE_WORDS
from tests.conftest import REFERENCE_DE
from tests.seeds_helpers import seed_results, source_id
from testsupport.headlines import headline_problems
from testsupport.storyday import bcubed, story_day

OCTOBER = ("000", "001", "003")


def _words(text: str) -> int:
    return len(text.split())


@pytest.fixture(scope="module")
def seeds() -> Briefing:
    return briefing_with_stories(seed_results(), "en")


@pytest.fixture(scope="module")
def big_day() -> tuple[Briefing, dict[str, str]]:
    results, truth = story_day(1000, seed=11)
    return briefing_with_stories(results, "en"), truth


def test_a_synthetic_day_is_grouped_into_its_true_stories(big_day: tuple[Briefing, dict[str, str]]) -> None:
    briefing, truth = big_day
    predicted = {sid: s.id for s in briefing.stories for sid in s.sources}
    assert sorted(predicted) == sorted(truth)  # every article in exactly one story
    precision, recall, f1 = bcubed(predicted, truth)
    assert f1 >= 0.9, (precision, recall, f1)


def test_every_item_belongs_to_exactly_one_story(big_day: tuple[Briefing, dict[str, str]]) -> None:
    briefing, _ = big_day
    for kind in ("events", "quotes", "positions", "disagreements"):
        ids = [i for s in briefing.stories for i in getattr(s, kind)]
        assert sorted(ids) == sorted(item.id for item in getattr(briefing, kind)), kind


def test_the_october_articles_are_one_story_and_february_another(seeds: Briefing) -> None:
    october = {source_id(p) for p in OCTOBER}
    top = seeds.stories[0]
    assert set(top.sources) == october
    assert source_id("002") not in top.sources and source_id("004") not in top.sources
    assert [s.rank for s in seeds.stories] == list(range(1, len(seeds.stories) + 1))


def test_publication_dates_keep_the_same_matter_apart() -> None:
    results, _ = story_day(2, seed=3, stories=1)  # two articles of one story
    same_day = briefing_with_stories(results, "en")
    assert len(same_day.stories) == 1
    months_apart = [replace(results[0], article=replace(results[0].article, published="2025-02-18")), results[1]]
    assert len(briefing_with_stories(months_apart, "en").stories) == 2


def test_the_most_covered_story_ranks_first(seeds: Briefing, big_day: tuple[Briefing, dict[str, str]]) -> None:
    for briefing in (seeds, big_day[0]):
        widest = max(s.coverage.independent_outlets for s in briefing.stories)
        assert briefing.stories[0].coverage.independent_outlets == widest
        scores = [s.significance.score for s in briefing.stories]
        assert scores == sorted(scores, reverse=True)
        top = briefing.stories[0].significance
        assert {r.factor for r in top.reasons} >= {"outlets", "articles", "novelty", "recency"}
        assert top.score == pytest.approx(sum(r.points for r in top.reasons))


def test_the_top_story_is_the_called_off_meeting_and_never_background(seeds: Briefing) -> None:
    top = seeds.stories[0]
    assert "Rubio" in top.headline and ("cancelled" in top.headline or "postponed" in top.headline)
    assert top.status is None and not top.coverage.single_source  # no previous day: neither new nor developing
    background = {f.event for f in top.background}
    assert background and not background & {f.event for f in top.key_facts}
    invasion = next(e for e in seeds.events if e.description == "Russia invaded Ukraine.")
    assert all(invasion.id not in {f.event for f in s.key_facts} for s in seeds.stories)
    assert all("invaded" not in s.headline for s in seeds.stories)
    for fact in top.key_facts:
        assert len(fact.sources) >= 2  # reported by several articles (whose outlets the seeds do not name)


def test_headlines_say_who_did_what_where_in_twelve_words_at_most(
    seeds: Briefing, big_day: tuple[Briefing, dict[str, str]]
) -> None:
    for briefing in (seeds, big_day[0]):
        cut = {s.headline: headline_problems(s.headline) for s in briefing.stories if headline_problems(s.headline)}
        assert not cut
    february = next(s for s in seeds.stories if source_id("002") in s.sources)
    april = next(s for s in seeds.stories if source_id("004") in s.sources)
    assert february.headline == "Rubio met his Russian counterpart Lavrov in Riyadh"  # who, did what, where
    assert april.headline.startswith("Rubio and Witkoff meet") and april.headline.endswith("in Paris")


def test_german_headlines_keep_their_grammar() -> None:
    german = briefing_with_stories(seed_results(REFERENCE_DE), "de")
    assert not [s.headline for s in german.stories if headline_problems(s.headline)]
    february = next(s for s in german.stories if source_id("002") in s.sources)
    # The title opening the sentence goes ('US-Außenminister'); the one inside it is grammar and stays.
    assert february.headline == "Rubio traf seinen russischen Amtskollegen Lawrow in Riad"


def test_a_long_account_is_headlined_by_its_main_clause_and_place() -> None:
    results, _ = story_day(1, seed=4, stories=1)
    (result,) = results
    event = result.extraction.events[0]
    event.description = (
        f"{event.participants[0]} met officials for the first face-to-face talks in years at a summit "
        "aimed at settling the dispute over reconstruction; the talks ended after four hours."
    )
    (story,) = briefing_with_stories([replace(result, extraction=result.extraction)], "en").stories
    lead = next(e for e in result.extraction.events if e.description == event.description)
    assert not headline_problems(story.headline)
    assert story.headline == f"{lead.participants[0].split()[-1]} met officials in {lead.location}"


def test_key_quotes_are_full_statements(seeds: Briefing) -> None:
    ledger = {q.id: q for q in seeds.quotes}
    fragments = [q for q in seeds.quotes if _words(q.text) < MIN_QUOTE_WORDS]
    assert fragments  # the ledger keeps them …
    for story in seeds.stories:
        assert len(story.key_quotes) <= 3
        for quote in story.key_quotes:
            assert _words(quote.text) >= MIN_QUOTE_WORDS and ledger[quote.quote].part_of is None  # … cards do not


def test_a_story_timeline_is_dated_first_then_in_article_order(seeds: Briefing) -> None:
    events = {e.id: e for e in seeds.events}
    for story in seeds.stories:
        dated = [m.date for m in story.timeline if m.date]
        assert dated == sorted(dated)  # type: ignore[type-var]
        assert [bool(m.date) for m in story.timeline] == sorted((bool(m.date) for m in story.timeline), reverse=True)
        assert sorted(m.event for m in story.timeline) == sorted(story.events)
        if len(story.sources) == 1:  # one article: undated items in the order it tells them
            starts = [events[m.event].accounts[0].grounding.start or 0 for m in story.timeline if not m.date]
            assert starts == sorted(starts)


def test_the_seeds_brief_is_within_budget_and_opens_with_the_top_story(seeds: Briefing) -> None:
    brief = render(seeds, "md")
    assert _words(brief) <= 1300
    first = brief.split("## Top stories", 1)[1].strip().splitlines()[0]
    assert first.startswith("1. [") and seeds.stories[0].headline in first
    assert not re.search(r"[0-9a-f]{12}", brief)
    full = render(seeds, "md", detail="full")
    assert _words(full) > 2 * _words(brief) and "## Quote ledger" in full


def test_a_thousand_article_day_brief_is_within_budget(big_day: tuple[Briefing, dict[str, str]]) -> None:
    briefing, _ = big_day
    brief = render(briefing, "md")
    assert _words(brief) <= 4000
    cards = re.findall(r"^### (\d+) · ", brief, flags=re.MULTILINE)
    assert cards == [str(i) for i in range(1, 16)]
    assert "## More stories" in brief


def test_continuity_marks_unchanged_developing_and_new_stories() -> None:
    results, _ = story_day(40, seed=5, stories=4)
    yesterday = briefing_with_stories(results[:30], "en")
    today = briefing_with_stories(results[:30], "en")
    link_stories(today, yesterday, "2025-10-21")
    assert {s.continuity.mark for s in today.stories if s.continuity} == {"unchanged"}
    assert [s.key for s in today.stories] == [s.key for s in yesterday.stories]
    brief = render(today, "md")
    assert "## Unchanged since 2025-10-21" in brief and "### " not in brief  # one line each, no cards

    # Yesterday's articles did not yet report one of the first story's events.
    story = today.stories[0]
    fresh = next(e for e in today.events if e.id in story.events and len(e.sources) > 1)

    told = {a.description for a in fresh.accounts}  # a disputed event is headlined neutrally, not by an account

    def without_it(r: ArticleResult) -> ArticleResult:
        events = [e for e in r.extraction.events if e.description not in told]
        return replace(r, extraction=r.extraction.model_copy(update={"events": events}))

    earlier = briefing_with_stories([without_it(r) for r in results[:30]], "en")
    later = briefing_with_stories(results[:30], "en")
    link_stories(later, earlier, "2025-10-21")
    moved = next(s for s in later.stories if fresh.id in s.events)
    assert moved.continuity is not None and moved.continuity.mark == "developing"
    assert moved.continuity.new_events == [fresh.id] and moved.status == "developing"
    assert moved.key in {s.key for s in earlier.stories}
    assert {s.continuity.mark for s in later.stories if s is not moved and s.continuity} == {"unchanged"}
    assert later.stories[0] is moved  # the only story with news ranks first
    brief = render(later, "md")
    assert f"**Since 2025-10-21:** 1 new event ({fresh.id})" in brief
    assert brief.count("\n### ") == 1 and "## Unchanged since 2025-10-21" in brief
