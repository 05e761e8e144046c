"""Live throughput against the local test server: wall time against the ideal N·L/C, and a re-run.

Reproduce: python bench/throughput.py [--articles 200] [--latency 0.5] [--sweep 1,4,16,64]
The CLI runs as a subprocess (as a user runs it); the server answers every request after a fixed
latency L. Ideal wall time for N articles at concurrency C is N·L/C; the ratio includes start-up,
ingest, merge and rendering. The overview pass is off (--no-synthesis): it is one more request.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from common import Figure, publish

from testsupport.articles import make_articles
from testsupport.cli import command as summarizer_command
from testsupport.fakeserver import serve


def timed_run(url: str, articles: Path, cache: Path, concurrency: int) -> tuple[float, str]:
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(cache)}
    command = summarizer_command(
        "summarise",
        str(articles),
        "--base-url",
        url,
        "--concurrency",
        str(concurrency),
        "--no-synthesis",
        "--passes",
        "1",  # the one-request protocol: the fake server is local, where auto would ask in passes
        "--fixtures",
        "none",
        "-q",
        "-o",
        os.devnull,
    )
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return elapsed, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--sweep", default="1,4,16,64", help="comma-separated concurrencies; empty to skip")
    args = parser.parse_args()
    n, latency = args.articles, args.latency
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        responses = make_articles(work / "in", n)
        with serve(responses, latency=latency) as server:
            wall, line = timed_run(server.url, work / "in", work / "cache", args.concurrency)
            ideal = n * latency / args.concurrency
            span = server.busy_span()
            print(f"live: {n} articles, latency {latency} s, concurrency {args.concurrency}")
            print(
                f"  requests phase (first request in to last answer out) {span:.2f} s, ideal N·L/C {ideal:.2f} s, "
                f"ratio {span / ideal:.3f} × (goal ≤ 1.15 ×)"
            )
            print(
                f"  whole command {wall:.2f} s, ratio {wall / ideal:.3f} × (adds start-up, the openai/instructor "
                f"import, merge and rendering: {wall - span:.2f} s)"
            )
            print(f"  server requests {server.count()}; {line}")
            ratio, whole = span / ideal, wall / ideal
            before = server.count()
            rerun, line = timed_run(server.url, work / "in", work / "cache", args.concurrency)
            calls = server.count() - before
            print(f"re-run: wall {rerun:.2f} s, LLM calls {calls} (goal 0); {line}")
            swept = []
            for c in [int(x) for x in args.sweep.split(",") if x]:
                server.requests.clear()
                wall, _ = timed_run(server.url, work / "in", work / f"cache-c{c}", c)
                ideal = n * latency / c
                span = server.busy_span()
                print(
                    f"  sweep concurrency {c:>3}: requests phase {span:7.2f} s, ideal {ideal:7.2f} s, "
                    f"ratio {span / ideal:.3f} ×; whole command {wall:7.2f} s"
                )
                swept.append(f"C = {c}: {span / ideal:.2f} ×")
    reproduce = (
        f"python bench/throughput.py --articles {n} --latency {latency} "
        f"--concurrency {args.concurrency} --sweep {args.sweep}"
    )
    found = [
        Figure(
            "live.ratio",
            f"Live throughput, {n} articles, L = {latency} s, C = {args.concurrency}: requests phase vs ideal N·L/C",
            round(ratio, 2),
            f"{ratio:.2f} × ({ratio * n * latency / args.concurrency:.2f} s vs {n * latency / args.concurrency:.2f} s)",
            "≤ 1.15 ×",
            ratio <= 1.15,
        ),
        Figure(
            "live.whole_ratio",
            "— the whole command (start-up, openai/instructor import, merge, render included)",
            round(whole, 2),
            f"{whole:.2f} ×",
        ),
        Figure(
            "live.rerun_calls",
            f"Re-run of the same {n} articles: LLM calls",
            calls,
            f"{calls} calls, {rerun:.2f} s",
            "0 calls",
            calls == 0,
        ),
    ]
    if swept:
        found.append(Figure("live.sweep", "— requests phase vs ideal, by concurrency", 0, "; ".join(swept)))
    publish(reproduce, found)
    print(f"reproduce: {reproduce}")


if __name__ == "__main__":
    main()
