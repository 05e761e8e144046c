"""What the model answers in each pass: numbers and choices, free text only where it must be written.

Choices are JSON Schema enums (pydantic Literals), so a server that turns the schema into a
grammar (llama.cpp, vLLM, Ollama) cannot answer outside them. Every list is bounded; repeated
items are dropped and a list longer than its bound is cut before validation, so a model that
loops costs its bound, not its context, and what it said before the loop is kept.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model, model_validator

from summarizer.contracts.extraction import ActorKind, EventStatus, Stance

MAX_ACTORS_PER_PASSAGE = 15
MAX_EVENTS = 12
MAX_POSITIONS = 10
MAX_PARTICIPANTS = 4
# Free text, bounded: long enough for what it must say, short enough that a loop inside a string ends.
NAME_CHARS = 60
DESCRIPTION_CHARS = 160
TOPIC_CHARS = 48
SUMMARY_CHARS = 400


class PassAnswer(BaseModel):
    """An answer of one pass: repeated list items dropped, lists and texts cut to their bound
    before validation (as a grammar-enforcing server cuts them), so an answer that overruns is
    kept, not asked again."""

    @model_validator(mode="before")
    @classmethod
    def _bounded_unique_lists(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        bounded = dict(data)
        for name, value in data.items():
            field = cls.model_fields.get(name)
            if field is not None and isinstance(value, str) and (limit := _max_items(field)) is not None:
                bounded[name] = value[:limit]
            if field is None or not isinstance(value, list):
                continue
            seen: set[str] = set()
            unique = []
            for item in value:
                marker = json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
                if marker not in seen:
                    seen.add(marker)
                    unique.append(item)
            limit = _max_items(field)
            bounded[name] = unique[:limit] if limit is not None else unique
        return bounded


def _max_items(field: Any) -> int | None:
    for meta in field.metadata:
        limit = getattr(meta, "max_length", None)
        if isinstance(limit, int):
            return limit
    return None


class ActorMention(BaseModel):
    name: str = Field(max_length=NAME_CHARS)
    kind: ActorKind


class ActorsAnswer(PassAnswer):
    """The actors one passage names."""

    # At least one: allowed an empty list, the local 1.5B answered {"actors": []} for passages
    # naming Rubio, Lawrow, Putin and Trump; a name it must give is kept only if the article has it.
    actors: list[ActorMention] = Field(min_length=1, max_length=MAX_ACTORS_PER_PASSAGE)


def choice(options: list[Any]) -> Any:
    """A Literal of `options` (a JSON Schema enum); each option once, order kept."""
    unique = tuple(dict.fromkeys(options))
    return Literal[unique]


def speaker_answer(options: list[str]) -> type[PassAnswer]:
    """The answer to "who says this quotation?": one of `options` (actor names). No "nobody": offered
    it, the local 1.5B chose it for 5 of the 11 quotations of seed 000, three of them statements
    (3 of 11 right, 7 of 11 without it); whether a quotation is a statement at all the rules decide."""
    return create_model(
        "QuotationSpeaker",
        __base__=PassAnswer,
        speaker=(choice(options), ...),
    )


def event_bounds(sentences: int) -> tuple[int, int]:
    """How many events and positions an article of this many sentences may give: about one in
    three sentences reports an event or a stance, and a list that long costs a bounded answer."""
    return min(MAX_EVENTS, max(2, sentences // 3)), min(MAX_POSITIONS, max(2, sentences // 4))


def least_events(sentences: int) -> tuple[int, int]:
    """How many events and positions an article of this many sentences must give at least: allowed
    none, the local 1.5B answered seed 000 (28 sentences, 8 events in the reference) with no event."""
    return max(1, sentences // 7), max(1, sentences // 10)


def events_answer(sentences: int, actors: list[str], max_events: int, max_positions: int) -> type[PassAnswer]:
    """The article's summary, its events and its actors' positions, each resting on a sentence number."""
    number = choice(list(range(1, sentences + 1)))
    name = choice(actors) if actors else str
    event = create_model(
        "EventPick",
        __base__=PassAnswer,
        sentence=(number, ...),
        status=(EventStatus, ...),
        description=(str, Field(max_length=DESCRIPTION_CHARS)),
    )
    position = create_model(
        "PositionPick",
        __base__=PassAnswer,
        sentence=(number, ...),
        actor=(name, ...),
        stance=(Stance, ...),
        topic=(str, Field(max_length=TOPIC_CHARS)),
        summary=(str, Field(max_length=DESCRIPTION_CHARS)),
    )
    least, fewest = least_events(sentences)
    fewest = fewest if actors else 0  # a position is an actor's: with none known, none is asked for
    # The lists first, the summary last: asked for the summary first, the model went on to "events": [].
    return create_model(
        "EventsAndPositions",
        __base__=PassAnswer,
        events=(list[event], Field(min_length=min(least, max_events), max_length=max_events)),  # type: ignore[valid-type]
        positions=(list[position], Field(min_length=min(fewest, max_positions), max_length=max_positions)),  # type: ignore[valid-type]
        summary=(str, Field(max_length=SUMMARY_CHARS)),
    )
