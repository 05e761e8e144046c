"""Articles → their extractions: cached answers first, then every missing part asked through the
extractor's one stream of outcomes, each settled the moment it arrives (stored, counted, joined to
its article's other parts); failures listed, never fatal to the others."""

from __future__ import annotations

import logging
from contextlib import aclosing
from dataclasses import dataclass, field

from pydantic import ValidationError

from summarizer.app.access import OFFLINE_MISS, ModelAccess
from summarizer.app.collector import collection_paused
from summarizer.app.multipass import PassedArticle, answered_from, complete_from_stores, extract_in_passes
from summarizer.app.progress import Progress
from summarizer.contracts.briefing import Failure, Stats
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import ArticleRef
from summarizer.llm.cache import ResponseCache, Served, recorded
from summarizer.llm.chunking import Part, split_article
from summarizer.llm.config import Settings
from summarizer.llm.costs import add_cost
from summarizer.llm.environment import require_network_access, too_long
from summarizer.llm.extractor import ExtractionJob, ExtractionRequest, Extractor, extraction_request
from summarizer.llm.outcome import CallOutcome
from summarizer.llm.prompt import extraction_messages
from summarizer.merge.build import ArticleResult
from summarizer.merge.parts import Answered, article_from_parts
from summarizer.text.ingest import Article
from summarizer.text.quotescan import quotation_candidates

log = logging.getLogger(__name__)


@dataclass
class ExtractionRun:
    results: list[ArticleResult] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    served: dict[str, Served] = field(default_factory=dict)  # article id → where its stored answer came from
    asked: set[str] = field(default_factory=set)  # articles some part of which was asked in this run


@dataclass(frozen=True)
class _Miss:
    """A part whose answer is in no store: what asking for it needs, before its key can be made."""

    article: Article
    index: int
    total: int
    part: Part
    request: ExtractionRequest[Extraction]
    lookup: tuple[str, ...]  # the keys a stored answer may have had (several while the mode is `auto`)

    def job(self, settings: Settings) -> ExtractionJob:
        """The request as a job, with the one key it is stored under in the settled mode of `settings`."""
        key = settings.request_key(self.request.messages, Extraction)
        a = self.article
        return ExtractionJob(a.id, a.path, self.index, self.total, self.part, self.request, key, self.lookup)


