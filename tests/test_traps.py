"""A day of traps made from the seeds: the reference answers with four lies planted in them.

- a real quote of an article given to another actor of it;
- a status word its evidence contradicts (cancelled where the article says verschoben);
- an actor named in a description whom its evidence and article do not name;
- a number changed (a 60-day ceasefire where the article says 30-tägig).
Every trap must be caught, and nothing true of the five reference answers flagged; the same in
German, and against a French article's evidence.
"""

from __future__ import annotations

import json

import pytest

from summarizer.contracts.briefing import Briefing
from summarizer.contracts.extraction import Extraction
from summarizer.merge.build import ArticleResult
from summarizer.render.formats import render
from summarizer.stories import briefing_with_stories
from summarizer.text.ingest import parse_article
from tests.conftest import REFERENCE_DE, ROOT
from tests.seeds_helpers import seed_results, source_id

QUOTE = "Die Konsequenz der russischen Position bleibt unverändert."  # Peskow's, in 000
STATUS = "The United States cancelled a planned meeting between Secretary of State Marco Rubio and Russian Foreign Minister Sergej Lawrow."
ACTOR = "Macron blocked the delivery of long-range Tomahawk cruise missiles to Ukraine."
NUMBER = "Kyiv quickly agreed to a US proposal for a 60-day ceasefire."
TRAPS = (STATUS, ACTOR, NUMBER)


def _trapped() -> list[ArticleResult]:
    results = seed_results()
    for r in results:
        x = r.extraction
        if r.article.id == source_id("000"):
            next(q for q in x.quotes if q.text == QUOTE).speaker = "Sergej Lawrow"
            x.events[0].description = STATUS  # the evidence says "verschoben"
            x.events[6].description = ACTOR  # Trump blocked them; Macron is named in 003 and 004, never in 000
        if r.article.id == source_id("004"):
            x.events[11].description = NUMBER  # "einen 30-tägigen Waffenstillstand"
    return results


@pytest.fixture(scope="module")
def day() -> tuple[Briefing, dict[str, str]]:
    results = _trapped()
    return briefing_with_stories(results, "en"), {r.article.id: r.article.text for r in results}


@pytest.fixture(scope="module")
def reference() -> Briefing:
    return briefing_with_stories(seed_results(), "en")


def test_the_quote_given_to_another_actor_is_shown_under_the_speaker_the_article_names(
    day: tuple[Briefing, dict[str, str]],
) -> None:
    b, texts = day
    entry = next(q for q in b.quotes if q.text == QUOTE)
    assert entry.speaker == "sergey-lavrov" and entry.speaker_check is not None
    assert entry.speaker_check.status == "other" and entry.speaker_check.named == ["dmitry-peskov"]
    assert not [k for s in b.stories for k in s.key_quotes if k.text == QUOTE and k.speaker == "sergey-lavrov"]
    for detail in ("brief", "full"):
        md = render(b, "md", texts, detail)
        assert f"**Sergey Lavrov**: „{QUOTE}“" not in md and "**Sergey Lavrov**" not in _lines_with(md, QUOTE)
    assert "Dmitry Peskov** (named by the article; the extraction said Sergey Lavrov)" in render(b, "md", texts, "full")


@pytest.mark.parametrize("trap", TRAPS, ids=["status", "actor", "number"])
def test_each_trapped_sentence_is_not_shown_and_is_listed_with_its_reason(
    day: tuple[Briefing, dict[str, str]], trap: str
) -> None:
    b, texts = day
    listed = [n for n in b.not_verified if n.kind == "sentence" and n.text.rstrip(".") == trap.rstrip(".")]
    assert listed, f"not listed under Not verified: {trap}"
    reason = {STATUS: "says 'cancelled'", ACTOR: "names Emmanuel Macron, whom its evidence and article do not name", NUMBER: "gives '60-day'"}[trap]
    assert any(reason in n.reason for n in listed), [n.reason for n in listed]
    full = render(b, "md", texts, "full")
    shown = full.partition("## Not verified")[0]
    assert trap.rstrip(".") not in shown, "an unsupported sentence is shown"
    for fmt in ("html", "json"):
        assert trap.rstrip(".") in render(b, fmt, texts)  # listed (html) and kept with its verdict (json)
    event = next(e for e in b.events if any(a.description == trap for a in e.accounts))
    account = next(a for a in event.accounts if a.description == trap)
    assert account.check is not None and account.check.status == "unsupported" and account.check.spans


