"""What can be kept of an answer that is still invalid after the last re-ask.

One unknown `initiator` used to cost a whole article (issue 13: three answers, each rejected for
the same bad reference, the article dropped). After the last re-ask the answer is repaired
instead: every item that fits the schema and whose references resolve is kept, each invalid
reference is dropped (a participant) or nulled (an initiator, a malformed date), and an item that
cannot stand without what was wrong with it (a quote without a known speaker, a position without
its actor, an item missing a required field) is dropped. A referenced name the article gives but
`actors` lacks is added to them, as the re-ask asked. Every repair is named, so the caller can
count and log it; nothing the article does not name is invented.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.contracts.extraction import Actor, ActorKind, Event, Extraction, Position, Quote
from summarizer.text.ground import normalise
from summarizer.text.names import name_key


def salvage_extraction(data: Any, article_text: str | None = None) -> tuple[Extraction, list[str]] | None:
    """The valid part of a raw extraction answer (parsed JSON) and one line per repair, or None
    when the answer is not a JSON object at all.

    A speaker, participant, initiator or position actor missing from `actors` but named in
    `article_text` (its full name, or its surname as a word) is added as an actor of kind "other":
    that is the fix the re-ask asked for. Only names the article does not contain are dropped.
    """
    if not isinstance(data, dict):
        return None
    repairs: list[str] = []
    summary = data.get("summary")
    if not isinstance(summary, str):
        repairs.append("summary missing; left empty")
        summary = ""
    actors = _valid_items(data.get("actors"), Actor, "actors", repairs)
    known = {name_key(form) for actor in actors for form in (actor.name, *actor.aliases)}
    events = _valid_pairs(data.get("events"), Event, "events", repairs)
    quotes = _valid_pairs(data.get("quotes"), Quote, "quotes", repairs)
    positions = _valid_pairs(data.get("positions"), Position, "positions", repairs)
    if article_text:
        named = [q.speaker for _, q in quotes if q.attributed] + [p.actor for _, p in positions]
        named += [n for _, e in events for n in (*e.participants, e.initiator or "")]
        for name in dict.fromkeys(named):
            if name.strip() and name_key(name) not in known and _named_in(name, article_text):
                actors.append(Actor(name=name, kind=ActorKind.other))
                known.add(name_key(name))
                repairs.append(f"actor {name!r} added: named in the article, missing from actors")
    fixed_events = [_repair_event(e, i, known, repairs) for i, e in events]
    kept_quotes = [
        q for i, q in quotes if not q.attributed or _resolves(q.speaker, known, f"quotes[{i}] dropped: speaker", repairs)
    ]
    kept_positions = [p for i, p in positions if _resolves(p.actor, known, f"positions[{i}] dropped: actor", repairs)]
    extraction = Extraction(
        summary=summary, actors=actors, events=fixed_events, quotes=kept_quotes, positions=kept_positions
    )
    return extraction, repairs


def _named_in(name: str, text: str) -> bool:
    """Whether the article names `name`: the whole name, or its last word (four letters or more) as a word."""
    folded = f" {normalise(text)} "
    words = normalise(name).split()
    if not words:
        return False
    return f" {' '.join(words)} " in folded or (
        len(words[-1]) >= 4 and re.search(rf"\b{re.escape(words[-1])}\b", folded) is not None
    )


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
