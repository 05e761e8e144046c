"""Batch mode: requests go out as Batch API requests, are submitted once (batch/submit.py), polled,
and their results collected by one run at a time and handed to batch/ingest.py, where they become
answers like any other; or they are written as files for a batch runner of one's own (`export`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Iterable, Iterator, Mapping
from contextlib import aclosing
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from summarizer.batch.api import BatchAPI, BatchAPIError, BatchInfo, Endpoints
from summarizer.batch.files import request_body, request_line
from summarizer.batch.files import write_request_files as write_files
from summarizer.batch.ingest import Answer, BatchJob, can_reask, ingest, realtime_reasker
from summarizer.batch.lease import Waiting, collecting, held, lease_poll
from summarizer.batch.store import EXPORT_PREFIX, BatchStore, LeaseHolder, StoredBatch
from summarizer.llm.config import Settings
from summarizer.llm.extractor import Check

log = logging.getLogger(__name__)


class BatchProgress:
    """Told the summed request counts of the batches being waited for; silent by default (an
    application shows them its own way: summarizer.app.batchview)."""

    def update(self, completed: int, failed: int, total: int, statuses: dict[str, str]) -> None:
        return None

    def waiting(self, note: str) -> None:
        """Told why nothing moves for a while: another run holds what this one needs next."""
        return None

    def finish(self) -> None:
        return None


def waiting_note(progress: BatchProgress | None, doing: str) -> Waiting:
    """What a run waiting for a lease says, once: who holds it, doing what."""

    def note(holder: LeaseHolder) -> None:
        text = f"another run (process {holder.pid} on {holder.host}) is {doing}; waiting for it"
        log.info("%s", text)
        if progress is not None:
            progress.waiting(text)

    return note


def request_lines(jobs: Iterable[BatchJob], settings: Settings) -> Iterator[tuple[str, bytes]]:
    """(custom_id, JSONL line) for each job: custom_id is the request key, the body the realtime request."""
    for job in jobs:
        model = settings.model if job.max_tokens is None else replace(settings.model, max_tokens=job.max_tokens)
        body = request_body(job.messages, job.response_model(), model)
        yield job.key, request_line(job.key, body)


def export(jobs: list[BatchJob], settings: Settings, store: BatchStore, directory: Path) -> list[Path]:
    """Write the jobs as batch input files in `directory` and remember them for `batch import`."""
    files = write_files(request_lines(jobs, settings), directory, "requests")
    by_key = {job.key: job for job in jobs}
    for path, keys in files:
        batch = StoredBatch(
            f"{EXPORT_PREFIX}{path.resolve()}",
            "",
            settings.model.name,
            settings.model.mode,
            str(path),
            "exported",
            0,
            0.0,
            False,
        )
        store.record(batch, ((key, asdict(by_key[key])) for key in keys))
    return [path for path, _ in files]


async def wait(
    ids: list[str], store: BatchStore, endpoints: Endpoints, poll: float, progress: BatchProgress | None = None
) -> dict[str, BatchInfo]:
    """Poll the batches, each at its own endpoint, until every one has ended; their last state by id.
    A batch the API does not know has failed, unless it was submitted elsewhere (a --base-url that
    says otherwise): that is an error, and the batch stays open."""
    infos: dict[str, BatchInfo] = {}
    stored = {batch_id: store.batch(batch_id) for batch_id in ids}
    apis = {batch_id: endpoints.api(batch) for batch_id, batch in stored.items()}
    endpoint = {batch_id: batch.endpoint if batch else "" for batch_id, batch in stored.items()}
    while True:
        for batch_id in ids:
            if batch_id not in infos or infos[batch_id].running:
                submitted_to = endpoint[batch_id]
                info = await asyncio.to_thread(apis[batch_id].retrieve, batch_id, submitted_to)
                if not info.known and submitted_to and submitted_to != apis[batch_id].url:
                    raise BatchAPIError(info.problem or "")  # asked in the wrong place: nothing is given up
                if batch_id not in infos or info.status != infos[batch_id].status:
                    store.set_status(batch_id, info.status)
                infos[batch_id] = info
        if progress:
            values = infos.values()
            progress.update(
                sum(i.completed for i in values),
                sum(i.failed for i in values),
                sum(i.total for i in values),
                {i.id: i.status for i in values},
            )
        if not any(info.running for info in infos.values()):
            return infos
        await asyncio.sleep(poll)


def result_lines(api: BatchAPI, info: BatchInfo) -> Iterator[str]:
    """The lines of a finished batch's output file, then of its error file (failed and unrun rows)."""
    for file_id in (info.output_file_id, info.error_file_id):
        if file_id:
            yield from api.result_lines(file_id)


async def collect(
    ids: list[str],
    settings: Settings,
    store: BatchStore,
    endpoints: Endpoints,
    progress: BatchProgress | None = None,
    checks: Mapping[str, Check[Any] | None] | None = None,
    reask: bool | None = None,
) -> AsyncGenerator[Answer, None]:
    """Wait for the batches, then ingest each: every request of them answered or failed, one by one
    (`checks`: the run's own checks by key, see `ingest`; `reask`: whether refused rows may be
    re-asked in realtime, by default when the configured model can be).

    One run at a time collects a batch (its collect lease): another that gets there first is waited
    for, and a batch it has ingested is not read again. Its answers are then in the response cache,
    where the caller finds those it needs.
    """
    infos = await wait(ids, store, endpoints, settings.run.batch_poll, progress)
    allowed = can_reask(settings) if reask is None else reask
    reasker = realtime_reasker(settings.run.concurrency) if allowed else None
    poll = lease_poll(settings.run.batch_poll)
    for batch_id in ids:
        note = waiting_note(progress, f"collecting batch {batch_id} from this cache")
        async with held(store, collecting(batch_id), poll, note):
            batch = store.batch(batch_id)
            if batch is None or batch.ingested:
                continue  # collected by another run: its answers are in the cache
            info = infos[batch_id]
            ended = f"batch {batch_id} {info.status}" + (f" ({info.problem})" if info.problem else "")
            notes: list[str] = []
            lines = result_lines(endpoints.api(batch), info)
            ingesting = ingest(lines, batch_id, settings, store, reasker, checks, notes, batch_id, ended)
            async with aclosing(ingesting) as got:
                async for answer in got:
                    yield answer
            for text in notes:
                log.warning("batch %s: %s", batch_id, text)
            store.set_status(batch_id, info.status, ingested=True)