def test_the_cards_fall_back_to_supported_sentences(day: tuple[Briefing, dict[str, str]]) -> None:
    b, _ = day
    for story in b.stories:
        assert story.headline_check is not None and story.headline_check.status == "supported"
        assert story.lede_sentences and all(s.check.status == "supported" for s in story.lede_sentences)
        assert all(f.check and f.check.status == "supported" for f in story.key_facts + story.background)
        assert all(m.check and m.check.status == "supported" for m in story.timeline)
        assert not any(trap.rstrip(".") in story.lede or trap.rstrip(".") in story.headline for trap in TRAPS)


def test_nothing_else_of_the_trapped_day_is_flagged(day: tuple[Briefing, dict[str, str]]) -> None:
    b, _ = day
    sentences = {n.text.rstrip(".") for n in b.not_verified if n.kind == "sentence"}
    assert sentences <= {t.rstrip(".") for t in TRAPS}
    assert [q.text for q in b.quotes if q.speaker_check and q.speaker_check.status == "other"] == [QUOTE]


def test_no_true_item_of_the_five_reference_answers_is_flagged(reference: Briefing) -> None:
    """The false-flag rate on the reference answers: 0 sentences, 0 speakers."""
    checked = [a.check for e in reference.events for a in e.accounts] + [
        s.check for p in reference.positions for s in p.stances
    ]
    assert len(checked) > 100 and all(c is not None and c.status == "supported" for c in checked)
    assert not [n for n in reference.not_verified if n.kind == "sentence"]
    assert not [q for q in reference.quotes if q.speaker_check and q.speaker_check.status == "other"]


# The same traps in the German reference answers, read as German sentences (every noun capitalised).
STATUS_DE = "Die Vereinigten Staaten sagten ein geplantes Treffen zwischen Marco Rubio und Sergej Lawrow ab."
ACTOR_DE = "Macron blockierte die Lieferung von Tomahawk-Marschflugkörpern mit großer Reichweite an die Ukraine."
NUMBER_DE = "Kiew stimmte dem US-Vorschlag für einen 60-tägigen Waffenstillstand rasch zu."
REASONS_DE = {
    STATUS_DE: "says 'sagten ab' (cancelled)",
    ACTOR_DE: "names Emmanuel Macron, whom its evidence and article do not name",
    NUMBER_DE: "gives '60'",
}


@pytest.fixture(scope="module")
def german_day() -> tuple[Briefing, dict[str, str]]:
    results = seed_results(REFERENCE_DE)
    for r in results:
        if r.article.id == source_id("000"):
            r.extraction.events[0].description = STATUS_DE  # the evidence says "verschoben"
            r.extraction.events[6].description = ACTOR_DE  # Trump blocked them
        if r.article.id == source_id("004"):
            r.extraction.events[11].description = NUMBER_DE  # "einen 30-tägigen Waffenstillstand"
    return briefing_with_stories(results, "de"), {r.article.id: r.article.text for r in results}


@pytest.mark.parametrize("trap", list(REASONS_DE), ids=["status", "actor", "number"])
def test_each_german_trap_is_caught_and_nothing_else_flagged(german_day: tuple[Briefing, dict[str, str]], trap: str) -> None:
    b, texts = german_day
    listed = [n for n in b.not_verified if n.kind == "sentence" and n.text.rstrip(".") == trap.rstrip(".")]
    assert any(REASONS_DE[trap] in n.reason for n in listed), [n.reason for n in listed]
    assert trap.rstrip(".") not in render(b, "md", texts, "full").partition("## Nicht belegt")[0]
    flagged = {n.text.rstrip(".") for n in b.not_verified if n.kind == "sentence"}
    assert flagged <= {t.rstrip(".") for t in REASONS_DE}, flagged


def test_no_true_item_of_the_german_reference_answers_is_flagged() -> None:
    """Read as German, the hand-written German answers raise no flag: capitalised nouns are no names."""
    b = briefing_with_stories(seed_results(REFERENCE_DE), "de")
    checked = [a.check for e in b.events for a in e.accounts] + [s.check for p in b.positions for s in p.stances]
    assert len(checked) > 100 and all(c is not None and c.status == "supported" for c in checked)
    assert not [n for n in b.not_verified if n.kind == "sentence"]


