"""Batch mode over real sockets: the openai SDK against a fake Files + Batches server on 127.0.0.1,
whose lines are answered by the fake chat server (the same answers realtime tests get)."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.app.pipeline import summarise
from summarizer.batch.extractor import BatchExtractor
from summarizer.batch.run import BatchProgress
from summarizer.contracts.briefing import Briefing
from summarizer.llm.config import Settings
from tests.conftest import REFERENCE, SEEDS
from testsupport.cli import child_env, command, invoke
from testsupport.fakebatch import FakeBatchServer, serve_batches
from testsupport.fakeserver import FABRICATED_QUOTE, FakeServer, responses_from_fixtures, serve
from testsupport.settings import changed, make_settings

IDS = sorted(json.loads(p.read_text(encoding="utf-8"))["article"]["id"] for p in REFERENCE.glob("*.json"))


@pytest.fixture
def servers() -> Iterator[tuple[FakeServer, FakeBatchServer]]:
    with serve(responses_from_fixtures(REFERENCE)) as chat, serve_batches(chat.url) as batches:
        yield chat, batches


def _settings(batches: FakeBatchServer, tmp_path: Path, **over: object) -> Settings:
    settings = make_settings(
        model="test-model",
        base_url=batches.url,
        mode="tools",
        cache_dir=tmp_path / "cache",
        synthesis=False,
        batch=True,
        batch_poll=0.01,
        transport_deadline=20,
    )
    return changed(settings, **over)


def _realtime(tmp_path: Path) -> Briefing:
    """The seeds' briefing from realtime requests to a fresh chat server and cache."""
    with serve(responses_from_fixtures(REFERENCE)) as chat:
        settings = make_settings(
            model="test-model", base_url=chat.url, mode="tools", cache_dir=tmp_path / "rt", synthesis=False
        )
        briefing, _ = summarise([str(SEEDS)], settings)
    return briefing


def _without_stats(briefing: Briefing) -> dict[str, object]:
    """The briefing itself: not what the run cost, nor where its answers came from this time."""
    return briefing.model_dump(exclude={"stats", "provenance"})


class Recording(BatchProgress):
    def __init__(self) -> None:
        self.seen: list[tuple[int, int, int, tuple[str, ...]]] = []

    def update(self, completed: int, failed: int, total: int, statuses: dict[str, str]) -> None:
        self.seen.append((completed, failed, total, tuple(statuses.values())))


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json_object", "md_json"])
def test_each_line_carries_exactly_the_realtime_request(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path, mode: str
) -> None:
    chat, batches = servers
    realtime = changed(_settings(batches, tmp_path, mode=mode), batch=False, base_url=chat.url)
    summarise([str(SEEDS / "000_31bc555e087dc2ac.txt")], realtime)
    sent = chat.requests[0].body
    result = invoke(
        "batch",
        "export",
        str(SEEDS / "000_31bc555e087dc2ac.txt"),
        "--out",
        str(tmp_path / "out"),
        "--model",
        "test-model",
        "--mode",
        mode,
        "--cache-dir",
        str(tmp_path / "other"),
        "--fixtures",
        str(tmp_path / "none"),
    )
    assert result.exit_code == 0, result.output
    (line,) = (tmp_path / "out" / "requests-001.jsonl").read_text(encoding="utf-8").splitlines()
    doc = json.loads(line)
    assert doc["method"] == "POST" and doc["url"] == "/v1/chat/completions" and doc["custom_id"].startswith("s1:")
    assert doc["body"] == sent


