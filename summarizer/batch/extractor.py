"""The Batch API behind the extraction seam: a run's jobs submitted (or resumed), polled and
ingested, each outcome yielded as a realtime extractor's would be."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import aclosing

from summarizer.batch.api import batch_client
from summarizer.batch.ingest import BatchJob, store_answer
from summarizer.batch.run import BatchProgress, collect, start
from summarizer.batch.store import BatchStore
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import Settings
from summarizer.llm.extractor import ExtractionJob, ExtractionRequest, InstructorExtractor, M, Outcomes
from summarizer.llm.outcome import CallOutcome


class BatchExtractor:
    """Answers a run's jobs through the Batch API at half price: requests already waiting in a batch
    this cache knows are resumed, not sent again; the rest are submitted, recorded before anything
    waits. Each answer is validated and grounded by its job's own check, once (what it located goes
    on with the job); a refused row is re-asked in realtime within the re-ask budget. A single
    request (`extract`: the overview) goes realtime.

    Answers to requests that are not this run's (a resumed batch may hold another run's) are
    stored here, as `batch wait` stores them; the run stores its own as it settles them.
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
        others = ResponseCache(settings.stores.cache_dir)
        try:
            client = batch_client(settings.model)
            waiting = {job.key: job for job in jobs}
            ids = await start([BatchJob.of(job) for job in waiting.values()], settings, store, client)
            checks = {key: job.request.check for key, job in waiting.items()}
            async with aclosing(collect(ids, settings, store, client, self.progress, checks)) as answers:
                async for answer in answers:
                    job = waiting.pop(answer.key, None)
                    if job is None:
                        store_answer(others, answer, settings.run.lang)
                    else:
                        yield job, answer.outcome
            for job in waiting.values():
                yield job, CallOutcome(error="the batch gave no answer for this request")
        finally:
            others.close()
            store.close()
            if self.progress:
                self.progress.finish()
