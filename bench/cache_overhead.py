"""Cache overhead: N cached articles through the cache path, and the whole briefing of them,
against a bare loop that only json.loads their cached responses.

Reproduce: python bench/cache_overhead.py [--articles 1000] [--repeat 3]
Ours, as `summarizer summarise DIR --offline` does it: read and hash every article, build its prompt
(numbered quotations, fence) and key, look the key up in sqlite, validate the response (the cache
path); then merge and form stories with the cyclic collector paused, and render the Markdown brief.
Baseline: read the same cache rows and json.loads each, nothing more. The bare loop and the cache
path run in turn --repeat times and the fastest of each counts. Both are one thread's work on files
and a database in the page cache, so the ratio is taken of their CPU time (time.process_time): on a
shared machine the wall time of the bare loop, a fraction of a second, swings with the other load
by a factor of three, its CPU time hardly. Wall times are printed beside it, and the bare loop with
the cyclic collector paused (as the application pauses it for its lookups): collections are half of
the bare loop's time.
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from common import Figure, publish

from summarizer.app.collector import collection_paused
from summarizer.app.pipeline import ExtractionRun, extract_articles, run_sync
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import Record
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import RunConfig, Settings, StoreConfig
from summarizer.llm.prompt import extraction_messages
from summarizer.render.formats import render
from summarizer.stories import briefing_with_stories
from summarizer.text.ingest import Article, load_articles
from testsupport.articles import make_articles

GOAL = 3.0


def bare_loop(cache_dir: Path) -> tuple[float, float]:
    """(CPU, wall) seconds of reading every row and json.loads-ing it."""
    cpu, wall = time.process_time(), time.perf_counter()
    with sqlite3.connect(cache_dir / "responses.sqlite3") as db:
        loaded = [json.loads(value) for (value,) in db.execute("SELECT value FROM responses")]
    assert loaded
    return time.process_time() - cpu, time.perf_counter() - wall


def bare_loop_paused(cache_dir: Path) -> tuple[float, float]:
    """The bare loop with the cyclic collector off, as the application pauses it for its lookups."""
    with collection_paused():
        return bare_loop(cache_dir)


def cache_path(directory: Path, settings: Settings) -> tuple[tuple[float, float], list[Article], ExtractionRun]:
    """(CPU, wall) seconds of the cache path, the articles read and what the cache gave for them."""
    cpu, wall = time.process_time(), time.perf_counter()
    articles, _ = load_articles([str(directory)])
    cache = ResponseCache(settings.stores.cache_dir)
    run = run_sync(extract_articles(articles, settings, cache))
    cache.close()
    return (time.process_time() - cpu, time.perf_counter() - wall), articles, run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        responses = make_articles(work / "in", args.articles)
        settings = Settings(run=RunConfig(offline=True, synthesis=False), stores=StoreConfig(cache_dir=work / "cache"))
        articles, _ = load_articles([str(work / "in")])
        cache = ResponseCache(settings.stores.cache_dir)
        for article in articles:
            key = settings.request_key(extraction_messages(article, settings.run.lang), Extraction)
            cache.put(key, Record(key=key, model=settings.model.name, response=responses[article.id]))
        cache.close()

        bares, paths, paused = [], [], []
        for _ in range(args.repeat):
            # Each timing starts from the same heap: the last round's articles and answers gone and the
            # cyclic collector just run (otherwise its passes during the next timing rescan them).
            articles, run = [], ExtractionRun()
            gc.collect()
            bares.append(bare_loop(work / "cache"))
            gc.collect()
            paused.append(bare_loop_paused(work / "cache"))
            gc.collect()
            seconds, articles, run = cache_path(work / "in", settings)
            paths.append(seconds)
        started, cpu = time.perf_counter(), time.process_time()
        with collection_paused():  # as the application merges (summarizer/app/pipeline.py)
            briefing = briefing_with_stories(run.results, settings.run.lang, run.failures, run.stats)
        merged, merged_cpu = time.perf_counter() - started, time.process_time() - cpu
        cpu = time.process_time()
        markdown = render(briefing, "md", {a.id: a.text for a in articles})
        rendered_cpu = time.process_time() - cpu

    (bare, bare_wall), (lookups, lookups_wall) = min(bares), min(paths)
    whole = lookups + merged_cpu + rendered_cpu
    print(f"{args.articles} cached articles; CPU seconds, fastest of {args.repeat} runs each (all, CPU / wall: "
          f"bare loop {_runs(bares)}; cache path {_runs(paths)})")
    quiet = min(paused)[0]
    print(f"  bare loop (read rows, json.loads): {bare:.3f} s; with the collector paused {quiet:.3f} s")
    print(f"  cache path (read and hash articles, prompts, keys, lookups, validation): {lookups:.3f} s, "
          f"ratio {lookups / bare:.1f} × (goal ≤ {GOAL:.0f} ×; of wall times {lookups_wall / bare_wall:.1f} ×; "
          f"vs the bare loop with the collector paused too {lookups / quiet:.1f} ×)")
    print(f"  merge and stories (grounding, actors, events, quotes, positions, disagreements, stories): "
          f"{merged_cpu:.3f} s ({merged:.3f} s wall); render the brief {rendered_cpu:.3f} s "
          f"({len(briefing.stories)} stories, {len(markdown.split())} words)")
    print(f"  whole briefing {whole:.3f} s, ratio {whole / bare:.1f} × the bare loop; "
          f"cache hits {run.stats.cache_hits}, LLM calls {run.stats.llm_calls}")
    ratio = lookups / bare
    publish(
        f"python bench/cache_overhead.py --articles {args.articles} --repeat {args.repeat}",
        [
            Figure(
                "cache.path_ratio",
                f"Cache path, {args.articles:,} cached articles, vs a bare json.loads loop (CPU time, best of {args.repeat})",
                round(ratio, 1),
                f"{ratio:.1f} × ({lookups:.2f} s vs {bare:.2f} s; {lookups / quiet:.1f} × the bare loop with the "
                "collector paused too)",
                f"≤ {GOAL:.0f} ×",
                ratio <= GOAL,
            ),
            Figure(
                "cache.whole_ratio",
                "— the whole briefing (merge, stories, render) vs the same bare loop",
                round(whole / bare, 1),
                f"{whole / bare:.1f} × ({whole:.2f} s; merge and stories {merged_cpu:.2f} s)",
            ),
        ],
    )


def _runs(times: list[tuple[float, float]]) -> str:
    return ", ".join(f"{cpu:.3f} / {wall:.3f}" for cpu, wall in times) + " s"


if __name__ == "__main__":
    main()
