"""Shared by the benchmarks: varied seed articles and the local OpenAI-compatible test server."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from summarizer.text.ingest import parse_article  # noqa: E402
from tests.fakeserver import responses_from_fixtures  # noqa: E402


def make_articles(directory: Path, count: int, first: int = 0) -> dict[str, dict[str, object]]:
    """`count` seed articles varied by a numbered line (no two hash alike), each mapped to its seed's
    reference extraction, which the test server answers with."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    by_seed = responses_from_fixtures(ROOT / "fixtures" / "reference")
    directory.mkdir(parents=True, exist_ok=True)
    responses = {}
    for i in range(first, first + count):
        seed = seeds[i % len(seeds)]
        text = seed.read_text(encoding="utf-8") + f"\nMeldung Nummer {i}."
        (directory / f"article_{i:05d}.txt").write_text(text, encoding="utf-8")
        responses[parse_article(text, "x").id] = by_seed[parse_article(seed.read_text(encoding="utf-8"), "x").id]
    return responses


def summarizer_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", *args]
