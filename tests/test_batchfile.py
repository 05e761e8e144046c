"""Batch files: split at the API's limits, result lines of every kind, batch price."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.batch.files import BatchFileError, parse_result_line, request_line, write_request_files
from summarizer.contracts.briefing import Stats
from summarizer.llm.config import ModelConfig, Settings
from summarizer.llm.costs import price_run


def _lines(count: int, size: int) -> list[tuple[str, bytes]]:
    return [(f"k{i}", request_line(f"k{i}", {"pad": "x" * size})) for i in range(count)]


def test_files_split_before_either_limit_and_keep_every_line_in_order(tmp_path: Path) -> None:
    lines = _lines(23, 100)
    one = len(lines[0][1])
    files = write_request_files(lines, tmp_path, "requests", max_requests=5, max_bytes=one * 4 + 10)
    assert [len(keys) for _, keys in files] == [4, 4, 4, 4, 4, 3]  # the byte limit bites before 5 requests
    assert all(path.stat().st_size <= one * 4 + 10 for path, _ in files)
    assert [k for _, keys in files for k in keys] == [k for k, _ in lines]
    back = [json.loads(t)["custom_id"] for path, _ in files for t in path.read_text(encoding="utf-8").splitlines()]
    assert back == [k for k, _ in lines]
    by_count = write_request_files(lines, tmp_path / "n", "requests", max_requests=10)
    assert [len(keys) for _, keys in by_count] == [10, 10, 3]


def test_a_request_over_the_byte_limit_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(BatchFileError, match="request k1 is"):
        write_request_files([_lines(1, 10)[0], ("k1", b"x" * 500)], tmp_path, "r", max_bytes=200)


@pytest.mark.parametrize(
    ("line", "code", "reason"),
    [
        (
            '{"custom_id":"a","response":null,"error":{"code":"batch_expired","message":"late"}}',
            "batch_expired",
            "late",
        ),
        (
            '{"custom_id":"a","response":{"status_code":500,"body":{"error":{"message":"boom"}}},"error":null}',
            "500",
            "boom",
        ),
        ('{"custom_id":"a","response":{"status_code":200},"error":null}', "unreadable", "neither"),
        ('{"response":{}}', "unreadable", "no custom_id"),
        ("not json", "unreadable", "not JSON"),
    ],
)
def test_result_lines_that_carry_no_answer_say_why(line: str, code: str, reason: str) -> None:
    row = parse_result_line(line, "line 3 of out.jsonl")
    assert row.body is None and row.code == code and reason in (row.error or "")


def test_an_answered_result_line_gives_the_completion_body() -> None:
    line = (
        '{"id":"r","custom_id":"s1:ab","response":{"status_code":200,"request_id":"q","body":{"id":"c"}},"error":null}'
    )
    row = parse_result_line(line, "x")
    assert row.custom_id == "s1:ab" and row.body == {"id": "c"} and row.error is None


def test_batch_tokens_cost_half_and_the_realtime_equivalent_is_shown() -> None:
    settings = Settings(ModelConfig(name="gpt-4o-mini"))
    realtime = Stats(prompt_tokens=1_000_000, completion_tokens=1_000_000)
    price_run(realtime, settings.model.name, settings.model.base_url)
    mixed = Stats(prompt_tokens=1_000_000, completion_tokens=1_000_000, batch_requests=10)
    mixed.batch_prompt_tokens, mixed.batch_completion_tokens = 800_000, 600_000
    price_run(mixed, settings.model.name, settings.model.base_url)
    assert realtime.cost_usd is not None and mixed.cost_usd is not None and realtime.cost_at_realtime_usd is None
    assert mixed.cost_at_realtime_usd == realtime.cost_usd
    batch_share = 0.15 * 0.8 + 0.60 * 0.6  # gpt-4o-mini: $0.15 in, $0.60 out per million tokens
    assert mixed.cost_usd == pytest.approx(realtime.cost_usd - batch_share / 2)
