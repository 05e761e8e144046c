"""A local model server over real HTTP: its request shape found by probing, answers it gets wrong
salvaged, re-asks bounded, timeouts that fit CPU answers (the fake server plays llama-cpp-python)."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.app.pipeline import summarise
from summarizer.contracts.extraction import Extraction
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import LOCAL_TIMEOUT, REMOTE_TIMEOUT, Settings
from summarizer.llm.environment import resolve_settings
from summarizer.llm.key import response_schema
from summarizer.llm.prompt import extraction_messages
from summarizer.text.ingest import load_articles
from tests.conftest import REFERENCE, SEEDS
from testsupport.fakeserver import FakeServer, responses_from_fixtures, serve
from testsupport.settings import changed

ARTICLE = SEEDS / "000_31bc555e087dc2ac.txt"
REFERENCE_DOC = json.loads((REFERENCE / "000_31bc555e087dc2ac.json").read_text(encoding="utf-8"))
ARTICLE_ID, REFERENCE_000 = REFERENCE_DOC["article"]["id"], REFERENCE_DOC["response"]


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with serve(responses_from_fixtures(REFERENCE)) as fake:
        fake.json_object_only = True
        yield fake


def _settings(server: FakeServer, tmp_path: Path, **flags: object) -> Settings:
    settings = resolve_settings(model="test-model", base_url=server.url, cache=str(tmp_path / "cache"), fixtures=[])
    return changed(settings, synthesis=False, **flags)


def test_a_server_refusing_json_schema_is_found_and_asked_for_json_object(server: FakeServer, tmp_path: Path) -> None:
    settings = _settings(server, tmp_path)
    assert settings.model.mode == "auto"
    briefing, _ = summarise([str(ARTICLE)], settings)
    (probe,), (extraction,) = server.probes, server.requests
    assert probe["response_format"]["type"] == "json_schema" and probe["max_tokens"] == 1
    assert extraction.body["response_format"] == {"type": "json_object", "schema": response_schema(Extraction)}
    assert extraction.body["seed"] == settings.model.seed and extraction.body["temperature"] == 0
    assert not briefing.failures and briefing.quotes

    offline = resolve_settings(
        model="test-model", offline=True, cache=str(tmp_path / "cache"), fixtures=[], synthesis=False
    )
    again, _ = summarise([str(ARTICLE)], offline)  # no endpoint, no mode given: the recording is found
    assert again.stats.cache_hits == 1 and server.count() == 1 and len(server.probes) == 1
    (article,), _ = load_articles([str(ARTICLE)])
    settled = settings.with_mode("json_object")  # what the probe found: the key the answer is stored under
    stored = ResponseCache(tmp_path / "cache").get(settled.request_key(extraction_messages(article), Extraction))
    assert stored is not None and stored.mode == "json_object"


def test_json_schema_given_explicitly_fails_at_once_naming_the_mode_to_use(server: FakeServer, tmp_path: Path) -> None:
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path, mode="json_schema"))
    assert server.count() == 1  # a 500 that reports an invalid request is not sent again
    assert "--mode json_object" in briefing.failures[0].reason


def test_a_server_taking_json_schema_keeps_it(server: FakeServer, tmp_path: Path) -> None:
    server.json_object_only = False
    settings = _settings(server, tmp_path)
    summarise([str(ARTICLE)], settings)
    assert len(server.probes) == 1
    assert server.requests[0].body["response_format"]["type"] == "json_schema"
    (article,), _ = load_articles([str(ARTICLE)])
    key = settings.with_mode("json_schema").request_key(extraction_messages(article), Extraction)
    stored = ResponseCache(tmp_path / "cache").get(key)  # stored under the mode the probe settled on
    assert stored is not None and stored.mode == "json_schema"


def test_an_answer_invalid_after_the_last_reask_keeps_its_valid_part(server: FakeServer, tmp_path: Path) -> None:
    # "invalid" adds a quote by a speaker who is not among the actors, the whole answer otherwise right.
    server.queue(ARTICLE_ID, "invalid", "invalid", "invalid")
    settings = _settings(server, tmp_path, mode="json_object")
    briefing, _ = summarise([str(ARTICLE)], settings)
    # The re-ask brought the same answer word for word: no third request, the valid part is kept.
    assert server.count() == 2 and not briefing.failures
    assert briefing.stats.invalid_dropped == 1 and briefing.stats.retries == 1
    shown = {q.text for q in briefing.quotes}
    assert "x" not in shown and "Man kann nichts verschieben, was nicht vereinbart war." in shown
    (article,), _ = load_articles([str(ARTICLE)])
    stored = ResponseCache(tmp_path / "cache").get(settings.request_key(extraction_messages(article), Extraction))
    assert stored is not None and stored.repairs == [
        f"quotes[{len(REFERENCE_000['quotes'])}] dropped: speaker 'Niemand Unbekannt' is not among actors"
    ]


def test_reasks_zero_salvages_the_first_answer(server: FakeServer, tmp_path: Path) -> None:
    server.queue(ARTICLE_ID, "invalid")
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path, mode="json_object", max_retries=0))
    assert server.count() == 1 and not briefing.failures and briefing.stats.invalid_dropped == 1


def test_a_timed_out_answer_from_a_local_server_is_not_asked_for_again(server: FakeServer, tmp_path: Path) -> None:
    # The server would still be working on the first request: a second one only queues behind it.
    server.stall = 2.0
    server.queue(ARTICLE_ID, "timeout")
    briefing, _ = summarise([str(ARTICLE)], _settings(server, tmp_path, mode="json_object", timeout=0.5))
    assert server.count() == 1 and "Timeout" in briefing.failures[0].reason


def test_timeouts_and_modes_by_endpoint() -> None:
    local = resolve_settings(base_url="http://localhost:8080/v1").model
    remote = resolve_settings(base_url="https://models.example.org/v1").model
    assert (local.mode, local.timeout, local.retry_timeouts) == ("auto", LOCAL_TIMEOUT, False)
    assert (remote.mode, remote.timeout, remote.retry_timeouts) == ("auto", REMOTE_TIMEOUT, True)
    assert resolve_settings().model.mode == "tools"
    assert resolve_settings(base_url="http://[::1]:1/v1", timeout=30).model.timeout == 30
    assert resolve_settings(base_url="http://127.0.0.1:1/v1").lookup_modes == ("json_schema", "json_object")
    assert resolve_settings(offline=True).lookup_modes == ("tools", "json_schema", "json_object", "md_json")
    assert resolve_settings(offline=True, mode="md_json").lookup_modes == ("md_json",)
