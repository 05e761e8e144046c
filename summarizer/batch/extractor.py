"""The Batch API behind the extraction seam: a run's jobs submitted (or resumed), polled and
ingested, each outcome yielded as a realtime extractor's would be."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import aclosing

from pydantic import ValidationError

from summarizer.batch.api import Endpoints
from summarizer.batch.ingest import BatchJob, store_answer
from summarizer.batch.run import BatchProgress, collect
from summarizer.batch.store import FAILED, BatchStore
from summarizer.batch.submit import start
from summarizer.contracts.extraction import Extraction
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import Settings
from summarizer.llm.extractor import ExtractionJob, ExtractionRequest, InstructorExtractor, M, Outcomes
from summarizer.llm.outcome import CallOutcome

NO_ANSWER = "the batch gave no answer for this request"


class BatchExtractor:
    """Answers a run's jobs through the Batch API at half price: requests already waiting in a batch
    this cache knows are resumed, not sent again; the rest are submitted, recorded before anything
    waits. Each answer is validated and grounded by its job's own check, once (what it located goes
    on with the job); a refused row is re-asked in realtime within the re-ask budget. A single
    request (`extract`: the overview) goes realtime.

    Runs may overlap on one cache: one submits at a time and one collects a batch at a time, and a
    job whose batch another run collected is answered from what that run stored (a cache hit).
    Answers to requests that are not this run's (a resumed batch may hold another run's) are stored
    here, as `batch wait` stores them; the run stores its own as it settles them.
    """

    def __init__(self, settings: Settings, progress: BatchProgress | None = None) -> None:
        self.settings = settings
        self.progress = progress
        self.realtime = InstructorExtractor(settings.model, settings.run.concurrency)

    async def extract(self, request: ExtractionRequest[M]) -> CallOutcome[M]:
        return await self.realtime.extract(request)

    async def extract_all(self, jobs: Sequence[ExtractionJob]) -> Outcomes:
        settings = self.settings
        store = BatchStore(settings.stores.cache_dir)
        cache = ResponseCache(settings.stores.cache_dir)
        try:
            endpoints = Endpoints(settings.model)
            waiting = {job.key: job for job in jobs}
            batch_jobs = [BatchJob.of(job) for job in waiting.values()]
            ids = await start(batch_jobs, settings, store, endpoints, cache, self.progress)
            checks = {key: job.request.check for key, job in waiting.items()}
            async with aclosing(collect(ids, settings, store, endpoints, self.progress, checks)) as answers:
                async for answer in answers:
                    job = waiting.pop(answer.key, None)
                    if job is None:
                        store_answer(cache, answer, settings.run.lang)
                    else:
                        yield job, answer.outcome
            for job in waiting.values():
                yield job, _answered_elsewhere(job, cache, store)
        finally:
            cache.close()
            store.close()
            if self.progress:
                self.progress.finish()


def _answered_elsewhere(job: ExtractionJob, cache: ResponseCache, store: BatchStore) -> CallOutcome[Extraction]:
    """A job no batch answered in this run: its answer as another run stored it (a cache hit), else
    why there is none (the reason its request failed with, when it did)."""
    try:
        value = cache.get_response(job.key, Extraction)
    except ValidationError:
        value = None
    if value is not None:
        return CallOutcome(value=value, cached=True)
    request = store.request(job.key)
    failed = request is not None and request.state == FAILED and request.reason
    return CallOutcome(error=request.reason if failed and request else NO_ANSWER)