def test_submitted_then_in_progress_then_completed_gives_the_realtime_briefing(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path
) -> None:
    _, batches = servers
    batches.rows_per_poll = 2
    progress = Recording()
    settings = _settings(batches, tmp_path)
    briefing, _ = summarise([str(SEEDS)], settings, extractor=BatchExtractor(settings, progress))
    assert batches.uploads == 1 and len(batches.batches) == 1 and batches.realtime == 0
    statuses = [s[3][0] for s in progress.seen]
    assert statuses[0] == "in_progress" and statuses[-1] == "completed" and "finalizing" in statuses
    assert [s[0] for s in progress.seen][:4] == [0, 2, 4, 5] and progress.seen[-1][:3] == (5, 0, 5)
    st = briefing.stats
    assert not briefing.failures and st.batch_requests == 5 and st.llm_calls == 5
    assert st.batch_prompt_tokens == st.prompt_tokens > 0
    realtime = _realtime(tmp_path)
    assert _without_stats(briefing) == _without_stats(realtime)
    assert st.prompt_tokens == realtime.stats.prompt_tokens and st.completion_tokens == realtime.stats.completion_tokens

    again, _ = summarise([str(SEEDS)], _settings(batches, tmp_path))  # all cached: nothing submitted
    assert again.stats.cache_hits == 5 and again.stats.batch_requests == 0 and len(batches.batches) == 1


def test_failed_and_refused_rows_are_reasked_in_realtime_or_listed_never_dropped(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path
) -> None:
    chat, batches = servers
    batches.fail_rows[IDS[0]] = 500  # errored in the batch, fine in realtime
    chat.queue(IDS[1], "fabricated")  # a quote the article lacks: refused, re-asked with the reason
    chat.queue(IDS[2], "invalid", "malformed", "malformed")  # refused, and every realtime re-ask fails too
    briefing, _ = summarise([str(SEEDS)], _settings(batches, tmp_path, max_retries=2))
    assert batches.realtime == 1 + 1 + 2  # fresh ask; one re-ask; re-asks up to the budget (1 + 2 in all)
    asked = [r for r in chat.requests if r.article == IDS[1]]
    assert [r.step for r in asked] == ["fabricated", "ok"]  # the batch's answer, then the realtime re-ask
    reask = json.dumps(asked[1].body["messages"], ensure_ascii=False)
    assert "is not in the article" in reask and "Closest passage" in reask and FABRICATED_QUOTE in reask
    (failure,) = briefing.failures
    assert failure.path.endswith(".txt") and IDS[2] not in {s.id for s in briefing.sources}
    assert "batch answer refused" in failure.reason and "realtime re-ask failed" in failure.reason
    assert len(briefing.sources) == 4 and briefing.stats.failures == 1
    assert briefing.stats.batch_requests == 5 and briefing.stats.llm_calls == 5 + 4

    status = invoke("batch", "status", "--local", "--cache-dir", str(tmp_path / "cache"))
    assert status.exit_code == 0 and "completed" in status.output and "realtime re-ask failed" in status.output


@pytest.mark.parametrize("mode", ["json_schema", "md_json"])
def test_a_refused_row_is_reasked_with_its_answer_and_the_reason_in_every_mode(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path, mode: str
) -> None:
    chat, batches = servers
    article = SEEDS / "000_31bc555e087dc2ac.txt"
    article_id = json.loads((REFERENCE / "000_31bc555e087dc2ac.json").read_text(encoding="utf-8"))["article"]["id"]
    chat.queue(article_id, "fabricated")
    briefing, _ = summarise([str(article)], _settings(batches, tmp_path, mode=mode))
    assert [r.step for r in chat.requests] == ["fabricated", "ok"] and batches.realtime == 1
    reask = json.dumps(chat.requests[1].body["messages"], ensure_ascii=False)
    assert FABRICATED_QUOTE in reask and "is not in the article" in reask
    assert not briefing.failures and FABRICATED_QUOTE not in {q.text for q in briefing.quotes}


