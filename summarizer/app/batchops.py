"""`summarizer batch …`: the batches a cache knows about — status, wait, cancel, export, import."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.app.extraction import ExtractionRun, plan_requests
from summarizer.app.pipeline import run_sync
from summarizer.batch import api as batchapi
from summarizer.batch.ingest import Answer, BatchJob, can_reask, ingest, realtime_reasker, store_answer
from summarizer.batch.lease import SUBMIT, held, lease_poll
from summarizer.batch.run import BatchProgress, collect, export, waiting_note
from summarizer.batch.store import FAILED, BatchStore, StoredBatch
from summarizer.batch.submit import resolve_submitting
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import ConfigError, Settings
from summarizer.llm.detect import settled_mode
from summarizer.text.ingest import load_articles


@dataclass
class BatchState:
    """A stored batch with what the API says of it now (None: not asked, or exported)."""

    stored: StoredBatch
    info: batchapi.BatchInfo | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)  # (article path, reason)


@dataclass
class Ingested:
    """What waiting or importing gave: answered and failed requests, with reasons."""

    answered: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (article path or key, reason)
    batch_rows: int = 0


def _require_api(settings: Settings, batches: list[StoredBatch]) -> None:
    """The batches can be asked about: the network allowed, and an endpoint for each (remembered, or
    configured)."""
    if settings.run.offline:
        raise ConfigError("--offline: the Batch API cannot be asked; drop --offline")
    if not settings.model.reachable and any(not b.endpoint for b in batches):
        raise ConfigError("no Batch API to ask: set OPENAI_API_KEY, or give --base-url of an OpenAI-compatible server")


def _open(store: BatchStore) -> list[StoredBatch]:
    """The batches whose results are not yet stored, exported files excluded."""
    return [b for b in store.batches(only_open=True) if not b.exported]


def status(settings: Settings, ask_api: bool = True) -> list[BatchState]:
    """Every batch in the cache, newest state from the API for those still open (when `ask_api`), each
    asked at the endpoint it was submitted to unless one is configured."""
    store = BatchStore(settings.stores.cache_dir)
    try:
        states = []
        endpoints = batchapi.Endpoints(settings.model, batchapi.ONE_LOOK_RETRIES)
        for batch in store.batches():
            state = BatchState(batch)
            if ask_api and not batch.ingested and not batch.exported and not batch.submitting:
                state.info = endpoints.api(batch).retrieve(batch.id, batch.endpoint)
                if state.info.known:  # a batch asked about in the wrong place keeps what the cache knows
                    store.set_status(batch.id, state.info.status)
            state.failures = [(r.job.get("path", r.key), r.reason or "") for r in store.requests(batch.id, FAILED)]
            states.append(state)
        return states
    finally:
        store.close()


def wait(settings: Settings, progress: BatchProgress | None = None) -> Ingested:
    """Wait for every open batch of the cache and store its answers (re-asking refused rows in realtime),
    each at the endpoint it was submitted to unless one is configured. A batch whose submitter stopped
    before it was created is created first; one that another run is collecting is left to it."""
    store = BatchStore(settings.stores.cache_dir)
    cache = ResponseCache(settings.stores.cache_dir, [])
    try:
        waiting = _open(store)
        _require_api(settings, waiting)
        endpoints = batchapi.Endpoints(settings.model)
        reask = can_reask(settings, endpoints_known=all(b.endpoint for b in waiting))
        return run_sync(_collect_open(settings, store, endpoints, cache, progress, reask))
    finally:
        cache.close()
        store.close()
        if progress:
            progress.finish()


async def _collect_open(
    settings: Settings,
    store: BatchStore,
    endpoints: batchapi.Endpoints,
    cache: ResponseCache,
    progress: BatchProgress | None,
    reask: bool,
) -> Ingested:
    await _resolve_submitting(settings, store, endpoints, progress)
    ids = [b.id for b in _open(store)]
    return await _stored(collect(ids, settings, store, endpoints, progress, reask=reask), cache, settings)


async def _resolve_submitting(
    settings: Settings,
    store: BatchStore,
    endpoints: batchapi.Endpoints,
    progress: BatchProgress | None,
    start_missing: bool = True,
) -> None:
    """Batches left half-submitted by a run that stopped, resolved under the submit lease (batch/submit.py)."""
    if any(b.submitting for b in _open(store)):
        note = waiting_note(progress, "submitting from this cache")
        async with held(store, SUBMIT, lease_poll(settings.run.batch_poll), note):
            await asyncio.to_thread(resolve_submitting, store, endpoints, start_missing)


def cancel(settings: Settings, ids: list[str]) -> list[batchapi.BatchInfo]:
    """Cancel the given batches (default: every running one the cache knows), each at the endpoint it
    was submitted to unless one is configured. Rows already answered stay in the batch's output;
    `batch wait` then stores them and reports the rest. A batch its submitter stopped before creating
    is cancelled if the API has it, else forgotten (nothing of it runs)."""
    store = BatchStore(settings.stores.cache_dir)
    try:
        _require_api(settings, _open(store))
        endpoints = batchapi.Endpoints(settings.model, batchapi.ONE_LOOK_RETRIES)
        run_sync(_resolve_submitting(settings, store, endpoints, None, start_missing=False))
        known = {b.id: b for b in _open(store)}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise ConfigError(f"not an open batch of this cache: {', '.join(unknown)}; see `summarizer batch status`")
        cancelled = [endpoints.api(known[batch_id]).cancel(batch_id) for batch_id in ids or list(known)]
        for info in cancelled:
            store.set_status(info.id, info.status)
        return cancelled
    finally:
        store.close()


def export_requests(
    paths: list[str], settings: Settings, directory: Path, encoding: str = "utf-8"
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Write the cache misses of the articles under `paths` as batch input files, without submitting;
    also the articles that cannot be exported (unreadable, too long), with why."""
    articles, errors = load_articles(paths, encoding)
    planned = ExtractionRun()
    cache = ResponseCache(settings.stores.cache_dir, settings.stores.fixture_dirs)
    store = BatchStore(settings.stores.cache_dir)
    try:
        misses = plan_requests(articles, settings, cache, planned).misses
        settings = settings.with_mode(run_sync(settled_mode(settings.model, batch=True)))  # nothing is asked
        jobs = list({job.key: BatchJob.of(job) for job in (miss.job(settings) for miss in misses)}.values())
        files = export(jobs, settings, store, directory) if jobs else []
        skipped = [(e.path, e.reason) for e in errors] + [(f.path, f.reason) for f in planned.failures]
        return files, skipped
    finally:
        store.close()
        cache.close()


