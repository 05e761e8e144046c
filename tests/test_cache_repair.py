"""A damaged cache heals itself: an invalid row gives way to the fixture, a corrupt file is set aside."""

import json
import logging
import sqlite3
from pathlib import Path

import pytest

from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import Record
from summarizer.llm.cache import ResponseCache
from tests.conftest import REFERENCE

FIXTURE = json.loads((REFERENCE / "000_31bc555e087dc2ac.json").read_text(encoding="utf-8"))
KEY = FIXTURE["key"]


def _row(cache_dir: Path, key: str, value: str) -> None:
    cache = ResponseCache(cache_dir)  # creates the schema
    cache.close()
    with sqlite3.connect(cache_dir / "responses.sqlite3") as db:
        db.execute("INSERT OR REPLACE INTO responses (key, value, created) VALUES (?, ?, 0)", (key, value))


def _keys(cache_dir: Path) -> list[str]:
    with sqlite3.connect(cache_dir / "responses.sqlite3") as db:
        return [r[0] for r in db.execute("SELECT key FROM responses")]


@pytest.mark.parametrize(
    "bad",
    [
        '{"response": {"summary": "no actors list", "actors": "not a list"}}',
        "not json at all",
        '{"usage": null}',
    ],
)
def test_an_invalid_row_is_deleted_and_the_fixture_answers(
    tmp_path: Path, bad: str, caplog: pytest.LogCaptureFixture
) -> None:
    _row(tmp_path, KEY, bad)
    cache = ResponseCache(tmp_path, [REFERENCE])
    try:
        with caplog.at_level(logging.WARNING):
            got = cache.get_response(KEY, Extraction)
    finally:
        cache.close()
    assert got == Extraction.model_validate(FIXTURE["response"])
    assert _keys(tmp_path) == []
    assert "invalid" in caplog.text and "removed" in caplog.text


def test_an_invalid_row_without_a_fixture_is_a_plain_miss(tmp_path: Path) -> None:
    _row(tmp_path, "s1:nothing", '{"response": 1}')
    cache = ResponseCache(tmp_path)
    try:
        assert cache.get_response("s1:nothing", Extraction) is None
        assert cache.get("s1:nothing") is None
    finally:
        cache.close()
    assert _keys(tmp_path) == []


def test_a_corrupt_cache_file_is_moved_aside_and_a_fresh_one_started(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    garbage = b"this is not a database" * 100
    (tmp_path / "responses.sqlite3").write_bytes(garbage)
    with caplog.at_level(logging.WARNING):
        cache = ResponseCache(tmp_path)
        cache.put("s1:x", Record(response={"v": 1}))
        assert cache.get("s1:x") == Record(response={"v": 1})
        cache.close()
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("responses.sqlite3.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes() == garbage
    assert caplog.text.count("was corrupt") == 1 and str(aside[0]) in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        again = ResponseCache(tmp_path)  # the next run finds a healthy cache and says nothing
        assert again.get("s1:x") == Record(response={"v": 1})
        again.close()
    assert caplog.text == ""
