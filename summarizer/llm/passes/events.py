"""Pass 3, events and positions: each rests on a sentence the model names by number, its actors
chosen from the article's; the code copies the sentence as evidence and reads its date."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from summarizer.contracts.extraction import Actor, Event, EventStatus, Position
from summarizer.llm.passes.answers import MAX_PARTICIPANTS
from summarizer.llm.passes.naming import named_in
from summarizer.text.claims import statuses
from summarizer.text.dates import date_phrase
from summarizer.text.names import name_key
from summarizer.text.numbered import NumberedArticle
from summarizer.text.quotescan import quotation_spans


def events_from_answer(answer: Any, article: NumberedArticle, actors: Sequence[Actor]) -> list[Event]:
    """Events of the answer, each with its sentence as evidence, the actors that sentence names as
    its participants and the date it gives: the model chose the sentence, the code copies the rest."""
    events: list[Event] = []
    for pick in answer.events:
        sentence = article.sentence(int(pick.sentence))
        if sentence is None:
            continue
        date_text, iso = date_phrase(sentence.text)
        participants = named_in(sentence.text, actors)[:MAX_PARTICIPANTS]
        events.append(
            Event(
                description=pick.description.strip() or sentence.text,
                status=said_status(sentence.text, pick.status),
                date=iso,
                date_text=date_text,
                participants=participants,
                background=bool(getattr(pick, "background", False)),
                evidence=sentence.text,
            )
        )
    return events


# The status a sentence's own words say, where they say one: "verschoben" is postponed whatever
# the model chose (it called seed 000's postponed meeting "proposed"). Where several are said
# ("das geplante Treffen wurde abgesagt"), what happened to the plan wins. Where they say none, the
# event occurred: the local 1.5B chose "proposed" or "rejected" for all 45 of its events on the
# seeds and never "occurred", which the reference gives 51 of 74 (events F1 0.084 → 0.336).
_SAID_FIRST = ("cancelled", "postponed", "rejected", "planned")


def said_status(sentence: str, chosen: EventStatus) -> EventStatus:
    """The status chosen when the sentence's words (outside its quotations) say it; else the one
    they say; `occurred` when they say none."""
    unquoted = list(sentence)
    for start, end in quotation_spans(sentence):
        unquoted[start:end] = " " * (end - start)  # a speaker's words are no status of the event
    said = statuses("".join(unquoted))
    known = [s for s in said if s in EventStatus.__members__]
    if chosen.value in known:
        return chosen
    first = next((s for s in _SAID_FIRST if s in known), known[0] if known else "occurred")
    return EventStatus(first)


def positions_from_answer(answer: Any, article: NumberedArticle, actors: Sequence[Actor]) -> list[Position]:
    """Positions of the answer whose actor is the article's, each with its sentence as evidence."""
    known = {name_key(a.name) for a in actors}
    positions: list[Position] = []
    for pick in answer.positions:
        sentence = article.sentence(int(pick.sentence))
        if sentence is None or name_key(pick.actor) not in known or not pick.topic.strip():
            continue
        positions.append(
            Position(
                actor=pick.actor,
                topic=pick.topic.strip(),
                stance=pick.stance,
                summary=pick.summary.strip() or sentence.text,
                evidence=sentence.text,
            )
        )
    return positions
