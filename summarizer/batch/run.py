"""Batch mode: requests go out as Batch API requests, are submitted once (recorded before anything
waits), polled, and their results handed to batch/ingest.py, where they become answers like any
other; or they are written as files for a batch runner of one's own (`export`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Iterable, Iterator, Mapping
from contextlib import aclosing
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.batch import api as batchapi
from summarizer.batch.files import request_body, request_line
from summarizer.batch.files import write_request_files as write_files
from summarizer.batch.ingest import Answer, BatchJob, can_reask, ingest, realtime_reasker
from summarizer.batch.store import EXPORT_PREFIX, BatchStore, StoredBatch
from summarizer.contracts.extraction import Extraction
from summarizer.llm.config import ConfigError, Settings
from summarizer.llm.extractor import Check

if TYPE_CHECKING:
    from openai import OpenAI

log = logging.getLogger(__name__)


class BatchProgress:
    """Told the summed request counts of the batches being waited for; silent by default (an
    application shows them its own way: summarizer.app.batchview)."""

    def update(self, completed: int, failed: int, total: int, statuses: dict[str, str]) -> None:
        return None

    def finish(self) -> None:
        return None


def request_lines(jobs: Iterable[BatchJob], settings: Settings) -> Iterator[tuple[str, bytes]]:
    """(custom_id, JSONL line) for each job: custom_id is the request key, the body the realtime request."""
    for job in jobs:
        body = request_body(job.messages, Extraction, settings.model)
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


def submit(jobs: list[BatchJob], settings: Settings, store: BatchStore, client: OpenAI) -> list[str]:
    """Upload the jobs (split at the API's limits) and start one batch per file; each batch is recorded
    in the cache database as soon as it exists, before anything waits on it."""
    assert settings.stores.cache_dir is not None
    directory = settings.stores.cache_dir / "batch-uploads"
    files = write_files(request_lines(jobs, settings), directory, "requests")
    by_key = {job.key: job for job in jobs}
    started = []
    for path, keys in files:
        file_id = batchapi.upload(client, path)
        info = batchapi.create(client, file_id, f"summarizer: {len(keys)} extraction requests")
        batch = StoredBatch(
            info.id,
            settings.model.base_url or "",
            settings.model.name,
            settings.model.mode,
            file_id,
            info.status,
            0,
            0.0,
            False,
        )
        store.record(batch, ((key, asdict(by_key[key])) for key in keys))
        path.unlink()  # the server has it; nothing local refers to it any more
        started.append(info.id)
    return started


def _submit_or_explain(jobs: list[BatchJob], settings: Settings, store: BatchStore, client: OpenAI) -> list[str]:
    """`submit`, with the API's refusal turned into a message that says what to do (batches created
    before the refusal are recorded, and a re-run resumes them)."""
    import openai

    try:
        return submit(jobs, settings, store, client)
    except (openai.APIStatusError, openai.APIConnectionError) as exc:
        detail = f"HTTP {exc.status_code}" if isinstance(exc, openai.APIStatusError) else "no connection"
        raise ConfigError(
            f"the Batch API at {settings.model.base_url or 'api.openai.com'} refused the upload ({detail}: {exc.message}). "
            "--batch needs /v1/files and /v1/batches (OpenAI's API); for vLLM, use `summarizer batch export` "
            "and `vllm run-batch`, then `summarizer batch import`."
        ) from exc


def _retrieve(client: OpenAI, batch_id: str) -> batchapi.BatchInfo:
    """The batch's state; one the API does not know (another key or endpoint, or deleted) has failed."""
    import openai

    try:
        return batchapi.retrieve(client, batch_id)
    except openai.NotFoundError:
        return batchapi.BatchInfo(batch_id, "failed", problem="the API does not know this batch (another key or URL?)")


async def wait(
    ids: list[str], store: BatchStore, client: OpenAI, poll: float, progress: BatchProgress | None = None
) -> dict[str, batchapi.BatchInfo]:
    """Poll the batches until every one has ended; their last state by id."""
    infos: dict[str, batchapi.BatchInfo] = {}
    while True:
        for batch_id in ids:
            if batch_id not in infos or infos[batch_id].running:
                info = await asyncio.to_thread(_retrieve, client, batch_id)
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


def result_lines(client: OpenAI, info: batchapi.BatchInfo) -> Iterator[str]:
    """The lines of a finished batch's output file, then of its error file (failed and unrun rows)."""
    for file_id in (info.output_file_id, info.error_file_id):
        if file_id:
            yield from batchapi.result_lines(client, file_id)


async def start(jobs: list[BatchJob], settings: Settings, store: BatchStore, client: OpenAI) -> list[str]:
    """The batches that will answer the jobs: requests already waiting in a batch this cache knows are
    not sent again (a killed run resumes here), the rest are submitted."""
    waiting = store.open_keys(job.key for job in jobs)
    fresh = [job for job in jobs if job.key not in waiting]
    ids = sorted(set(waiting.values()))
    if waiting:
        log.info("resuming %d batch(es) holding %d of these requests", len(ids), len(waiting))
    if fresh:
        ids += await asyncio.to_thread(_submit_or_explain, fresh, settings, store, client)
    return ids


async def collect(
    ids: list[str],
    settings: Settings,
    store: BatchStore,
    client: OpenAI,
    progress: BatchProgress | None = None,
    checks: Mapping[str, Check[Extraction] | None] | None = None,
) -> AsyncGenerator[Answer, None]:
    """Wait for the batches, then ingest each: every request of them answered or failed, one by one
    (`checks`: the run's own checks by key, see `ingest`)."""
    infos = await wait(ids, store, client, settings.run.batch_poll, progress)
    reasker = realtime_reasker(settings.run.concurrency) if can_reask(settings) else None
    for batch_id in ids:
        info = infos[batch_id]
        ended = f"batch {batch_id} {info.status}" + (f" ({info.problem})" if info.problem else "")
        notes: list[str] = []
        lines = result_lines(client, info)
        async with aclosing(ingest(lines, batch_id, settings, store, reasker, checks, notes, batch_id, ended)) as got:
            async for answer in got:
                yield answer
        for note in notes:
            log.warning("batch %s: %s", batch_id, note)
        store.set_status(batch_id, info.status, ingested=True)
