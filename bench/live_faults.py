"""A live run against the local test server with injected faults, then a run killed midway and resumed.

Reproduce: python bench/live_faults.py [--articles 50] [--latency 0.05]
Prints the server's request count against articles + counted retries, the exit code, and what a
resumed run asks for.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import Figure, publish

from testsupport.articles import make_articles
from testsupport.cli import command as summarizer_command
from testsupport.fakeserver import FakeServer, serve

RECOVERABLE = [("429",), ("500",), ("503",), ("drop",), ("malformed",), ("invalid",), ("fabricated",)]
UNRECOVERABLE = [("length",), ("malformed", "malformed", "malformed")]


def command(server: FakeServer, directory: Path, *extra: str) -> list[str]:
    return summarizer_command(
        "summarise",
        str(directory),
        "--base-url",
        server.url,
        "--no-synthesis",
        "--fixtures",
        "none",
        "-q",
        "--passes",
        "1",
        *extra,
    )


@dataclass(frozen=True)
class Faulted:
    """One run with faults injected: what the server was asked and what the command made of it."""

    plan: list[tuple[str, ...]]
    exit_code: int
    requests: int
    retries: int
    briefed: int
    listed: int
    reasons: list[str]
    dropped: int
    tokens: tuple[int, int]
    seconds: float


def faulted_run(work: Path, responses: dict[str, dict[str, Any]], latency: float, seed: int) -> Faulted:
    """The articles under work/in briefed once with faults queued for a tenth of them (and two that no retry mends)."""
    rng = random.Random(seed)
    ids = sorted(responses)
    faulty = rng.sample(ids, max(1, len(ids) // 10) + len(UNRECOVERABLE))
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(work / "cache")}
    with serve(responses, latency=latency) as server:
        plan = []
        for i, article in enumerate(faulty):
            steps = (UNRECOVERABLE + RECOVERABLE)[i % (len(RECOVERABLE) + len(UNRECOVERABLE))]
            server.queue(article, *steps)
            plan.append(steps)
        started = time.perf_counter()
        run = subprocess.run(
            command(server, work / "in", "--format", "json", "-o", str(work / "b.json"), "--concurrency", "8"),
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        briefing = json.loads((work / "b.json").read_text(encoding="utf-8"))
        stats = briefing["stats"]
        return Faulted(
            plan,
            run.returncode,
            server.count(),
            stats["retries"],
            stats["articles"] - stats["failures"],
            stats["failures"],
            [f["reason"] for f in briefing["failures"]],
            stats["ungrounded_dropped"],
            (stats["prompt_tokens"], stats["completion_tokens"]),
            elapsed,
        )


def killed_run(work: Path, responses: dict[str, dict[str, Any]]) -> tuple[int, int, int, int]:
    """A run killed midway, then resumed on the same cache: (requests when killed, answers cached, asked again, exit)."""
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(work / "cache2")}
    with serve(responses, latency=0.2) as server:
        proc = subprocess.Popen(
            command(server, work / "in", "--concurrency", "2"),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while server.count() < len(responses) // 2:
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed_at = server.count()
        with sqlite3.connect(work / "cache2" / "responses.sqlite3") as db:
            cached = db.execute("SELECT count(*) FROM responses").fetchone()[0]
        rerun = subprocess.run(
            command(server, work / "in", "--concurrency", "8"), env=env, capture_output=True, text=True
        )
        return killed_at, cached, server.count() - killed_at, rerun.returncode


def figures(n: int, f: Faulted) -> list[Figure]:
    """Exact: the faults are queued per article from a fixed seed, and every retry is counted."""
    return [
        Figure(
            "faults.requests",
            f"{n} articles with 10 % injected faults: requests to the server",
            f.requests,
            f"{f.requests} = {n} articles + {f.retries} counted retries",
            "articles + counted retries",
            f.requests == n + f.retries,
            exact=True,
        ),
        Figure("faults.briefed", "— articles briefed", f.briefed, f"{f.briefed}", exact=True),
        Figure("faults.listed", "— articles listed as not included", f.listed, f"{f.listed}", exact=True),
        Figure("faults.exit", "— exit code", f.exit_code, f"{f.exit_code}", exact=True),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        responses = make_articles(work / "in", args.articles)
        f = faulted_run(work, responses, args.latency, args.seed)
        print(
            f"{args.articles} articles, faults injected into {len(f.plan)}: " + ", ".join("+".join(s) for s in f.plan)
        )
        print(
            f"  exit code {f.exit_code}; briefed {f.briefed}, not included {f.listed}: "
            + "; ".join(r[:60] for r in f.reasons)
        )
        print(
            f"  server requests {f.requests} = articles {args.articles} + counted retries {f.retries}"
            f" -> {'equal' if f.requests == args.articles + f.retries else 'NOT EQUAL'}"
        )
        print(f"  unverified quotes dropped {f.dropped}; tokens {f.tokens[0]}+{f.tokens[1]}; wall {f.seconds:.1f} s")
        killed_at, cached, asked, code = killed_run(work, responses)
        resumed = asked == args.articles - cached
        print(
            f"killed after {killed_at} requests with {cached} answers cached; the re-run asked for {asked} "
            f"(= {args.articles} - {cached}: {'yes' if resumed else 'NO'}), exit {code}"
        )
    reproduce = f"python bench/live_faults.py --articles {args.articles} --latency {args.latency} --seed {args.seed}"
    killed = Figure(
        "faults.resumed",
        "— the same articles killed midway and run again: asked for exactly the rest",
        asked,
        f"killed after {killed_at} requests with {cached} cached; the re-run asked for {asked} = {args.articles} − {cached}",
        "no answer asked twice",
        resumed,
    )
    publish(reproduce, [*figures(args.articles, f), killed])
    print(f"reproduce: {reproduce}")


if __name__ == "__main__":
    main()
