import json
from pathlib import Path

import pytest

from summarizer.llm.cache import ResponseCache, request_key
from summarizer.llm.client import extraction_key
from summarizer.llm.config import Settings
from summarizer.llm.prompt import extraction_messages
from summarizer.text.ingest import parse_article


def test_key_is_prefixed_and_independent_of_dict_order() -> None:
    a = request_key({"model": "m", "messages": [{"role": "user", "content": "x"}], "sampling": {"temperature": 0}})
    b = request_key({"sampling": {"temperature": 0}, "messages": [{"content": "x", "role": "user"}], "model": "m"})
    assert a == b and a.startswith("s1:") and len(a) == 3 + 64


@pytest.mark.parametrize(
    "change",
    [
        {"model": "other-model"},
        {"mode": "json_schema"},
        {"lang": "de"},
        {"temperature": 0.7},
    ],
)
def test_everything_that_shapes_the_answer_changes_the_key(change: dict[str, object]) -> None:
    article = parse_article("Ein Artikel.", "a.txt")
    base = Settings()
    other = Settings(**{**base.__dict__, **change})  # type: ignore[arg-type]
    assert extraction_key(extraction_messages(article, base.lang), base) != extraction_key(
        extraction_messages(article, other.lang), other
    )


def test_key_never_contains_the_api_key() -> None:
    article = parse_article("Ein Artikel.", "a.txt")
    with_key = Settings(api_key="sk-secret-123")
    assert extraction_key(extraction_messages(article), with_key) == extraction_key(
        extraction_messages(article), Settings()
    )


def test_entries_persist_across_instances(tmp_path: Path) -> None:
    first = ResponseCache(tmp_path)
    first.put("s1:abc", {"response": {"summary": "s"}})
    first.close()
    second = ResponseCache(tmp_path)
    assert second.get("s1:abc") == {"response": {"summary": "s"}}
    assert second.get("s1:missing") is None


def test_fixture_folders_sit_beneath_the_runtime_cache(tmp_path: Path) -> None:
    fixtures = tmp_path / "fx"
    fixtures.mkdir()
    (fixtures / "one.json").write_text(json.dumps({"key": "s1:k", "origin": "reference", "response": {"v": 1}}))
    cache = ResponseCache(tmp_path / "db", [fixtures])
    assert cache.get("s1:k")["response"] == {"v": 1}  # type: ignore[index]
    cache.put("s1:k", {"response": {"v": 2}})
    assert cache.get("s1:k")["response"] == {"v": 2}  # type: ignore[index]
    assert json.loads((fixtures / "one.json").read_text())["response"] == {"v": 1}


def test_fast_key_equals_the_canonical_request_hash() -> None:
    from summarizer.contracts.extraction import Extraction
    from summarizer.llm.client import key_for, request_for

    article = parse_article("Ein Artikel mit „Zitat“ und ß.", "a.txt")
    for settings in (Settings(), Settings(model="m", mode="json_schema", temperature=0.3)):
        messages = extraction_messages(article, settings.lang)
        assert key_for(messages, Extraction, settings) == request_key(request_for(messages, Extraction, settings))
