"""The library entry point: articles → cached or fresh extractions → merged briefing → overview."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.app.collector import collection_paused
from summarizer.app.progress import Progress
from summarizer.contracts.briefing import Briefing, Failure, Stats
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import ArticleRef, Provenance, Record, TokenUsage, now
from summarizer.llm.cache import ResponseCache
from summarizer.llm.chunking import merge_parts, split_article
from summarizer.llm.client import CallOutcome, Usage
from summarizer.llm.config import Settings
from summarizer.llm.costs import cost_usd
from summarizer.llm.detect import detect_mode
from summarizer.llm.extractor import (
    ExtractionRequest,
    Extractor,
    GroundedQuotes,
    InstructorExtractor,
    extraction_request,
)
from summarizer.llm.prompt import extraction_messages
from summarizer.llm.synthesis import CitesKnown, Synthesis, from_synthesis, synthesis_messages
from summarizer.merge.build import ArticleResult, build_briefing
from summarizer.text.ground import Groundings
from summarizer.text.ingest import Article, IngestError, load_articles
from summarizer.text.sources import Catalogue

log = logging.getLogger(__name__)
T = TypeVar("T")

OFFLINE_MISS = "no cached response and --offline; run without --offline to fill the cache"


@dataclass
class ExtractionRun:
    results: list[ArticleResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)


def add_cost(stats: Stats, outcome: CallOutcome[Any]) -> None:
    """Add what a model call cost (requests, retries, tokens, repairs of its last answer) to the run's stats."""
    stats.llm_calls += outcome.requests
    stats.retries += outcome.retries
    stats.invalid_dropped += len(outcome.repairs)
    stats.prompt_tokens += outcome.usage.prompt_tokens
    stats.completion_tokens += outcome.usage.completion_tokens


@dataclass
class _Job:
    article: Article
    part: int
    request: ExtractionRequest[Extraction]
    lookup: list[str]  # keys a stored answer may have (several while the mode is `auto`)


def default_extractor(settings: Settings) -> Extractor:
    """The production model seam: instructor over the openai SDK, configured by `settings`."""
    return InstructorExtractor(settings)


def recorded(
    key: str,
    response: BaseModel,
    usage: Usage,
    settings: Settings,
    article: Article | None = None,
    repairs: list[str] | None = None,
) -> Record:
    """The record of a model's validated answer: what it cost, where it came from, and what was
    dropped from it after the last re-ask (salvage)."""
    record = Record(
        key=key,
        origin="recorded",
        model=settings.model,
        mode=settings.mode,
        lang=settings.lang,
        usage=TokenUsage(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens),
        created=now(),
        response=response.model_dump(mode="json"),
        provenance=Provenance(temperature=settings.temperature, seed=settings.seed),
    )
    if article is not None:
        record.article = ArticleRef(id=article.id, path=article.path)
    if repairs:
        record.repairs = list(repairs)
    return record


async def extract_articles(
    articles: list[Article],
    settings: Settings,
    cache: ResponseCache,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
) -> ExtractionRun:
    """Extract every article, cache first; each success is stored the moment it completes.

    An article over the token budget goes out in parts (each cached on its own); it is briefed
    once all its parts are in. Requests that must go out go to `extractor` (by default the
    instructor one for `settings`, made only when needed).
    """
    run = ExtractionRun()
    if progress:
        progress.start(len(articles))
    parts: dict[str, dict[int, Extraction]] = {a.id: {} for a in articles}
    totals: dict[str, int] = {}
    pending: list[_Job] = []
    for article in articles:
        texts = split_article(article.text, settings.token_budget)
        totals[article.id] = len(texts)
        for index, text in enumerate(texts):
            messages = extraction_messages(article, settings.lang, text, (index + 1, len(texts)))
            job = _Job(article, index, extraction_request(messages, text), settings.lookup_keys(messages, Extraction))
            cached = _cached_extraction(cache, job)
            if cached is None:
                pending.append(job)
                continue
            parts[article.id][index] = cached
            run.stats.cache_hits += 1
        if progress and len(parts[article.id]) == len(texts):
            progress.update(article, "cached")

    if settings.offline:
        for article in {j.article.id: j.article for j in pending}.values():
            run.failures.append(Failure(path=article.path, reason=OFFLINE_MISS))
            if progress:
                progress.update(article, "missing")
        pending = []
    if extractor is None:  # a model given by the caller needs no key or URL of ours
        settings.require_network_access(list(dict.fromkeys(j.article.path for j in pending)))
    groundings: dict[str, Groundings] = {}
    if pending:
        extractor = extractor or default_extractor(settings)
        await resolve_mode(settings)
        await _extract_pending(pending, extractor, settings, cache, run, _Parts(parts, totals, groundings, progress))

    for article in articles:
        got = parts[article.id]
        if len(got) == totals[article.id]:
            extraction = merge_parts([got[i] for i in range(totals[article.id])])
            run.results.append(ArticleResult(article, extraction, groundings=groundings.get(article.id)))
    return run


def _cached_extraction(cache: ResponseCache, job: _Job) -> Extraction | None:
    """The cached answer to the job's request; an answer that no longer validates is asked again."""
    for key in job.lookup:
        try:
            found = cache.get_response(key, Extraction)
        except ValidationError as exc:
            log.warning("cached response for %s is invalid, asking again: %s", job.article.path, exc)
            continue
        if found is not None:
            return found
    return None


