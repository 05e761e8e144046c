"""Content-addressed response store: a sqlite file (WAL) at runtime over read-only fixture folders.

Read and write errors are logged, never raised: a broken cache must not break a run.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.contracts.record import ArticleRef, Provenance, Record, TokenUsage, now
from summarizer.llm.config import ModelConfig
from summarizer.llm.outcome import Usage
from summarizer.store import Migration, open_store

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)

MIGRATIONS = [
    Migration(
        "m001_responses",
        """CREATE TABLE IF NOT EXISTS responses (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            created REAL NOT NULL
        )""",
    ),
    # m002-m004 created the batch tables here before they had a schema of their own in this file
    # (summarizer/batch/store.py). They stay as numbered steps, so a file's version still counts
    # them, and do nothing now: the batch schema creates its tables, and finds them in older files.
    Migration("m002_batches (now the batch schema)", "SELECT 1"),
    Migration("m003_batch_requests (now the batch schema)", "SELECT 1"),
    Migration("m004_batch_requests_by_batch (now the batch schema)", "SELECT 1"),
]


@dataclass(frozen=True)
class Served:
    """Where a stored answer came from: its record's origin and model, and whether a fixture
    folder (not the user's own response cache) held it."""

    origin: str
    model: str | None
    fixture: bool


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
        """Open (creating or migrating) the store; when it cannot be used, run without it.

        A file that is not a sqlite database (or is damaged beyond reading) is moved aside with a
        timestamp and a fresh cache started in its place, said once, so later runs have a cache again.
        """
        seen = _identity(path)
        try:
            return open_store(path, MIGRATIONS)
        except sqlite3.OperationalError as exc:
            log.warning("response cache at %s unusable, running without it: %s", path, exc)
            return None
        except sqlite3.DatabaseError as exc:
            problem: Exception = exc
            if _set_aside(path, seen, exc):
                try:
                    return open_store(path, MIGRATIONS)
                except (sqlite3.Error, OSError) as again:
                    problem = again
            log.warning("response cache at %s unusable, running without it: %s", path, problem)
            return None
        except OSError as exc:
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

    def get(self, key: str) -> Record | None:
        """The stored record for `key`, or None; a row that is not a record is removed (see `_discard`)."""
        text = self._row(key)
        if text is not None:
            try:
                return Record.model_validate_json(text)
            except ValueError as exc:
                self._discard(key, exc)
        return self._fixtures.get(key)

    def get_response(self, key: str, model: type[M]) -> M | None:
        """The stored response for `key` validated as `model` (straight from the JSON text), or None.

        A sqlite row that does not validate is removed and the fixtures are asked instead, so one
        bad row never hides a good fixture. Raises pydantic's ValidationError when a fixture's
        response no longer fits the model.
        """
        found = self.get_served(key, model)
        return found[0] if found is not None else None

    def get_served(self, key: str, model: type[M]) -> tuple[M, Served] | None:
        """As `get_response`, with where the answer came from."""
        text = self._row(key)
        if text is not None:
            try:
                entry = _entry_model(model).model_validate_json(text)
                return entry.response, Served(entry.origin, entry.model, fixture=False)
            except ValidationError as exc:
                self._discard(key, exc)
        record = self._fixtures.get(key)
        if record is None:
            return None
        return model.model_validate(record.response), Served(record.origin, record.model, fixture=True)

    def _discard(self, key: str, problem: Exception) -> None:
        """Delete an invalid row (nothing invalid is ever written, so it is damage or an old format)."""
        reason = str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__
        log.warning("response cache entry %s is invalid and was removed: %s", key, reason)
        if self._db is None:
            return
        try:
            with self._lock:
                self._db.execute("DELETE FROM responses WHERE key = ?", (key,))
        except sqlite3.Error as exc:
            log.warning("response cache delete failed for %s: %s", key, exc)

    def put(self, key: str, record: Record) -> None:
        """Store a validated response at once, so an interrupted run keeps it."""
        if self._db is None:
            return
        try:
            with self._lock:
                self._db.execute(
                    "INSERT OR REPLACE INTO responses (key, value, created) VALUES (?, ?, ?)",
                    (key, record.to_json(), time.time()),
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
    """A stored Record read back for its response only, validated as `M` straight from the JSON text
    (one parse instead of a dict and then a model)."""

    response: M
    origin: str = "recorded"
    model: str | None = None


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _set_aside(path: Path, seen: tuple[int, int] | None, problem: Exception) -> bool:
    """Move a corrupt cache file (and its WAL files) to `<name>.corrupt-<UTC time>`; True when the
    caller should open a fresh one. A file that changed since it was opened was already replaced
    by another process: nothing is moved, and the caller opens that one."""
    if seen is None or _identity(path) != seen:
        return seen is not None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    except OSError as exc:
        log.warning("response cache at %s is corrupt (%s) and could not be moved aside: %s", path, problem, exc)
        return False
    log.warning("response cache at %s was corrupt (%s); moved it to %s and started a new one", path, problem, target)
    return True


def load_fixture_index(directories: Iterable[Path]) -> dict[str, Record]:
    """Every fixture file below `directories`, by key; unreadable or unkeyed files are logged and skipped."""
    index: dict[str, Record] = {}
    for directory in directories:
        for path in sorted(Path(directory).rglob("*.json")):
            try:
                record = Record.read(path)
            except (OSError, ValueError) as exc:
                log.warning("fixture %s skipped: %s", path, str(exc).splitlines()[0])
                continue
            if record.key is None:
                log.warning("fixture %s skipped: it has no key (run `summarizer fixtures rekey`)", path)
                continue
            index[record.key] = record
    return index


def recorded(
    key: str,
    response: BaseModel,
    usage: Usage,
    model: ModelConfig,
    lang: str,
    article: ArticleRef | None = None,
    repairs: list[str] | None = None,
    stage: str | None = None,
) -> Record:
    """The record of a model's validated answer: what it cost, where it came from (sampling
    included), and what was dropped from it after the last re-ask (salvage)."""
    record = Record(
        key=key,
        origin="recorded",
        model=model.name,
        mode=model.mode,
        lang=lang,
        usage=TokenUsage(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens),
        created=now(),
        response=response.model_dump(mode="json"),
        provenance=Provenance(temperature=model.temperature, seed=model.seed),
    )
    if article is not None:
        record.article = ArticleRef(id=article.id, path=article.path)
    if repairs:
        record.repairs = list(repairs)
    if stage:
        record.stage = stage
    return record
