"""A pass's answer model rebuilt from the JSON Schema it was asked with.

A pass's choices (the article's actors, its sentence numbers) make its answer model per article.
A batch request outlives the run that planned it (`batch wait` may ingest it in another process),
so the batch store keeps the schema, and the answer is validated against a model rebuilt from it:
the same types, choices and bounds, and the very schema it was asked with.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from summarizer.llm.passes.answers import PassAnswer

_SCALARS: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool}


def answer_model(schema: dict[str, Any]) -> type[BaseModel]:
    """A model that validates what `schema` describes, and whose JSON Schema is `schema` itself."""
    model = _object(str(schema.get("title") or "Answer"), schema)
    kept = copy.deepcopy(schema)

    def model_json_schema(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return copy.deepcopy(kept)

    type.__setattr__(model, "model_json_schema", staticmethod(model_json_schema))
    return model


def _object(name: str, node: dict[str, Any]) -> type[BaseModel]:
    required = set(node.get("required", []))
    fields: dict[str, Any] = {}
    for key, prop in node.get("properties", {}).items():
        annotation, bounds = _annotation(f"{name}_{key}", prop)
        if key in required:
            fields[key] = (annotation, Field(**bounds))
        else:
            fields[key] = (annotation | None, Field(default=None, **bounds))
    return create_model(name, __base__=PassAnswer, **fields)


def _annotation(name: str, prop: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    kinds = prop.get("type")
    listed = kinds if isinstance(kinds, list) else [kinds]
    nullable = "null" in listed
    kind = next((k for k in listed if k != "null"), None)
    bounds: dict[str, Any] = {}
    if "enum" in prop:
        annotation: Any = Literal[tuple(prop["enum"])]
    elif kind == "array":
        item, _ = _annotation(f"{name}_item", prop.get("items", {}))
        annotation = list[item]  # type: ignore[valid-type]
        if "maxItems" in prop:
            bounds["max_length"] = prop["maxItems"]
        if "minItems" in prop:
            bounds["min_length"] = prop["minItems"]
    elif kind == "object":
        annotation = _object(name, prop)
    else:
        annotation = _SCALARS.get(str(kind), Any)
        if kind == "string" and "maxLength" in prop:
            bounds["max_length"] = prop["maxLength"]
    return (annotation | None if nullable else annotation), bounds
