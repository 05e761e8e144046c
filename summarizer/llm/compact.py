"""The JSON Schema as sent to the model: pydantic's schema without what costs tokens and guides
nothing (nested titles, defaults, $ref indirection, anyOf-with-null), and with every list required.
Responses are still validated against the full Pydantic model."""

from __future__ import annotations

from typing import Any


def compact_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A smaller, equivalent-for-guidance schema; the top-level title (the tool's name) is kept."""
    defs = schema.get("$defs", {})

    def walk(node: Any, top: bool = False) -> Any:
        if isinstance(node, list):
            return [walk(n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            target = walk(defs[node["$ref"].rsplit("/", 1)[-1]])
            extra = {k: walk(v) for k, v in node.items() if k != "$ref"}
            return {**target, **extra}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("$defs", "default") or (key == "title" and not top):
                continue
            if key == "properties":
                out[key] = {name: walk(prop) for name, prop in value.items()}
            else:
                out[key] = walk(value)
        _require_lists(out)
        options = out.get("anyOf")
        if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
            other = next(o for o in options if o != {"type": "null"})
            if isinstance(other.get("type"), str):
                del out["anyOf"]
                out = {**other, **out, "type": [other["type"], "null"]}
        return out

    result: dict[str, Any] = walk(schema, top=True)
    return result


def _require_lists(node: dict[str, Any]) -> None:
    """List properties become required: an omitted list and an empty one mean the same, and a model
    whose output a grammar enforces otherwise tends to stop after the first required field (a
    1.5B model gave a summary and no actors, then quotes of actors it had never listed)."""
    properties = node.get("properties")
    if not isinstance(properties, dict):
        return
    lists = [name for name, prop in properties.items() if isinstance(prop, dict) and prop.get("type") == "array"]
    required = list(node.get("required", []))
    missing = [name for name in lists if name not in required]
    if missing:
        node["required"] = required + missing
