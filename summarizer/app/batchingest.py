"""Batch results in: each row validated and grounded as a realtime answer and stored as the same record;
a refused or errored row re-asked in realtime within the re-ask budget; what still fails is recorded
with its reason, never dropped."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, cast

from summarizer.batch.files import Checked, check_row, read_results, reask_messages
from summarizer.batch.store import DONE, FAILED, BatchStore
from summarizer.contracts.extraction import Extraction
from summarizer.llm.cache import ResponseCache
from summarizer.llm.client import CallOutcome, Usage
from summarizer.llm.config import Settings
from summarizer.llm.extractor import ExtractionRequest, Extractor, InstructorExtractor, extraction_request

NOT_RUN = ("batch_expired", "batch_cancelled")  # rows the batch never ran: reported, resubmitted by a re-run


@dataclass
class BatchJob:
    """One request of a batch: what building it, validating its answer and re-asking it need."""

    key: str
    messages: list[dict[str, str]]
    text: str  # the article (or part) its quotes are grounded in
    path: str
    article_id: str
    part: int = 0
    parts: int = 1


@dataclass
class BatchAnswer:
    """One request's fate: the outcome (realtime re-asks included) and the tokens billed at batch price."""

    outcome: CallOutcome[Extraction]
    batch_usage: Usage = field(default_factory=Usage)
    batch_rows: int = 0


Store = Callable[[BatchJob, Extraction, Usage, Settings], None]


Reasker = Callable[[BatchJob, Checked, Settings], Awaitable[CallOutcome[Extraction]]]


async def ingest(
    lines: Iterable[str],
    source: str,
    settings: Settings,
    store: BatchStore,
    save: Store,
    reasker: Reasker | None,
    expect: str | None = None,
    ended: str = "",
) -> tuple[dict[str, BatchAnswer], list[str]]:
    """Turn result lines into answers by key, each checked in the model and mode its batch was sent with;
    lines that match no waiting request come back as notes.

    `expect`: a batch whose every request these lines should answer; one that is missing fails, with
    `ended` (how the batch ended) as its reason. Each request ends answered (stored) or failed.
    """
    final = reasker is None or settings.model.max_retries == 0  # no re-ask will follow: this check is the last
    runs: dict[str, Settings] = {}
    answers: dict[str, BatchAnswer] = {}
    refused: list[tuple[BatchJob, Checked, BatchAnswer, Settings]] = []
    notes: list[str] = []
    for row in read_results(lines, source):
        request = store.request(row.custom_id) if row.custom_id else None
        if request is None or request.state == DONE:
            if request is None:
                notes.append(row.error or f"result for {row.custom_id}, a request this cache did not send")
            continue  # answered already: a resumed ingest, or the same results imported again
        if request.batch_id not in runs:
            batch = store.batch(request.batch_id)
            asked = replace(settings.model, name=batch.model, mode=batch.mode) if batch else settings.model
            runs[request.batch_id] = replace(settings, model=asked)
        run = runs[request.batch_id]
        job = BatchJob(**request.job)
        checked = check_row(row, Extraction, run.model, extraction_request(job.messages, job.text).check, final)
        answer = BatchAnswer(CallOutcome(), checked.usage, batch_rows=1)
        answers[job.key] = answer
        if checked.value is not None:
            answer.outcome.value = cast(Extraction, checked.value)
            save(job, answer.outcome.value, checked.usage, run)
            store.finish_request(job.key, DONE)
        elif row.code in NOT_RUN or reasker is None:
            answer.outcome.error = checked.error or "no answer"
            store.finish_request(job.key, FAILED, answer.outcome.error)
        else:
            refused.append((job, checked, answer, run))
    for key in sorted(store.pending_keys(expect) - answers.keys() if expect else ()):
        reason = f"{ended}: no result for this request in the batch's output or error file"
        answers[key] = BatchAnswer(CallOutcome(error=reason))
        store.finish_request(key, FAILED, reason)
    if refused and reasker is not None:
        await _reask_all(refused, store, save, reasker)
    return answers, notes


async def _reask_all(
    refused: list[tuple[BatchJob, Checked, BatchAnswer, Settings]], store: BatchStore, save: Store, reasker: Reasker
) -> None:
    bound = asyncio.Semaphore(refused[0][3].run.concurrency * 2)

    async def one(job: BatchJob, checked: Checked, answer: BatchAnswer, run: Settings) -> None:
        async with bound:
            outcome = await reasker(job, checked, run)
        answer.outcome = outcome  # its usage: the realtime part only; the batch part is billed apart
        spent = Usage(outcome.usage.prompt_tokens, outcome.usage.completion_tokens)
        spent.add(checked.usage)  # the record's usage: everything its answer cost
        if outcome.value is None:
            reason = f"batch answer refused ({checked.error}); realtime re-ask failed: {outcome.error}"
            outcome.error = reason
            store.finish_request(job.key, FAILED, reason)
            return
        save(job, outcome.value, spent, run)
        store.finish_request(job.key, DONE)

    await asyncio.gather(*(one(*item) for item in refused))


def realtime_reasker() -> Reasker:
    """Re-ask a refused row in realtime: its answer and the validation message sent back, with the rest
    of the re-ask budget (the batch's answer spent one attempt); an errored row is asked afresh with
    the whole budget. One extractor (one HTTP client) per model, mode and budget."""
    extractors: dict[tuple[str, str, int], Extractor] = {}

    async def reask(job: BatchJob, checked: Checked, run: Settings) -> CallOutcome[Extraction]:
        messages: list[dict[str, Any]] = job.messages
        budget = run.model.max_retries
        if checked.completion is not None and checked.exception is not None:
            messages = reask_messages(job.messages, checked, Extraction, run.model)
            budget -= 1
        which = (run.model.name, run.model.mode, budget)
        if which not in extractors:
            extractors[which] = InstructorExtractor(replace(run.model, max_retries=budget), run.run.concurrency)
        check = extraction_request(job.messages, job.text).check
        request = ExtractionRequest(cast(list[dict[str, str]], messages), Extraction, check)
        return await extractors[which].extract(request)

    return reask


def can_reask(settings: Settings) -> bool:
    """A realtime re-ask is possible: a model to ask, the network allowed, a re-ask left in the budget."""
    return not settings.run.offline and settings.model.reachable and settings.model.max_retries > 0


def saver(cache: ResponseCache) -> Store:
    """Store a validated batch answer as the same record a realtime answer becomes."""
    from summarizer.app.extraction import recorded
    from summarizer.contracts.record import ArticleRef

    def save(job: BatchJob, value: Extraction, usage: Usage, run: Settings) -> None:
        record = recorded(job.key, value, usage, run)
        record.article = ArticleRef(id=job.article_id, path=job.path)
        cache.put(job.key, record)

    return save
