"""Cache overhead: a whole briefing of N cached articles against a bare loop that only json.loads
their cached responses.

Reproduce: python bench/cache_overhead.py [--articles 1000]
Ours: `summarise(..., offline)`: read and hash every article, build its prompt and key, look the
key up in sqlite, validate the response, ground every quote and evidence span, merge, render
Markdown. Baseline: read the same cache rows and json.loads each, nothing more.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

import common  # noqa: F401  (puts the repository on the path when run as a script)

from summarizer.app.pipeline import extract_articles, run_sync
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import Record
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import RunConfig, Settings, StoreConfig
from summarizer.llm.prompt import extraction_messages
from summarizer.merge.build import build_briefing
from summarizer.render.formats import render
from summarizer.text.ingest import load_articles
from testsupport.articles import make_articles


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
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

        started = time.perf_counter()
        with sqlite3.connect(work / "cache" / "responses.sqlite3") as db:
            loaded = [json.loads(value) for (value,) in db.execute("SELECT value FROM responses")]
        bare = time.perf_counter() - started

        started = time.perf_counter()
        articles, _ = load_articles([str(work / "in")])
        cache = ResponseCache(settings.stores.cache_dir)
        run = run_sync(extract_articles(articles, settings, cache))
        cache.close()
        lookups = time.perf_counter() - started
        started = time.perf_counter()
        briefing = build_briefing(run.results, settings.run.lang, run.failures, run.stats)
        merged = time.perf_counter() - started
        started = time.perf_counter()
        markdown = render(briefing, "md", {a.id: a.text for a in articles})
        rendered = time.perf_counter() - started

    print(f"{args.articles} cached articles ({len(loaded)} rows; {len(markdown) // 1024} KiB of Markdown)")
    print(f"  bare loop (read rows, json.loads): {bare:.3f} s")
    print(
        f"  cache path (read and hash articles, prompts, keys, lookups, validation): {lookups:.3f} s, "
        f"ratio {lookups / bare:.1f} × (goal ≤ 3 ×)"
    )
    print(
        f"  merge (grounding, actors, events, quotes, positions, disagreements): {merged:.3f} s; render {rendered:.3f} s"
    )
    whole = lookups + merged + rendered
    print(
        f"  whole briefing {whole:.3f} s, ratio {whole / bare:.1f} × the bare loop; "
        f"cache hits {run.stats.cache_hits}, LLM calls {run.stats.llm_calls}"
    )
    print(f"reproduce: python bench/cache_overhead.py --articles {args.articles}")


if __name__ == "__main__":
    main()
