"""Fixture files of the multi-pass protocol: one file per request, named by its step, exported from
the cache by replaying the protocol against it; and whether such a file still answers a request
today's prompts make (its later-round requests depend on the answers of the first, so the check
replays the protocol against the file's own folder)."""

from __future__ import annotations

import re
from pathlib import Path

from summarizer.app.multipass import PassedArticle, stored_steps
from summarizer.contracts.record import ArticleRef, Provenance, Record
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import DEFAULT_MODEL, ModelConfig, RunConfig, Settings, StoreConfig
from summarizer.text.ingest import Article


def step_slug(step: str) -> str:
    """A step as part of a file name: 'actors 1/4' → 'actors-1-of-4', 'speaker Q3' → 'speaker-q3'."""
    return re.sub(r"[^a-z0-9]+", "-", step.casefold().replace("/", " of ")).strip("-")


def recorded_passes(article: Article, settings: Settings, cache: ResponseCache) -> list[tuple[str, str, str, Record]]:
    """(step, key, mode, record) of every request of the article the cache answers with a recording."""
    state = PassedArticle.of(article, settings)
    found = []
    for step, key, mode in stored_steps(state, settings, cache):
        record = cache.get(key) if mode is not None else None
        if record is not None and record.origin == "recorded" and mode is not None:
            found.append((step, key, mode, record))
    return found


def export_passes(
    article: Article, settings: Settings, cache: ResponseCache, out: Path, provenance: Provenance | None
) -> list[Path]:
    """Write the article's recorded pass answers as fixture files; [] when the cache has none."""
    written = []
    for step, key, mode, record in recorded_passes(article, settings, cache):
        exported = as_fixture(record, key, mode, settings, article, provenance, stage=step)
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{Path(article.path).stem}.{step_slug(step)}.json"
        exported.write(target)
        written.append(target)
    return written


def current_pass_key(path: Path, record: Record, article: Article) -> str | None:
    """The key today's protocol gives the request of the record's step, replayed against the
    record's folder; None when the protocol no longer makes such a request."""
    temperature, seed = 0.0, None
    if record.provenance is not None and record.provenance.temperature is not None:
        temperature, seed = record.provenance.temperature, record.provenance.seed
    settings = Settings(
        model=ModelConfig(
            name=record.model or DEFAULT_MODEL, mode=record.mode or "json_object", temperature=temperature, seed=seed
        ),
        run=RunConfig(lang=record.lang or "en", offline=True, passes="3"),
        stores=StoreConfig(fixture_dirs=(path.parent,)),
    )
    cache = ResponseCache(None, settings.stores.fixture_dirs)
    try:
        steps = stored_steps(PassedArticle.of(article, settings), settings, cache)
    finally:
        cache.close()
    return next((key for step, key, _ in steps if step == record.stage), None)


def as_fixture(
    record: Record,
    key: str,
    mode: str,
    settings: Settings,
    article: Article,
    provenance: Provenance | None,
    stage: str | None = None,
) -> Record:
    """A cached recording as a fixture file holds it: its key and mode, the article it answers, the
    provenance the exporter adds, and for a pass request its step."""
    update = {
        "key": key,
        "model": record.model or settings.model.name,
        "mode": mode,
        "lang": settings.run.lang,
        "article": ArticleRef(id=article.id, path=article.path),
        "provenance": merged_provenance(record.provenance, provenance),
    }
    if stage is not None:
        update["stage"] = stage
    return record.model_copy(update=update)


def merged_provenance(stored: Provenance | None, given: Provenance | None) -> Provenance | None:
    """The record's provenance with what the exporter knows added (given values win)."""
    if given is None:
        return stored
    base = stored.model_dump(exclude_none=True) if stored is not None else {}
    return Provenance.model_validate({**base, **given.model_dump(exclude_none=True)})
