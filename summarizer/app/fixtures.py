"""Readable fixture files: re-key reference extractions, check them, export recorded responses.

A fixture is one JSON file per response: key, model, mode, lang, origin (recorded | reference),
article id and path, usage, response. Reference fixtures are written by hand from the article;
recorded ones come from a real model through the cache.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.contracts.extraction import Extraction
from summarizer.llm.cache import ResponseCache
from summarizer.llm.client import extraction_key
from summarizer.llm.config import DEFAULT_MODEL, Settings
from summarizer.llm.prompt import extraction_messages
from summarizer.text.ingest import Article, load_articles, read_article

REFERENCE_NOTE = "Written by hand from the article text; not the output of a model."


@dataclass
class FixtureStatus:
    path: Path
    stored_key: str | None
    current_key: str | None
    problem: str | None = None

    @property
    def stale(self) -> bool:
        return self.problem is not None or self.stored_key != self.current_key


def _settings_for(doc: dict[str, Any]) -> Settings:
    return Settings(
        model=doc.get("model") or DEFAULT_MODEL, mode=doc.get("mode") or "tools", lang=doc.get("lang") or "en"
    )


def _article_for(doc: dict[str, Any], root: Path) -> Article:
    path = doc["article"]["path"]
    article = read_article(root / path, path)
    if not isinstance(article, Article):
        raise ValueError(f"article {path}: {article.reason}")
    return article


def fixture_status(path: Path, root: Path) -> FixtureStatus:
    """Whether a fixture's stored key still matches the request today's prompt and schema make."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        Extraction.model_validate(doc["response"])
        article = _article_for(doc, root)
        key = extraction_key(extraction_messages(article, doc.get("lang") or "en"), _settings_for(doc))
        return FixtureStatus(path, doc.get("key"), key)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return FixtureStatus(path, None, None, problem=str(exc).splitlines()[0])


def rekey(directory: Path, root: Path) -> list[FixtureStatus]:
    """Re-key every reference fixture under `directory` for the current prompt and schema."""
    changed = []
    for path in sorted(directory.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("origin") != "reference":
            continue  # a recorded response answered one exact request; re-keying it would be a lie
        status = fixture_status(path, root)
        if status.problem:
            raise ValueError(f"{path}: {status.problem}")
        article = _article_for(doc, root)
        settings = _settings_for(doc)
        updated = {
            "key": status.current_key,
            "origin": "reference",
            "model": settings.model,
            "mode": settings.mode,
            "lang": settings.lang,
            "article": {"id": article.id, "path": doc["article"]["path"]},
            "usage": None,
            "note": doc.get("note") or REFERENCE_NOTE,
            "response": doc["response"],
        }
        if updated != doc:
            path.write_text(json.dumps(updated, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            changed.append(status)
    return changed


def export_recorded(paths: list[str], settings: Settings, out: Path) -> tuple[list[Path], list[str]]:
    """Write the cached responses for these articles as readable fixture files."""
    articles, errors = load_articles(paths)
    cache = ResponseCache(settings.cache_dir, settings.fixture_dirs)
    written, missing = [], [e.path for e in errors]
    try:
        for article in articles:
            key = extraction_key(extraction_messages(article, settings.lang), settings)
            entry = cache.get(key)
            if entry is None:
                missing.append(article.path)
                continue
            doc = {
                "key": key,
                "origin": entry.get("origin", "recorded"),
                "model": entry.get("model", settings.model),
                "mode": settings.mode,
                "lang": settings.lang,
                "article": {"id": article.id, "path": article.path},
                "usage": entry.get("usage"),
                "created": entry.get("created"),
                "response": entry["response"],
            }
            out.mkdir(parents=True, exist_ok=True)
            target = out / f"{Path(article.path).stem}.json"
            target.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            written.append(target)
    finally:
        cache.close()
    return written, missing
