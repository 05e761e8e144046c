"""Odd but valid answers, as a small model gives them, still make a sane briefing: nothing shown
that its source does not contain, nothing lost that it does."""

from typing import Any

import pytest

from summarizer.contracts.extraction import Extraction
from summarizer.llm.extractor import extraction_request
from summarizer.merge.build import ArticleResult, build_briefing
from summarizer.text.ingest import parse_article

TEXT = (
    "Die Vereinigten Staaten haben ein Treffen zwischen Rubio und Lawrow verschoben. "
    "Rjabkow sagte: „Man kann nichts verschieben, was nicht vereinbart war.“"
)
ACTORS = [
    {"name": "Vereinigte Staaten", "kind": "country", "aliases": []},
    {"name": "Sergej Rjabkow", "kind": "person", "aliases": ["Rjabkow"]},
]
TRANSLATED = "The United States postponed a meeting between Rubio and Lavrov."  # evidence in another language
VERBATIM = "Die Vereinigten Staaten haben ein Treffen zwischen Rubio und Lawrow verschoben."


def _answer(**parts: Any) -> Extraction:
    return Extraction.model_validate({"summary": "S.", "actors": ACTORS, **parts})


def _event(evidence: str) -> dict[str, Any]:
    return {
        "description": "Meeting postponed",
        "status": "postponed",
        "participants": ["Vereinigte Staaten"],
        "evidence": evidence,
    }


def _position(evidence: str) -> dict[str, Any]:
    return {"actor": "Rjabkow", "topic": "meeting", "stance": "opposes", "summary": "s", "evidence": evidence}


def _brief(extraction: Extraction) -> Any:
    return build_briefing([ArticleResult(parse_article(TEXT, "a.txt"), extraction)], "en")


def test_accounts_whose_evidence_the_article_lacks_are_listed_not_shown() -> None:
    briefing = _brief(_answer(events=[_event(TRANSLATED), _event(VERBATIM)], positions=[_position(TRANSLATED)]))
    [event] = briefing.events
    assert [a.evidence for a in event.accounts] == [VERBATIM]
    assert briefing.positions == []
    assert [(n.kind, n.text) for n in briefing.not_verified] == [("evidence", TRANSLATED)]  # the same words, once
    assert briefing.stats.ungrounded_dropped == 0  # that count is of quotes


def test_an_answer_with_a_summary_only_keeps_its_source_and_fails_nothing() -> None:
    briefing = _brief(Extraction(summary="Only a summary."))
    assert [s.summary for s in briefing.sources] == ["Only a summary."]
    assert (briefing.events, briefing.quotes, briefing.positions, briefing.failures) == ([], [], [], [])


def test_a_whole_sentence_given_as_a_quote_is_shown_when_the_article_has_it() -> None:
    quote = {"text": VERBATIM, "speaker": "Vereinigte Staaten", "kind": "direct"}
    [shown] = _brief(_answer(quotes=[quote])).quotes
    (citation,) = shown.citations
    assert TEXT[citation.grounding.start : citation.grounding.end] == VERBATIM


@pytest.mark.parametrize("final", [False, True])
def test_evidence_the_article_lacks_is_asked_again_until_the_last_attempt(final: bool) -> None:
    check = extraction_request([], TEXT).check
    assert check is not None
    answer = _answer(events=[_event(TRANSLATED)], positions=[_position(VERBATIM)])
    if final:
        check(answer, True)  # taken: the merge then lists it as not verified
        return
    with pytest.raises(ValueError) as raised:
        check(answer, False)
    message = str(raised.value)
    assert message.startswith(f"events[0].evidence {TRANSLATED!r} is not in the article. Closest passage: ")
    assert "Copy the evidence verbatim" in message and "positions[0]" not in message


def test_a_made_up_quote_repeated_in_a_loop_is_listed_once() -> None:
    looped = [{"text": TRANSLATED, "speaker": "Rjabkow", "kind": "direct"}] * 5
    briefing = _brief(
        _answer(quotes=[*looped, {"text": TRANSLATED, "speaker": "Vereinigte Staaten", "kind": "direct"}])
    )
    assert briefing.quotes == []
    assert [(n.text, n.speaker) for n in briefing.not_verified] == [
        (TRANSLATED, "Rjabkow"),
        (TRANSLATED, "Vereinigte Staaten"),
    ]
    assert briefing.stats.ungrounded_dropped == 2