def import_results(path: Path, settings: Settings) -> tuple[Ingested, int]:
    """Store the answers of a result file made elsewhere (`vllm run-batch`, a download) for requests this
    cache exported or submitted; refused rows are re-asked in realtime when a model is configured.
    Also returns how many exported requests still wait for results (another file may hold them)."""
    store = BatchStore(settings.stores.cache_dir)
    cache = ResponseCache(settings.stores.cache_dir, [])
    try:
        reasker = realtime_reasker(settings.run.concurrency) if can_reask(settings) else None
        notes: list[str] = []
        with path.open(encoding="utf-8") as lines:
            result = run_sync(_stored(ingest(lines, str(path), settings, store, reasker, notes=notes), cache, settings))
        result.failures += [("", note) for note in notes]
        still = 0
        for batch in store.batches(only_open=True):
            left = len(store.pending_keys(batch.id))
            if batch.exported and not left:
                store.set_status(batch.id, "imported", ingested=True)
            still += left if batch.exported else 0
        return result, still
    finally:
        cache.close()
        store.close()


async def _stored(answers: AsyncIterator[Answer], cache: ResponseCache, settings: Settings) -> Ingested:
    """Store each answer as it comes, as a realtime answer is stored; what failed, with its reason
    (by key: re-asked rows finish in no fixed order)."""
    result = Ingested()
    async for answer in answers:
        result.batch_rows += answer.outcome.batch_rows
        if store_answer(cache, answer, settings.run.lang):
            result.answered += 1
        else:
            result.failures.append((answer.key, answer.outcome.error or "no answer"))
    result.failures.sort()
    return result