async def resolve_mode(settings: Settings) -> None:
    """Settle `auto` before the first request: the mode is part of every key stored from now on."""
    if settings.mode == "auto":
        settings.mode = await detect_mode(settings)


@dataclass
class _Parts:
    """The answers in so far, by article and part, and the groundings that can be carried on."""

    got: dict[str, dict[int, Extraction]]
    totals: dict[str, int]
    groundings: dict[str, Groundings]
    progress: Progress | None

    def add(self, job: _Job, value: Extraction) -> None:
        article = job.article
        self.got[article.id][job.part] = value
        check = job.request.check
        if self.totals[article.id] == 1 and isinstance(check, GroundedQuotes):
            self.groundings[article.id] = check.groundings  # offsets into the whole article: reusable
        if self.progress and len(self.got[article.id]) == self.totals[article.id]:
            self.progress.update(article, "extracted")

    def where(self, job: _Job) -> str:
        total = self.totals[job.article.id]
        return f" (part {job.part + 1} of {total})" if total > 1 else ""


async def _extract_pending(
    pending: list[_Job],
    extractor: Extractor,
    settings: Settings,
    cache: ResponseCache,
    run: ExtractionRun,
    parts: _Parts,
) -> None:
    """Ask for every pending job; each answer is cached as it arrives, each failed article noted once."""
    # The transport keeps `concurrency` requests on the wire; a few more extractions may be
    # between requests (validating an answer, waiting out a retry) without holding a slot.
    bound = asyncio.Semaphore(settings.concurrency * 2)
    failed: set[str] = set()

    async def run_one(job: _Job) -> None:
        async with bound:
            outcome = await extractor.extract(job.request)
        add_cost(run.stats, outcome)
        article = job.article
        for repair in outcome.repairs:
            log.warning("%s%s: kept after the last re-ask without what was invalid: %s", article.path, parts.where(job), repair)
        if outcome.value is None:
            if article.id not in failed:
                failed.add(article.id)
                reason = (outcome.error or "no extraction") + parts.where(job)
                run.failures.append(Failure(path=article.path, reason=reason))
                if parts.progress:
                    parts.progress.update(article, "failed")
            return
        key = settings.request_key(job.request.messages, Extraction)
        cache.put(key, recorded(key, outcome.value, outcome.usage, settings, article, outcome.repairs))
        parts.add(job, outcome.value)

    await asyncio.gather(*(run_one(job) for job in pending))


async def synthesise(
    briefing: Briefing, settings: Settings, cache: ResponseCache, extractor: Extractor | None = None
) -> None:
    """Replace the rule-based overview with the model's, when it is cached or can be asked for
    (of `extractor`, else of the configured model, if there is one)."""
    messages, known = synthesis_messages(briefing, settings.lang)
    if not known:
        return
    check = CitesKnown(frozenset(known))
    cached = None
    for key in settings.lookup_keys(messages, Synthesis):
        try:
            cached = cache.get_response(key, Synthesis)
        except ValidationError as exc:
            log.warning("cached synthesis is invalid, asking again: %s", exc)
        if cached is not None:
            break
    if cached is not None and check.problems(cached):  # a cached overview may cite ids this briefing lacks
        log.warning("cached synthesis cites items this briefing lacks, asking again: %s", check.problems(cached))
        cached = None
    if cached is not None:
        briefing.overview = from_synthesis(cached)
        briefing.overview_by = "model"
        briefing.stats.cache_hits += 1
        return
    if settings.offline or not (extractor or settings.api_key or settings.base_url):
        return  # the rule-based overview stands
    extractor = extractor or default_extractor(settings)
    await resolve_mode(settings)
    key = settings.request_key(messages, Synthesis)
    outcome = await extractor.extract(ExtractionRequest(messages, Synthesis, check))
    add_cost(briefing.stats, outcome)
    if outcome.value is None:
        log.warning("synthesis failed, keeping the rule-based overview: %s", outcome.error)
        return
    cache.put(key, recorded(key, outcome.value, outcome.usage, settings))
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
    if extractor is None and not settings.offline and (settings.api_key or settings.base_url):
        extractor = default_extractor(settings)  # one client for the extractions and the overview
    run = await extract_articles(articles, settings, cache, progress, extractor)
    errors = ingest_errors or []
    failures = [Failure(path=e.path, reason=e.reason) for e in errors] + run.failures
    run.stats.articles = len(articles) + len(errors)
    run.stats.failures = len(failures)
    with collection_paused():
        briefing = build_briefing(run.results, settings.lang, failures, run.stats)
    if settings.synthesis:
        await synthesise(briefing, settings, cache, extractor)
    st = briefing.stats
    st.cost_usd = cost_usd(settings.model, st.prompt_tokens, st.completion_tokens, settings.base_url)
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
    encoding: str = "utf-8",
    progress: Progress | None = None,
    published: str | None = None,
    extractor: Extractor | None = None,
    catalogue: Catalogue | None = None,
) -> tuple[Briefing, dict[str, str]]:
    """Read the articles under `paths`; return their merged briefing and each article's text by id."""
    articles, ingest_errors = load_articles(paths, encoding, published, catalogue)
    cache = ResponseCache(settings.cache_dir, settings.fixture_dirs)
    try:
        briefing = run_sync(brief(articles, settings, cache, progress, ingest_errors, extractor))
    finally:
        cache.close()
        if progress:
            progress.finish()
    return briefing, {a.id: a.text for a in articles}
