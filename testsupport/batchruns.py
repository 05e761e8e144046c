"""`summarise DIR --batch` as child processes on one cache, for tests of runs that overlap or are killed:
started, watched (their stderr read as it comes), killed at a chosen point, and finished."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from testsupport.cli import child_env, command
from testsupport.fakebatch import FakeBatchServer

# The closing line: "40 articles, 0 failed, [N reference answers, ]40 cache hits, 0 LLM calls, …".
SUMMARY = re.compile(r"(\d+) articles?, (\d+) failed, (?:[^,]+, )*?(\d+) cache hits?, (\d+) LLM calls?")


@dataclass(frozen=True)
class Finished:
    """What a finished run left: its exit code and stderr."""

    exit_code: int
    stderr: str

    @property
    def counts(self) -> tuple[int, int, int, int]:
        """(articles, failed, cache hits, LLM calls) of the summary line."""
        found = SUMMARY.search(self.stderr)
        assert found, self.stderr
        articles, failed, hits, calls = (int(n) for n in found.groups())
        return articles, failed, hits, calls


class BatchRun:
    """`summarise ARTICLES --batch` against `batches`, caching in `cache`, as a child process. Its key
    is `key-of-NAME`, so the server's Authorization headers show which run asked."""

    def __init__(
        self, articles: Path, cache: Path, batches: FakeBatchServer, name: str, out: Path, quiet: bool = False
    ) -> None:
        env = {"SUMMARIZER_CACHE_DIR": str(cache), "SUMMARIZER_BATCH_POLL": "0.02", "OPENAI_API_KEY": f"key-of-{name}"}
        args = ["summarise", str(articles), "--batch", "--base-url", batches.url, "--model", "test-model"]
        args += ["--mode", "tools", "--no-synthesis", "--fixtures", "none", "-o", str(out)] + (["-q"] if quiet else [])
        self.name = name
        self.proc = subprocess.Popen(
            command(*args), env=child_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
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

    def finish(self, timeout: float = 300) -> Finished:
        code = self.proc.wait(timeout)
        self._reader.join(30)
        return Finished(code, "".join(self.lines))


def until(condition: Callable[[], bool], seconds: float = 60) -> None:
    """Wait until `condition` holds (at most `seconds`)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def stored_answers(cache: Path) -> int:
    """Answers in the response cache so far (0 while another process is still creating the file)."""
    try:
        with sqlite3.connect(cache / "responses.sqlite3", timeout=30) as db:
            return int(db.execute("SELECT count(*) FROM responses").fetchone()[0])
    except sqlite3.Error:
        return 0


def overlapping(articles: Path, cache: Path, batches: FakeBatchServer, out: Path) -> list[Finished]:
    """A second run started on the cache while the first's batch is in progress (both poll it), as an
    overlapping cron job starts: what each left."""
    batches.hold()  # the batch stays in progress until both runs poll it
    first = BatchRun(articles, cache, batches, "first", out / "first.md")
    until(lambda: "batch_0001" in batches.batches and batches.polls >= 3)
    second = BatchRun(articles, cache, batches, "second", out / "second.md")
    until(lambda: "Bearer key-of-second" in batches.authorizations)
    assert "Bearer key-of-second" in batches.authorizations  # the second polls the first's batch
    batches.hold(False)
    return [first.finish(), second.finish()]


def at_once(articles: Path, cache: Path, batches: FakeBatchServer, out: Path) -> list[Finished]:
    """Two runs started at the same instant, the first upload's reply held until the other run is at
    its own submission (waiting for the first, or uploading too): what each left."""
    batches.pause_at(1)
    runs = [BatchRun(articles, cache, batches, name, out / f"{name}.md") for name in ("first", "second")]
    until(lambda: batches.uploads >= 2 or any(r.said("is submitting from this cache; waiting for it") for r in runs))
    batches.resume()
    return [run.finish() for run in runs]
