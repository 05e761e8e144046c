"""The sqlite store helper: numbered migrations run once, in order, and never backwards."""

import sqlite3
from pathlib import Path

import pytest

from summarizer.store import Migration, open_store

M1 = Migration("m001_items", "CREATE TABLE items (id TEXT PRIMARY KEY)")
M2 = Migration("m002_items_note", "ALTER TABLE items ADD COLUMN note TEXT")


def _version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def test_migrations_run_once_each_and_new_ones_on_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "s.sqlite3"
    db = open_store(path, [M1])
    db.execute("INSERT INTO items (id) VALUES ('a')")
    db.close()
    again = open_store(path, [M1])  # m001 is not run twice (it would fail: the table exists)
    assert _version(again) == 1
    again.close()
    upgraded = open_store(path, [M1, M2])
    assert _version(upgraded) == 2
    assert upgraded.execute("SELECT id, note FROM items").fetchall() == [("a", None)]
    assert upgraded.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failing_migration_leaves_the_store_at_its_last_good_version(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    open_store(path, [M1]).close()
    with pytest.raises(sqlite3.OperationalError):
        open_store(path, [M1, Migration("m002_broken", "ALTER TABLE nowhere ADD COLUMN x TEXT")])
    with sqlite3.connect(path) as raw:
        assert _version(raw) == 1  # the broken step left no trace, its version included
    db = open_store(path, [M1, M2])
    assert _version(db) == 2
    assert db.execute("SELECT note FROM items").fetchall() == []  # m002 really ran this time


def test_a_store_newer_than_the_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    open_store(path, [M1, M2]).close()
    with pytest.raises(sqlite3.DatabaseError, match="newer"):
        open_store(path, [M1])


def test_schemas_sharing_a_file_each_count_their_own_migrations(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    open_store(path, [M1]).close()
    notes = [Migration("m001_notes", "CREATE TABLE notes (id TEXT)")]
    db = open_store(path, notes, schema="notes")
    assert _version(db) == 1  # the file's own schema is where it was
    assert db.execute("SELECT version FROM schema_versions WHERE schema = 'notes'").fetchone() == (1,)
    db.close()
    upgraded = open_store(path, [M1, M2])  # and goes on from its own version, not the other's
    assert _version(upgraded) == 2 and upgraded.execute("SELECT note FROM items").fetchall() == []
    upgraded.close()
    with pytest.raises(sqlite3.DatabaseError, match="notes schema is at schema version 1, newer"):
        open_store(path, [], schema="notes")


def test_a_cache_file_whose_batch_tables_came_with_the_cache_schema_keeps_its_batches(tmp_path: Path) -> None:
    from summarizer.batch.store import MIGRATIONS as BATCH
    from summarizer.batch.store import BatchStore
    from summarizer.llm.cache import MIGRATIONS as CACHE
    from summarizer.llm.cache import ResponseCache

    # Before the batch tables had a schema of their own, the cache's m002-m004 created them.
    old = open_store(tmp_path / "responses.sqlite3", [CACHE[0], *BATCH[:3]])
    old.execute("INSERT INTO batches VALUES ('batch_1', '', 'm', 'tools', 'file-1', 'in_progress', 1, 0.0, 0)")
    old.execute("INSERT INTO batch_requests VALUES ('s1:k', 'batch_1', x'789cabae0500017500f9', 'pending', NULL)")
    old.close()
    cache = ResponseCache(tmp_path)
    assert cache._db is not None and _version(cache._db) == 4  # the file's version counts the old steps
    cache.close()
    store = BatchStore(tmp_path)
    assert [b.id for b in store.batches(only_open=True)] == ["batch_1"]
    assert store.open_keys(["s1:k"]) == {"s1:k": "batch_1"}  # a run resumes what the old version submitted
    store.close()


def test_batch_endpoints_stored_with_a_user_password_or_query_are_cleared_and_others_kept(tmp_path: Path) -> None:
    from summarizer.batch.store import MIGRATIONS as BATCH
    from summarizer.batch.store import SCHEMA, BatchStore

    # A cache whose batch schema is at m003 stored the base URL as configured, credentials and all.
    old = open_store(tmp_path / "responses.sqlite3", BATCH[:3], schema=SCHEMA)
    endpoints = {
        "b_user": "http://user:pw-in-url@127.0.0.1:8000/v1",
        "b_query": "https://proxy.example/v1?key=k-in-url",
        "b_plain": "http://127.0.0.1:8000/v1",
        "b_openai": "",
    }
    for batch_id, endpoint in endpoints.items():
        old.execute(
            "INSERT INTO batches VALUES (?, ?, 'm', 'tools', 'file-1', 'in_progress', 1, 0.0, 0)", (batch_id, endpoint)
        )
    old.close()
    store = BatchStore(tmp_path)
    kept = {b.id: b.endpoint for b in store.batches()}
    store.close()
    assert kept == {"b_user": "", "b_query": "", "b_plain": "http://127.0.0.1:8000/v1", "b_openai": ""}
