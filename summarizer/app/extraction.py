"""Articles → their extractions: cached answers first, then one request per missing part, each
answer recorded the moment it arrives; failures listed, never fatal to the others."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.app.access import ModelAccess
from summarizer.app.progress import Progress
from summarizer.contracts.briefing import Failure, Stats
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import ArticleRef, Provenance, Record, TokenUsage, now
from summarizer.llm.cache import ResponseCache
from summarizer.llm.chunking import Part, split_article
from summarizer.llm.client import CallOutcome, Usage
from summarizer.llm.config import Settings
from summarizer.llm.environment import require_network_access, too_long
from summarizer.llm.extractor import (
    ExtractionRequest,
    Extractor,
    GroundedQuotes,
    extraction_request,
)
from summarizer.llm.prompt import extraction_messages
from summarizer.merge.build import ArticleResult
from summarizer.merge.parts import Answered, article_from_parts
from summarizer.text.ingest import Article
from summarizer.text.quotescan import quotation_candidates

log = logging.getLogger(__name__)

OFFLINE_MISS = "no cached response and --offline"  # where was looked: llm.environment.answer_sources()


@dataclass
class ExtractionRun:
    results: list[ArticleResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)


def add_cost(stats: Stats, outcome: CallOutcome[Any]) -> None:
    """Add what a model call cost (requests, retries, tokens) to the run's stats."""
    stats.llm_calls += outcome.requests
    stats.retries += outcome.retries
    stats.invalid_dropped += len(outcome.repairs)
    stats.connection_failures += outcome.connection_failures
    stats.prompt_tokens += outcome.usage.prompt_tokens
    stats.completion_tokens += outcome.usage.completion_tokens


@dataclass(frozen=True)
class _Miss:
    """A part whose answer is in no store: what asking for it needs, before its key can be made."""

    article: Article
    index: int
    part: Part
    request: ExtractionRequest[Extraction]
    lookup: list[str]  # the keys a stored answer may have had (several while the mode is `auto`)

    def job(self, settings: Settings) -> _Job:
        """The request as a job, keyed in the settled mode of `settings`."""
        key = settings.request_key(self.request.messages, Extraction)
        return _Job(self.article, self.index, self.part, self.request, key, self.lookup)


@dataclass(frozen=True)
class _Job:
    article: Article
    index: int
    part: Part
    request: ExtractionRequest[Extraction]
    key: str  # the key its answer is stored under (in the mode `auto` settled as)
    lookup: list[str]  # the keys a stored answer may have (several while the mode is `auto`)


def recorded(
    key: str,
    response: BaseModel,
    usage: Usage,
    settings: Settings,
    article: Article | None = None,
    repairs: list[str] | None = None,
) -> Record:
    """The record of a model's validated answer: what it cost, where it came from (sampling
    included), and what was dropped from it after the last re-ask (salvage)."""
    record = Record(
        key=key,
        origin="recorded",
        model=settings.model.name,
        mode=settings.model.mode,
        lang=settings.run.lang,
        usage=TokenUsage(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens),
        created=now(),
        response=response.model_dump(mode="json"),
        provenance=Provenance(temperature=settings.model.temperature, seed=settings.model.seed),
    )
    if article is not None:
        record.article = ArticleRef(id=article.id, path=article.path)
    if repairs:
        record.repairs = list(repairs)
    return record


def plan_requests(
    articles: list[Article],
    settings: Settings,
    cache: ResponseCache,
    run: ExtractionRun,
    progress: Progress | None = None,
) -> tuple[dict[str, dict[int, Answered]], dict[str, int], list[_Miss]]:
    """Each article's request(s): cached answers by article and part, parts per article, and the misses
    (an article over the parts limit is noted as a failure of `run`). Stored answers are looked up in
    every mode `auto` may become; no key is made for a miss until the mode is settled."""
    parts: dict[str, dict[int, Answered]] = {a.id: {} for a in articles}
    totals: dict[str, int] = {}
    pending: list[_Miss] = []
    for article in articles:
        texts = split_article(article.text, settings.run.token_budget)
        totals[article.id] = len(texts)
        if len(texts) > settings.run.max_parts:
            run.failures.append(Failure(path=article.path, reason=too_long(len(texts), settings.run)))
            if progress:
                progress.update(article, "failed")
            continue
        for index, part in enumerate(texts):
            miss = _miss(article, index, len(texts), part, settings)
            cached = _cached_extraction(cache, miss)
            if cached is None:
                pending.append(miss)
                continue
            parts[article.id][index] = (cached, None, part.in_article)  # the merge locates its spans
            run.stats.cache_hits += 1
        if progress and len(parts[article.id]) == len(texts):
            progress.update(article, "cached")
    return parts, totals, pending


