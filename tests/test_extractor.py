"""The model seam: the pipeline with an in-process Extractor, the grounded-quote policy, and what
the pipeline does with cached answers that no longer hold (asked again, never used)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pydantic import BaseModel

from summarizer.app.pipeline import brief, extract_articles
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import Record
from summarizer.llm.cache import ResponseCache
from summarizer.llm.client import CallOutcome
from summarizer.llm.config import Settings
from summarizer.llm.extractor import ExtractionJob, ExtractionRequest, GroundedQuotes, Outcomes, RealtimeExtractor
from summarizer.llm.prompt import extraction_messages
from summarizer.llm.synthesis import Synthesis, synthesis_messages
from summarizer.merge.build import build_briefing
from summarizer.text.ground import Groundings
from summarizer.text.ingest import Article, load_articles, read_article
from tests.conftest import REFERENCE, ROOT
from testsupport.fakeserver import responses_from_fixtures
from testsupport.settings import make_settings

M = TypeVar("M", bound=BaseModel)
SEED = "seeds/000_31bc555e087dc2ac.txt"
FRESH_OVERVIEW = "Fresh overview from the model."


class InProcess(RealtimeExtractor):
    """An Extractor answering from reference responses, checking them as a real extractor would
    (one attempt, so a failed check is a failed request); every request is recorded."""

    def __init__(self) -> None:
        self.answers = responses_from_fixtures(REFERENCE)
        self.requests: list[ExtractionRequest[Any]] = []

    async def extract(self, request: ExtractionRequest[M]) -> CallOutcome[M]:
        self.requests.append(request)
        prompt = "\n".join(m["content"] for m in request.messages)
        if request.response_model is Synthesis:
            cite = next(i for i in ("e1", "d1", "p1") if f"- {i} ·" in prompt)
            answer: dict[str, Any] = {"sentences": [{"text": FRESH_OVERVIEW, "cites": [cite]}]}
        else:
            answer = next(a for article_id, a in self.answers.items() if f"Article {article_id}" in prompt)
        value = request.response_model.model_validate(answer)
        if request.check is not None:
            try:
                request.check(value, True)
            except ValueError as exc:
                return CallOutcome(requests=1, error=str(exc))
        return CallOutcome(value=value, requests=1)


class AllAtOnce:
    """A bulk backend written against the seam alone: a run's jobs arrive together, in one call,
    and each answer is validated and grounded by its job's own check before it is yielded."""

    def __init__(self) -> None:
        self.answers = responses_from_fixtures(REFERENCE)
        self.calls: list[list[ExtractionJob]] = []

    async def extract(self, request: ExtractionRequest[M]) -> CallOutcome[M]:
        return CallOutcome(error="single requests are not served in bulk")

    async def extract_all(self, jobs: Sequence[ExtractionJob]) -> Outcomes:
        self.calls.append(list(jobs))
        for job in jobs:
            value = Extraction.model_validate(self.answers[job.article_id])
            assert job.request.check is not None
            job.request.check(value, True)
            yield job, CallOutcome(value=value, batch_rows=1)


