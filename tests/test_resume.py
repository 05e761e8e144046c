"""Nothing lost, nothing paid twice: a killed run resumes; two processes share one cache."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from testsupport.articles import make_articles
from testsupport.cli import child_env, command, invoke
from testsupport.fakeserver import FakeServer, serve


def _command(server: FakeServer, *paths: Path) -> list[str]:
    options = ["--base-url", server.url, "--no-synthesis", "--concurrency", "1", "-q", "--fixtures", "none"]
    return command("summarise", *map(str, paths), *options)


def _rows(cache: Path) -> int:
    with sqlite3.connect(cache / "responses.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(db.execute("SELECT count(*) FROM responses").fetchone()[0])


def _stored(cache: Path) -> int:
    """Rows so far, while another process may still be creating the file (0 until it can be read)."""
    try:
        return _rows(cache) if (cache / "responses.sqlite3").exists() else 0
    except sqlite3.Error:
        return 0


def test_a_killed_run_resumes_requesting_only_what_is_missing(tmp_path: Path) -> None:
    responses = make_articles(tmp_path / "in", 8)
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with serve(responses, latency=0.1) as server:
        server.gate, server.open_for = threading.Event(), 3  # the fourth request waits: killed mid-request
        proc = subprocess.Popen(
            _command(server, tmp_path / "in"), env=child_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 60
        while (server.count() < 4 or _stored(tmp_path / "cache") < 3) and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        server.gate.set()
        first_run = server.count()
        cached = _rows(tmp_path / "cache")
        assert cached == 3, cached

        options = ["--base-url", server.url, "--no-synthesis", "--concurrency", "1", "-q", "--fixtures", "none"]
        done = invoke("summarise", str(tmp_path / "in"), *options, env=env)  # the resumed run needs no process
        assert done.exit_code == 0, done.stderr
        assert server.count() - first_run == 8 - cached  # only the missing articles were asked for
        assert "8 articles, 0 failed" in done.stderr
        assert _rows(tmp_path / "cache") == 8


def test_two_processes_on_one_cache_lose_nothing(tmp_path: Path) -> None:
    responses = (
        make_articles(tmp_path / "a", 6)
        | make_articles(tmp_path / "b", 6, first=6)
        | make_articles(tmp_path / "shared", 4, first=12)
    )
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    with serve(responses, latency=0.05) as server:
        runs = [
            subprocess.Popen(
                _command(server, tmp_path / part, tmp_path / "shared"),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for part in ("a", "b")
        ]
        for proc in runs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
    assert _rows(tmp_path / "cache") == 16


OPEN_AND_WRITE = """
import sys
from pathlib import Path
from summarizer.contracts.record import Record
from summarizer.llm.cache import ResponseCache
cache = ResponseCache(Path(sys.argv[1]))
assert cache._db is not None, "cache unusable"
for i in range(50):
    cache.put(f"{sys.argv[2]}:{i}", Record(response={"v": i}))
"""


def test_processes_creating_one_cache_at_once_all_use_it(tmp_path: Path) -> None:
    for attempt in range(4):
        where = tmp_path / f"cache{attempt}"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AND_WRITE, str(where), f"p{k}"], stderr=subprocess.PIPE, text=True
            )
            for k in range(4)
        ]
        errors = [p.communicate(timeout=60)[1] for p in procs]
        assert all(p.returncode == 0 for p in procs), errors
        assert _rows(where) == 200
