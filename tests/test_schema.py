import json

import pytest
from pydantic import ValidationError

from summarizer.contracts.export import schema_documents, schema_text
from summarizer.contracts.extraction import Extraction
from tests.conftest import ROOT


def _extraction(**over: object) -> dict[str, object]:
    base: dict[str, object] = {
        "summary": "Two ministers spoke.",
        "actors": [
            {"name": "Sergej Lawrow", "kind": "person", "role": "Außenminister", "aliases": ["Lawrow", "Herr Lawrow"]},
            {"name": "Marco Rubio", "kind": "person", "aliases": []},
        ],
        "events": [],
        "quotes": [],
        "positions": [],
    }
    base.update(over)
    return base


def test_speaker_may_be_an_alias_with_honorific_and_other_case() -> None:
    ex = Extraction.model_validate(_extraction(quotes=[{"text": "x y z", "speaker": "herr LAWROW", "kind": "direct"}]))
    assert ex.actor_for("Herr Lawrow").name == "Sergej Lawrow"  # type: ignore[union-attr]


def test_unknown_speaker_is_rejected_with_a_message_that_lets_the_model_fix_it() -> None:
    with pytest.raises(ValidationError) as err:
        Extraction.model_validate(_extraction(quotes=[{"text": "x", "speaker": "Lavrov", "kind": "direct"}]))
    message = str(err.value)
    assert "quotes[0].speaker 'Lavrov'" in message
    assert "'Sergej Lawrow'" in message and "'Marco Rubio'" in message


def test_unknown_participant_initiator_and_position_actor_are_all_named() -> None:
    doc = _extraction(
        events=[
            {
                "description": "d",
                "status": "planned",
                "participants": ["Marco Rubio", "Putin"],
                "initiator": "Trump",
                "evidence": "e",
            }
        ],
        positions=[{"actor": "Kreml", "topic": "t", "stance": "opposes", "summary": "s", "evidence": "e"}],
    )
    with pytest.raises(ValidationError) as err:
        Extraction.model_validate(doc)
    message = str(err.value)
    assert "events[0].participants 'Putin'" in message and "events[0].initiator 'Trump'" in message
    assert "positions[0].actor 'Kreml'" in message
    assert "'Marco Rubio'" not in message.split("Known actors")[0]


@pytest.mark.parametrize("date", ["2025-10-21", "2025-10", None])
def test_iso_dates_accepted(date: str | None) -> None:
    ev = {"description": "d", "status": "planned", "date": date, "participants": [], "evidence": "e"}
    assert Extraction.model_validate(_extraction(events=[ev])).events[0].date == date


@pytest.mark.parametrize("date", ["Dienstag", "21.10.2025", "2025", "2025-13-01"])
def test_non_iso_dates_rejected(date: str) -> None:
    ev = {"description": "d", "status": "planned", "date": date, "participants": [], "evidence": "e"}
    with pytest.raises(ValidationError, match="date_text"):
        Extraction.model_validate(_extraction(events=[ev]))


@pytest.mark.parametrize("name", sorted(schema_documents()))
def test_exported_json_schemas_match_the_models(name: str) -> None:
    on_disk = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert on_disk == schema_text(schema_documents()[name]), f"schemas/{name} is stale: run `summarizer schemas`"
    assert json.loads(on_disk)["type"] == "object"
