"""Load the seed articles with their reference extractions, as the merge sees them."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.contracts.extraction import Extraction
from summarizer.merge.build import ArticleResult
from summarizer.text.ingest import load_articles
from tests.conftest import REFERENCE, ROOT, SEEDS

CROSSLINGUAL = ROOT / "tests" / "data" / "crosslingual"


def seed_results(folder: Path = REFERENCE) -> list[ArticleResult]:
    """The seeds with the reference answers in `folder` (fixtures/reference: English; reference-de: German)."""
    articles, errors = load_articles([str(SEEDS)])
    assert not errors
    by_id = {}
    for path in folder.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        by_id[doc["article"]["id"]] = Extraction.model_validate(doc["response"])
    return [ArticleResult(a, by_id[a.id]) for a in articles]


def source_id(stem_prefix: str) -> str:
    articles, _ = load_articles([str(SEEDS)])
    return next(a.id for a in articles if a.path.split("/")[-1].startswith(stem_prefix))


def crosslingual_results() -> list[ArticleResult]:
    """The English articles written for the cross-lingual tests, with their reference extractions."""
    articles, errors = load_articles([str(CROSSLINGUAL / "articles")])
    assert not errors
    by_path = {}
    for path in (CROSSLINGUAL / "fixtures").glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        by_path[doc["article"]["path"]] = Extraction.model_validate(doc["response"])
    return [ArticleResult(a, by_path[Path(a.path).relative_to(ROOT).as_posix()]) for a in articles]
