"""Articles → their extractions through the multi-pass protocol (llm/passes): each article's
requests planned round by round from the answers in so far, stored answers first, the rest asked
as jobs through the extractor's one stream of outcomes (realtime or the Batch API alike), each
answer stored under its own key the moment it arrives.

A request that fails leaves the article's other findings standing; an article fails only when
none of its requests gave an answer.
"""

from __future__ import annotations

import logging
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.app.access import OFFLINE_MISS, ModelAccess
from summarizer.app.progress import Progress
from summarizer.contracts.briefing import Failure, Stats
from summarizer.contracts.record import ArticleRef
from summarizer.llm.cache import ResponseCache, Served, recorded
from summarizer.llm.chunking import Part, split_article
from summarizer.llm.config import Settings
from summarizer.llm.costs import add_cost
from summarizer.llm.environment import require_network_access, too_long
from summarizer.llm.extractor import ExtractionJob
from summarizer.llm.outcome import CallOutcome
from summarizer.llm.passes.protocol import MultiPass, PassRequest
from summarizer.merge.build import ArticleResult
from summarizer.merge.parts import Answered, article_from_parts
from summarizer.text.ingest import Article

log = logging.getLogger(__name__)


@dataclass
class PassedArticle:
    """One article's passes, part by part, and the answers in so far (None: that request failed)."""

    article: Article
    parts: list[Part]
    passes: list[MultiPass]
    answers: list[dict[str, BaseModel | None]]
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # steps no store answered, offline
    asked: bool = False  # some request of it went to the model in this run
    served: Served | None = None  # where its first stored answer came from

    @classmethod
    def of(cls, article: Article, settings: Settings) -> PassedArticle:
        parts = split_article(article.text, settings.run.token_budget)
        title = article.meta.get("title") or ""
        passes = [MultiPass(article.id, part.text, title, settings.run.lang) for part in parts]
        return cls(article, parts, passes, [{} for _ in parts])

    @property
    def answered(self) -> bool:
        """Whether any request of the article gave an answer."""
        return any(value is not None for answers in self.answers for value in answers.values())

    def result(self) -> ArticleResult:
        """The article's extraction from its answers, every span located where it was copied from."""
        answered: list[Answered] = []
        for part, passes, answers in zip(self.parts, self.passes, self.answers, strict=True):
            extraction, groundings = passes.extraction(answers)
            answered.append((extraction, groundings, part.in_article))
        return article_from_parts(self.article, answered)


@dataclass(frozen=True)
class _PassMiss:
    """A pass request no store answers: the article part it is for and what asking needs."""

    state: PassedArticle
    index: int
    pending: PassRequest
    lookup: tuple[str, ...]

    def job(self, settings: Settings) -> ExtractionJob:
        a, request = self.state.article, self.pending.request
        key = settings.request_key(request.messages, request.response_model)
        total = len(self.state.parts)
        part = self.state.parts[self.index]
        return ExtractionJob(a.id, a.path, self.index, total, part, request, key, self.lookup, self.pending.step)


def stored_answer(
    cache: ResponseCache, lookup: tuple[str, ...], model: type[BaseModel], path: str
) -> tuple[BaseModel, Served] | None:
    """The stored answer to a pass request under any of its keys, and where it came from; one that
    no longer validates is asked again."""
    for key in lookup:
        try:
            found = cache.get_served(key, model)
        except ValidationError as exc:
            log.warning("cached pass answer for %s is invalid, asking again: %s", path, exc)
            continue
        if found is not None:
            return found
    return None


def answered_from(served: Served) -> str:
    """How progress names a stored answer: 'reference' or 'recorded' from fixtures, 'cached' from
    the user's own response cache."""
    return ("reference" if served.origin == "reference" else "recorded") if served.fixture else "cached"


def plan_round(state: PassedArticle, settings: Settings, cache: ResponseCache, stats: Stats) -> list[_PassMiss]:
    """The article's requests that no store answers, in the first round not complete from the stores."""
    misses: list[_PassMiss] = []
    for index, (passes, answers) in enumerate(zip(state.passes, state.answers, strict=True)):
        while pending := passes.requests(answers):
            found_all = True
            for request in pending:
                model = request.request.response_model
                lookup = tuple(settings.lookup_keys(request.request.messages, model))
                found = stored_answer(cache, lookup, model, state.article.path)
                if found is None:
                    misses.append(_PassMiss(state, index, request, lookup))
                    found_all = False
                else:
                    answers[request.step], served = found
                    state.served = state.served or served
                    stats.cache_hits += not served.fixture  # fixture answers are not the user's cache
            if not found_all:
                break
    return misses


def complete_from_stores(state: PassedArticle, settings: Settings, cache: ResponseCache) -> bool:
    """Whether the stores answer every request of the article (looked at, not yet taken)."""
    complete = not plan_round(state, settings, cache, Stats())
    for answers in state.answers:
        answers.clear()
    return complete


