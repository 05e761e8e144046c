"""The library entry point: articles → cached or fresh extractions → merged briefing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from summarizer.briefing import Briefing, Failure, Stats
from summarizer.cache import ResponseCache
from summarizer.config import Settings
from summarizer.costs import cost_usd
from summarizer.ingest import Article, load_articles
from summarizer.llm import extract, extraction_key, make_client
from summarizer.merge import ArticleResult, build_briefing
from summarizer.prompt import extraction_messages

log = logging.getLogger(__name__)

Progress = Callable[[Article, str], None]


@dataclass
class ExtractionRun:
    results: list[ArticleResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)


@dataclass
class _Job:
    article: Article
    messages: list[dict[str, str]]
    key: str


def _from_entry(entry: dict[str, Any]) -> Any:
    from summarizer.schema import Extraction

    return Extraction.model_validate(entry["response"])


async def extract_articles(
    articles: list[Article], settings: Settings, cache: ResponseCache, progress: Progress | None = None
) -> ExtractionRun:
    """Extract every article, cache first; each success is stored the moment it completes."""
    run = ExtractionRun()
    jobs = [
        _Job(a, msgs, extraction_key(msgs, settings))
        for a in articles
        for msgs in [extraction_messages(a, settings.lang)]
    ]
    pending: list[_Job] = []
    done: dict[str, ArticleResult] = {}
    for job in jobs:
        entry = cache.get(job.key)
        if entry is not None:
            try:
                done[job.article.id] = ArticleResult(job.article, _from_entry(entry), from_cache=True)
                run.stats.cache_hits += 1
                if progress:
                    progress(job.article, "cached")
                continue
            except (ValidationError, KeyError, TypeError) as exc:
                log.warning("cached response for %s is invalid, asking again: %s", job.article.path, exc)
        pending.append(job)

    if pending and settings.offline:
        for job in pending:
            run.failures.append(
                Failure(
                    path=job.article.path,
                    reason="no cached response and --offline; run without --offline to fill the cache",
                )
            )
            if progress:
                progress(job.article, "missing")
        pending = []
    settings.require_network_access([j.article.path for j in pending])

    if pending:
        client = make_client(settings)
        bound = asyncio.Semaphore(settings.concurrency)

        async def run_one(job: _Job) -> None:
            async with bound:
                outcome = await extract(client, job.messages, job.article.text, settings)
            run.stats.llm_calls += outcome.requests
            run.stats.retries += outcome.retries
            run.stats.prompt_tokens += outcome.usage.prompt_tokens
            run.stats.completion_tokens += outcome.usage.completion_tokens
            if outcome.extraction is None:
                run.failures.append(Failure(path=job.article.path, reason=outcome.error or "no extraction"))
                if progress:
                    progress(job.article, "failed")
                return
            cache.put(
                job.key,
                {
                    "response": outcome.extraction.model_dump(mode="json"),
                    "usage": {
                        "prompt_tokens": outcome.usage.prompt_tokens,
                        "completion_tokens": outcome.usage.completion_tokens,
                    },
                    "model": settings.model,
                    "origin": "recorded",
                    "article": {"id": job.article.id, "path": job.article.path},
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                },
            )
            done[job.article.id] = ArticleResult(job.article, outcome.extraction, from_cache=False)
            if progress:
                progress(job.article, "extracted")

        await asyncio.gather(*(run_one(job) for job in pending))

    run.results = [done[a.id] for a in articles if a.id in done]
    run.stats.cost_usd = cost_usd(
        settings.model, run.stats.prompt_tokens, run.stats.completion_tokens, settings.base_url
    )
    return run


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
        run = asyncio.run(extract_articles(articles, settings, cache, progress))
    finally:
        cache.close()
    failures = [Failure(path=e.path, reason=e.reason) for e in ingest_errors] + run.failures
    run.stats.articles = len(articles) + len(ingest_errors)
    run.stats.articles_failed = len(failures)
    run.stats.failures = len(failures)
    briefing = build_briefing(run.results, settings.lang, failures, run.stats)
    return briefing, {a.id: a.text for a in articles}
