"""Leases in the cache database (batch/lease.py) and batches left half-submitted (batch/submit.py):
one holder at a time, a crashed holder's lease free again, a live one kept by renewing, and an
upload whose batch was or was not started taken up without a second batch."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.batch.api import BatchAPI, Endpoints
from summarizer.batch.ingest import BatchJob
from summarizer.batch.lease import Lease, held
from summarizer.batch.store import SUBMITTING_PREFIX, BatchStore, LeaseHolder, StoredBatch
from summarizer.batch.submit import LeaseLost, resolve_submitting, submit
from summarizer.llm.config import ModelConfig
from tests.conftest import REFERENCE
from testsupport.fakebatch import FakeBatchServer, serve_batches
from testsupport.fakeserver import responses_from_fixtures, serve
from testsupport.settings import make_settings


@pytest.fixture
def store(tmp_path: Path) -> Iterator[BatchStore]:
    opened = BatchStore(tmp_path)
    yield opened
    opened.close()


def test_one_holder_at_a_time_and_the_next_takes_it_once_released(store: BatchStore) -> None:
    first, second = Lease(store, "submit"), Lease(store, "submit")
    assert first.try_take() is None
    holder = second.try_take()
    assert holder is not None and holder.token == first.token and holder.pid == os.getpid()
    assert Lease(store, "collect:batch_1").try_take() is None  # another name, another lease
    first.release()
    assert second.try_take() is None
    second.release()


HOLD = """
import sys
from pathlib import Path
from summarizer.batch.lease import Lease
from summarizer.batch.store import BatchStore
taken = Lease(BatchStore(Path(sys.argv[1])), "submit").try_take() is None
print("taken" if taken else "refused", flush=True)
sys.stdin.read()  # holds it until killed or told to stop
"""


def test_the_lease_of_a_process_that_is_gone_is_free_at_once(tmp_path: Path, store: BatchStore) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "taken"
    seen = Lease(store, "submit").try_take()
    assert seen is not None and seen.pid == holder.pid  # alive: it holds
    holder.kill()
    holder.wait(30)
    assert Lease(store, "submit").try_take() is None  # gone: free long before its lease would run out


def test_processes_asking_at_once_get_the_lease_once(tmp_path: Path) -> None:
    BatchStore(tmp_path).close()  # the file exists, so the processes race for the lease, not the migration
    askers = [
        subprocess.Popen(
            [sys.executable, "-c", HOLD, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    answers = []
    for proc in askers:
        assert proc.stdout is not None
        answers.append(proc.stdout.readline().strip())
    for proc in askers:
        proc.communicate("", timeout=30)
    assert sorted(answers) == ["refused", "refused", "refused", "taken"]


def test_a_lease_held_on_another_host_counts_until_it_runs_out(store: BatchStore) -> None:
    elsewhere = LeaseHolder("their-token", 1, "another-host", time.time() + 60)
    assert store.take_lease("submit", elsewhere, lambda holder: False) is None
    assert Lease(store, "submit").try_take() == elsewhere  # its process is not ours to look for
    ran_out = LeaseHolder("their-token", 1, "another-host", time.time() - 1)
    store.renew_lease("submit", "their-token", ran_out.expires)
    mine = Lease(store, "submit")
    assert mine.try_take() is None
    mine.release()


def test_a_holder_keeps_its_lease_past_its_length_by_renewing_it(store: BatchStore) -> None:
    holding = Lease(store, "collect:batch_1", seconds=2.0)  # renewed every 0.5 s
    assert holding.try_take() is None
    time.sleep(4.0)
    assert Lease(store, "collect:batch_1").try_take() is not None and not holding.lost
    holding.release()
    assert Lease(store, "collect:batch_1").try_take() is None


def test_a_run_waiting_for_a_lease_says_who_holds_it_once_then_takes_it(store: BatchStore) -> None:
    first = Lease(store, "submit")
    assert first.try_take() is None
    told: list[LeaseHolder] = []

    async def second() -> float:
        asyncio.get_running_loop().call_later(0.5, first.release)
        async with held(store, "submit", 0.05, told.append):
            return time.monotonic()

    started = time.monotonic()
    entered = asyncio.run(second())
    assert entered - started >= 0.45 and [h.token for h in told] == [first.token]


@pytest.fixture
def batches() -> Iterator[FakeBatchServer]:
    with serve(responses_from_fixtures(REFERENCE)) as chat, serve_batches(chat.url) as fake:
        yield fake


def _half_submitted(store: BatchStore, batches: FakeBatchServer, tmp_path: Path) -> tuple[BatchAPI, str]:
    """A request file uploaded and recorded as being submitted, as a run killed before `create` leaves it."""
    model = ModelConfig(name="test-model", base_url=batches.url)
    api = BatchAPI(model)
    upload = tmp_path / "requests.jsonl"
    line = '{"custom_id":"s1:k","method":"POST","url":"/v1/chat/completions","body":{"model":"test-model"}}\n'
    upload.write_text(line, encoding="utf-8")
    file_id = api.upload(upload)
    pending = StoredBatch(
        f"{SUBMITTING_PREFIX}{file_id}", batches.url, "test-model", "tools", file_id, "submitting", 1, 0, False
    )
    store.record(pending, [("s1:k", {"key": "s1:k"})])
    return api, file_id


def test_an_upload_whose_batch_was_started_is_adopted_not_started_again(
    store: BatchStore, batches: FakeBatchServer, tmp_path: Path
) -> None:
    api, file_id = _half_submitted(store, batches, tmp_path)
    started = api.create(file_id, "started before the run was killed")
    resolve_submitting(store, Endpoints(ModelConfig()))  # no endpoint configured: the recorded one is asked
    assert len(batches.batches) == 1
    assert [b.id for b in store.batches()] == [started.id] and store.open_keys(["s1:k"]) == {"s1:k": started.id}


def test_an_upload_whose_batch_was_never_started_is_started_once(
    store: BatchStore, batches: FakeBatchServer, tmp_path: Path
) -> None:
    _, file_id = _half_submitted(store, batches, tmp_path)
    resolve_submitting(store, Endpoints(ModelConfig()))
    resolve_submitting(store, Endpoints(ModelConfig()))  # nothing left to resolve
    (batch,) = batches.batches.values()
    assert batch.input_file_id == file_id and store.open_keys(["s1:k"]) == {"s1:k": batch.id}


def test_cancelling_forgets_an_upload_whose_batch_was_never_started(
    store: BatchStore, batches: FakeBatchServer, tmp_path: Path
) -> None:
    _half_submitted(store, batches, tmp_path)
    resolve_submitting(store, Endpoints(ModelConfig()), start_missing=False)
    assert batches.batches == {} and store.batches() == [] and store.open_keys(["s1:k"]) == {}


def test_a_submitter_that_lost_its_lease_stops_before_it_records_or_creates_a_batch(
    store: BatchStore, batches: FakeBatchServer, tmp_path: Path
) -> None:
    mine = Lease(store, "submit", seconds=60)
    assert mine.try_take() is None
    store.renew_lease("submit", mine.token, time.time() - 1)  # as if this run had been stopped past its lease
    other = Lease(store, "submit")
    assert other.try_take() is None  # another run takes it over
    settings = make_settings(model="test-model", base_url=batches.url, mode="tools", cache_dir=tmp_path)
    job = BatchJob(
        "s1:k", [{"role": "user", "content": "Article 0123456789abcdef"}], "text", "a.txt", "0123456789abcdef"
    )
    with pytest.raises(LeaseLost, match="another run has taken over submitting"):
        submit([job], settings, store, BatchAPI(settings.model), mine)
    assert mine.lost and not mine.keep()
    assert batches.batches == {} and store.batches() == []  # nothing recorded, nothing started
    mine.release()
    other.release()