def _miss(article: Article, index: int, total: int, part: Part, settings: Settings) -> _Miss:
    """The request for one part, before any store is asked: its numbered quotations found once,
    for the prompt and for the check that takes a quote by its number."""
    quotations = quotation_candidates(part.text)
    messages = extraction_messages(article, settings.run.lang, part.text, (index + 1, total), quotations)
    request = extraction_request(messages, part.text, quotations)
    return _Miss(article, index, part, request, settings.lookup_keys(messages, Extraction))


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
    return await extract_with(articles, ModelAccess(settings, extractor), cache, progress)


async def extract_with(
    articles: list[Article], access: ModelAccess, cache: ResponseCache, progress: Progress | None = None
) -> ExtractionRun:
    """`extract_articles` asking through `access` (whose mode and extractor a caller goes on using)."""
    settings = access.settings
    run = ExtractionRun()
    if progress:
        progress.start(len(articles))
    parts, totals, misses = plan_requests(articles, settings, cache, run, progress)

    if settings.run.offline:
        for article in {m.article.id: m.article for m in misses}.values():
            run.failures.append(Failure(path=article.path, reason=OFFLINE_MISS))
            if progress:
                progress.update(article, "missing")
        misses = []
    if access.given is None:  # a model given by the caller needs no key or URL of ours
        require_network_access(settings, list(dict.fromkeys(m.article.path for m in misses)))
    if misses:
        extractor = await access.ready()
        settings = access.settings
        pending = [miss.job(settings) for miss in misses]
        answered = _Parts(parts, totals, progress)
        if settings.run.batch:
            from summarizer.app.batchpipe import through_batches

            await through_batches(pending, settings, cache, run, answered, _settle)
        else:
            await _extract_pending(pending, extractor, settings, cache, run, answered)

    for article in articles:
        got = parts[article.id]
        if len(got) == totals[article.id]:
            run.results.append(article_from_parts(article, [got[i] for i in range(totals[article.id])]))
    return run


def _cached_extraction(cache: ResponseCache, job: _Miss) -> Extraction | None:
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


@dataclass
class _Parts:
    """The answers in so far, by article and part, each with the spans its check located."""

    got: dict[str, dict[int, Answered]]
    totals: dict[str, int]
    progress: Progress | None
    failed: set[str] = field(default_factory=set)  # articles whose failure is noted

    def add(self, job: _Job, value: Extraction) -> None:
        article = job.article
        check = job.request.check
        located = check.groundings if isinstance(check, GroundedQuotes) else None
        self.got[article.id][job.index] = (value, located, job.part.in_article)
        if self.progress and len(self.got[article.id]) == self.totals[article.id]:
            self.progress.update(article, "extracted")

    def where(self, job: _Job) -> str:
        total = self.totals[job.article.id]
        return f" (part {job.index + 1} of {total})" if total > 1 else ""


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
    bound = asyncio.Semaphore(settings.run.concurrency * 2)

    async def run_one(job: _Job) -> None:
        async with bound:
            outcome = await extractor.extract(job.request)
        add_cost(run.stats, outcome)
        for repair in outcome.repairs:
            log.warning(
                "%s%s: kept without what was invalid after the last re-ask: %s",
                job.article.path,
                parts.where(job),
                repair,
            )
        if outcome.value is not None:
            cache.put(job.key, recorded(job.key, outcome.value, outcome.usage, settings, job.article, outcome.repairs))
        _settle(job, outcome, run, parts)

    await asyncio.gather(*(run_one(job) for job in pending))


def _settle(job: _Job, outcome: CallOutcome[Extraction], run: ExtractionRun, parts: _Parts) -> None:
    """An answer joins its article's parts; a failure is noted once per article."""
    article = job.article
    if outcome.value is not None:
        parts.add(job, outcome.value)
    elif article.id not in parts.failed:
        parts.failed.add(article.id)
        run.failures.append(Failure(path=article.path, reason=(outcome.error or "no extraction") + parts.where(job)))
        if parts.progress:
            parts.progress.update(article, "failed")
