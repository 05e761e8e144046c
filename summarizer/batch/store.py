"""Batches a cache knows about, in the cache's sqlite file under a schema of their own (store.py).

A batch and every request in it are recorded the moment the batch exists, before any waiting: a run
that is killed resumes polling the same batches. Each request keeps what validating and re-asking
its answer needs (the article part's text and the messages), compressed, until it is answered.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.llm.config import ConfigError
from summarizer.store import Migration, open_store

PENDING, DONE, FAILED = "pending", "done", "failed"
SCHEMA = "batches"  # the batch tables' own schema in the cache's file (store.py), versioned apart from the cache's
# Batches submitted or exported from this cache, and their requests: recorded before any waiting,
# so an interrupted run resumes polling them instead of submitting again. The tables are created
# "if not exists": a cache file from before this schema had its own versions holds them already.
MIGRATIONS = [
    Migration(
        "m001_batches",
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
    ),
    Migration(
        "m002_batch_requests",
        """CREATE TABLE IF NOT EXISTS batch_requests (
            key TEXT PRIMARY KEY,
            batch_id TEXT NOT NULL,
            job BLOB NOT NULL,
            state TEXT NOT NULL,
            reason TEXT
        )""",
    ),
    Migration(
        "m003_batch_requests_by_batch",
        "CREATE INDEX IF NOT EXISTS batch_requests_by_batch ON batch_requests (batch_id, state)",
    ),
    # `endpoint` held the base URL as configured, user:password and query (where keys may live)
    # included; it now holds the URL as `shown_url` gives it. One that held either is cleared: the
    # stripped URL would not authenticate anyway, and a command then asks the configured endpoint.
    Migration(
        "m004_batch_endpoints_without_credentials",
        "UPDATE batches SET endpoint = '' WHERE endpoint LIKE '%@%' OR endpoint LIKE '%?%' OR endpoint LIKE '%#%'",
    ),
    # Who may submit from this cache, or collect one batch's answers, now (batch/lease.py).
    Migration(
        "m005_batch_leases",
        """CREATE TABLE IF NOT EXISTS batch_leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            expires REAL NOT NULL
        )""",
    ),
]
EXPORT_PREFIX = "file:"  # batches written by `batch export`, answered by `batch import`
# A batch being submitted: its requests recorded under the uploaded file before the batch is created,
# so a run killed in between leaves a record that the next submitter resolves (batch/submit.py).
SUBMITTING_PREFIX = "submitting:"
_EMPTY = zlib.compress(b"{}")


@dataclass
class StoredBatch:
    id: str
    endpoint: str
    model: str
    mode: str
    input: str  # the uploaded file id, or the exported file's path
    status: str
    requests: int
    created: float
    ingested: bool

    @property
    def exported(self) -> bool:
        return self.id.startswith(EXPORT_PREFIX)

    @property
    def submitting(self) -> bool:
        """Uploaded, but not known to have become a batch (its submitter stopped before it could say)."""
        return self.id.startswith(SUBMITTING_PREFIX)


@dataclass(frozen=True)
class LeaseHolder:
    """Who holds a lease: a random token of the holding run, its process and host, and until when."""

    token: str
    pid: int
    host: str
    expires: float


@dataclass
class StoredRequest:
    key: str
    batch_id: str
    job: dict[str, Any]
    state: str
    reason: str | None


class BatchStoreError(ConfigError):
    """The cache database cannot record batches; without it, resuming is impossible, so this is raised."""


class BatchStore:
    """Reads and writes the `batches` and `batch_requests` tables of the response cache."""

    def __init__(self, cache_dir: Path | None) -> None:
        if cache_dir is None:
            raise BatchStoreError("batch mode needs a cache directory (--cache-dir or SUMMARIZER_CACHE_DIR)")
        self.path = cache_dir / "responses.sqlite3"
        try:
            self._db = open_store(self.path, MIGRATIONS, schema=SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise BatchStoreError(
                f"the cache database {self.path} cannot be used ({exc}); batches could not be resumed"
            ) from exc
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def record(self, batch: StoredBatch, jobs: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """A new batch and its requests, in one transaction (replacing earlier failed attempts of a key)."""
        rows = [
            (key, batch.id, zlib.compress(json.dumps(job, ensure_ascii=False).encode("utf-8")), PENDING)
            for key, job in jobs
        ]
        with self._lock, self._transaction():
            # An export written again to the same file replaces the one before, requests and all.
            self._db.execute(f"DELETE FROM batch_requests WHERE batch_id = ? AND state = '{PENDING}'", (batch.id,))
            self._db.execute(
                "INSERT OR REPLACE INTO batches (id, endpoint, model, mode, input, status, requests, created, ingested)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (batch.id, batch.endpoint, batch.model, batch.mode, batch.input, batch.status, len(rows), time.time()),
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO batch_requests (key, batch_id, job, state, reason) VALUES (?, ?, ?, ?, NULL)",
                rows,
            )

    def batches(self, only_open: bool = False) -> list[StoredBatch]:
        """Every batch, oldest first; `only_open`: those whose results are not yet in the cache."""
        query = "SELECT id, endpoint, model, mode, input, status, requests, created, ingested FROM batches"
        query += " WHERE ingested = 0" if only_open else ""
        with self._lock:
            rows = self._db.execute(query + " ORDER BY created, id").fetchall()
        return [StoredBatch(r[0], r[1], r[2], r[3], r[4], r[5], int(r[6]), float(r[7]), bool(r[8])) for r in rows]

    def batch(self, batch_id: str) -> StoredBatch | None:
        return next((b for b in self.batches() if b.id == batch_id), None)

    def open_keys(self, keys: Iterable[str]) -> dict[str, str]:
        """Of `keys`, those waiting in a batch submitted (or being submitted) and not yet ingested, exported
        files excluded: key → batch id."""
        wanted = list(keys)
        found: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(
                    self._db.execute(
                        f"SELECT r.key, r.batch_id FROM batch_requests r JOIN batches b ON b.id = r.batch_id"
                        f" WHERE b.ingested = 0 AND r.state = '{PENDING}' AND b.id NOT LIKE '{EXPORT_PREFIX}%'"
                        f" AND r.key IN ({marks})",
                        chunk,
                    ).fetchall()
                )
        return found

    def requests(self, batch_id: str, state: str | None = None) -> list[StoredRequest]:
        query = "SELECT key, batch_id, job, state, reason FROM batch_requests WHERE batch_id = ?"
        params: tuple[str, ...] = (batch_id,)
        if state is not None:
            query += " AND state = ?"
            params = (batch_id, state)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY key", params).fetchall()
        return [StoredRequest(k, b, json.loads(zlib.decompress(j)), s, r) for k, b, j, s, r in rows]

    def request(self, key: str) -> StoredRequest | None:
        with self._lock:
            row = self._db.execute(
                "SELECT key, batch_id, job, state, reason FROM batch_requests WHERE key = ?", (key,)
            ).fetchone()
        return StoredRequest(row[0], row[1], json.loads(zlib.decompress(row[2])), row[3], row[4]) if row else None

    def pending_keys(self, batch_id: str) -> set[str]:
        """Keys of the batch's requests not yet answered nor finally failed."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT key FROM batch_requests WHERE batch_id = ? AND state = '{PENDING}'", (batch_id,)
            ).fetchall()
        return {row[0] for row in rows}

    def finish_request(self, key: str, state: str, reason: str | None = None) -> None:
        """A request answered (its job is dropped: the answer is in the cache; the row stays, so a result
        seen again is known as answered) or finally failed (its job kept: a later result may answer it)."""
        with self._lock:
            if state == DONE:
                self._db.execute(
                    "UPDATE batch_requests SET state = ?, reason = NULL, job = ? WHERE key = ?", (DONE, _EMPTY, key)
                )
            else:
                self._db.execute("UPDATE batch_requests SET state = ?, reason = ? WHERE key = ?", (state, reason, key))

    def set_status(self, batch_id: str, status: str, ingested: bool = False) -> None:
        """The batch's latest state; once its results are stored it stays so (a run still polling it
        must not reopen a batch another run has collected)."""
        with self._lock:
            self._db.execute(
                "UPDATE batches SET status = ?, ingested = MAX(ingested, ?) WHERE id = ?",
                (status, int(ingested), batch_id),
            )

    def adopt(self, submitting_id: str, batch_id: str, status: str) -> bool:
        """A batch being submitted has become `batch_id`: the batch and its requests take that id.
        False when there was no such record (another run resolved it already)."""
        with self._lock, self._transaction():
            cursor = self._db.execute(
                "UPDATE batches SET id = ?, status = ? WHERE id = ?", (batch_id, status, submitting_id)
            )
            self._db.execute("UPDATE batch_requests SET batch_id = ? WHERE batch_id = ?", (batch_id, submitting_id))
        return cursor.rowcount == 1

    def forget(self, batch_id: str) -> None:
        """Drop a batch that never came to be, with its requests (they are submitted again)."""
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM batch_requests WHERE batch_id = ?", (batch_id,))
            self._db.execute("DELETE FROM batches WHERE id = ?", (batch_id,))

    def take_lease(self, name: str, me: LeaseHolder, lapsed: Callable[[LeaseHolder], bool]) -> LeaseHolder | None:
        """Take the lease `name` for `me` unless another holder has it whose lease has not `lapsed`
        (in one transaction: of two runs asking at once, one gets it); None when taken, else that
        holder."""
        with self._lock, self._transaction():
            row = self._db.execute(
                "SELECT holder, pid, host, expires FROM batch_leases WHERE name = ?", (name,)
            ).fetchone()
            if row is not None:
                holder = LeaseHolder(row[0], int(row[1]), row[2], float(row[3]))
                if holder.token != me.token and not lapsed(holder):
                    return holder
            self._db.execute(
                "INSERT OR REPLACE INTO batch_leases (name, holder, pid, host, expires) VALUES (?, ?, ?, ?, ?)",
                (name, me.token, me.pid, me.host, me.expires),
            )
        return None

    def renew_lease(self, name: str, token: str, expires: float) -> bool:
        """Extend a lease its holder still has; False when it was taken over meanwhile."""
        with self._lock:
            cursor = self._db.execute(
                "UPDATE batch_leases SET expires = ? WHERE name = ? AND holder = ?", (expires, name, token)
            )
        return cursor.rowcount == 1

    def release_lease(self, name: str, token: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM batch_leases WHERE name = ? AND holder = ?", (name, token))

    def _transaction(self) -> Any:
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