def test_every_shown_sentence_carries_its_verdict_and_spans_in_json(reference: Briefing) -> None:
    for story in reference.stories:
        assert story.headline_check is not None
        checks = [story.headline_check, *(s.check for s in story.lede_sentences)]
        checks += [f.check for f in story.key_facts + story.background] + [m.check for m in story.timeline]
        checks += [p.check for p in story.contested]
        assert all(c is not None for c in checks)
        assert all(c.spans or c.composed for c in checks if c is not None)  # every claim names its evidence
    assert all(s.check is not None for s in reference.overview)
    assert all(e.check is not None and e.check.spans for e in reference.events)


def _lines_with(text: str, needle: str) -> str:
    return "\n".join(line for line in text.splitlines() if needle in line)


# The same traps against French evidence: an article written for the tests with its hand-written
# reference extraction (tests/data/traps_fr/README.md), briefed in English with the seeds.
FRENCH = ROOT / "tests" / "data" / "traps_fr"
STATUS_FR = "Talks between Ukraine and Russia on a new prisoner exchange, planned for Thursday in Geneva, were cancelled."
ACTOR_FR = "Macron rejected the Russian proposal of a 30-day truce around the exchange sites."
NUMBER_FR = "The two sides had already exchanged 1,200 prisoners in September, after five and a half hours of negotiations in Istanbul."
DATE_FR = "The talks were planned as a three-day meeting on Friday."
REASONS_FR = {
    STATUS_FR: "says 'cancelled' (cancelled); its evidence says 'reportés' (postponed)",  # "ont été reportés"
    ACTOR_FR: "names Emmanuel Macron, whom its evidence and article do not name",  # "Kiev a rejeté"
    NUMBER_FR: "gives 'five and a half'",  # "quatre heures et demie"
    DATE_FR: "names 'Friday'",  # "prévus jeudi"
}


def _french(traps: dict[int, str]) -> tuple[Briefing, str, dict[str, str]]:
    """The seeds and the French article, with the descriptions of events `traps` (index → lie)."""
    doc = json.loads((FRENCH / "fr_prisonniers.json").read_text(encoding="utf-8"))
    path = FRENCH / doc["article"]
    article = parse_article(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    extraction = Extraction.model_validate(doc["response"])
    for index, lie in traps.items():
        extraction.events[index].description = lie
    results = [*seed_results(), ArticleResult(article, extraction)]
    return briefing_with_stories(results, "en"), article.id, {r.article.id: r.article.text for r in results}


def test_nothing_true_of_the_french_article_is_flagged() -> None:
    """Statuses, numbers in digits and words, a weekday, months, roles and places read in French."""
    b, french, _ = _french({})
    checked = [a.check for e in b.events for a in e.accounts if a.source == french]
    checked += [s.check for p in b.positions for s in p.stances if s.source == french]
    assert len(checked) == 7 and all(c is not None and c.status == "supported" for c in checked), [
        c.reasons for c in checked if c
    ]
    assert not [n for n in b.not_verified if n.source == french]


@pytest.fixture(scope="module")
def french_day() -> tuple[Briefing, str, dict[str, str]]:
    return _french({0: STATUS_FR, 5: ACTOR_FR, 3: NUMBER_FR, 1: DATE_FR})


@pytest.mark.parametrize("trap", list(REASONS_FR), ids=["status", "actor", "number", "date"])
def test_each_trap_against_french_evidence_is_caught_and_nothing_else_flagged(
    french_day: tuple[Briefing, str, dict[str, str]], trap: str
) -> None:
    b, french, texts = french_day
    listed = [n for n in b.not_verified if n.kind == "sentence" and n.text.rstrip(".") == trap.rstrip(".")]
    assert any(REASONS_FR[trap] in n.reason for n in listed), [n.reason for n in listed]
    assert trap.rstrip(".") not in render(b, "md", texts, "full").partition("## Not verified")[0]
    flagged = {n.text.rstrip(".") for n in b.not_verified if n.source == french and n.kind == "sentence"}
    assert flagged <= {t.rstrip(".") for t in REASONS_FR}, flagged
