"""What can be kept of a pass answer still invalid after the last re-ask, or cut off at its length
limit: every list item that validates on its own, and each scalar that does (a missing text left
empty); the rest is dropped and named. A speaker or number that is not one of the choices leaves
nothing to keep."""

from __future__ import annotations

from typing import Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError


def salvage_pass_answer(data: Any, model: type[BaseModel]) -> tuple[BaseModel, list[str]] | None:
    """The valid part of a raw pass answer (parsed JSON) and one line per repair, or None."""
    if not isinstance(data, dict):
        return None
    repairs: list[str] = []
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        value = data.get(name)
        annotation = field.annotation
        if get_origin(annotation) is list:
            values[name] = _valid_items(value, get_args(annotation)[0], name, repairs)
        elif value is None and annotation is str:
            values[name] = ""
            repairs.append(f"{name} missing; left empty")
        else:
            values[name] = value
    try:
        return model.model_validate(values), repairs
    except ValidationError as exc:
        # Fewer items than the least asked for (an answer cut off early): the items it has are valid.
        if all(error["type"] == "too_short" for error in exc.errors()):
            return model.model_construct(**values), [*repairs, "fewer items than asked for; kept as given"]
        return None


def _valid_items(items: Any, item_type: Any, label: str, repairs: list[str]) -> list[Any]:
    if items is None:
        return []
    if not isinstance(items, list):
        repairs.append(f"{label} is not a list; dropped")
        return []
    adapter: TypeAdapter[Any] = TypeAdapter(item_type)
    kept = []
    for i, item in enumerate(items):
        try:
            kept.append(adapter.validate_python(item))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            repairs.append(f"{label}[{i}] dropped: {where + ': ' if where else ''}{error['msg']}")
    return kept
