"""Batch results in: each row validated and grounded by its request's own check, as a realtime answer
is; a refused or errored row re-asked in realtime within the re-ask budget; what still fails is
recorded with its reason, never dropped.

Answers come out one at a time. A request is marked answered in the batch store only once whoever
reads the answers has taken it (stored it) and asks for the next, so a run stopped in between
ingests that row again rather than losing it.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Mapping
from contextlib import aclosing
from dataclasses import dataclass, replace
from typing import Any, cast

from pydantic import BaseModel

from summarizer.batch.api import asked_model
from summarizer.batch.files import Checked, check_row, read_results, reask_messages
from summarizer.batch.store import DONE, FAILED, BatchStore
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import ArticleRef
from summarizer.llm.cache import ResponseCache, recorded
from summarizer.llm.config import ModelConfig, Settings
from summarizer.llm.extractor import (
    Check,
    ExtractionJob,
    ExtractionRequest,
    Extractor,
    InstructorExtractor,
    each_as_completed,
    extraction_request,
)
from summarizer.llm.key import response_schema
from summarizer.llm.outcome import CallOutcome
from summarizer.llm.passes.schema import answer_model

NOT_RUN = ("batch_expired", "batch_cancelled")  # rows the batch never ran: reported, resubmitted by a re-run


@dataclass
class BatchJob:
    """One request of a batch as the batch store keeps it: what building it, validating its answer
    and re-asking it need when the run that planned it is gone (`batch wait`, `batch import`)."""

    key: str
    messages: list[dict[str, str]]
    text: str  # the article (or part) its quotes are grounded in
    path: str
    article_id: str
    part: int = 0
    parts: int = 1
    # A request of the multi-pass protocol (llm/passes): its step, the schema of its answer (its
    # choices are the article's: the model is rebuilt from it) and its length bound.
    step: str = ""
    schema: dict[str, Any] | None = None
    max_tokens: int | None = None

    @classmethod
    def of(cls, job: ExtractionJob) -> BatchJob:
        request = job.request
        answer: type[BaseModel] = request.response_model
        schema = None if answer is Extraction else response_schema(answer)
        return cls(
            job.key,
            request.messages,
            job.part.text,
            job.path,
            job.article_id,
            job.index,
            job.total,
            job.step,
            schema,
            request.max_tokens,
        )

    def response_model(self) -> type[BaseModel]:
        """What its answer is validated as: an Extraction, or the pass's answer it was asked for."""
        return Extraction if self.schema is None else answer_model(self.schema)

    def check(self) -> Check[Any] | None:
        """The check its planning made: the same text, the same numbered quotations (a pass has none:
        its spans are copied by the code)."""
        return extraction_request(self.messages, self.text).check if self.schema is None else None


@dataclass
class Answer:
    """One request's fate: its outcome (the rows billed at the batch price on it, any realtime re-ask
    with them), the model and mode it was asked of, and its stored job (None when the batch's files
    never mentioned it)."""

    key: str
    outcome: CallOutcome[Any]
    model: ModelConfig
    job: BatchJob | None = None


Reasker = Callable[[BatchJob, Checked, ModelConfig, Check[Any] | None], Awaitable[CallOutcome[Any]]]


@dataclass
class _Refused:
    job: BatchJob
    checked: Checked
    model: ModelConfig
    check: Check[Any] | None


async def ingest(
    lines: Iterable[str],
    source: str,
    settings: Settings,
    store: BatchStore,
    reasker: Reasker | None,
    checks: Mapping[str, Check[Any] | None] | None = None,
    notes: list[str] | None = None,
    expect: str | None = None,
    ended: str = "",
) -> AsyncGenerator[Answer, None]:
    """The answers in result lines, each checked in the model and mode its batch was sent with, by
    the run's own check where `checks` has one (what it locates travels with the run's job), else
    by one made again from the stored job. Lines that match no waiting request go to `notes`.

    `expect`: a batch whose every request these lines should answer; one that is missing fails, with
    `ended` (how the batch ended) as its reason. Each request ends answered or failed.
    """
    final = reasker is None or settings.model.max_retries == 0  # no re-ask will follow: this check is the last
    models: dict[str, ModelConfig] = {}
    refused: list[_Refused] = []
    seen: set[str] = set()
    for row in read_results(lines, source):
        request = store.request(row.custom_id) if row.custom_id else None
        if request is None or request.state == DONE:
            if request is None and notes is not None:
                notes.append(row.error or f"result for {row.custom_id}, a request this cache did not send")
            continue  # answered already: a resumed ingest, or the same results imported again
        if request.batch_id not in models:
            models[request.batch_id] = _asked(store, request.batch_id, settings.model)
        model, job = models[request.batch_id], BatchJob(**request.job)
        check = checks[job.key] if checks is not None and job.key in checks else job.check()
        checked = check_row(row, job.response_model(), model, check, final)
        seen.add(job.key)
        outcome = CallOutcome[Any](batch_rows=1, batch_usage=checked.usage)
        if checked.value is not None:
            outcome.value = checked.value
            yield Answer(job.key, outcome, model, job)
            store.finish_request(job.key, DONE)
        elif row.code in NOT_RUN or reasker is None:
            outcome.error = checked.error or "no answer"
            store.finish_request(job.key, FAILED, outcome.error)
            yield Answer(job.key, outcome, model, job)
        else:
            refused.append(_Refused(job, checked, model, check))
    for key in sorted(store.pending_keys(expect) - seen if expect else ()):
        reason = f"{ended}: no result for this request in the batch's output or error file"
        store.finish_request(key, FAILED, reason)
        yield Answer(key, CallOutcome(error=reason), settings.model)
    if refused and reasker is not None:
        async with aclosing(_reask_all(refused, store, reasker, settings.run.concurrency)) as reasked:
            async for answer in reasked:
                yield answer