def test_an_expired_batch_keeps_its_completed_rows_and_reports_the_rest(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path
) -> None:
    _, batches = servers
    batches.rows_per_poll, batches.stop_after, batches.then = 2, 2, "expire"
    briefing, _ = summarise([str(SEEDS)], _settings(batches, tmp_path))
    assert len(briefing.sources) == 2 and len(briefing.failures) == 3 and batches.realtime == 0
    assert all("batch_expired" in f.reason for f in briefing.failures)

    batches.stop_after = None  # a re-run submits only the three that never ran
    again, _ = summarise([str(SEEDS)], _settings(batches, tmp_path))
    assert not again.failures and again.stats.cache_hits == 2 and again.stats.batch_requests == 3
    assert len(batches.batches) == 2 and len(batches.batches["batch_0002"].lines) == 3


def test_cancelling_a_waited_batch_keeps_what_it_answered(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path
) -> None:
    _, batches = servers
    batches.rows_per_poll, batches.stop_after = 2, 3  # then it holds, in progress
    result: list[object] = []
    waiting = threading.Thread(target=lambda: result.append(summarise([str(SEEDS)], _settings(batches, tmp_path))))
    waiting.start()
    deadline = time.monotonic() + 20
    while not (batches.batches and batches.batches["batch_0001"].done == 3) and time.monotonic() < deadline:
        time.sleep(0.01)
    cancelled = invoke("batch", "cancel", "--cache-dir", str(tmp_path / "cache"), "--base-url", batches.url)
    assert cancelled.exit_code == 0 and "batch_0001  cancelling" in cancelled.output
    waiting.join(20)
    briefing, _ = result[0]  # type: ignore[misc]
    assert len(briefing.sources) == 3 and len(briefing.failures) == 2
    assert all("batch_cancelled" in f.reason for f in briefing.failures)


