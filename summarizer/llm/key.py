"""The one cache key of a model request, and the response schema that goes into it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from summarizer.llm.compact import compact_schema

if TYPE_CHECKING:
    from pydantic import BaseModel

# Bump when what goes into a key changes, so entries stored under the old recipe are never misread.
KEY_FORMAT = "s1"


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spacing and non-ASCII kept: equal values give equal text."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=8)
def response_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of a response model as the model is asked for it (compacted)."""
    return compact_schema(model.model_json_schema())


def request_key(
    model: str,
    messages: Sequence[Mapping[str, str]],
    schema: Mapping[str, Any],
    mode: str,
    sampling: Mapping[str, Any],
) -> str:
    """`s1:` + sha256 of the canonical JSON of everything that shapes the answer.

    That is: the model name, the rendered messages, the response schema, the instructor mode
    (it decides how the schema is sent: tool call, json_schema, or in the prompt) and the sampling
    parameters. Never the API key.

    `base_url` is deliberately NOT part of the key. The key names *what was asked of which model*,
    not *where it was sent*: the same request to gpt-4o-mini through OpenAI or through a proxy or
    gateway gets an answer of the same model, and a recording must replay offline, where there is
    no server at all (the seed fixtures are served with no `--base-url`). The price: one model
    name served by two different servers (say "llama3" at two quantisations) shares cache
    entries. Give such models distinct `--model` names; recorded fixtures carry the weights' hash
    in their `provenance` so a reader can tell them apart.
    """
    return request_keys(model, messages, canonical_json(schema), (mode,), sampling)[0]


@lru_cache(maxsize=8)
def schema_text(model: type[BaseModel]) -> str:
    """The canonical JSON of `response_schema(model)`, made once: it goes into every key."""
    return canonical_json(response_schema(model))


def request_keys(
    model: str,
    messages: Sequence[Mapping[str, str]],
    schema_json: str,
    modes: Sequence[str],
    sampling: Mapping[str, Any],
) -> list[str]:
    """`request_key` in each of `modes`, given the schema's canonical JSON. The canonical request is
    put together from its members in sorted order (messages, mode, model, sampling, schema), so the
    messages, longer than the rest together, are serialised once however many modes are looked up."""
    head = '{"messages":' + canonical_json(messages) + ',"mode":'
    tail = f',"model":{canonical_json(model)},"sampling":{canonical_json(sampling)},"schema":{schema_json}}}'
    return [
        f"{KEY_FORMAT}:" + hashlib.sha256((head + canonical_json(mode) + tail).encode("utf-8")).hexdigest()
        for mode in modes
    ]