def _asked(store: BatchStore, batch_id: str, model: ModelConfig) -> ModelConfig:
    """The model, mode and endpoint the batch was sent with, where its refused rows are re-asked."""
    return asked_model(model, store.batch(batch_id))


async def _reask_all(
    refused: list[_Refused], store: BatchStore, reasker: Reasker, concurrency: int
) -> AsyncGenerator[Answer, None]:
    def ask(item: _Refused) -> Awaitable[CallOutcome[Any]]:
        return reasker(item.job, item.checked, item.model, item.check)

    async with aclosing(each_as_completed(refused, ask, concurrency * 2)) as each:
        async for item, outcome in each:
            # The realtime re-ask's own requests and tokens, with the batch row that was refused.
            outcome.batch_rows, outcome.batch_usage = 1, item.checked.usage
            answer = Answer(item.job.key, outcome, item.model, item.job)
            if outcome.value is None:
                outcome.error = f"batch answer refused ({item.checked.error}); realtime re-ask failed: {outcome.error}"
                store.finish_request(item.job.key, FAILED, outcome.error)
                yield answer
            else:
                yield answer
                store.finish_request(item.job.key, DONE)


def realtime_reasker(concurrency: int) -> Reasker:
    """Re-ask a refused row in realtime: its answer and the validation message sent back, with the rest
    of the re-ask budget (the batch's answer spent one attempt); an errored row is asked afresh with
    the whole budget. One extractor (one HTTP client) per model, mode, endpoint and budget."""
    extractors: dict[tuple[str, str, str | None, int], Extractor] = {}

    async def reask(job: BatchJob, checked: Checked, model: ModelConfig, check: Check[Any] | None) -> CallOutcome[Any]:
        messages: list[dict[str, Any]] = job.messages
        budget = model.max_retries
        response_model = job.response_model()
        if checked.completion is not None and checked.exception is not None:
            messages = reask_messages(job.messages, checked, response_model, _batch_model(model, job))
            budget -= 1
        which = (model.name, model.mode, model.base_url, budget)
        if which not in extractors:
            extractors[which] = InstructorExtractor(replace(model, max_retries=budget), concurrency)
        request = ExtractionRequest(
            cast(list[dict[str, str]], messages), response_model, check, max_tokens=job.max_tokens
        )
        return await extractors[which].extract(request)

    return reask


def can_reask(settings: Settings, endpoints_known: bool = False) -> bool:
    """A realtime re-ask is possible: a model to ask (configured, or the endpoints the batches were sent
    to: `endpoints_known`), the network allowed, a re-ask left in the budget."""
    reachable = settings.model.reachable or endpoints_known
    return not settings.run.offline and reachable and settings.model.max_retries > 0


def store_answer(cache: ResponseCache, answer: Answer, lang: str) -> bool:
    """Store a validated batch answer as the same record a realtime answer becomes; False for a failure."""
    value = answer.outcome.value
    if value is None:
        return False
    job = answer.job
    article = ArticleRef(id=job.article_id, path=job.path) if job is not None else None
    stage = job.step if job is not None else None
    cache.put(answer.key, recorded(answer.key, value, answer.outcome.spent, answer.model, lang, article, stage=stage))
    return True


def _batch_model(model: ModelConfig, job: BatchJob) -> ModelConfig:
    """The model as a job's request was sent: with the job's own length bound, if it has one."""
    return model if job.max_tokens is None else replace(model, max_tokens=job.max_tokens)
