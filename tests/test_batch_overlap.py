"""Batch runs that overlap on one cache, as overlapping cron jobs would: real processes against the fake
Files + Batches server on 127.0.0.1. One submits at a time and one collects a batch at a time; the
other waits, then briefs every article from what was stored. A run killed at any point loses nothing
and never makes the batch be submitted twice."""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from testsupport.articles import make_articles
from testsupport.fakebatch import FakeBatchServer, serve_batches
from testsupport.fakeserver import serve

ARTICLES = 40
SUMMARY = re.compile(r"(\d+) articles, (\d+) failed, (\d+) cache hits, (\d+) LLM calls")


@dataclass(frozen=True)
class Ran:
    exit_code: int
    stderr: str

    @property
    def counts(self) -> tuple[int, int, int, int]:
        """(articles, failed, cache hits, LLM calls) of the summary line."""
        found = SUMMARY.search(self.stderr)
        assert found, self.stderr
        articles, failed, hits, calls = (int(n) for n in found.groups())
        return articles, failed, hits, calls


class Run:
    """`summarise IN --batch` as a child process, its stderr read as it comes (to see what it says)."""

    def __init__(self, tmp: Path, batches: FakeBatchServer, name: str, quiet: bool = False) -> None:
        env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(tmp / "cache"), "SUMMARIZER_BATCH_POLL": "0.02"}
        env["OPENAI_API_KEY"] = f"key-of-{name}"  # which run asked shows in the server's Authorization headers
        command = [sys.executable, "-m", "summarizer", "summarise", str(tmp / "in"), "--batch"]
        command += ["--base-url", batches.url, "--model", "test-model", "--mode", "tools", "--no-synthesis"]
        command += ["--fixtures", "none", "-o", str(tmp / f"{name}.md")] + (["-q"] if quiet else [])
        self.name = name
        self.proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    def said(self, words: str) -> bool:
        return any(words in line for line in self.lines)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)  # reaped at once, as a shell or cron reaps its jobs

    def finish(self, timeout: float = 300) -> Ran:
        code = self.proc.wait(timeout)
        self._reader.join(30)
        return Ran(code, "".join(self.lines))


@pytest.fixture
def batches(tmp_path: Path) -> Iterator[FakeBatchServer]:
    responses = make_articles(tmp_path / "in", ARTICLES)
    with serve(responses) as chat, serve_batches(chat.url, rows_per_poll=8) as fake:
        yield fake
        fake.resume()


def _until(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.01)


def _stored(cache: Path) -> int:
    """Answers in the response cache so far (0 while another process is still creating the file)."""
    try:
        with sqlite3.connect(cache / "responses.sqlite3", timeout=30) as db:
            return int(db.execute("SELECT count(*) FROM responses").fetchone()[0])
    except sqlite3.Error:
        return 0


def _all_briefed(ran: Ran) -> None:
    assert ran.exit_code == 0, ran.stderr
    assert ran.counts[:2] == (ARTICLES, 0), ran.stderr
    assert "no answer" not in ran.stderr and "Traceback" not in ran.stderr, ran.stderr


def test_a_run_started_while_another_waits_on_its_batch_briefs_every_article(
    tmp_path: Path, batches: FakeBatchServer
) -> None:
    batches.hold()  # the batch stays in progress until both runs poll it
    first = Run(tmp_path, batches, "first")
    _until(lambda: "batch_0001" in batches.batches and batches.polls >= 3)
    second = Run(tmp_path, batches, "second")
    _until(lambda: "Bearer key-of-second" in batches.authorizations)
    assert "Bearer key-of-second" in batches.authorizations  # the second polls the first's batch
    batches.hold(False)
    runs = [first.finish(), second.finish()]
    for ran in runs:
        _all_briefed(ran)
    assert batches.uploads == 1 and len(batches.batches) == 1
    # Each answer was paid for once, by the run that collected the batch; the other read it from the cache.
    assert sorted(ran.counts[2:] for ran in runs) == [(0, ARTICLES), (ARTICLES, 0)]


def test_two_runs_started_at_once_submit_once(tmp_path: Path, batches: FakeBatchServer) -> None:
    batches.pause_at(1)  # the first upload's reply waits: the other run is sure to be at its own submission
    runs = [Run(tmp_path, batches, "first"), Run(tmp_path, batches, "second")]
    _until(lambda: batches.uploads >= 2 or any(r.said("is submitting from this cache; waiting for it") for r in runs))
    batches.resume()
    finished = [run.finish() for run in runs]
    for ran in finished:
        _all_briefed(ran)
    assert batches.uploads == 1 and len(batches.batches) == 1
    assert sorted(ran.counts[2:] for ran in finished) == [(0, ARTICLES), (ARTICLES, 0)]


def test_a_run_killed_after_its_batch_was_created_but_before_it_was_recorded_is_taken_up(
    tmp_path: Path, batches: FakeBatchServer
) -> None:
    batches.pause_at(2)  # upload, then create: the batch exists on the server, its reply is held
    killed = Run(tmp_path, batches, "killed", quiet=True)
    _until(lambda: batches.paused.is_set() or killed.proc.poll() is not None)
    assert batches.paused.is_set() and "batch_0001" in batches.batches
    killed.kill()
    batches.resume()
    again = Run(tmp_path, batches, "again").finish()
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
    runs = {"first": Run(tmp_path, batches, "first", quiet=True)}
    if not together:
        _until(lambda: "batch_0001" in batches.batches)
    runs["second"] = Run(tmp_path, batches, "second", quiet=True)
    if how == "reply":
        _until(lambda: batches.paused.is_set() or all(r.proc.poll() is not None for r in runs.values()))
    else:
        _until(lambda: _stored(tmp_path / "cache") >= where or all(r.proc.poll() is not None for r in runs.values()))
    runs[doomed].kill()
    batches.resume()
    survivor = runs["second" if doomed == "first" else "first"].finish()
    context = f"seed {seed}: {how} {where}, {'together' if together else 'overlapping'}, {doomed} killed"
    assert survivor.exit_code == 0, f"{context}\n{survivor.stderr}"
    assert survivor.counts[:2] == (ARTICLES, 0), f"{context}\n{survivor.stderr}"
    assert len(batches.batches) == 1, context  # one submission, whoever was killed when
    again = Run(tmp_path, batches, "again", quiet=True).finish()
    assert again.exit_code == 0 and again.counts == (ARTICLES, 0, ARTICLES, 0), f"{context}\n{again.stderr}"
    assert _stored(tmp_path / "cache") == ARTICLES and len(batches.batches) == 1, context
