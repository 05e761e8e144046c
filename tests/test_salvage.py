"""Salvage after the last re-ask: keep what is valid, drop or null only what is not, name each repair."""

from typing import Any

import pytest

from summarizer.contracts.extraction import Extraction
from summarizer.contracts.salvage import salvage_extraction

ACTORS = [
    {"name": "Sergej Rjabkow", "kind": "person", "aliases": ["Rjabkow"]},
    {"name": "Vereinigte Staaten", "kind": "country", "aliases": ["USA"]},
]


def _answer(**parts: Any) -> dict[str, Any]:
    return {"summary": "S.", "actors": ACTORS, "events": [], "quotes": [], "positions": [], **parts}


def _event(**over: Any) -> dict[str, Any]:
    return {"description": "Treffen verschoben", "status": "postponed", "evidence": "verschoben", **over}


def test_an_unknown_initiator_is_nulled_and_the_rest_kept() -> None:
    # The answer issue 13 lost a whole article to: one event whose initiator was "unknown".
    got = salvage_extraction(_answer(events=[_event(participants=["USA"], initiator="unknown")]))
    assert got is not None
    [event] = got[0].events
    assert event.initiator is None and event.participants == ["USA"]
    assert [a.name for a in got[0].actors] == ["Sergej Rjabkow", "Vereinigte Staaten"]
    assert got[1] == ["events[0].initiator 'unknown' nulled: not among actors"]


def test_unknown_participants_are_dropped_one_by_one() -> None:
    got = salvage_extraction(_answer(events=[_event(participants=["Rjabkow", "Niemand", "USA"])]))
    assert got is not None
    assert got[0].events[0].participants == ["Rjabkow", "USA"]
    assert len(got[1]) == 1 and "'Niemand'" in got[1][0]


def test_quotes_of_an_unknown_speaker_and_positions_of_an_unknown_actor_are_dropped() -> None:
    quotes = [
        {"text": "Man kann nichts verschieben", "speaker": "Rjabkow", "kind": "direct"},
        {"text": "Ein Satz", "speaker": "Jemand Anderes", "kind": "direct"},
    ]
    positions = [
        {"actor": "Unbekannt", "topic": "t", "stance": "opposes", "summary": "s", "evidence": "e"},
        {"actor": "USA", "topic": "t", "stance": "supports", "summary": "s", "evidence": "e"},
    ]
    got = salvage_extraction(_answer(quotes=quotes, positions=positions))
    assert got is not None
    assert [q.speaker for q in got[0].quotes] == ["Rjabkow"]
    assert [p.actor for p in got[0].positions] == ["USA"]
    assert got[1] == [
        "quotes[1] dropped: speaker 'Jemand Anderes' is not among actors",
        "positions[0] dropped: actor 'Unbekannt' is not among actors",
    ]


def test_a_malformed_date_is_nulled_and_its_wording_kept() -> None:
    got = salvage_extraction(
        _answer(events=[_event(date="am Dienstag"), _event(date="2025-10-21", date_text="21. Oktober")])
    )
    assert got is not None
    first, second = got[0].events
    assert (first.date, first.date_text) == (None, "am Dienstag")
    assert (second.date, second.date_text) == ("2025-10-21", "21. Oktober")
    assert got[1] == ["events[0].date 'am Dienstag' nulled"]


def test_items_that_break_the_schema_are_dropped_and_named() -> None:
    actors = [*ACTORS, {"name": "Tomahawk", "kind": "weapon"}, "not an object"]
    got = salvage_extraction(_answer(actors=actors, events=[{"description": "no status, no evidence"}]))
    assert got is not None
    assert [a.name for a in got[0].actors] == ["Sergej Rjabkow", "Vereinigte Staaten"]
    assert got[0].events == []
    assert [r.split(":")[0] for r in got[1]] == ["actors[2] dropped", "actors[3] dropped", "events[0] dropped"]


def test_a_missing_summary_is_left_empty_and_a_non_object_answer_is_unusable() -> None:
    got = salvage_extraction({"actors": ACTORS})
    assert got is not None and got[0].summary == "" and got[1] == ["summary missing; left empty"]
    assert salvage_extraction(["not", "an", "object"]) is None
    assert salvage_extraction({"summary": "S.", "quotes": "none"}) == (
        got[0].model_copy(update={"actors": [], "summary": "S."}),
        ["quotes is not a list; dropped"],
    )


def test_a_valid_answer_passes_unchanged() -> None:
    answer = _answer(
        events=[_event(participants=["USA"], initiator="Vereinigte Staaten")],
        quotes=[{"text": "Man kann nichts verschieben", "speaker": "Sergej Rjabkow", "kind": "direct"}],
    )
    got = salvage_extraction(answer)
    assert got is not None and got[1] == []
    assert got[0].model_dump(mode="json", exclude_defaults=True)["events"][0]["initiator"] == "Vereinigte Staaten"


def test_a_speaker_the_article_names_but_actors_lack_is_added_and_kept() -> None:
    text = "Der ehemalige US-Botschafter Steven Pifer sagte: „Putin hat gewonnen.“ Kremlsprecher Peskow widersprach."
    quotes = [
        {"text": "Putin hat gewonnen.", "speaker": "Steven Pifer", "kind": "direct"},
        {"text": "widersprach", "speaker": "Dmitri Peskow", "kind": "indirect"},  # the surname is in the text
        {"text": "x", "speaker": "unknown", "kind": "direct"},
        {"text": "y", "speaker": "er", "kind": "direct"},  # too short to tell from any word's letters
    ]
    got = salvage_extraction(_answer(quotes=quotes, events=[_event(initiator="Pifer")]), article_text=text)
    assert got is not None
    assert [a.name for a in got[0].actors][2:] == ["Steven Pifer", "Dmitri Peskow", "Pifer"]
    # "unknown" is what small models write for nobody: the quote is kept, unattributed
    assert [q.speaker for q in got[0].quotes] == ["Steven Pifer", "Dmitri Peskow", ""]
    assert got[0].events[0].initiator == "Pifer"
    assert got[1][:3] == [
        "actor 'Steven Pifer' added: named in the article, missing from actors",
        "actor 'Dmitri Peskow' added: named in the article, missing from actors",
        "actor 'Pifer' added: named in the article, missing from actors",
    ]
    assert got[1][3:] == ["quotes[3] dropped: speaker 'er' is not among actors"]


@pytest.mark.parametrize("nobody", ["none", "None", "null", "unknown", " "])
def test_a_speaker_given_as_none_keeps_the_quote_unattributed(nobody: str) -> None:
    quote = {"text": "Man kann nichts verschieben", "speaker": nobody, "kind": "direct"}
    extraction = Extraction.model_validate(_answer(quotes=[quote]))  # valid: no unknown name to re-ask about
    assert [(q.text, q.speaker, q.attributed) for q in extraction.quotes] == [("Man kann nichts verschieben", "", False)]
    got = salvage_extraction(_answer(quotes=[quote]))
    assert got is not None and [q.speaker for q in got[0].quotes] == [""] and got[1] == []
