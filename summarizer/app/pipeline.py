"""The library entry point: articles → cached or fresh extractions → merged briefing → overview."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from summarizer.app.progress import Progress
from summarizer.contracts.briefing import Briefing, Failure, Stats
from summarizer.contracts.extraction import Extraction
from summarizer.llm.cache import ResponseCache
from summarizer.llm.chunking import merge_parts, split_article
from summarizer.llm.client import CallOutcome, Usage, ask, extract, extraction_key, key_for, make_client
from summarizer.llm.config import Settings
from summarizer.llm.costs import cost_usd
from summarizer.llm.prompt import extraction_messages
from summarizer.llm.synthesis import Synthesis, from_synthesis, synthesis_messages
from summarizer.merge.build import ArticleResult, build_briefing
from summarizer.text.ingest import Article, IngestError, load_articles

if TYPE_CHECKING:
    from instructor import AsyncInstructor

    from summarizer.app.batchrun import BatchJob

log = logging.getLogger(__name__)
T = TypeVar("T")

OFFLINE_MISS = "no cached response and --offline; run without --offline to fill the cache"


@dataclass
class ExtractionRun:
    results: list[ArticleResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)


def add_cost(stats: Stats, outcome: CallOutcome[Any]) -> None:
    """Add what a model call cost (requests, retries, tokens) to the run's stats."""
    stats.llm_calls += outcome.requests
    stats.retries += outcome.retries
    stats.prompt_tokens += outcome.usage.prompt_tokens
    stats.completion_tokens += outcome.usage.completion_tokens


@dataclass
class _Job:
    article: Article
    part: int
    text: str
    messages: list[dict[str, str]]
    key: str


class Clients:
    """One model client per run, made only when a request has to go out."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: AsyncInstructor | None = None

    def get(self) -> AsyncInstructor:
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client


def cache_entry(
    response: dict[str, Any], usage: Usage, settings: Settings, article: Article | None = None
) -> dict[str, Any]:
    """A cache entry: the validated answer, what it cost and where it came from (never the key)."""
    entry: dict[str, Any] = {
        "response": response,
        "usage": {"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens},
        "model": settings.model,
        "origin": "recorded",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if article is not None:
        entry["article"] = {"id": article.id, "path": article.path}
    return entry


def plan_requests(
    articles: list[Article], settings: Settings, cache: ResponseCache, stats: Stats, progress: Progress | None = None
) -> tuple[dict[str, dict[int, Extraction]], dict[str, int], list[_Job]]:
    """Each article's request(s): cached answers by article and part, parts per article, and the misses."""
    parts: dict[str, dict[int, Extraction]] = {a.id: {} for a in articles}
    totals: dict[str, int] = {}
    pending: list[_Job] = []
    for article in articles:
        texts = split_article(article.text, settings.token_budget)
        totals[article.id] = len(texts)
        for index, text in enumerate(texts):
            messages = extraction_messages(article, settings.lang, text, (index + 1, len(texts)))
            job = _Job(article, index, text, messages, extraction_key(messages, settings))
            try:
                cached = cache.get_response(job.key, Extraction)
            except ValidationError as exc:
                log.warning("cached response for %s is invalid, asking again: %s", article.path, exc)
                cached = None
            if cached is not None:
                parts[article.id][index] = cached
                stats.cache_hits += 1
                continue
            pending.append(job)
        if progress and len(parts[article.id]) == len(texts):
            progress.update(article, "cached")
    return parts, totals, pending


def batch_jobs(pending: list[_Job], totals: dict[str, int]) -> list[BatchJob]:
    """The misses as batch requests (one per request key)."""
    from summarizer.app.batchrun import BatchJob

    jobs = {
        j.key: BatchJob(j.key, j.messages, j.text, j.article.path, j.article.id, j.part, totals[j.article.id])
        for j in pending
    }
    return list(jobs.values())


async def extract_articles(
    articles: list[Article],
    settings: Settings,
    cache: ResponseCache,
    progress: Progress | None = None,
    clients: Clients | None = None,
) -> ExtractionRun:
    """Extract every article, cache first; each success is stored the moment it completes.

    An article over the token budget goes out in parts (each cached on its own); it is briefed
    once all its parts are in.
    """
    run = ExtractionRun()
    if progress:
        progress.start(len(articles))
    parts, totals, pending = plan_requests(articles, settings, cache, run.stats, progress)

    if settings.offline:
        for article in {j.article.id: j.article for j in pending}.values():
            run.failures.append(Failure(path=article.path, reason=OFFLINE_MISS))
            if progress:
                progress.update(article, "missing")
        pending = []
    settings.require_network_access(list(dict.fromkeys(j.article.path for j in pending)))

    if pending:
        clients = clients or Clients(settings)
        client = None if settings.batch else clients.get()  # batch mode makes one only to re-ask
        # The transport keeps `concurrency` requests on the wire; a few more extractions may be
        # between requests (validating an answer, waiting out a retry) without holding a slot.
        bound = asyncio.Semaphore(settings.concurrency * 2)
        failed: set[str] = set()

        def settle(job: _Job, outcome: CallOutcome[Extraction]) -> None:
            add_cost(run.stats, outcome)
            article = job.article
            if outcome.value is None:
                if article.id not in failed:
                    failed.add(article.id)
                    where = f" (part {job.part + 1} of {totals[article.id]})" if totals[article.id] > 1 else ""
                    run.failures.append(Failure(path=article.path, reason=(outcome.error or "no extraction") + where))
                    if progress:
                        progress.update(article, "failed")
                return
            cache.put(job.key, cache_entry(outcome.value.model_dump(mode="json"), outcome.usage, settings, article))
            parts[article.id][job.part] = outcome.value
            if progress and len(parts[article.id]) == totals[article.id]:
                progress.update(article, "extracted")

        async def run_one(job: _Job) -> None:
            async with bound:
                assert client is not None
                outcome = await extract(client, job.messages, job.text, settings)
            settle(job, outcome)

        if settings.batch:
            await _through_batches(pending, totals, settings, cache, clients, run.stats, settle, progress)
        else:
            await asyncio.gather(*(run_one(job) for job in pending))

    for article in articles:
        got = parts[article.id]
        if len(got) == totals[article.id]:
            extraction = merge_parts([got[i] for i in range(totals[article.id])])
            run.results.append(ArticleResult(article, extraction, from_cache=False))
    return run