async def extract_in_passes(
    states: list[PassedArticle],
    access: ModelAccess,
    cache: ResponseCache,
    stats: Stats,
    progress: Progress | None = None,
) -> tuple[list[ArticleResult], list[Failure]]:
    """Every article's passes, round by round: stored answers taken, the rest asked and stored."""
    failures: list[Failure] = []
    live: list[PassedArticle] = []
    for state in states:
        if len(state.parts) > access.settings.run.max_parts:
            failures.append(Failure(path=state.article.path, reason=too_long(len(state.parts), access.settings.run)))
            if progress:
                progress.update(state.article, "failed")
        else:
            live.append(state)
    while True:
        misses = [miss for state in live for miss in plan_round(state, access.settings, cache, stats)]
        if not misses:
            break
        unanswered = list({m.state.article.id: m.state for m in misses}.values())
        if access.settings.run.offline:  # nothing is asked: a request no store answers counts as failed
            for miss in misses:
                miss.state.answers[miss.index][miss.pending.step] = None
                miss.state.missing.append(miss.pending.step)
            continue
        if access.given is None:  # a model given by the caller needs no key or URL of ours
            require_network_access(access.settings, [s.article.path for s in unanswered])
        extractor = await access.ready()
        jobs = {}
        for miss in misses:
            miss.state.asked = True
            job = miss.job(access.settings)
            jobs[(job.article_id, job.index, job.step)] = (miss, job)
        async with aclosing(extractor.extract_all([job for _, job in jobs.values()])) as outcomes:
            async for job, outcome in outcomes:
                miss, _ = jobs[(job.article_id, job.index, job.step)]
                _settle(miss, job, outcome, access.settings, cache, stats)
    results = []
    for state in live:
        if state.answered and state.missing:
            log.warning(
                "%s: briefed without %s, which no store answers (--offline)",
                state.article.path,
                ", ".join(state.missing),
            )
        if state.answered:
            results.append(state.result())
            if progress:
                progress.update(
                    state.article, answered_from(state.served) if state.served and not state.asked else "extracted"
                )
        elif state.missing:
            failures.append(Failure(path=state.article.path, reason=OFFLINE_MISS))
            if progress:
                progress.update(state.article, "missing")
        else:
            reason = state.errors[0] if state.errors else "no answer to any request"
            failures.append(Failure(path=state.article.path, reason=reason))
            if progress:
                progress.update(state.article, "failed")
    return results, failures


def _settle(
    miss: _PassMiss,
    job: ExtractionJob,
    outcome: CallOutcome[Any],
    settings: Settings,
    cache: ResponseCache,
    stats: Stats,
) -> None:
    """An answer stored and taken as its step's, or the step marked failed (its article keeps the rest)."""
    add_cost(stats, outcome)
    where = f"{job.path}{job.where} ({job.step})"
    for repair in outcome.repairs:
        log.warning("%s: kept without what was invalid after the last re-ask: %s", where, repair)
    answers = miss.state.answers[miss.index]
    if outcome.cached:  # another run on this cache stored it: nothing to store again
        stats.cache_hits += 1
    if outcome.value is None:
        answers[job.step] = None
        miss.state.errors.append(f"{outcome.error or 'no answer'}{job.where} ({job.step})")
        log.warning("%s: no answer, the other requests' findings stand: %s", where, outcome.error)
        return
    value = outcome.value
    model = job.request.response_model
    if not isinstance(value, model):  # validated by a batch as the model rebuilt from its schema: the same answer
        value = model.model_validate(value.model_dump(mode="json"))
    ref = ArticleRef(id=job.article_id, path=job.path)
    record = recorded(job.key, value, outcome.spent, settings.model, settings.run.lang, ref, outcome.repairs, job.step)
    if not outcome.cached:
        cache.put(job.key, record)
    answers[job.step] = value


def stored_steps(state: PassedArticle, settings: Settings, cache: ResponseCache) -> list[tuple[str, str, str | None]]:
    """Every request the protocol makes of the article given what the stores hold: (step, key, the
    mode of the stored answer, or None where none is stored; the key is then the configured mode's)."""
    found: list[tuple[str, str, str | None]] = []
    for passes, answers in zip(state.passes, state.answers, strict=True):
        while pending := passes.requests(answers):
            for request in pending:
                model = request.request.response_model
                hit: tuple[str, str, str | None] | None = None
                for mode, key in zip(
                    settings.lookup_modes, settings.lookup_keys(request.request.messages, model), strict=True
                ):
                    stored = stored_answer(cache, (key,), model, state.article.path)
                    if stored is not None:
                        hit = (request.step, key, mode)
                        answers[request.step] = stored[0]
                        break
                if hit is None:
                    answers[request.step] = None
                    hit = (request.step, settings.request_key(request.request.messages, model), None)
                found.append(hit)
    return found
