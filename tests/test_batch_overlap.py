"""Batch runs that overlap on one cache, as overlapping cron jobs would: real processes against the fake
Files + Batches server on 127.0.0.1. One submits at a time and one collects a batch at a time; the
other waits, then briefs every article from what was stored. A run killed at any point loses nothing
and never makes the batch be submitted twice."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from testsupport.articles import make_articles
from testsupport.batchruns import BatchRun, Finished, at_once, overlapping, stored_answers, until
from testsupport.fakebatch import FakeBatchServer, serve_batches
from testsupport.fakeserver import serve

ARTICLES = 40


@pytest.fixture
def batches(tmp_path: Path) -> Iterator[FakeBatchServer]:
    responses = make_articles(tmp_path / "in", ARTICLES)
    with serve(responses) as chat, serve_batches(chat.url, rows_per_poll=8) as fake:
        yield fake
        fake.resume()


def _run(tmp: Path, batches: FakeBatchServer, name: str, quiet: bool = False) -> BatchRun:
    return BatchRun(tmp / "in", tmp / "cache", batches, name, tmp / f"{name}.md", quiet)


def _all_briefed(ran: Finished) -> None:
    assert ran.exit_code == 0, ran.stderr
    assert ran.counts[:2] == (ARTICLES, 0), ran.stderr
    assert "no answer" not in ran.stderr and "Traceback" not in ran.stderr, ran.stderr


def test_a_run_started_while_another_waits_on_its_batch_briefs_every_article(
    tmp_path: Path, batches: FakeBatchServer
) -> None:
    runs = overlapping(tmp_path / "in", tmp_path / "cache", batches, tmp_path)
    for ran in runs:
        _all_briefed(ran)
    assert batches.uploads == 1 and len(batches.batches) == 1
    # Each answer was paid for once, by the run that collected the batch; the other read it from the cache.
    assert sorted(ran.counts[2:] for ran in runs) == [(0, ARTICLES), (ARTICLES, 0)]


def test_two_runs_started_at_once_submit_once(tmp_path: Path, batches: FakeBatchServer) -> None:
    finished = at_once(tmp_path / "in", tmp_path / "cache", batches, tmp_path)
    for ran in finished:
        _all_briefed(ran)
    assert batches.uploads == 1 and len(batches.batches) == 1
    assert sorted(ran.counts[2:] for ran in finished) == [(0, ARTICLES), (ARTICLES, 0)]


def test_a_run_killed_after_its_batch_was_created_but_before_it_was_recorded_is_taken_up(
    tmp_path: Path, batches: FakeBatchServer
) -> None:
    batches.pause_at(2)  # upload, then create: the batch exists on the server, its reply is held
    killed = _run(tmp_path, batches, "killed", quiet=True)
    until(lambda: batches.paused.is_set() or killed.proc.poll() is not None)
    assert batches.paused.is_set() and "batch_0001" in batches.batches
    killed.kill()
    batches.resume()
    again = _run(tmp_path, batches, "again").finish()
    _all_briefed(again)
    assert len(batches.batches) == 1 and batches.uploads == 1  # the batch the killed run created, taken up
    assert again.counts[2:] == (0, ARTICLES)


# Where one of two overlapping runs is killed: when the server has acted on its n-th request but not
# yet answered it, or once k answers are in the cache.
KILL_POINTS = [("reply", n) for n in range(1, 16)] + [("stored", k) for k in (1, 8, 20, 33, 39)]


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_overlapping_runs_one_killed_at_a_random_point_lose_nothing_and_submit_once(
    tmp_path: Path, batches: FakeBatchServer, seed: int
) -> None:
    rng = random.Random(seed)
    how, where = rng.choice(KILL_POINTS)
    together = rng.random() < 0.5  # started at once, or the second while the first's batch runs
    doomed = rng.choice(["first", "second"])
    if how == "reply":
        batches.pause_at(where)
    runs = {"first": _run(tmp_path, batches, "first", quiet=True)}
    if not together:
        until(lambda: "batch_0001" in batches.batches)
    runs["second"] = _run(tmp_path, batches, "second", quiet=True)
    if how == "reply":
        until(lambda: batches.paused.is_set() or all(r.proc.poll() is not None for r in runs.values()))
    else:
        until(
            lambda: stored_answers(tmp_path / "cache") >= where or all(r.proc.poll() is not None for r in runs.values())
        )
    runs[doomed].kill()
    batches.resume()
    survivor = runs["second" if doomed == "first" else "first"].finish()
    context = f"seed {seed}: {how} {where}, {'together' if together else 'overlapping'}, {doomed} killed"
    assert survivor.exit_code == 0, f"{context}\n{survivor.stderr}"
    assert survivor.counts[:2] == (ARTICLES, 0), f"{context}\n{survivor.stderr}"
    assert len(batches.batches) == 1, context  # one submission, whoever was killed when
    again = _run(tmp_path, batches, "again", quiet=True).finish()
    assert again.exit_code == 0 and again.counts == (ARTICLES, 0, ARTICLES, 0), f"{context}\n{again.stderr}"
    assert stored_answers(tmp_path / "cache") == ARTICLES and len(batches.batches) == 1, context
