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
