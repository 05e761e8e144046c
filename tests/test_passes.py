"""The multi-pass protocol for small models, without a model: what it asks in which order, and
what the code makes of the answers (names kept only if the article has them, spans copied with
their offsets, loops and repeats cut before validation, a failed pass leaving the others' findings)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.contracts.extraction import ActorKind, EventStatus
from summarizer.llm.key import response_schema
from summarizer.llm.passes import answers as A
from summarizer.llm.passes.actors import actors_from_mentions, role_before
from summarizer.llm.passes.events import events_from_answer, said_status
from summarizer.llm.passes.protocol import ACTORS, EVENTS, SPEAKER, MultiPass
from summarizer.llm.passes.quotes import speaker_options
from summarizer.llm.passes.salvage import salvage_pass_answer
from summarizer.text.numbered import number_article

TEXT = (
    "Die Vereinigten Staaten haben ein Treffen zwischen Außenminister Marco Rubio und dem russischen "
    "Außenminister Sergej Lawrow verschoben.\n"
    "Vizeaußenminister Sergej Rjabkow wies die Verschiebung zurück und sagte: „Man kann nichts verschieben, "
    "was nicht vereinbart war.“ Kremlsprecher Dmitri Peskow fügte hinzu: „Die Konsequenz bleibt unverändert.“\n"
    "Rubio nannte das Telefonat am Donnerstag „konstruktiv“."
)


def _mention(name: str, kind: str = "person") -> A.ActorMention:
    return A.ActorMention(name=name, kind=ActorKind(kind))


def test_actors_are_the_names_the_article_holds_merged_with_their_short_forms_and_roles() -> None:
    mentions = [
        _mention("Rubio"),
        _mention("Marco Rubio"),
        _mention("Sergey Lavrov"),  # a translation: not the article's spelling
        _mention("Laut Vereinigte Staaten", "country"),  # not in the text as such
        _mention("Dmitri Peskow"),
        _mention("Die Vereinigten Staaten", "country"),
    ]
    actors = actors_from_mentions(mentions, TEXT)
    assert [(a.name, a.aliases, a.role) for a in actors] == [
        ("Marco Rubio", ["Rubio"], "Außenminister"),
        ("Dmitri Peskow", ["Peskow"], "Kremlsprecher"),
        ("Vereinigten Staaten", [], None),
    ]
    assert role_before("Sergej Lawrow", TEXT) == "russischen Außenminister"


def test_speakers_offered_are_those_named_around_the_quotation_nearest_first() -> None:
    numbered = number_article(TEXT)
    actors = actors_from_mentions([_mention(n) for n in ("Marco Rubio", "Sergej Rjabkow", "Dmitri Peskow")], TEXT)
    second = numbered.quotation(2)
    assert second is not None
    assert speaker_options(numbered, second, actors) == ["Dmitri Peskow", "Sergej Rjabkow"]
    lone = number_article("Lange Rede.\n„Wir bleiben hart.“")
    assert speaker_options(lone, lone.quotations[0], actors) == ["Marco Rubio", "Sergej Rjabkow", "Dmitri Peskow"]


def test_first_the_actors_of_each_passage_then_each_quotation_and_the_events_asking_nothing_twice() -> None:
    passes = MultiPass("a1", TEXT)
    first = passes.requests({})
    assert [r.step for r in first] == [f"{ACTORS} 1/1"]
    answers: dict[str, Any] = {first[0].step: A.ActorsAnswer(actors=[_mention("Sergej Rjabkow"), _mention("Rubio")])}
    second = passes.requests(answers)
    # Q1 (Rjabkow … sagte:) and Q3 (Rubio nannte …) name their speaker: the finder reads them; Q2's,
    # Peskow, is no actor of this extraction, but the article names him in full: copied, not asked
    assert [r.step for r in second] == [EVENTS]
    extraction, _ = passes.extraction(answers)
    peskow = next(a for a in extraction.actors if a.name == "Dmitri Peskow")
    assert peskow.role == "Kremlsprecher" and [q.speaker for q in extraction.quotes if q.candidate == 2] == ["Dmitri Peskow"]


def test_the_model_chooses_where_the_article_names_no_one_and_its_choices_are_those_named_around() -> None:
    text = TEXT.replace("Kremlsprecher Dmitri Peskow", "Ein Kremlsprecher")
    passes = MultiPass("a1", text)
    answers: dict[str, Any] = {f"{ACTORS} 1/1": A.ActorsAnswer(actors=[_mention("Sergej Rjabkow"), _mention("Rubio")])}
    second = passes.requests(answers)
    assert [r.step for r in second] == [f"{SPEAKER} Q2", EVENTS]
    schema = response_schema(second[0].request.response_model)
    # the grammar's choices: the actors named in the quotation's sentence and the one before, nearest first
    assert schema["properties"]["speaker"]["const"] == "Sergej Rjabkow"  # one choice: a constant
    answers[second[0].step] = second[0].request.response_model(speaker="Sergej Rjabkow")
    assert [r.step for r in passes.requests(answers)] == [EVENTS]


def test_the_extraction_copies_every_span_with_its_offsets_and_keeps_an_unattributed_statement() -> None:
    passes = MultiPass("a1", TEXT)
    answers: dict[str, Any] = {
        f"{ACTORS} 1/1": A.ActorsAnswer(actors=[_mention("Sergej Rjabkow"), _mention("Marco Rubio")])
    }
    for request in passes.requests(answers):
        model = request.request.response_model
        if request.step == f"{SPEAKER} Q2":
            answers[request.step] = None  # this request failed
        else:
            answers[request.step] = model.model_validate(
                {
                    "summary": "The meeting was postponed.",
                    "events": [
                        {
                            "sentence": 1,
                            "status": "postponed",
                            "description": "Postponed.",
                        }
                    ],
                    "positions": [
                        {
                            "sentence": 2,
                            "actor": "Sergej Rjabkow",
                            "stance": "opposes",
                            "topic": "postponement",
                            "summary": "Rjabkow rejects the postponement.",
                        }
                    ],
                }
            )
    extraction, groundings = passes.extraction(answers)
    assert [(q.text, q.speaker, q.candidate) for q in extraction.quotes] == [
        ("Man kann nichts verschieben, was nicht vereinbart war.", "Sergej Rjabkow", 1),
        ("Die Konsequenz bleibt unverändert.", "Dmitri Peskow", 2),
        ("konstruktiv", "Marco Rubio", 3),
    ]  # read by the finder (Peskow, whom the actors pass missed, copied from the article)
    for span in [*(q.text for q in extraction.quotes), *(e.evidence for e in extraction.events)]:
        found = groundings.ground(span)
        assert found.status == "exact" and TEXT[found.start : found.end] == span  # type: ignore[index]
    (event,) = extraction.events
    assert event.status == EventStatus.postponed and event.evidence.startswith("Die Vereinigten Staaten")
    assert event.participants == ["Marco Rubio"]  # the actors its sentence names (Lawrow is no actor here)


def test_a_failed_pass_keeps_what_the_others_found() -> None:
    passes = MultiPass("a1", TEXT)
    answers: dict[str, Any] = {f"{ACTORS} 1/1": A.ActorsAnswer(actors=[_mention("Sergej Rjabkow")])}
    for request in passes.requests(answers):
        answers[request.step] = None  # every request of round two failed
    assert passes.requests(answers) == []
    extraction, _ = passes.extraction(answers)
    assert [a.name for a in extraction.actors] == ["Sergej Rjabkow", "Dmitri Peskow"]
    assert [q.speaker for q in extraction.quotes] == ["Sergej Rjabkow", "Dmitri Peskow"]  # those the article names
    assert extraction.events == [] and extraction.summary == ""
    nothing = MultiPass("a1", TEXT)
    alone = nothing.extraction({f"{ACTORS} 1/1": None})[0]  # the actors pass failed: the speakers named in full
    assert [(a.name, a.role) for a in alone.actors] == [("Sergej Rjabkow", "Vizeaußenminister"), ("Dmitri Peskow", "Kremlsprecher")]


def test_repeated_items_are_dropped_and_a_list_is_cut_at_its_bound_before_validation() -> None:
    looping = [{"name": "Rubio", "kind": "person"}] * 40 + [{"name": f"Name {i}", "kind": "person"} for i in range(20)]
    answer = A.ActorsAnswer.model_validate({"actors": looping})
    assert [m.name for m in answer.actors] == ["Rubio", *(f"Name {i}" for i in range(A.MAX_ACTORS_PER_PASSAGE - 1))]


def test_a_speaker_outside_the_choices_is_invalid_and_a_cut_off_answer_keeps_its_complete_items() -> None:
    model = A.speaker_answer(["Sergej Rjabkow"])
    with pytest.raises(ValidationError):
        model(speaker="Sergey Ryabkov")
    events = A.events_answer(3, ["Sergej Rjabkow"], 2, 2)
    cut = {
        "summary": "S.",
        "events": [{"sentence": 2, "status": "occurred", "description": "D."}, {"sentence": 9}],
    }
    kept = salvage_pass_answer(cut, events)
    assert kept is not None
    value, repairs = kept
    assert [e.sentence for e in value.events] == [2] and value.positions == []  # type: ignore[attr-defined]
    assert repairs[0].startswith("events[1] dropped") and repairs[-1] == "fewer items than asked for; kept as given"
    assert salvage_pass_answer({"speaker": "Sergey Ryabkov"}, model) is None


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("Die Vereinigten Staaten haben ein Treffen verschoben.", EventStatus.postponed),  # chosen: "proposed"
        ("Das geplante Treffen wurde abgesagt.", EventStatus.cancelled),  # what happened to the plan
        ("Der Kreml hat die Forderung zurückgewiesen.", EventStatus.rejected),
        ("Rjabkow sagte: „Man kann nichts verschieben.“", None),  # a speaker's words say nothing of the event
        ("Russland startete eine neue Welle von Angriffen.", None),
    ],
)
def test_an_events_status_is_what_its_sentence_says_and_occurred_where_it_says_none(
    sentence: str, status: EventStatus | None
) -> None:
    # The local model chose "proposed" or "rejected" for all 45 of its events on the seeds, never "occurred"
    assert said_status(sentence, EventStatus.proposed) == (status or EventStatus.occurred)
    assert said_status(sentence, status or EventStatus.occurred) == (status or EventStatus.occurred)  # said: kept
    numbered = number_article(sentence)
    model = A.events_answer(1, [], 2, 2)
    answer = model.model_validate(
        {"events": [{"sentence": 1, "status": "proposed", "description": "D."}], "positions": [], "summary": "S."}
    )
    (event,) = events_from_answer(answer, numbered, [])
    assert event.status == (status or EventStatus.occurred) and event.evidence == sentence
