"""Submitting from a cache, once: under the cache's submit lease (batch/lease.py), requests waiting in
a batch are resumed, answers another run stored are not asked again, and the rest are uploaded and
started, each batch written ahead of its creation so that no kill point leaves a batch unrecorded.

A batch's requests are recorded under its uploaded file (`submitting:<file id>`) before the batch is
created, and take the batch's id once it exists. A run killed in between leaves that record; the
next submitter finds the batch the server started over the file and adopts it, or starts it then.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import asdict

from pydantic import ValidationError

from summarizer.batch.api import BatchAPI, BatchAPIError, Endpoints
from summarizer.batch.files import write_request_files
from summarizer.batch.ingest import BatchJob
from summarizer.batch.lease import SUBMIT, Lease, held, lease_poll
from summarizer.batch.run import BatchProgress, request_lines, waiting_note
from summarizer.batch.store import SUBMITTING_PREFIX, BatchStore, StoredBatch
from summarizer.contracts.extraction import Extraction
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import ConfigError, Settings, shown_url
from summarizer.text.wording import count

log = logging.getLogger(__name__)

UPLOADS = "batch-uploads"  # request files in the cache directory, from written until uploaded
CLOCK_SLACK = 3600.0  # seconds the server's clock may be behind ours when a batch is looked for by its file


def _description(requests: int) -> str:
    return f"summarizer: {requests} extraction requests"


class LeaseLost(ConfigError):
    """This run was stopped longer than its submit lease, and another run took over submitting."""


def submit(jobs: list[BatchJob], settings: Settings, store: BatchStore, api: BatchAPI, lease: Lease) -> list[str]:
    """Upload the jobs (split at the API's limits) and start one batch per file, each recorded before
    it is created and under its id once it is, while this run holds the submit `lease` (confirmed
    before each record and each creation: a run that lost it stops before it could submit twice)."""
    assert settings.stores.cache_dir is not None
    directory = settings.stores.cache_dir / UPLOADS
    for left in directory.glob("*.jsonl"):  # under the lease, files here are those of a run killed before uploading
        left.unlink(missing_ok=True)
    files = write_request_files(request_lines(jobs, settings), directory, f"requests-{uuid.uuid4().hex[:12]}")
    by_key = {job.key: job for job in jobs}
    model = settings.model
    started = []
    for path, keys in files:
        file_id = api.upload(path)
        path.unlink()  # the server has it; nothing local refers to it any more
        _confirm(lease)
        pending = StoredBatch(
            id=f"{SUBMITTING_PREFIX}{file_id}",
            endpoint=shown_url(model.base_url),  # where it goes, never a key, user name or query
            model=model.name,
            mode=model.mode,
            input=file_id,
            status="submitting",
            requests=len(keys),
            created=0.0,
            ingested=False,
        )
        store.record(pending, ((key, asdict(by_key[key])) for key in keys))
        _confirm(lease)  # the run that took over resolves what is recorded
        try:
            info = api.create(file_id, _description(len(keys)))
        except BatchAPIError as exc:
            if exc.refused:  # no batch was started: nothing to resolve later
                store.forget(pending.id)
            raise
        if not store.adopt(pending.id, info.id, info.status):
            # This run was stopped past its lease and another resolved the upload meanwhile: the
            # batch that run found or started stands, and this one is cancelled before it costs.
            log.warning("batch %s duplicates one another run started over %s; cancelling it", info.id, file_id)
            api.cancel(info.id)
            continue
        started.append(info.id)
    return started


def _confirm(lease: Lease) -> None:
    if not lease.keep():
        raise LeaseLost(
            "this run was stopped longer than its lease on submitting, and another run has taken over "
            "submitting from this cache; run the same command again to brief from what it submits"
        )


def resolve_submitting(store: BatchStore, endpoints: Endpoints, start_missing: bool = True) -> None:
    """Give every batch left half-submitted by a run that is gone the batch the server started over its
    file, or (`start_missing`) one started now; without one, or when the server no longer has the
    upload, the record is forgotten and its requests go out again with the next run. The caller
    holds the submit lease."""
    for batch in store.batches(only_open=True):
        if not batch.submitting:
            continue
        api = endpoints.api(batch)
        try:
            found = api.find(batch.input, since=batch.created - CLOCK_SLACK)
        except BatchAPIError as exc:
            if not exc.refused:
                raise
            found = None  # a server without the list endpoint: nothing says the batch was started
        if found is None and start_missing:
            try:
                found = api.create(batch.input, _description(batch.requests))
            except BatchAPIError as exc:
                if not exc.refused:
                    raise
                log.warning("upload %s could not be started (%s); its requests are submitted again", batch.input, exc)
        if found is None:
            store.forget(batch.id)
            continue
        log.info("batch %s, started by a run that stopped before recording it, is taken up", found.id)
        store.adopt(batch.id, found.id, found.status)


def _explained(exc: BatchAPIError) -> ConfigError:
    """A refused upload or creation, with what to do instead."""
    if not exc.refused:
        return exc
    return ConfigError(
        f"{exc}. --batch needs /v1/files and /v1/batches (OpenAI's API); for vLLM, use `summarizer batch export` "
        "and `vllm run-batch`, then `summarizer batch import`."
    )


def _answered(cache: ResponseCache, key: str) -> bool:
    try:
        return cache.get_response(key, Extraction) is not None
    except ValidationError:
        return False


async def start(
    jobs: list[BatchJob],
    settings: Settings,
    store: BatchStore,
    endpoints: Endpoints,
    cache: ResponseCache,
    progress: BatchProgress | None = None,
) -> list[str]:
    """The batches that will answer the jobs: requests waiting in a batch this cache knows are not sent
    again (a killed run resumes here). The rest are submitted under the submit lease, once the batches
    recorded and the answers stored meanwhile by a run that held it are taken into account."""
    keys = [job.key for job in jobs]
    waiting = store.open_keys(keys)
    if len(waiting) == len(keys) and not any(b.startswith(SUBMITTING_PREFIX) for b in waiting.values()):
        log.info("resuming %s holding these requests", count(len(set(waiting.values())), "batch"))
        return sorted(set(waiting.values()))
    note = waiting_note(progress, "submitting from this cache")
    async with held(store, SUBMIT, lease_poll(settings.run.batch_poll), note) as lease:
        await asyncio.to_thread(resolve_submitting, store, endpoints)
        waiting = store.open_keys(keys)
        fresh = [job for job in jobs if job.key not in waiting and not _answered(cache, job.key)]
        ids = sorted(set(waiting.values()))
        if waiting:
            log.info("resuming %s holding %d of these requests", count(len(ids), "batch"), len(waiting))
        if fresh:
            try:
                ids += await asyncio.to_thread(submit, fresh, settings, store, endpoints.api(), lease)
            except BatchAPIError as exc:
                raise _explained(exc) from exc
    return ids
