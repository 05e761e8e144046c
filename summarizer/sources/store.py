"""The article store: every fetched page once, keyed by its canonical URL, with its extracted
text (sqlite, `articles.sqlite3` beside the response cache).

A page in the store is never fetched again, so a re-run asks no server for any article it
briefed before, and its text (hence its id and request key) stays as it was. Feeds are kept
with their ETag and Last-Modified for conditional GETs: an unchanged feed costs no body.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from summarizer.sources.http import Validators
from summarizer.store import Migration, open_store
from summarizer.text.article import Article, article_id
from summarizer.text.urls import canonical_url

STORE_FILE = "articles.sqlite3"
MIGRATIONS = (
    Migration(
        "m001_articles",
        "CREATE TABLE IF NOT EXISTS articles (url TEXT PRIMARY KEY, text TEXT NOT NULL, title TEXT NOT NULL, "
        "meta TEXT NOT NULL, fetched REAL NOT NULL)",
    ),
    # Every URL an article was asked for by (a feed's tracking link, a redirect) → its canonical URL.
    Migration("m002_aliases", "CREATE TABLE IF NOT EXISTS aliases (url TEXT PRIMARY KEY, canonical TEXT NOT NULL)"),
    Migration(
        "m003_feeds",
        "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, body BLOB NOT NULL, "
        "fetched REAL NOT NULL)",
    ),
    # Pages that answered for good that there is no article (404, not HTML, too big, no main text):
    # named again on a re-run without a request. Transient failures (5xx, timeouts) are not kept.
    Migration("m004_failures", "CREATE TABLE IF NOT EXISTS failures (url TEXT PRIMARY KEY, reason TEXT NOT NULL)"),
)


@dataclass(frozen=True)
class StoredFeed:
    body: bytes
    validators: Validators


class ArticleStore:
    """Articles by canonical URL, and the feeds last read; `None` as the path keeps them in memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._db = open_store(path, MIGRATIONS) if path is not None else None
        self._memory: dict[str, Article] = {}
        self._failures: dict[str, str] = {}

    def find(self, url: str, shown: str) -> Article | None:
        """The stored article asked for by `url` (or any URL that led to it), as `shown`."""
        key = canonical_url(url)
        if self._db is None:
            found = self._memory.get(key)
            return None if found is None else _as(found, shown)
        row = self._db.execute(
            "SELECT a.text, a.title, a.meta FROM articles a LEFT JOIN aliases l ON l.canonical = a.url "
            "WHERE a.url = ? OR l.url = ? LIMIT 1",
            (key, key),
        ).fetchone()
        if row is None:
            return None
        meta: dict[str, str] = json.loads(row[2])
        return Article(
            id=article_id(row[0]),
            text=row[0],
            path=shown,
            title=row[1],
            published=meta.get("published"),
            outlet=meta.get("outlet"),
            meta=meta,
        )

    def put(self, asked: list[str], article: Article) -> None:
        """Keep `article` under its canonical URL, reachable from every URL in `asked`."""
        canonical = canonical_url(article.url or asked[0])
        keys = {canonical_url(u) for u in asked} - {canonical}
        if self._db is None:
            for key in (canonical, *keys):
                self._memory[key] = article
            return
        self._db.execute(
            "INSERT OR IGNORE INTO articles (url, text, title, meta, fetched) VALUES (?, ?, ?, ?, ?)",
            (canonical, article.text, article.title, json.dumps(article.meta, sort_keys=True), time.time()),
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO aliases (url, canonical) VALUES (?, ?)", [(k, canonical) for k in sorted(keys)]
        )

    def failure(self, url: str) -> str | None:
        """Why the page at `url` had no article when it was fetched, if it answered so for good."""
        key = canonical_url(url)
        if self._db is None:
            return self._failures.get(key)
        row = self._db.execute("SELECT reason FROM failures WHERE url = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def put_failure(self, url: str, reason: str) -> None:
        key = canonical_url(url)
        if self._db is None:
            self._failures[key] = reason
            return
        self._db.execute("INSERT OR REPLACE INTO failures (url, reason) VALUES (?, ?)", (key, reason))

    def feed(self, url: str) -> StoredFeed | None:
        if self._db is None:
            return None
        row = self._db.execute("SELECT body, etag, last_modified FROM feeds WHERE url = ?", (url,)).fetchone()
        return StoredFeed(bytes(row[0]), Validators(row[1], row[2])) if row else None

    def put_feed(self, url: str, body: bytes, validators: Validators) -> None:
        if self._db is not None:
            self._db.execute(
                "INSERT OR REPLACE INTO feeds (url, etag, last_modified, body, fetched) VALUES (?, ?, ?, ?, ?)",
                (url, validators.etag, validators.last_modified, body, time.time()),
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def _as(article: Article, shown: str) -> Article:
    from dataclasses import replace

    return replace(article, path=shown)
