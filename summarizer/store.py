"""One way to open a sqlite store: WAL, numbered migrations, and patience with other processes.

Used by the response cache (llm), the batch tables (batch) and the days' store (app); it imports
nothing of ours, so it sits below every layer. A store declares its schema as numbered migrations,
named like sqlite-utils' and simonw/llm's (`m001_responses`, `m002_…`): each runs once, in order, in
the same transaction that records the new version, so a file is always at a version its migrations
describe, and two processes opening a new file at once migrate it once.

Several schemas may share a file, each with its own numbered migrations: the file's own schema
counts in `PRAGMA user_version`, a named one (`schema=`) in the `schema_versions` table. The batch
tables live beside the responses they answer that way, and change without renumbering the cache's.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

OPEN_PATIENCE = 20.0  # seconds to wait for another process creating or migrating the same file
BUSY_TIMEOUT = 30.0  # seconds a statement waits for another writer's lock


@dataclass(frozen=True)
class Migration:
    """One schema step; `name` is for people (m001_responses), the position in the list is its number."""

    name: str
    sql: str


def open_store(
    path: Path, migrations: Sequence[Migration], patience: float = OPEN_PATIENCE, schema: str | None = None
) -> sqlite3.Connection:
    """The store at `path`, created and migrated as needed (autocommit; usable from any thread);
    `schema`: the name of a schema sharing the file, migrated on its own (see the module's note).

    Raises sqlite3.Error or OSError when the file cannot be used; callers decide whether that
    is fatal (the days' store) or only worth a warning (the response cache).
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None)
            try:
                _migrate(db, migrations, schema)
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
            raise


def _migrate(db: sqlite3.Connection, migrations: Sequence[Migration], schema: str | None) -> None:
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("BEGIN IMMEDIATE")  # one process migrates; the other then sees the new version
    try:
        version = _version(db, schema)
        if version > len(migrations):
            named = f"{schema} schema" if schema else "store"
            raise sqlite3.DatabaseError(
                f"{named} is at schema version {version}, newer than this program knows ({len(migrations)})"
            )
        for number, migration in enumerate(migrations[version:], start=version + 1):
            db.execute(migration.sql)
            _set_version(db, schema, number)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _version(db: sqlite3.Connection, schema: str | None) -> int:
    if schema is None:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    db.execute("CREATE TABLE IF NOT EXISTS schema_versions (schema TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    row = db.execute("SELECT version FROM schema_versions WHERE schema = ?", (schema,)).fetchone()
    return int(row[0]) if row else 0


def _set_version(db: sqlite3.Connection, schema: str | None, number: int) -> None:
    if schema is None:
        db.execute(f"PRAGMA user_version={number}")
    else:
        db.execute("INSERT OR REPLACE INTO schema_versions (schema, version) VALUES (?, ?)", (schema, number))
