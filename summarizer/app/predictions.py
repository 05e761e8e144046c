"""Predictions to score, read from fixture-format folders: one set per model folder.

`fixtures/recorded/` holds one folder per model (and per protocol), each a prediction set of its
own. A folder of one-request answers holds one extraction per article; a folder of multi-pass
answers holds one file per request, and its extractions are what those answers add up to: the
run replayed offline from that folder alone, as `summarise --offline --fixtures FOLDER` would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import Record
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import ModelConfig, RunConfig, Settings, StoreConfig
from summarizer.text.ingest import Article, IngestError, read_article


@dataclass
class Predictions:
    """One set's extractions and failures by article id, and the articles of no gold file."""

    extractions: dict[str, Extraction] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)


def prediction_folders(pred_dir: Path) -> list[Path]:
    """The folders scored apart: each subfolder holding fixture files (fixtures/recorded/<model>/),
    else `pred_dir` itself."""
    subfolders = sorted(p for p in pred_dir.iterdir() if p.is_dir() and any(p.rglob("*.json")))
    return subfolders or [pred_dir]


def in_passes(folder: Path) -> list[Record]:
    """The folder's records of multi-pass requests ([] for a folder of one-request answers)."""
    records = []
    for path in sorted(folder.rglob("*.json")):
        try:
            record = Record.read(path)
        except (OSError, ValueError):
            continue  # load_labelled names unreadable files
        if record.stage:
            records.append(record)
    return records


def replayed(folder: Path, records: list[Record], gold: dict[str, str], root: Path) -> Predictions:
    """The extractions a folder of multi-pass answers gives the gold articles (id → path), replayed
    offline from that folder alone."""
    found = Predictions()
    models = sorted({r.model for r in records if r.model})
    if len(models) != 1:
        raise ValueError(
            f"{folder}: answers of {len(models)} models ({', '.join(models) or 'none named'}); one folder per model"
        )
    answered = {r.article.id: r.article.path for r in records if r.article and r.article.id and r.article.path}
    found.unmatched = sorted(path for id_, path in answered.items() if id_ not in gold)
    articles: list[Article] = []
    for id_, path in gold.items():
        article = read_article(root / path, path)
        if isinstance(article, IngestError):
            found.failures[id_] = article.reason
        elif id_ in answered:
            articles.append(article)
    provenance = next((r.provenance for r in records if r.provenance and r.provenance.temperature is not None), None)
    temperature, seed = (provenance.temperature or 0.0, provenance.seed) if provenance else (0.0, 42)
    settings = Settings(
        model=ModelConfig(name=models[0], mode="auto", temperature=temperature, seed=seed),
        run=RunConfig(offline=True, passes="3", synthesis=False),
        stores=StoreConfig(fixture_dirs=(folder,)),
    )
    found.extractions, failures = extractions_of(articles, settings, ResponseCache(None, settings.stores.fixture_dirs))
    found.failures.update(failures)
    return found


def extractions_of(
    articles: list[Article], settings: Settings, cache: ResponseCache
) -> tuple[dict[str, Extraction], dict[str, str]]:
    """The articles' extractions from `cache` (closed after), and each failure's reason, by article id."""
    from summarizer.app.extraction import extract_articles
    from summarizer.app.pipeline import run_sync

    try:
        run = run_sync(extract_articles(articles, settings, cache))
    finally:
        cache.close()
    by_path = {a.path: a.id for a in articles}
    failures = {by_path.get(f.path, f.path): f.reason for f in run.failures}
    return {r.article.id: r.extraction for r in run.results}, failures