async def _through_batches(
    pending: list[_Job],
    totals: dict[str, int],
    settings: Settings,
    cache: ResponseCache,
    clients: Clients,
    stats: Stats,
    settle: Callable[[_Job, CallOutcome[Extraction]], None],
    progress: Progress | None,
) -> None:
    """The pending requests through the Batch API (app/batchrun.py); each answer settled as a realtime one."""
    from summarizer.app.batchrun import BatchAnswer, run_batches
    from summarizer.app.batchview import batch_progress

    answers = await run_batches(batch_jobs(pending, totals), settings, cache, clients, batch_progress(progress))
    for job in pending:
        answer = answers.get(job.key) or BatchAnswer(CallOutcome(error="the batch gave no answer for this request"))
        stats.llm_calls += answer.batch_rows
        stats.batch_requests += answer.batch_rows
        stats.batch_prompt_tokens += answer.batch_usage.prompt_tokens
        stats.batch_completion_tokens += answer.batch_usage.completion_tokens
        stats.prompt_tokens += answer.batch_usage.prompt_tokens
        stats.completion_tokens += answer.batch_usage.completion_tokens
        settle(job, answer.outcome)  # the realtime part: re-asks, their tokens and failures


async def synthesise(briefing: Briefing, settings: Settings, cache: ResponseCache, clients: Clients) -> None:
    """Replace the rule-based overview with the model's, when it is cached or can be asked for."""
    messages, known = synthesis_messages(briefing, settings.lang)
    if not known:
        return
    key = key_for(messages, Synthesis, settings)
    context: dict[str, Any] = {"known_ids": known}
    try:
        cached = cache.get_response(key, Synthesis)
        if cached is not None:
            Synthesis.model_validate(cached.model_dump(), context=context)  # its ids must exist in this briefing
    except ValidationError as exc:
        log.warning("cached synthesis is invalid, asking again: %s", exc)
        cached = None
    if cached is not None:
        briefing.overview = from_synthesis(cached)
        briefing.overview_by = "model"
        briefing.stats.cache_hits += 1
        return
    if settings.offline or not (settings.api_key or settings.base_url):
        return  # the rule-based overview stands
    outcome = await ask(clients.get(), messages, Synthesis, settings, context)
    add_cost(briefing.stats, outcome)
    if outcome.value is None:
        log.warning("synthesis failed, keeping the rule-based overview: %s", outcome.error)
        return
    cache.put(key, cache_entry(outcome.value.model_dump(mode="json"), outcome.usage, settings))
    briefing.overview = from_synthesis(outcome.value)
    briefing.overview_by = "model"


async def brief(
    articles: list[Article],
    settings: Settings,
    cache: ResponseCache,
    progress: Progress | None = None,
    ingest_errors: list[IngestError] | None = None,
) -> Briefing:
    """Extract, merge and (unless disabled) synthesise the overview of these articles."""
    clients = Clients(settings)
    run = await extract_articles(articles, settings, cache, progress, clients)
    errors = ingest_errors or []
    failures = [Failure(path=e.path, reason=e.reason) for e in errors] + run.failures
    run.stats.articles = len(articles) + len(errors)
    run.stats.failures = len(failures)
    briefing = build_briefing(run.results, settings.lang, failures, run.stats)
    if settings.synthesis:
        await synthesise(briefing, settings, cache, clients)
    price_run(briefing.stats, settings)
    return briefing


def price_run(st: Stats, settings: Settings) -> None:
    """Cost of the run: realtime tokens at the realtime price, batch tokens at the batch price."""
    model, url = settings.model, settings.base_url
    realtime = cost_usd(
        model, st.prompt_tokens - st.batch_prompt_tokens, st.completion_tokens - st.batch_completion_tokens, url
    )
    if not st.batch_requests:
        st.cost_usd = realtime
        return
    batch = cost_usd(model, st.batch_prompt_tokens, st.batch_completion_tokens, url, batch=True)
    st.cost_usd = None if realtime is None or batch is None else round(realtime + batch, 6)
    st.cost_at_realtime_usd = cost_usd(model, st.prompt_tokens, st.completion_tokens, url)


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
) -> tuple[Briefing, dict[str, str]]:
    """Read the articles under `paths`; return their merged briefing and each article's text by id."""
    articles, ingest_errors = load_articles(paths, encoding, published)
    cache = ResponseCache(settings.cache_dir, settings.fixture_dirs)
    try:
        briefing = run_sync(brief(articles, settings, cache, progress, ingest_errors))
    finally:
        cache.close()
        if progress:
            progress.finish()
    return briefing, {a.id: a.text for a in articles}
