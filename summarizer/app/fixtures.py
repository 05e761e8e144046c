"""Readable fixture files: re-key reference extractions, check them, export recorded responses.

A fixture is one JSON file per response: key, model, mode, lang, origin (recorded | reference),
article id and path, usage, response. Reference fixtures are written by hand from the article;
recorded ones come from a real model through the cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from summarizer.app.passfixtures import as_fixture, current_pass_key, export_passes
from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import REFERENCE_NOTE, ArticleRef, Provenance, Record
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import DEFAULT_MODEL, DEFAULT_SEED, DEFAULT_TEMPERATURE, Settings, sampling
from summarizer.llm.key import request_key, response_schema
from summarizer.llm.prompt import extraction_messages
from summarizer.text.ingest import Article, load_articles, read_article


@dataclass
class FixtureStatus:
    path: Path
    stored_key: str | None
    current_key: str | None
    problem: str | None = None

    @property
    def stale(self) -> bool:
        return self.problem is not None or self.stored_key != self.current_key


def _article_for(record: Record, root: Path) -> Article:
    path = record.article.path if record.article else None
    if not path:
        raise ValueError("the fixture names no article path")
    article = read_article(root / path, path)
    if not isinstance(article, Article):
        raise ValueError(f"article {path}: {article.reason}")
    return article


def _current_key(record: Record, article: Article) -> str:
    """The key of the request the fixture answers, as today's prompt and schema make it."""
    lang = record.lang or "en"
    # A hand-written answer stands for the default sampling; a recording for the one it was made with.
    temperature: float = DEFAULT_TEMPERATURE
    seed: int | None = DEFAULT_SEED
    if record.provenance is not None and record.provenance.temperature is not None:
        temperature, seed = record.provenance.temperature, record.provenance.seed
    return request_key(
        record.model or DEFAULT_MODEL,
        extraction_messages(article, lang),
        response_schema(Extraction),
        record.mode or "tools",
        sampling(temperature, seed),
    )


def fixture_status(path: Path, root: Path) -> FixtureStatus:
    """Whether a fixture's stored key still matches the request today's prompt and schema make."""
    try:
        record = Record.read(path)
        if record.stage:  # one request of the multi-pass protocol
            current = current_pass_key(path, record, _article_for(record, root))
            problem = None if current else f"today's protocol makes no request {record.stage!r}"
            return FixtureStatus(path, record.key, current, problem)
        Extraction.model_validate(record.response)
        return FixtureStatus(path, record.key, _current_key(record, _article_for(record, root)))
    except (OSError, ValueError) as exc:
        return FixtureStatus(path, None, None, problem=str(exc).splitlines()[0])


def rekey(directory: Path, root: Path) -> list[FixtureStatus]:
    """Re-key every reference fixture under `directory` for the current prompt and schema."""
    changed = []
    for path in sorted(directory.rglob("*.json")):
        record = Record.read(path)
        if record.origin != "reference":
            continue  # a recorded response answered one exact request; re-keying it would be a lie
        status = fixture_status(path, root)
        if status.problem:
            raise ValueError(f"{path}: {status.problem}")
        article = _article_for(record, root)
        updated = record.model_copy(
            update={
                "key": status.current_key,
                "model": record.model or DEFAULT_MODEL,
                "mode": record.mode or "tools",
                "lang": record.lang or "en",
                "article": ArticleRef(id=article.id, path=article.path),
                "usage": None,
                "note": record.note or REFERENCE_NOTE,
            }
        )
        text = updated.to_file_text()
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(status)
    return changed


def export_recorded(
    paths: list[str], settings: Settings, out: Path, provenance: Provenance | None = None
) -> tuple[list[Path], list[str]]:
    """Write the cached responses for these articles as readable fixture files.

    Each answer is looked up in every mode `settings` allows (all of them unless a mode was
    chosen) and exported with the key and mode it was recorded under. `provenance` adds what the
    cache cannot know (the weights file's hash, the runtime) to the sampling the record carries.
    """
    articles, errors = load_articles(paths)
    cache = ResponseCache(settings.stores.cache_dir, settings.stores.fixture_dirs)
    written, missing = [], [e.path for e in errors]
    try:
        for article in articles:
            found = _recorded_answer(cache, settings, article) if "1" in settings.protocols else None
            if found is None:
                passes = export_passes(article, settings, cache, out, provenance) if "3" in settings.protocols else []
                written += passes
                if not passes:
                    missing.append(article.path)
                continue
            key, mode, record = found
            exported = as_fixture(record, key, mode, settings, article, provenance)
            out.mkdir(parents=True, exist_ok=True)
            target = out / f"{Path(article.path).stem}.json"
            exported.write(target)
            written.append(target)
    finally:
        cache.close()
    return written, missing


def _recorded_answer(cache: ResponseCache, settings: Settings, article: Article) -> tuple[str, str, Record] | None:
    """The first stored answer to this article's request, with its key and mode; reference ones never."""
    messages = extraction_messages(article, settings.run.lang)
    for mode, key in zip(settings.lookup_modes, settings.lookup_keys(messages, Extraction), strict=True):
        record = cache.get(key)
        if record is not None and record.origin == "recorded":
            return key, mode, record
    return None


def file_sha256(path: Path) -> str:
    """The sha256 of a (possibly multi-gigabyte) file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
