"""Live mode over real HTTP: a local OpenAI-compatible server, the real openai SDK and instructor."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.app.pipeline import summarise
from summarizer.contracts.extraction import Extraction
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import Settings
from summarizer.llm.prompt import extraction_messages
from summarizer.text.ingest import load_articles
from tests.conftest import REFERENCE, SEEDS
from testsupport.cli import invoke
from testsupport.fakeserver import FABRICATED_QUOTE, SYNTHESIS, FakeServer, responses_from_fixtures, serve
from testsupport.settings import changed, make_settings

ARTICLE = SEEDS / "000_31bc555e087dc2ac.txt"
ARTICLE_ID = json.loads((REFERENCE / "000_31bc555e087dc2ac.json").read_text(encoding="utf-8"))["article"]["id"]


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with serve(responses_from_fixtures(REFERENCE)) as fake:
        yield fake


def _settings(server: FakeServer, tmp_path: Path, mode: str = "json_schema", **over: object) -> Settings:
    return make_settings(
        **{
            "model": "test-model",
            "base_url": server.url,
            "mode": mode,
            "cache_dir": tmp_path / "cache",
            "transport_deadline": 20,
            "synthesis": False,
            **over,
        }
    )


@pytest.mark.parametrize("mode", ["tools", "json_schema", "md_json"])
def test_invalid_answer_is_reasked_then_accepted(server: FakeServer, tmp_path: Path, mode: str) -> None:
    server.queue(ARTICLE_ID, "invalid")
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path, mode))
    assert [r.step for r in server.requests] == ["invalid", "ok"]
    reask = json.dumps(server.requests[1].body["messages"], ensure_ascii=False)
    assert "'Niemand Unbekannt'" in reask and "Known actors" in reask
    assert briefing.stats.llm_calls == 2 and briefing.stats.retries == 1 and not briefing.failures
    assert briefing.stats.prompt_tokens > 0 and briefing.stats.completion_tokens > 0
    assert any(q.speaker_name == "Sergey Ryabkov" for q in briefing.quotes)
    if mode == "tools":
        assert server.requests[0].body["tools"][0]["function"]["name"] == "Extraction"


def test_a_cached_answer_costs_nothing_and_opens_no_socket(
    server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(server, tmp_path)
    first, _ = summarise([str(ARTICLE)], settings)
    assert server.count() == 1 and first.stats.cache_hits == 0
    import socket

    def refuse(*_: object) -> None:
        raise AssertionError("a cache hit opened a socket")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    again, _ = summarise([str(ARTICLE)], settings)
    assert server.count() == 1
    assert again.stats.cache_hits == 1 and again.stats.llm_calls == 0 and again.stats.prompt_tokens == 0
    assert again.model_dump(exclude={"stats", "provenance"}) == first.model_dump(exclude={"stats", "provenance"})


def test_nothing_invalid_is_cached(server: FakeServer, tmp_path: Path) -> None:
    server.queue(ARTICLE_ID, "malformed", "malformed", "malformed")
    settings = _settings(server, tmp_path, max_retries=2)
    briefing, _ = summarise([str(ARTICLE)], settings)
    # The second answer repeats the first word for word, so no third is asked for; a broken JSON
    # text leaves nothing to salvage.
    assert server.count() == 2 and [f.path for f in briefing.failures] == [str(ARTICLE)]
    offline, _ = summarise([str(ARTICLE)], changed(settings, offline=True))
    assert offline.stats.cache_hits == 0 and "--offline" in offline.failures[0].reason


def test_fabricated_quote_is_reasked_then_corrected(server: FakeServer, tmp_path: Path) -> None:
    server.queue(ARTICLE_ID, "fabricated")
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path))
    assert [r.step for r in server.requests] == ["fabricated", "ok"]
    reask = json.dumps(server.requests[1].body["messages"], ensure_ascii=False)
    assert "is not in the article" in reask and "Closest passage" in reask
    assert FABRICATED_QUOTE not in {q.text for q in briefing.quotes}
    assert briefing.stats.ungrounded_dropped == 0


def test_fabricated_quote_that_survives_the_retries_is_dropped_counted_and_listed(
    server: FakeServer, tmp_path: Path
) -> None:
    server.queue(ARTICLE_ID, "fabricated", "fabricated", "fabricated")
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path, max_retries=2))
    # The re-ask got the same answer again: no third request, the answer is taken as the last one.
    assert server.count() == 2 and not briefing.failures
    assert FABRICATED_QUOTE not in {q.text for q in briefing.quotes}
    assert briefing.stats.ungrounded_dropped == 1
    assert [n.text for n in briefing.not_verified if n.kind == "quote"] == [FABRICATED_QUOTE]
    assert len(briefing.quotes) > 5  # the article's real quotes are kept


@pytest.mark.parametrize("fault", ["429", "500", "503", "drop"])
def test_transport_faults_are_retried_and_counted(server: FakeServer, tmp_path: Path, fault: str) -> None:
    server.queue(ARTICLE_ID, fault)
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path))
    assert [r.step for r in server.requests] == [fault, "ok"]
    assert briefing.stats.retries == 1 and not briefing.failures


def test_responses_are_cached_under_the_request_key_without_the_api_key(server: FakeServer, tmp_path: Path) -> None:
    settings = _settings(server, tmp_path, api_key="sk-very-secret-key")
    summarise([str(ARTICLE)], settings)
    raw = (tmp_path / "cache" / "responses.sqlite3").read_bytes()
    assert b"sk-very-secret-key" not in raw
    assert server.requests[0].body["model"] == "test-model"
    cache = ResponseCache(tmp_path / "cache")
    rows = cache._db.execute("SELECT value FROM responses").fetchall()  # type: ignore[union-attr]
    entry = json.loads(rows[0][0])
    assert entry["origin"] == "recorded" and entry["model"] == "test-model" and entry["usage"]["prompt_tokens"] > 0


def test_cli_without_key_or_base_url_exits_1_naming_the_fixes(tmp_path: Path) -> None:
    env = {"OPENAI_API_KEY": None, "OPENAI_BASE_URL": None, "SUMMARIZER_CACHE_DIR": str(tmp_path)}
    result = invoke("summarise", str(ARTICLE), "--fixtures", str(tmp_path / "none"), env=env)
    assert result.exit_code == 1
    for hint in ("OPENAI_API_KEY", "--base-url", "--offline"):
        assert hint in result.stderr
    assert result.stdout == ""


def test_synthesis_cites_only_existing_items_and_is_cached(server: FakeServer, tmp_path: Path) -> None:
    server.queue(SYNTHESIS, "invalid")
    settings = _settings(server, tmp_path, synthesis=True)
    briefing, _ = summarise([str(ARTICLE)], settings)
    steps = [r.step for r in server.requests if r.article == SYNTHESIS]
    assert steps == ["invalid", "ok"]
    reask = json.dumps(server.requests[-1].body["messages"], ensure_ascii=False)
    assert "unknown ids ['e999']" in reask
    assert briefing.overview_by == "model" and briefing.overview[0].text == "Scripted overview sentence."
    known = (
        {e.id for e in briefing.events} | {d.id for d in briefing.disagreements} | {p.id for p in briefing.positions}
    )
    assert briefing.overview[0].cites and set(briefing.overview[0].cites) <= known
    before = server.count()
    again, _ = summarise([str(ARTICLE)], settings)
    assert server.count() == before and again.overview_by == "model" and again.stats.llm_calls == 0


def test_offline_without_a_cached_synthesis_writes_the_rule_based_overview(server: FakeServer, tmp_path: Path) -> None:
    settings = _settings(server, tmp_path, synthesis=True)
    summarise([str(ARTICLE)], changed(settings, synthesis=False))  # fills the extraction cache only
    briefing, _ = summarise([str(ARTICLE)], changed(settings, offline=True))
    assert briefing.overview_by == "rules" and briefing.overview
    assert all(r.article != SYNTHESIS for r in server.requests)


def test_read_timeout_is_retried(server: FakeServer, tmp_path: Path) -> None:
    server.stall = 2.0
    server.queue(ARTICLE_ID, "timeout")
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path, timeout=0.5))
    assert [r.step for r in server.requests] == ["timeout", "ok"]
    assert briefing.stats.retries == 1 and not briefing.failures


def test_a_truncated_answer_is_not_asked_again_and_keeps_what_it_completed(server: FakeServer, tmp_path: Path) -> None:
    server.queue(ARTICLE_ID, "length")  # the JSON text stops a third of the way in
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path))
    assert server.count() == 1 and not briefing.failures
    assert briefing.stats.invalid_dropped >= 1  # the cut-off itself, and the unfinished item it stopped in
    whole = responses_from_fixtures(REFERENCE)[ARTICLE_ID]
    (article,), _ = load_articles([str(ARTICLE)])
    settings = _settings(server, tmp_path)
    stored = ResponseCache(tmp_path / "cache").get(settings.request_key(extraction_messages(article), Extraction))
    assert stored is not None and stored.repairs and stored.repairs[0].startswith("answer cut off at the length limit")
    lists = ("actors", "events", "quotes", "positions")
    kept = {
        k: [{f: v for f, v in item.items() if v not in (None, False, [])} for item in stored.response[k]] for k in lists
    }
    given = {
        k: [{f: v for f, v in item.items() if v not in (None, False, [])} for item in whole.get(k, [])] for k in lists
    }
    assert all(kept[k] == given[k][: len(kept[k])] for k in lists)  # what it completed, as it was given
    assert kept["actors"] and sum(map(len, kept.values())) < sum(map(len, given.values()))


def test_a_long_article_goes_in_parts_with_offsets_into_the_whole(server: FakeServer, tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    long_article = tmp_path / "long.txt"
    long_article.write_text("\n".join(p.read_text(encoding="utf-8") for p in seeds), encoding="utf-8")
    settings = _settings(server, tmp_path, token_budget=1500)
    briefing, texts = summarise([str(long_article)], settings)
    parts = server.count()
    assert parts >= 3 and not briefing.failures
    bodies = [json.dumps(r.body["messages"], ensure_ascii=False) for r in server.requests]
    assert all(f"of {parts}" in b for b in bodies)
    (text,) = texts.values()
    for q in briefing.quotes:
        (c,) = q.citations
        assert text[c.grounding.start : c.grounding.end] == q.text
    speakers = {q.speaker_name for q in briefing.quotes}
    assert {"Sergey Ryabkov", "Yuri Ushakov"} <= speakers  # from the first and the third seed
    again, _ = summarise([str(long_article)], settings)
    assert server.count() == parts and again.stats.cache_hits == parts


def test_retry_after_is_honoured(server: FakeServer, tmp_path: Path) -> None:
    import time

    server.retry_after = "1"
    server.queue(ARTICLE_ID, "429")
    started = time.monotonic()
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path))
    waited = server.requests[1].received - server.requests[0].received
    assert waited >= 1.0 and time.monotonic() - started >= 1.0
    assert briefing.stats.retries == 1 and not briefing.failures
