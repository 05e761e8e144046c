"""The library entry point: articles → cached or fresh extractions → merged briefing → overview."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

from pydantic import ValidationError

from summarizer.app.access import OFFLINE_MISS, ModelAccess
from summarizer.app.collector import collection_paused
from summarizer.app.extraction import ExtractionRun, extract_articles, extract_with
from summarizer.app.inputs import InputError, Web, gather
from summarizer.app.progress import Progress
from summarizer.app.provenance import generated_at, provenance_of
from summarizer.contracts.briefing import Briefing, Failure
from summarizer.llm.cache import ResponseCache, recorded
from summarizer.llm.client import EndpointUnreachable
from summarizer.llm.config import ConfigError, Settings
from summarizer.llm.costs import add_cost, price_run
from summarizer.llm.extractor import (
    ExtractionRequest,
    Extractor,
)
from summarizer.llm.synthesis import CitesKnown, Synthesis, from_synthesis, synthesis_messages
from summarizer.stories import briefing_with_stories, check_overview
from summarizer.text.ingest import Article, IngestError
from summarizer.text.sources import Catalogue

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["OFFLINE_MISS", "ExtractionRun", "brief", "extract_articles", "run_sync", "summarise", "synthesise"]


async def synthesise(
    briefing: Briefing, settings: Settings, cache: ResponseCache, extractor: Extractor | None = None
) -> None:
    """Replace the rule-based overview with the model's, when it is cached or can be asked for
    (of `extractor`, else of the configured model, if there is one)."""
    await synthesise_with(briefing, ModelAccess(settings, extractor), cache)


async def synthesise_with(briefing: Briefing, access: ModelAccess, cache: ResponseCache) -> None:
    """`synthesise` asking through `access` (the run's settled mode and extractor)."""
    settings = access.settings
    messages, known = synthesis_messages(briefing, settings.run.lang)
    if not known:
        return
    check = CitesKnown(frozenset(known))
    cached = served = None
    for key in settings.lookup_keys(messages, Synthesis):
        try:
            found = cache.get_served(key, Synthesis)
        except ValidationError as exc:
            log.warning("cached synthesis is invalid, asking again: %s", exc)
            found = None
        if found is not None:
            cached, served = found
            break
    if cached is not None and check.problems(cached):  # a cached overview may cite ids this briefing lacks
        log.warning("cached synthesis cites items this briefing lacks, asking again: %s", check.problems(cached))
        cached = None
    if cached is not None:
        briefing.overview = from_synthesis(cached)
        briefing.overview_by = "model"
        briefing.stats.cache_hits += served is not None and not served.fixture
        return
    if not access.can_ask:
        return  # the rule-based overview stands
    try:
        extractor = await access.ready()
        settings = access.settings
        key = settings.request_key(messages, Synthesis)
        outcome = await extractor.extract(ExtractionRequest(messages, Synthesis, check))
    except EndpointUnreachable as exc:
        log.warning("overview not written by the model, keeping the rule-based one: %s", exc)
        return
    add_cost(briefing.stats, outcome)
    if outcome.value is None:
        log.warning("synthesis failed, keeping the rule-based overview: %s", outcome.error)
        return
    cache.put(key, recorded(key, outcome.value, outcome.spent, settings.model, settings.run.lang))
    briefing.overview = from_synthesis(outcome.value)
    briefing.overview_by = "model"


async def brief(
    articles: list[Article],
    settings: Settings,
    cache: ResponseCache,
    progress: Progress | None = None,
    ingest_errors: list[IngestError] | None = None,
    extractor: Extractor | None = None,
) -> Briefing:
    """Extract, merge and (unless disabled) synthesise the overview of these articles."""
    generated = generated_at()  # a bad SOURCE_DATE_EPOCH stops the run before any request
    access = ModelAccess(settings, extractor, progress)  # one mode probe, one client for extractions and overview
    run = await extract_with(articles, access, cache, progress)
    errors = ingest_errors or []
    failures = [Failure(path=e.path, reason=e.reason) for e in errors] + run.failures
    run.stats.articles = len(articles) + len(errors)
    run.stats.failures = len(failures)
    with collection_paused():
        briefing = briefing_with_stories(run.results, settings.run.lang, failures, run.stats)
    briefing.partial = bool(failures)
    if settings.run.synthesis:
        await synthesise_with(briefing, access, cache)
        if briefing.overview_by == "model":  # the model's sentences, checked as the rules' were
            check_overview(briefing, {r.article.id: r.article.text for r in run.results})
    price_run(briefing.stats, settings.model.name, settings.model.base_url)
    name = settings.model.name
    briefing.provenance = provenance_of(briefing, run, name, name if briefing.overview_by == "model" else None, generated)
    return briefing


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, minus the repr of the result that asyncio computes (seconds for a large briefing)."""
    box: list[T] = []

    async def keep() -> None:
        box.append(await coroutine)

    asyncio.run(keep())
    return box[0]


def summarise(
    paths: list[str],
    settings: Settings,
    encoding: str | None = None,
    progress: Progress | None = None,
    published: str | None = None,
    extractor: Extractor | None = None,
    catalogue: Catalogue | None = None,
    feeds: str | None = None,
    web: Web | None = None,
    failed: list[IngestError] | None = None,
) -> tuple[Briefing, dict[str, str]]:
    """Read the articles under `paths` (files, folders, URLs) and in the feeds listed in `feeds`;
    return their merged briefing and each article's text by id (`failed`: inputs that failed before,
    listed with the rest).

    A path that does not exist is a usage error (ConfigError), raised before any work is done.
    """
    web = web or Web(settings.stores.cache_dir, settings.run.offline)
    try:
        found = gather(paths, feeds, encoding, published, catalogue, web, bool(failed))
    except InputError as exc:
        raise ConfigError(str(exc)) from exc
    for note in (e for e in found.errors if not e.article):
        log.warning("%s: %s", note.path, note.reason)
    ingest_errors = [*(failed or []), *(e for e in found.errors if e.article)]
    articles = found.articles
    cache = ResponseCache(settings.stores.cache_dir, settings.stores.fixture_dirs)
    try:
        briefing = run_sync(brief(articles, settings, cache, progress, ingest_errors, extractor))
    finally:
        cache.close()
        if progress:
            progress.finish()
    return briefing, {a.id: a.text for a in articles}
