"""Content-addressed response store: a sqlite file (WAL) at runtime over read-only fixture folders.

Read and write errors are logged, never raised: a broken cache must not break a run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)

KEY_FORMAT = "s1"
OPEN_PATIENCE = 20.0  # seconds to wait for another process creating the same cache  # bump when what goes into a key changes, so old entries are never misread


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spacing: equal values give equal text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def request_key(request: dict[str, Any]) -> str:
    """`s1:` + sha256 of the canonical JSON of everything that shapes the answer."""
    return f"{KEY_FORMAT}:" + hashlib.sha256(canonical_json(request).encode("utf-8")).hexdigest()


_MIGRATIONS = [
    """CREATE TABLE IF NOT EXISTS responses (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created REAL NOT NULL
    )""",
    # Batches submitted or exported from this cache, and their requests: recorded before waiting,
    # so an interrupted run resumes polling them instead of submitting again (llm/batchstore.py).
    """CREATE TABLE IF NOT EXISTS batches (
        id TEXT PRIMARY KEY,
        endpoint TEXT NOT NULL,
        model TEXT NOT NULL,
        mode TEXT NOT NULL,
        input TEXT NOT NULL,
        status TEXT NOT NULL,
        requests INTEGER NOT NULL,
        created REAL NOT NULL,
        ingested INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS batch_requests (
        key TEXT PRIMARY KEY,
        batch_id TEXT NOT NULL,
        job BLOB NOT NULL,
        state TEXT NOT NULL,
        reason TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS batch_requests_by_batch ON batch_requests (batch_id, state)",
]


class ResponseCache:
    """Lookups go to sqlite first, then to the fixture folders; writes go to sqlite only."""

    def __init__(self, directory: Path | None, fixture_dirs: Iterable[Path] = ()) -> None:
        self.path = directory / "responses.sqlite3" if directory else None
        self._fixtures = load_fixture_index(fixture_dirs)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if self.path is not None:
            self._db = self._open(self.path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection | None:
        """Open (creating or migrating) the store; another process opening it at once is waited for."""
        deadline = time.monotonic() + OPEN_PATIENCE
        while True:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
                try:
                    _prepare(db)
                except BaseException:
                    db.close()
                    raise
                return db
            except sqlite3.OperationalError as exc:
                # Switching a new file to WAL needs a moment of exclusive access, and sqlite answers
                # "locked" at once rather than waiting: two processes starting together must retry.
                if "locked" in str(exc) and time.monotonic() < deadline:
                    time.sleep(random.uniform(0.02, 0.1))
                    continue
                log.warning("response cache at %s unusable, running without it: %s", path, exc)
                return None
            except (sqlite3.Error, OSError) as exc:
                log.warning("response cache at %s unusable, running without it: %s", path, exc)
                return None

    def _row(self, key: str) -> str | None:
        """The stored JSON text for `key` in sqlite; read errors are logged, not raised."""
        if self._db is None:
            return None
        try:
            with self._lock:
                row = self._db.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            log.warning("response cache read failed for %s: %s", key, exc)
            return None
        return str(row[0]) if row is not None else None

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored entry for `key`, or None."""
        text = self._row(key)
        if text is not None:
            try:
                value: dict[str, Any] = json.loads(text)
                return value
            except ValueError as exc:
                log.warning("response cache entry for %s is not JSON: %s", key, exc)
        return self._fixtures.get(key)

    def get_response(self, key: str, model: type[M]) -> M | None:
        """The stored response for `key` validated as `model` (straight from the JSON text), or None.

        Raises pydantic's ValidationError when a stored response no longer fits the model.
        """
        text = self._row(key)
        if text is not None:
            response: M = _entry_model(model).model_validate_json(text).response
            return response
        doc = self._fixtures.get(key)
        return model.model_validate(doc["response"]) if doc is not None else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store a validated response at once, so an interrupted run keeps it."""
        if self._db is None:
            return
        try:
            with self._lock:
                self._db.execute(
                    "INSERT OR REPLACE INTO responses (key, value, created) VALUES (?, ?, ?)",
                    (key, canonical_json(entry), time.time()),
                )
        except sqlite3.Error as exc:
            log.warning("response cache write failed for %s: %s", key, exc)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


@lru_cache(maxsize=8)
def _entry_model(model: type[BaseModel]) -> type[_Entry[Any]]:
    return _Entry[model]  # type: ignore[valid-type]


class _Entry(BaseModel, Generic[M]):
    """A stored entry as read back: the response; usage, origin and the rest are not needed here."""

    response: M


def _prepare(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("BEGIN IMMEDIATE")  # one process migrates; the other then sees the new version
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for number, statement in enumerate(_MIGRATIONS[version:], start=version + 1):
            db.execute(statement)
            db.execute(f"PRAGMA user_version={number}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def load_fixture_index(directories: Iterable[Path]) -> dict[str, dict[str, Any]]:
    """Every fixture file below `directories`, by key; unreadable files are logged and skipped."""
    index: dict[str, dict[str, Any]] = {}
    for directory in directories:
        for path in sorted(Path(directory).rglob("*.json")):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
                index[doc["key"]] = doc
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("fixture %s skipped: %s", path, exc)
    return index
