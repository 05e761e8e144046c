"""Stories across languages: English and French reports of a German story join it, unrelated English
articles do not. The articles and their reference extractions are written for the tests
(tests/data/stories_languages/README.md, and the English renderings of seeds 000 and 003 with their
unrelated English neighbours in tests/data/crosslingual/)."""

from __future__ import annotations

import json

import pytest

from summarizer.contracts.briefing import Briefing
from summarizer.contracts.extraction import Extraction
from summarizer.merge.build import ArticleResult
from summarizer.stories import briefing_with_stories
from summarizer.text.ingest import parse_article
from tests.conftest import ROOT
from tests.seeds_helpers import crosslingual_results, seed_results, source_id
from testsupport.headlines import headline_problems

MATERIAL = ROOT / "tests" / "data" / "stories_languages"
OCTOBER = ("000", "001", "003")


def _material() -> tuple[list[ArticleResult], dict[str, str]]:
    """The articles as the merge sees them, and each one's name (its file's stem)."""
    results, names = [], {}
    for path in sorted(MATERIAL.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        article_path = MATERIAL / doc["article"]
        article = parse_article(article_path.read_text(encoding="utf-8"), str(article_path.relative_to(ROOT)))
        results.append(ArticleResult(article, Extraction.model_validate(doc["response"])))
        names[article.id] = path.stem
    return results, names


@pytest.fixture(scope="module")
def day() -> tuple[Briefing, dict[str, str]]:
    results, names = _material()
    return briefing_with_stories(seed_results() + results, "en"), names


def _story_of(b: Briefing, source: str) -> set[str]:
    return next(set(s.sources) for s in b.stories if source in s.sources)


def test_the_material_grounds_in_its_articles(day: tuple[Briefing, dict[str, str]]) -> None:
    briefing, names = day
    assert not [n for n in briefing.not_verified if n.source in names]


def test_a_shortened_list_of_source_labels_is_read_as_no_claim(day: tuple[Briefing, dict[str, str]]) -> None:
    """A contested line cut inside its sources' labels ("(Courrier du Port,…") is shown: the labels are
    the rules' own words, not names the evidence must give."""
    briefing, _ = day
    lines = [c for s in briefing.stories for c in s.contested if "(Courrier du Port,…" in c.text]
    assert lines and all(c.check is not None and c.check.status == "supported" for c in lines)


def test_english_and_french_reports_join_the_german_story(day: tuple[Briefing, dict[str, str]]) -> None:
    briefing, names = day
    by_name = {v: k for k, v in names.items()}
    october = _story_of(briefing, source_id("000"))
    assert october == {source_id(p) for p in OCTOBER} | {by_name["en_budapest"], by_name["fr_budapest"]}
    story = next(s for s in briefing.stories if set(s.sources) == october)
    # What holds it together is said, and includes an event told in German and in both other languages.
    shared = [r for r in story.grouped_because if r.kind == "event"]
    assert any({by_name["en_budapest"], by_name["fr_budapest"], source_id("000")} <= set(r.sources) for r in shared)


def test_a_follow_up_in_english_joins_on_the_names_it_shares(day: tuple[Briefing, dict[str, str]]) -> None:
    briefing, names = day
    by_name = {v: k for k, v in names.items()}
    german, english = by_name["de_glocke"], by_name["en_bell"]
    assert not {e.id for e in briefing.events if german in e.sources} & {
        e.id for e in briefing.events if english in e.sources
    }  # no merged event links them: their leads meet on the place and the priest alone
    assert _story_of(briefing, german) == {german, english}
    story = next(s for s in briefing.stories if german in s.sources)
    assert {"place", "actor"} <= {r.kind for r in story.grouped_because}


@pytest.mark.parametrize("name", ["en_tariffs", "en_grain", "en_storm"])
def test_unrelated_english_articles_stand_alone(day: tuple[Briefing, dict[str, str]], name: str) -> None:
    briefing, names = day
    source = next(k for k, v in names.items() if v == name)
    assert _story_of(briefing, source) == {source}
    story = next(s for s in briefing.stories if source in s.sources)
    assert story.grouped_because == []


def test_every_headline_of_the_day_is_whole(day: tuple[Briefing, dict[str, str]]) -> None:
    briefing, _ = day
    assert {s.headline: headline_problems(s.headline) for s in briefing.stories if headline_problems(s.headline)} == {}


@pytest.fixture(scope="module")
def renderings() -> tuple[Briefing, dict[str, str]]:
    results = crosslingual_results()
    names = {r.article.id: r.article.path.rsplit("/", 1)[-1].removesuffix(".txt") for r in results}
    return briefing_with_stories(seed_results() + results, "en"), names


def test_english_renderings_of_two_seeds_join_their_story(renderings: tuple[Briefing, dict[str, str]]) -> None:
    briefing, names = renderings
    by_name = {v: k for k, v in names.items()}
    october = {source_id(p) for p in OCTOBER} | {by_name["wire_000_en"], by_name["courier_003_en"]}
    assert _story_of(briefing, source_id("000")) == october


@pytest.mark.parametrize("name", ["courier_chips_en", "gazette_gas_en", "wire_floods_en"])
def test_their_unrelated_neighbours_stand_alone(renderings: tuple[Briefing, dict[str, str]], name: str) -> None:
    briefing, names = renderings
    source = next(k for k, v in names.items() if v == name)
    assert _story_of(briefing, source) == {source}