def test_a_bulk_backend_plugs_in_as_a_realtime_one_does(tmp_path: Path) -> None:
    seeds = [str(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    bulk, one_by_one = AllAtOnce(), InProcess()
    settings = _settings(tmp_path, synthesis=False)
    by_bulk = asyncio.run(brief(read(seeds), settings, ResponseCache(tmp_path / "bulk"), extractor=bulk))
    by_one = asyncio.run(brief(read(seeds), settings, ResponseCache(tmp_path / "one"), extractor=one_by_one))
    assert [len(c) for c in bulk.calls] == [5] and len(one_by_one.requests) == 5  # one call for the run's jobs
    assert by_bulk.model_dump(exclude={"stats"}) == by_one.model_dump(exclude={"stats"}) and by_bulk.quotes
    assert by_bulk.stats.batch_requests == by_bulk.stats.llm_calls == 5  # its outcomes are counted as any others
    again = asyncio.run(brief(read(seeds), settings, ResponseCache(tmp_path / "bulk"), extractor=bulk))
    assert len(bulk.calls) == 1 and again.stats.cache_hits == 5  # each answer was stored as it came


def read(paths: list[str]) -> list[Article]:
    articles, _ = load_articles(paths)
    return articles


def _article() -> Article:
    article = read_article(ROOT / SEED, SEED)
    assert isinstance(article, Article)
    return article


def _settings(tmp_path: Path, **over: Any) -> Settings:
    return make_settings(cache_dir=tmp_path / "cache", **over)


def test_the_pipeline_asks_a_given_extractor_and_caches_its_answers(tmp_path: Path, no_sockets: list[object]) -> None:
    model = InProcess()
    cache = ResponseCache(tmp_path / "cache")
    briefing = asyncio.run(brief([_article()], _settings(tmp_path), cache, extractor=model))
    assert [r.response_model for r in model.requests] == [Extraction, Synthesis]
    assert briefing.overview_by == "model" and briefing.overview[0].text == FRESH_OVERVIEW
    assert briefing.quotes and not briefing.failures and not no_sockets
    again = asyncio.run(brief([_article()], _settings(tmp_path), cache, extractor=model))
    assert len(model.requests) == 2 and again.stats.cache_hits == 2  # nothing asked twice


def test_quotes_located_while_checking_are_carried_into_the_merge(tmp_path: Path) -> None:
    run = asyncio.run(extract_articles([_article()], _settings(tmp_path), ResponseCache(None), extractor=InProcess()))
    [result] = run.results
    carried = result.groundings
    assert carried is not None and {q.text for q in result.extraction.quotes} <= set(carried.found)
    before = dict(carried.found)
    build_briefing(run.results, "en")
    assert all(carried.found[span] is g for span, g in before.items())  # reused, not located again


def test_an_ungrounded_quote_is_reasked_with_the_closest_passage_until_the_last_attempt() -> None:
    text = "Lawrow sagte: „Wir sprechen weiter.“ Danach reiste er ab."
    extraction = Extraction.model_validate(
        {
            "summary": "s",
            "actors": [{"name": "Sergej Lawrow", "kind": "person", "aliases": ["Lawrow"]}],
            "quotes": [
                {"text": "Das hat er nie gesagt, kein einziges Wort davon", "speaker": "Lawrow", "kind": "direct"}
            ],
        }
    )
    check = GroundedQuotes(Groundings(text))
    with pytest.raises(ValueError, match="Closest passage"):
        check(extraction, False)
    check(extraction, True)  # the last attempt is taken; the merge then drops and counts the quote
    assert check.groundings.found[extraction.quotes[0].text].status == "ungrounded"
    assert len(check.groundings.closest) == 1  # the closest passage was looked for once


def test_a_cached_extraction_that_no_longer_validates_is_asked_again(tmp_path: Path) -> None:
    settings, article, model = _settings(tmp_path, synthesis=False), _article(), InProcess()
    key = settings.request_key(extraction_messages(article, settings.run.lang), Extraction)
    broken = {"summary": "s", "actors": [], "quotes": [{"text": "x", "speaker": "Niemand", "kind": "direct"}]}
    cache = ResponseCache(tmp_path / "cache")
    cache.put(key, Record(key=key, model=settings.model.name, response=broken))
    briefing = asyncio.run(brief([article], settings, cache, extractor=model))
    assert len(model.requests) == 1 and briefing.stats.cache_hits == 0
    assert briefing.quotes and not briefing.failures
    stored = cache.get(key)
    assert stored is not None and Extraction.model_validate(stored.response).quotes  # the answer replaced


def test_a_cached_overview_citing_ids_this_briefing_lacks_is_asked_again(tmp_path: Path) -> None:
    settings, article, model = _settings(tmp_path), _article(), InProcess()
    cache = ResponseCache(tmp_path / "cache")
    asyncio.run(extract_articles([article], settings, cache, extractor=model))  # the extraction is cached
    merged = build_briefing(asyncio.run(extract_articles([article], settings, cache)).results, "en")
    messages, _ = synthesis_messages(merged, settings.run.lang)
    key = settings.request_key(messages, Synthesis)
    stale = {"sentences": [{"text": "A cached overview of another day.", "cites": ["e999"]}]}
    cache.put(key, Record(key=key, model=settings.model.name, response=stale))
    briefing = asyncio.run(brief([article], settings, cache, extractor=model))
    assert [r.response_model for r in model.requests] == [Extraction, Synthesis]
    assert briefing.overview[0].text == FRESH_OVERVIEW and briefing.overview_by == "model"
