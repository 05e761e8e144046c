"""Batch mode at scale: N articles through the fake Files + Batches server.

Reproduce: python bench/batch_scale.py [--articles 10000] [--poll 0.2]

The client runs in its own process (peak memory is its own `ru_maxrss`) and does what
`summarizer summarise DIR --batch` does up to the merge: every cache miss built into a JSONL
line, the files split at the API's limits and uploaded, the batch created, polled, its output
downloaded, every row validated and grounded and stored in the cache. The merge and rendering
that follow are the same as for realtime answers (BENCHMARKS.md #4 measures them).

The fake batch server answers every line through the fake chat server while a poll is under way;
that time is the simulated model work, and the client's wall time minus it is the figure asked
for. It still holds the fake server's own handling of the upload and of the result files (shown as
"busy"; it overlaps the client, which validates rows while the output file streams in), so the
client's CPU time is printed too.
Cost is priced as gpt-4o-mini (the requests name it; the fake answers any model), with the fake
server's token counts (about four characters a token): realtime price against batch price.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, Figure, publish

from testsupport.articles import make_articles
from testsupport.fakebatch import serve_batches
from testsupport.fakeserver import serve

MODEL = "gpt-4o-mini"


def client(url: str, articles: str, cache: str, poll: float) -> None:
    """The child: the batch path of the pipeline, timed; prints one JSON line."""
    from summarizer.app.pipeline import extract_articles, run_sync
    from summarizer.batch.extractor import BatchExtractor
    from summarizer.batch.run import BatchProgress
    from summarizer.llm.cache import ResponseCache
    from summarizer.llm.config import ModelConfig, RunConfig, Settings, StoreConfig
    from summarizer.text.ingest import load_articles

    marks: dict[str, float] = {}

    class Phases(BatchProgress):
        """When the batch was first seen running, and when it had ended."""

        def update(self, completed: int, failed: int, total: int, statuses: dict[str, str]) -> None:
            marks.setdefault("submitted", time.perf_counter())
            if all(s in ("completed", "failed", "expired", "cancelled") for s in statuses.values()):
                marks.setdefault("ended", time.perf_counter())

    started = time.perf_counter()
    loaded, _ = load_articles([articles])
    settings = Settings(
        ModelConfig(name=MODEL, base_url=url, mode="tools"),
        RunConfig(synthesis=False, batch=True, batch_poll=poll, passes="1"),
        StoreConfig(cache_dir=Path(cache)),
    )
    store = ResponseCache(settings.stores.cache_dir)
    run = run_sync(extract_articles(loaded, settings, store, extractor=BatchExtractor(settings, Phases())))
    store.close()
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    st = run.stats
    print(
        json.dumps(
            {
                "wall": wall,
                "to_submitted": marks.get("submitted", started) - started,
                "waiting": marks.get("ended", started) - marks.get("submitted", started),
                "ingest": (started + wall - marks["ended"]) if "ended" in marks else 0.0,
                "cpu": usage.ru_utime + usage.ru_stime,
                "maxrss_mb": usage.ru_maxrss / 1024,
                "briefed": len(run.results),
                "failures": len(run.failures),
                "batch_requests": st.batch_requests,
                "prompt_tokens": st.prompt_tokens,
                "completion_tokens": st.completion_tokens,
            }
        )
    )


def run_client(url: str, articles: Path, cache: Path, poll: float) -> dict[str, float]:
    command = [sys.executable, __file__, "--client", url, str(articles), str(cache), str(poll)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--poll", type=float, default=0.2, help="seconds between polls")
    args = parser.parse_args()
    from summarizer.llm.costs import cost_usd

    with tempfile.TemporaryDirectory() as tmp:
        made = time.perf_counter()
        responses = make_articles(Path(tmp) / "in", args.articles)
        print(f"{args.articles} articles written in {time.perf_counter() - made:.1f} s", file=sys.stderr)
        with serve(responses) as chat, serve_batches(chat.url) as batches:
            got = run_client(batches.url, Path(tmp) / "in", Path(tmp) / "cache", args.poll)
            again = run_client(batches.url, Path(tmp) / "in", Path(tmp) / "cache", args.poll)
            uploaded = [len(batches.files[b.input_file_id]) for b in batches.batches.values()]
            processing, busy = batches.processing_seconds, batches.busy_seconds
            polls = batches.polls
    p, c = int(got["prompt_tokens"]), int(got["completion_tokens"])
    realtime, batch = cost_usd(MODEL, p, c), cost_usd(MODEL, p, c, batch=True)
    own = got["wall"] - processing
    print(f"command: python bench/batch_scale.py --articles {args.articles} --poll {args.poll}")
    print(f"briefed {got['briefed']:.0f}, failed {got['failures']:.0f}, batch rows {got['batch_requests']:.0f}")
    print(f"files uploaded: {len(uploaded)} ({sum(uploaded) / 1e6:.1f} MB); polls: {polls}")
    print(f"client wall {got['wall']:.1f} s; server's simulated model work {processing:.1f} s (busy {busy:.1f} s)")
    print(f"client wall outside the simulated work: {own:.1f} s ({own / args.articles * 1000:.2f} ms per article)")
    print(
        f"  of it polling idle about {2 * args.poll:.1f} s; client CPU {got['cpu']:.1f} s (start-up and imports included)"
    )
    print(
        f"  phases: read, plan, build and upload {got['to_submitted']:.1f} s; waiting {got['waiting']:.1f} s; "
        f"download, validate, ground and store {got['ingest']:.1f} s"
    )
    print(f"client peak memory (ru_maxrss): {got['maxrss_mb']:.0f} MB")
    print(
        f"re-run, all cached: {again['wall']:.1f} s, {again['batch_requests']:.0f} batch rows, {again['maxrss_mb']:.0f} MB"
    )
    print(f"tokens {p:,} + {c:,}; cost as {MODEL}: realtime ${realtime:.2f}, batch ${batch:.2f}")
    n, mb = args.articles, sum(uploaded) / 1e6
    publish(
        f"python bench/batch_scale.py --articles {n} --poll {args.poll}",
        [
            Figure(
                "batch.cpu_per_article",
                f"Batch mode, {n:,} articles through the fake Files + Batches server: client CPU per article",
                round(got["cpu"] / n * 1000, 1),
                f"{got['cpu'] / n * 1000:.1f} ms ({got['cpu']:.1f} s, start-up included); wall outside the "
                f"simulated work {own:.1f} s",
            ),
            Figure(
                "batch.files",
                "— files uploaded; size per 1,000 requests (a file holds up to 200 MB or 50,000 requests)",
                len(uploaded),
                f"{len(uploaded)} ({mb:.1f} MB; {mb / n * 1000:.1f} MB per 1,000 requests)",
            ),
            Figure(
                "batch.memory",
                "— peak memory of the client; of the cache-only re-run",
                round(got["maxrss_mb"]),
                f"{got['maxrss_mb']:.0f} MB; {again['maxrss_mb']:.0f} MB",
            ),
            Figure(
                "batch.cost",
                f"— cost per 1,000 articles as {MODEL}, realtime vs batch",
                round(batch / realtime, 2),
                f"${realtime / n * 1000:.2f} vs ${batch / n * 1000:.2f} ({batch / realtime:.2f} ×)",
                "half",
                batch / realtime <= 0.5 + 1e-6,
            ),
            Figure(
                "batch.rerun_rows",
                "— a re-run with every answer cached: batch rows sent",
                int(again["batch_requests"]),
                f"{again['batch_requests']:.0f}",
                "0",
                again["batch_requests"] == 0,
            ),
        ],
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        client(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
    else:
        main()
