"""Articles → their extractions: cached answers first, then one request per missing part, each
answer recorded the moment it arrives; failures listed, never fatal to the others."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.app.progress import Progress
from summarizer.contracts.briefing import Failure, Stats
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import ArticleRef, Provenance, Record, TokenUsage, now
from summarizer.llm.cache import ResponseCache, Served
from summarizer.llm.chunking import CHARS_PER_TOKEN, merge_parts, split_article
from summarizer.llm.client import CallOutcome, Usage
from summarizer.llm.config import Settings
from summarizer.llm.detect import detect_mode
from summarizer.llm.extractor import (
    ExtractionRequest,
    Extractor,
    GroundedQuotes,
    InstructorExtractor,
    extraction_request,
)
from summarizer.llm.prompt import extraction_messages
from summarizer.merge.build import ArticleResult
from summarizer.text.ground import Groundings
from summarizer.text.ingest import Article

log = logging.getLogger(__name__)

OFFLINE_MISS = "no cached response and --offline"  # where was looked: Settings.answer_sources()


@dataclass
class ExtractionRun:
    results: list[ArticleResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    served: dict[str, Served] = field(default_factory=dict)  # article id → where its stored answer came from
    asked: set[str] = field(default_factory=set)  # articles some part of which was asked in this run


def add_cost(stats: Stats, outcome: CallOutcome[Any]) -> None:
    """Add what a model call cost (requests, retries, tokens) to the run's stats."""
    stats.llm_calls += outcome.requests
    stats.retries += outcome.retries
    stats.invalid_dropped += len(outcome.repairs)
    stats.connection_failures += outcome.connection_failures
    stats.prompt_tokens += outcome.usage.prompt_tokens
    stats.completion_tokens += outcome.usage.completion_tokens


@dataclass
class _Job:
    article: Article
    part: int
    request: ExtractionRequest[Extraction]
    key: str  # the key its answer is stored under (in the mode `auto` turns out to be)
    lookup: list[str]  # the keys a stored answer may have (several while the mode is `auto`)


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
    """The record of a model's validated answer: what it cost, where it came from (sampling
    included), and what was dropped from it after the last re-ask (salvage)."""
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


def too_long(parts: int, settings: Settings) -> str:
    """Why an article over the parts limit is not sent."""
    return (
        f"too long: it would take {parts} requests of about {settings.token_budget} tokens each; the limit is "
        f"{settings.max_parts} (MAX_PARTS_PER_ARTICLE, about {settings.max_parts * settings.token_budget * CHARS_PER_TOKEN:,} "
        "characters); split the file into articles"
    )


def plan_requests(
    articles: list[Article],
    settings: Settings,
    cache: ResponseCache,
    run: ExtractionRun,
    progress: Progress | None = None,
) -> tuple[dict[str, dict[int, Extraction]], dict[str, int], list[_Job]]:
    """Each article's request(s): cached answers by article and part, parts per article, and the misses
    (an article over the parts limit is noted as a failure of `run`)."""
    parts: dict[str, dict[int, Extraction]] = {a.id: {} for a in articles}
    totals: dict[str, int] = {}
    pending: list[_Job] = []
    for article in articles:
        texts = split_article(article.text, settings.token_budget)
        totals[article.id] = len(texts)
        if len(texts) > settings.max_parts:
            run.failures.append(Failure(path=article.path, reason=too_long(len(texts), settings)))
            if progress:
                progress.update(article, "failed")
            continue
        for index, text in enumerate(texts):
            messages = extraction_messages(article, settings.lang, text, (index + 1, len(texts)))
            request = extraction_request(messages, text)
            job = _Job(
                article,
                index,
                request,
                settings.request_key(messages, Extraction),
                settings.lookup_keys(messages, Extraction),
            )
            found = _cached_extraction(cache, job)
            if found is None:
                pending.append(job)
                run.asked.add(article.id)
                continue
            parts[article.id][index], served = found
            run.served.setdefault(article.id, served)
            run.stats.cache_hits += not served.fixture  # fixture answers are not the user's cache
        if progress and len(parts[article.id]) == len(texts):
            progress.update(article, answered_from(run.served[article.id]))
    return parts, totals, pending


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
    parts, totals, pending = plan_requests(articles, settings, cache, run, progress)

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
        await resolve_mode(settings)
        rekey(pending, settings)
        answered = _Parts(parts, totals, groundings, progress)
        if settings.batch:
            from summarizer.app.batchpipe import through_batches

            await through_batches(pending, settings, cache, run, answered, _settle)
        else:
            await _extract_pending(pending, extractor or default_extractor(settings), settings, cache, run, answered)

    for article in articles:
        got = parts[article.id]
        if len(got) == totals[article.id]:
            extraction = merge_parts([got[i] for i in range(totals[article.id])])
            run.results.append(ArticleResult(article, extraction, groundings=groundings.get(article.id)))
    return run


def answered_from(served: Served) -> str:
    """How progress names a stored answer: 'reference' or 'recorded' from fixtures, 'cached' from
    the user's own response cache."""
    return ("reference" if served.origin == "reference" else "recorded") if served.fixture else "cached"


def _cached_extraction(cache: ResponseCache, job: _Job) -> tuple[Extraction, Served] | None:
    """The cached answer to the job's request; an answer that no longer validates is asked again."""
    for key in job.lookup:
        try:
            found = cache.get_served(key, Extraction)
        except ValidationError as exc:
            log.warning("cached response for %s is invalid, asking again: %s", job.article.path, exc)
            continue
        if found is not None:
            return found
    return None


def rekey(pending: list[_Job], settings: Settings) -> None:
    """Each job's key in the mode its answer is asked in (planned while the mode may still be `auto`)."""
    for job in pending:
        job.key = settings.request_key(job.request.messages, Extraction)


async def resolve_mode(settings: Settings) -> None:
    """Settle `auto` before the first request: the mode is part of every key stored from now on.
    Batch APIs (OpenAI's, vLLM's) take json_schema; a realtime server is asked (llm/detect.py)."""
    if settings.mode == "auto":
        settings.mode = "json_schema" if settings.batch else await detect_mode(settings)


@dataclass
class _Parts:
    """The answers in so far, by article and part, and the groundings that can be carried on."""

    got: dict[str, dict[int, Extraction]]
    totals: dict[str, int]
    groundings: dict[str, Groundings]
    progress: Progress | None
    failed: set[str] = field(default_factory=set)  # articles whose failure is noted

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
