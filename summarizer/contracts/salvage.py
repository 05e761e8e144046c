"""What can be kept of an answer that is still invalid after the last re-ask.

One unknown `initiator` used to cost a whole article (issue 13: three answers, each rejected for
the same bad reference, the article dropped). After the last re-ask the answer is repaired
instead: every item that fits the schema and whose references resolve is kept, each invalid
reference is dropped (a participant) or nulled (an initiator, a malformed date), and an item that
cannot stand without what was wrong with it (a quote without a known speaker, a position without
its actor, an item missing a required field) is dropped. Every repair is named, so the caller
can count and log it; nothing is invented.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.contracts.extraction import Actor, Event, Extraction, Position, Quote
from summarizer.text.names import name_key


def salvage_extraction(data: Any) -> tuple[Extraction, list[str]] | None:
    """The valid part of a raw extraction answer (parsed JSON) and one line per repair, or None
    when the answer is not a JSON object at all."""
    if not isinstance(data, dict):
        return None
    repairs: list[str] = []
    summary = data.get("summary")
    if not isinstance(summary, str):
        repairs.append("summary missing; left empty")
        summary = ""
    actors = _valid_items(data.get("actors"), Actor, "actors", repairs)
    known = {name_key(form) for actor in actors for form in (actor.name, *actor.aliases)}
    events = [_repair_event(e, i, known, repairs) for i, e in _valid_pairs(data.get("events"), Event, "events", repairs)]
    quotes = [
        q
        for i, q in _valid_pairs(data.get("quotes"), Quote, "quotes", repairs)
        if _resolves(q.speaker, known, f"quotes[{i}] dropped: speaker", repairs)
    ]
    positions = [
        p
        for i, p in _valid_pairs(data.get("positions"), Position, "positions", repairs)
        if _resolves(p.actor, known, f"positions[{i}] dropped: actor", repairs)
    ]
    extraction = Extraction(summary=summary, actors=actors, events=events, quotes=quotes, positions=positions)
    return extraction, repairs


def _valid_pairs(items: Any, model: type[Any], label: str, repairs: list[str]) -> list[tuple[int, Any]]:
    """(index, item) for every entry of a list that validates as `model` on its own."""
    if items is None:
        return []
    if not isinstance(items, list):
        repairs.append(f"{label} is not a list; dropped")
        return []
    kept = []
    for i, item in enumerate(items):
        if isinstance(item, dict) and model is Event and "date" in item:
            item = _without_bad_date(item, i, repairs)
        try:
            kept.append((i, model.model_validate(item)))
        except ValidationError as exc:
            repairs.append(f"{label}[{i}] dropped: {_first_error(exc)}")
    return kept


def _valid_items(items: Any, model: type[BaseModel], label: str, repairs: list[str]) -> list[Any]:
    return [item for _, item in _valid_pairs(items, model, label, repairs)]


def _without_bad_date(item: dict[str, Any], i: int, repairs: list[str]) -> dict[str, Any]:
    """A date that is not ISO becomes null; its wording is kept in date_text if that is empty."""
    try:
        Event.model_validate({"description": "", "status": "unclear", "evidence": "", "date": item["date"]})
        return item
    except ValidationError:
        repairs.append(f"events[{i}].date {item['date']!r} nulled")
        fixed = {**item, "date": None}
        if not fixed.get("date_text") and isinstance(item["date"], str):
            fixed["date_text"] = item["date"]
        return fixed


def _repair_event(event: Event, i: int, known: set[str], repairs: list[str]) -> Event:
    participants = []
    for name in event.participants:
        if name_key(name) in known:
            participants.append(name)
        else:
            repairs.append(f"events[{i}].participants {name!r} dropped: not among actors")
    initiator = event.initiator
    if initiator and name_key(initiator) not in known:
        repairs.append(f"events[{i}].initiator {initiator!r} nulled: not among actors")
        initiator = None
    return event.model_copy(update={"participants": participants, "initiator": initiator})


def _resolves(name: str, known: set[str], what: str, repairs: list[str]) -> bool:
    if name_key(name) in known:
        return True
    repairs.append(f"{what} {name!r} is not among actors")
    return False


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    return f"{where}: {error['msg']}" if where else str(error["msg"])