def _run_in_background(
    batches: FakeBatchServer, tmp_path: Path, base_url: str | None = None
) -> subprocess.Popen[bytes]:
    env = {"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"), "SUMMARIZER_BATCH_POLL": "0.02"}
    args = ["summarise", str(SEEDS), "--batch", "--base-url", base_url or batches.url]
    args += [
        "--no-synthesis",
        "--fixtures",
        str(tmp_path / "none"),
        "--model",
        "test-model",
        "--mode",
        "tools",
        "-q",
    ]
    # A process of its own, to be killed.
    return subprocess.Popen(command(*args), env=child_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_run_killed_while_waiting_resumes_the_same_batch_without_resubmitting(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path
) -> None:
    _, batches = servers
    batches.hold()
    proc = _run_in_background(batches, tmp_path)
    deadline = time.monotonic() + 30
    while batches.polls < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert batches.polls >= 3 and batches.uploads == 1 and len(batches.batches) == 1

    shown = invoke("batch", "status", "--cache-dir", str(tmp_path / "cache"), "--base-url", batches.url)
    assert "batch_0001  in_progress" in shown.output and "results not yet stored" in shown.output

    batches.hold(False)
    briefing, _ = summarise([str(SEEDS)], _settings(batches, tmp_path))
    assert batches.uploads == 1 and len(batches.batches) == 1  # resumed, not resubmitted
    assert not briefing.failures and briefing.stats.batch_requests == 5


def _submitted_and_killed(batches: FakeBatchServer, tmp_path: Path, base_url: str | None = None) -> None:
    """A run's batch submitted (and held in progress), the run killed while it waits."""
    batches.hold()
    proc = _run_in_background(batches, tmp_path, base_url)
    deadline = time.monotonic() + 30
    while batches.polls < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert len(batches.batches) == 1


def test_status_and_wait_ask_where_the_batch_was_submitted_which_is_stored_without_credentials(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path
) -> None:
    chat, batches = servers
    cache = tmp_path / "cache"
    _submitted_and_killed(batches, tmp_path, batches.url.replace("http://", "http://someone:pw-in-url@"))
    with sqlite3.connect(cache / "responses.sqlite3") as db:
        assert db.execute("SELECT endpoint FROM batches").fetchall() == [(batches.url,)]
    stored = b"".join(p.read_bytes() for p in cache.glob("responses.sqlite3*"))
    assert b"pw-in-url" not in stored and b"someone" not in stored

    polls = batches.polls
    shown = invoke("batch", "status", "--cache-dir", str(cache))  # no --base-url, no key
    assert shown.exit_code == 0, shown.output
    assert "batch_0001  in_progress" in shown.output and f"at {batches.url}" in shown.output
    assert batches.polls == polls + 1  # asked there, not at OpenAI's default URL

    with serve_batches(chat.url) as elsewhere:  # --base-url says otherwise: that endpoint is asked
        where = ["--cache-dir", str(cache), "--base-url", elsewhere.url]
        moved = invoke("batch", "status", *where)
        assert elsewhere.replies == 1 and batches.polls == polls + 1
        # Waiting there would give the batch up as failed: it stops instead, and says where to ask.
        waited_elsewhere = invoke("batch", "wait", "-q", *where)
    assert moved.exit_code == 0, moved.output
    assert (
        f"the Batch API at {elsewhere.url} does not know this batch; it was submitted to {batches.url}" in moved.output
    )
    assert waited_elsewhere.exit_code == 1 and "ask there (that --base-url, or none)" in waited_elsewhere.output

    batches.hold(False)
    waited = invoke("batch", "wait", "-q", "--cache-dir", str(cache))
    assert waited.exit_code == 0 and "5 answers stored, 0 failed" in waited.output, waited.output


def test_a_resumed_run_and_cancel_ask_where_the_batch_was_submitted_and_never_send_it_the_key(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path
) -> None:
    _, batches = servers
    _submitted_and_killed(batches, tmp_path)
    batches.stop_after, batches.held = 0, False  # in progress with nothing done, until cancelled
    # Resumed with only an OpenAI key configured: the batch is polled where it runs, without that key.
    resumed = _settings(batches, tmp_path, base_url=None, api_key="sk-never-sent")
    result: list[tuple[Briefing, dict[str, str]]] = []
    waiting = threading.Thread(target=lambda: result.append(summarise([str(SEEDS)], resumed)))
    waiting.start()
    deadline = time.monotonic() + 20
    polls = batches.polls
    while batches.polls < polls + 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    cancelled = invoke("batch", "cancel", "--cache-dir", str(tmp_path / "cache"))
    assert cancelled.exit_code == 0 and "batch_0001  cancelling" in cancelled.output, cancelled.output
    waiting.join(20)
    briefing, _ = result[0]
    assert len(briefing.failures) == 5 and all("batch_cancelled" in f.reason for f in briefing.failures)
    assert batches.uploads == 1 and len(batches.batches) == 1
    assert not any("sk-never-sent" in seen for seen in batches.authorizations)


def test_export_then_import_round_trips_to_the_realtime_briefing(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path
) -> None:
    chat, _ = servers
    cache = str(tmp_path / "cache")
    exported = invoke(
        "batch",
        "export",
        str(SEEDS),
        "--out",
        str(tmp_path / "req"),
        "--model",
        "test-model",
        "--mode",
        "tools",
        "--cache-dir",
        cache,
        "--fixtures",
        str(tmp_path / "none"),
    )
    assert exported.exit_code == 0, exported.output
    (requests,) = sorted((tmp_path / "req").glob("*.jsonl"))
    results = tmp_path / "results.jsonl"
    _run_batch_elsewhere(requests, results, chat.url)

    imported = invoke("batch", "import", str(results), "--cache-dir", cache)
    assert imported.exit_code == 0, imported.output
    assert "5 answers stored, 0 failed" in imported.output
    again = invoke("batch", "import", str(results), "--cache-dir", cache)  # the same file twice
    assert again.exit_code == 0 and "0 answers stored, 0 failed" in again.output
    foreign = tmp_path / "foreign.jsonl"
    foreign.write_text('{"custom_id":"s1:unknown","response":{"status_code":200,"body":{}},"error":null}\nnot json\n')
    listed = invoke("batch", "import", str(foreign), "--cache-dir", cache)
    assert listed.exit_code == 3 and "s1:unknown, a request this cache did not send" in listed.output
    assert "line 2 of" in listed.output and "is not JSON" in listed.output

    offline = make_settings(model="test-model", mode="tools", offline=True, cache_dir=Path(cache), synthesis=False)
    briefing, _ = summarise([str(SEEDS)], offline)
    assert briefing.stats.cache_hits == 5 and not briefing.failures
    assert _without_stats(briefing) == _without_stats(_realtime(tmp_path))


def _run_batch_elsewhere(requests: Path, results: Path, chat_url: str) -> None:
    """What `vllm run-batch -i requests -o results` does: each body to the model, one result line each."""
    from testsupport.batchwire import ChatConnection

    chat = ChatConnection(chat_url)
    with results.open("w", encoding="utf-8") as out:
        for number, line in enumerate(requests.read_text(encoding="utf-8").splitlines()):
            request = json.loads(line)
            status, body = chat.post(request["body"])
            response = {"status_code": status, "request_id": f"vllm-batch-{number}", "body": body}
            out.write(
                json.dumps(
                    {"id": f"vllm-{number}", "custom_id": request["custom_id"], "response": response, "error": None}
                )
                + "\n"
            )
    chat.close()


def test_daily_and_eval_take_batch_too(
    servers: tuple[FakeServer, FakeBatchServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, batches = servers
    monkeypatch.setenv("SUMMARIZER_BATCH_POLL", "0.01")
    inbox = tmp_path / "inbox" / "2025-10-21"
    inbox.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (inbox / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    where = ["--base-url", batches.url, "--model", "test-model", "--mode", "tools", "--cache-dir", str(tmp_path / "c")]
    daily = invoke(
        "daily",
        "--date",
        "2025-10-21",
        "--inbox",
        str(tmp_path / "inbox"),
        "--out",
        str(tmp_path / "out"),
        "--store",
        str(tmp_path / "days.sqlite3"),
        "--no-synthesis",
        "--fixtures",
        str(tmp_path / "none"),
        "--batch",
        *where,
    )
    assert daily.exit_code == 0, daily.output
    assert len(batches.batches) == 1 and len(batches.batches["batch_0001"].lines) == 2
    assert "2 requests at batch price" in daily.output
    assert "batches: 1 completed · 2/2 done, 0 failed" in daily.output  # the batch's progress, as plain lines

    scored = invoke("eval", "--gold", str(REFERENCE), "--format", "json", "--batch", *where)
    assert scored.exit_code == 0, scored.output
    assert len(batches.batches) == 2 and len(batches.batches["batch_0002"].lines) == 3  # daily answered two
    report = json.loads(scored.output[scored.output.index("{") :])
    assert report["overall"]["actors"]["f1"] == 1.0


def _export(tmp_path: Path, name: str, *options: str) -> list[dict[str, object]]:
    args = ["batch", "export", str(SEEDS / "000_31bc555e087dc2ac.txt"), "--out", str(tmp_path / name)]
    args += [
        "--model",
        "test-model",
        "--cache-dir",
        str(tmp_path / name / "cache"),
        "--fixtures",
        str(tmp_path / "none"),
    ]
    result = invoke(*args, *options)
    assert result.exit_code == 0, result.output
    lines = (tmp_path / name / "requests-001.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_export_for_a_server_of_our_own_settles_auto_as_json_schema(tmp_path: Path) -> None:
    # A base URL other than OpenAI's means --mode auto; nothing is asked of the server on export.
    auto = _export(tmp_path, "auto", "--base-url", "http://127.0.0.1:9/v1")
    chosen = _export(tmp_path, "chosen", "--mode", "json_schema")
    assert auto == chosen and auto[0]["body"]["response_format"]["type"] == "json_schema"  # type: ignore[index]