@dataclass
class Plan:
    """What the stores hold: the answers by article and part, the parts per article, and the misses."""

    parts: dict[str, dict[int, Answered]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    misses: list[_Miss] = field(default_factory=list)


def plan_requests(
    articles: list[Article],
    settings: Settings,
    cache: ResponseCache,
    run: ExtractionRun,
    progress: Progress | None = None,
) -> Plan:
    """Each article's request(s), looked up in the stores (an article over the parts limit is noted as a
    failure of `run`). Stored answers are looked up under every mode `auto` may become; no key is made
    for a miss until the mode is settled."""
    plan = Plan()
    for article in articles:
        parts = split_article(article.text, settings.run.token_budget)
        plan.totals[article.id], got = len(parts), plan.parts.setdefault(article.id, {})
        if len(parts) > settings.run.max_parts:
            run.failures.append(Failure(path=article.path, reason=too_long(len(parts), settings.run)))
            if progress:
                progress.update(article, "failed")
            continue
        for index, part in enumerate(parts):
            miss = _miss(article, index, len(parts), part, settings)
            found = _cached_extraction(cache, miss)
            if found is None:
                plan.misses.append(miss)
                continue
            cached, served = found
            got[index] = (cached, None, part.in_article)  # the merge locates its spans
            run.served.setdefault(article.id, served)
            run.stats.cache_hits += not served.fixture  # fixture answers are not the user's cache
        if progress and len(got) == len(parts) and article.id in run.served:
            progress.update(article, answered_from(run.served[article.id]))
    return plan


def _miss(article: Article, index: int, total: int, part: Part, settings: Settings) -> _Miss:
    """The request for one part, before any store is asked: its numbered quotations found once,
    for the prompt and for the check that takes a quote by its number."""
    quotations = quotation_candidates(part.text)
    messages = extraction_messages(article, settings.run.lang, part.text, (index + 1, total), quotations)
    request = extraction_request(messages, part.text, quotations)
    return _Miss(article, index, total, part, request, tuple(settings.lookup_keys(messages, Extraction)))


def _cached_extraction(cache: ResponseCache, job: _Miss) -> tuple[Extraction, Served] | None:
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


async def extract_articles(
    articles: list[Article],
    settings: Settings,
    cache: ResponseCache,
    progress: Progress | None = None,
    extractor: Extractor | None = None,
) -> ExtractionRun:
    """Extract every article, cache first; each success is stored the moment it completes.

    An article over the token budget goes out in parts (each cached on its own); it is briefed
    once all its parts are in. Requests that must go out go to `extractor` (by default the one
    for `settings`, made only when needed: instructor over the openai SDK, or the Batch API).
    """
    return await extract_with(articles, ModelAccess(settings, extractor, progress), cache, progress)


async def extract_with(
    articles: list[Article], access: ModelAccess, cache: ResponseCache, progress: Progress | None = None
) -> ExtractionRun:
    """`extract_articles` asking through `access` (whose mode and extractor a caller goes on using)."""
    run = ExtractionRun()
    if progress:
        progress.start(len(articles))
    in_passes = access.settings.protocols == ("3",)
    with collection_paused():  # the stored answers live until the merge: collections would rescan them for nothing
        plan = plan_requests([] if in_passes else articles, access.settings, cache, run, progress)
        passed = (
            [PassedArticle.of(a, access.settings) for a in articles]
            if in_passes
            else _answered_in_passes(plan, access.settings, cache)
        )
    misses = plan.misses
    if access.settings.run.offline:
        for article in {m.article.id: m.article for m in misses}.values():
            run.failures.append(Failure(path=article.path, reason=OFFLINE_MISS))
            if progress:
                progress.update(article, "missing")
        misses = []
    if access.given is None:  # a model given by the caller needs no key or URL of ours
        require_network_access(access.settings, list(dict.fromkeys(m.article.path for m in misses)))
    if misses:
        run.asked.update(m.article.id for m in misses)  # answered in passes from the stores, an article is not asked
        extractor = await access.ready()
        jobs = [miss.job(access.settings) for miss in misses]
        settle = _Settle(plan, {a.id: a for a in articles}, run, cache, access.settings, progress)
        async with aclosing(extractor.extract_all(jobs)) as outcomes:
            async for job, outcome in outcomes:
                settle(job, outcome)
    done = {}
    if passed:
        results, failures = await extract_in_passes(passed, access, cache, run.stats, progress)
        run.failures += failures
        done = {r.article.id: r for r in results}
        for state in passed:
            if state.asked:
                run.asked.add(state.article.id)
            if state.served is not None:
                run.served.setdefault(state.article.id, state.served)
    for article in articles:
        got, total = plan.parts.get(article.id, {}), plan.totals.get(article.id)
        if article.id in done:
            run.results.append(done[article.id])
        elif total is not None and len(got) == total:
            run.results.append(article_from_parts(article, [got[i] for i in range(total)]))
    return run


def _answered_in_passes(plan: Plan, settings: Settings, cache: ResponseCache) -> list[PassedArticle]:
    """Where answers recorded either way serve (offline, `--passes auto`): the articles the one
    request leaves unanswered whose passes the stores answer in full, taken off the plan's misses."""
    if "3" not in settings.protocols:
        return []
    missing = {m.article.id: m.article for m in plan.misses}
    states = [PassedArticle.of(article, settings) for article in missing.values()]
    complete = [state for state in states if complete_from_stores(state, settings, cache)]
    ids = {state.article.id for state in complete}
    plan.misses = [m for m in plan.misses if m.article.id not in ids]
    return complete


@dataclass
class _Settle:
    """Settles each outcome the moment it arrives: its cost counted, its answer stored (unless another
    run stored it: then a cache hit) and joined to its article's parts with what its check located,
    or its article's failure noted once."""

    plan: Plan
    articles: dict[str, Article]
    run: ExtractionRun
    cache: ResponseCache
    settings: Settings
    progress: Progress | None
    failed: set[str] = field(default_factory=set)  # articles whose failure is noted

    def __call__(self, job: ExtractionJob, outcome: CallOutcome[Extraction]) -> None:
        add_cost(self.run.stats, outcome)
        article = self.articles[job.article_id]
        for repair in outcome.repairs:
            log.warning("%s%s: kept without what was invalid after the last re-ask: %s", job.path, job.where, repair)
        if outcome.value is not None:
            if outcome.cached:
                self.run.stats.cache_hits += 1  # stored by another run on this cache: nothing to store again
            else:
                where = ArticleRef(id=job.article_id, path=job.path)
                model, lang = self.settings.model, self.settings.run.lang
                record = recorded(job.key, outcome.value, outcome.spent, model, lang, where, outcome.repairs)
                self.cache.put(job.key, record)
            got = self.plan.parts[article.id]
            got[job.index] = (outcome.value, job.groundings, job.part.in_article)
            if self.progress and len(got) == job.total:
                self.progress.update(article, "cached" if outcome.cached else "extracted")
        elif article.id not in self.failed:
            self.failed.add(article.id)
            self.run.failures.append(Failure(path=article.path, reason=(outcome.error or "no extraction") + job.where))
            if self.progress:
                self.progress.update(article, "failed")
