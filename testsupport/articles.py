"""Articles and their reference answers, made on disk for tests and benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summarizer.contracts.record import ArticleRef, Record
from summarizer.text.ingest import parse_article
from testsupport.fakeserver import responses_from_fixtures

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REFERENCE = ROOT / "fixtures" / "reference"


def make_articles(directory: Path, count: int, first: int = 0) -> dict[str, dict[str, Any]]:
    """`count` seed articles varied by a numbered line (no two hash alike), each mapped to its seed's
    reference extraction, which the test server answers with."""
    seeds = sorted(SEEDS.glob("*.txt"))
    by_seed = responses_from_fixtures(REFERENCE)
    directory.mkdir(parents=True, exist_ok=True)
    responses = {}
    for i in range(first, first + count):
        seed = seeds[i % len(seeds)]
        text = seed.read_text(encoding="utf-8") + f"\nMeldung Nummer {i}."
        (directory / f"article_{i:05d}.txt").write_text(text, encoding="utf-8")
        responses[parse_article(text, "x").id] = by_seed[parse_article(seed.read_text(encoding="utf-8"), "x").id]
    return responses


def write_reference(root: Path, name: str, text: str, response: dict[str, Any]) -> None:
    """An article `name`.txt under `root` and its hand-written answer in root/fx (still to be re-keyed)."""
    (root / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / "fx").mkdir(exist_ok=True)
    Record(origin="reference", article=ArticleRef(path=f"{name}.txt"), response=response).write(
        root / "fx" / f"{name}.json"
    )
