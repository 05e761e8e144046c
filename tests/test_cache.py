import json
from pathlib import Path

import pytest

from summarizer.contracts.extraction import Extraction
from summarizer.contracts.record import Record
from summarizer.llm.cache import ResponseCache
from summarizer.llm.config import Settings
from summarizer.llm.key import request_key
from summarizer.llm.prompt import extraction_messages
from summarizer.text.ingest import parse_article
from testsupport.settings import changed, make_settings


def extraction_key(messages: list[dict[str, str]], settings: Settings) -> str:
    return settings.request_key(messages, Extraction)


def test_key_is_prefixed_and_independent_of_dict_order() -> None:
    a = request_key("m", [{"role": "user", "content": "x"}], {"type": "object", "a": 1}, "tools", {"temperature": 0})
    b = request_key("m", [{"content": "x", "role": "user"}], {"a": 1, "type": "object"}, "tools", {"temperature": 0})
    assert a == b and a.startswith("s1:") and len(a) == 3 + 64


def test_key_is_the_hash_of_the_documented_canonical_request() -> None:
    """The recipe of docs/design.md (Request key), spelled out, so stored keys (and the seed fixtures) cannot drift silently."""
    import hashlib

    messages = [{"role": "user", "content": "Ein „Zitat“ mit ß"}]
    text = (
        '{"messages":[{"content":"Ein „Zitat“ mit ß","role":"user"}],"mode":"tools","model":"m",'
        '"sampling":{"temperature":0.0},"schema":{"type":"object"}}'
    )
    expected = "s1:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert request_key("m", messages, {"type": "object"}, "tools", {"temperature": 0.0}) == expected


def test_keys_looked_up_in_several_modes_are_each_the_hash_of_that_modes_canonical_request() -> None:
    """request_keys puts the canonical text together from its members; each key must still be the
    hash of the whole request serialised as one."""
    import hashlib

    from summarizer.llm.key import canonical_json, request_keys

    messages = [{"role": "system", "content": "Regeln"}, {"role": "user", "content": "Ein „Zitat“\n mit ß"}]
    schema = {"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": ["integer", "null"]}}}
    sampling = {"temperature": 0.0, "seed": 42}
    modes = ("json_schema", "json_object", "tools")
    whole = [
        {"model": "m", "messages": messages, "schema": schema, "mode": mode, "sampling": sampling} for mode in modes
    ]
    expected = ["s1:" + hashlib.sha256(canonical_json(r).encode("utf-8")).hexdigest() for r in whole]
    assert request_keys("m", messages, canonical_json(schema), modes, sampling) == expected
    assert len(set(expected)) == 3


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
    other = changed(base, **change)
    assert extraction_key(extraction_messages(article, base.run.lang), base) != extraction_key(
        extraction_messages(article, other.run.lang), other
    )


def test_key_never_contains_the_api_key() -> None:
    article = parse_article("Ein Artikel.", "a.txt")
    with_key = make_settings(api_key="sk-secret-123")
    assert extraction_key(extraction_messages(article), with_key) == extraction_key(
        extraction_messages(article), Settings()
    )


def test_entries_persist_across_instances(tmp_path: Path) -> None:
    first = ResponseCache(tmp_path)
    first.put("s1:abc", Record(key="s1:abc", model="m", response={"summary": "s"}))
    first.close()
    second = ResponseCache(tmp_path)
    assert second.get("s1:abc") == Record(key="s1:abc", model="m", response={"summary": "s"})
    assert second.get("s1:missing") is None


def test_fixture_folders_sit_beneath_the_runtime_cache(tmp_path: Path) -> None:
    fixtures = tmp_path / "fx"
    fixtures.mkdir()
    (fixtures / "one.json").write_text(json.dumps({"key": "s1:k", "origin": "reference", "response": {"v": 1}}))
    cache = ResponseCache(tmp_path / "db", [fixtures])
    assert cache.get("s1:k") == Record(key="s1:k", origin="reference", response={"v": 1})
    cache.put("s1:k", Record(key="s1:k", response={"v": 2}))
    assert cache.get("s1:k") == Record(key="s1:k", response={"v": 2})
    assert json.loads((fixtures / "one.json").read_text())["response"] == {"v": 1}
