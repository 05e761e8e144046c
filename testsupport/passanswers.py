"""Answers to the multi-pass protocol's requests (summarizer/llm/passes), made from a reference
extraction the way a model that read the prompt well would give them: the actors a passage
names, the speaker of a quotation among the choices offered, the events and positions by the
number of the sentence that holds their evidence. For the test servers (fakeserver, fakebatch).
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.text.ground import normalise
from summarizer.text.names import name_key

PASSAGE = re.compile(r"<passage-[0-9a-f]{16}>\n(.*?)\n</passage-", re.DOTALL)
QUOTATION = re.compile(r"the quotation „(.*?)“ in this passage", re.DOTALL)
SENTENCE = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)
ACTORS, SPEAKER, EVENTS = "ActorsAnswer", "QuotationSpeaker", "EventsAndPositions"
PASSES = (ACTORS, SPEAKER, EVENTS)


def schema_of(body: dict[str, Any]) -> dict[str, Any]:
    """The response schema a request carries, whatever its mode (tools, json_schema, json_object)."""
    tools = body.get("tools") or []
    if tools:
        parameters: dict[str, Any] = tools[0]["function"].get("parameters") or {}
        return {"title": tools[0]["function"]["name"], **parameters}
    form = body.get("response_format") or {}
    if "json_schema" in form:
        return {"title": form["json_schema"].get("name"), **(form["json_schema"].get("schema") or {})}
    return dict(form.get("schema") or {})


def pass_of(body: dict[str, Any]) -> str | None:
    """Which pass a request is of, or None for any other request."""
    title = schema_of(body).get("title")
    return title if title in PASSES else None


def answer(step: str, body: dict[str, Any], prompt: str, reference: dict[str, Any]) -> dict[str, Any]:
    """The answer to a pass request from the reference extraction of its article."""
    schema = schema_of(body)
    if step == ACTORS:
        return _actors(prompt, reference, schema)
    if step == SPEAKER:
        return _speaker(prompt, reference, schema)
    return _events(prompt, reference, schema)


def _forms(actor: dict[str, Any]) -> list[str]:
    return [actor["name"], *actor.get("aliases", [])]


def _actors(prompt: str, reference: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    found = PASSAGE.search(prompt)
    passage = normalise(found.group(1)) if found else ""
    named = []
    for actor in reference.get("actors", []):
        form = next((f for f in _forms(actor) if normalise(f) in passage), None)
        if form is not None:
            named.append({"name": form, "kind": actor["kind"]})
    limit = schema["properties"]["actors"].get("maxItems", len(named))
    return {"actors": named[:limit]}


def _speaker(prompt: str, reference: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    options: list[str] = schema["properties"]["speaker"]["enum"]
    found = QUOTATION.search(prompt)
    words = normalise(found.group(1)) if found else ""
    said = next((q for q in reference.get("quotes", []) if normalise(q["text"]) == words), None)
    if said is not None:
        actor = next((a for a in reference.get("actors", []) if said["speaker"] in _forms(a)), None)
        keys = {name_key(f) for f in (_forms(actor) if actor else [said["speaker"]])}
        chosen = next((o for o in options if name_key(o) in keys), None)
        if chosen is not None:
            return {"speaker": chosen}
    return {"speaker": options[0]}  # the reference names nobody among the choices: the nearest, as a model must choose


def _sentence_of(span: str, sentences: dict[int, str]) -> int | None:
    folded = normalise(span)
    for number, text in sentences.items():
        if folded and (folded in normalise(text) or normalise(text) in folded):
            return number
    return None


def _events(prompt: str, reference: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    sentences = {int(n): text for n, text in SENTENCE.findall(prompt)}
    props = schema["properties"]
    actors = props["positions"]["items"]["properties"]["actor"].get("enum", [])
    events = []
    for event in reference.get("events", []):
        number = _sentence_of(event["evidence"], sentences)
        if number is not None:
            events.append({"sentence": number, "status": event["status"], "description": event["description"]})
    positions = []
    for position in reference.get("positions", []):
        number = _sentence_of(position["evidence"], sentences)
        if number is not None and position["actor"] in actors:
            positions.append(
                {
                    "sentence": number,
                    "actor": position["actor"],
                    "stance": position["stance"],
                    "topic": position["topic"],
                    "summary": position["summary"],
                }
            )
    return {
        "summary": reference.get("summary", ""),
        "events": events[: props["events"].get("maxItems", len(events))],
        "positions": positions[: props["positions"].get("maxItems", len(positions))],
    }
