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
from pathlib import Path

import common  # noqa: F401  (puts the repository on the path when run as a script)

from testsupport.articles import make_articles
from testsupport.cli import command as summarizer_command
from testsupport.fakeserver import FakeServer, serve

RECOVERABLE = [("429",), ("500",), ("503",), ("drop",), ("malformed",), ("invalid",), ("fabricated",)]
UNRECOVERABLE = [("length",), ("malformed", "malformed", "malformed")]


def command(server: FakeServer, directory: Path, *extra: str) -> list[str]:
    return summarizer_command(
        "summarise", str(directory), "--base-url", server.url, "--no-synthesis", "--fixtures", "none", "-q", *extra
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        responses = make_articles(work / "in", args.articles)
        ids = sorted(responses)
        faulty = rng.sample(ids, max(1, args.articles // 10) + len(UNRECOVERABLE))
        env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(work / "cache")}
        with serve(responses, latency=args.latency) as server:
            plan = {}
            for i, article in enumerate(faulty):
                steps = (UNRECOVERABLE + RECOVERABLE)[i % (len(RECOVERABLE) + len(UNRECOVERABLE))]
                server.queue(article, *steps)
                plan[article] = steps
            started = time.perf_counter()
            run = subprocess.run(
                command(server, work / "in", "--format", "json", "-o", str(work / "b.json"), "--concurrency", "8"),
                env=env,
                capture_output=True,
                text=True,
            )
            elapsed = time.perf_counter() - started
            stats = json.loads((work / "b.json").read_text(encoding="utf-8"))["stats"]
            failures = json.loads((work / "b.json").read_text(encoding="utf-8"))["failures"]
            print(
                f"{args.articles} articles, faults injected into {len(plan)}: "
                + ", ".join("+".join(s) for s in plan.values())
            )
            print(
                f"  exit code {run.returncode}; briefed {stats['articles'] - stats['failures']}, "
                f"not included {stats['failures']}: " + "; ".join(f["reason"][:60] for f in failures)
            )
            print(
                f"  server requests {server.count()} = articles {args.articles} + counted retries {stats['retries']}"
                f" -> {'equal' if server.count() == args.articles + stats['retries'] else 'NOT EQUAL'}"
            )
            print(
                f"  unverified quotes dropped {stats['ungrounded_dropped']}; tokens {stats['prompt_tokens']}+"
                f"{stats['completion_tokens']}; wall {elapsed:.1f} s"
            )

        # A run killed midway, then resumed on the same cache.
        env["SUMMARIZER_CACHE_DIR"] = str(work / "cache2")
        with serve(responses, latency=0.2) as server:
            proc = subprocess.Popen(
                command(server, work / "in", "--concurrency", "2"),
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            while server.count() < args.articles // 2:
                time.sleep(0.02)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed_at = server.count()
            with sqlite3.connect(work / "cache2" / "responses.sqlite3") as db:
                cached = db.execute("SELECT count(*) FROM responses").fetchone()[0]
            rerun = subprocess.run(
                command(server, work / "in", "--concurrency", "8"), env=env, capture_output=True, text=True
            )
            asked = server.count() - killed_at
            print(
                f"killed after {killed_at} requests with {cached} answers cached; the re-run asked for {asked} "
                f"(= {args.articles} - {cached}: {'yes' if asked == args.articles - cached else 'NO'}), exit {rerun.returncode}"
            )
    print(
        f"reproduce: python bench/live_faults.py --articles {args.articles} --latency {args.latency} --seed {args.seed}"
    )


if __name__ == "__main__":
    main()
