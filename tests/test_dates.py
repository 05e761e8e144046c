from datetime import date
from pathlib import Path

import pytest

from summarizer.contracts.extraction import Extraction
from summarizer.merge.build import ArticleResult, build_briefing
from summarizer.text.dates import ResolvedDate, resolve_date
from summarizer.text.ingest import parse_article

WEDNESDAY = date(2025, 10, 22)


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("am Dienstag", False, ResolvedDate("2025-10-21", "day")),
        ("am Mittwoch", False, ResolvedDate("2025-10-22", "day")),
        ("am vergangenen Mittwoch", False, ResolvedDate("2025-10-15", "day")),
        ("für Donnerstag", True, ResolvedDate("2025-10-23", "day")),
        ("am Donnerstag", False, ResolvedDate("2025-10-16", "day")),
        ("last Thursday", False, ResolvedDate("2025-10-16", "day")),
        ("next Monday", False, ResolvedDate("2025-10-27", "day")),
        ("gestern", False, ResolvedDate("2025-10-21", "day")),
        ("vergangene Woche", False, ResolvedDate("2025-10-13", "week")),
        ("Anfang Oktober", False, ResolvedDate("2025-10", "month")),
        ("im Dezember", False, ResolvedDate("2024-12", "month")),
        ("im Dezember", True, ResolvedDate("2025-12", "month")),
        ("am 3. November", True, ResolvedDate("2025-11-03", "day")),
        ("Februar 2022", False, ResolvedDate("2022-02", "month")),
        ("im Jahr 2014", False, ResolvedDate("2014", "year")),
    ],
)
def test_relative_dates_resolve_against_publication_with_precision(
    text: str, future: bool, expected: ResolvedDate
) -> None:
    assert resolve_date(text, WEDNESDAY, future) == expected


@pytest.mark.parametrize("text", ["kürzlich", "innerhalb von zwei Wochen oder so", "bald", "", None])
def test_vague_wording_stays_unresolved(text: str | None) -> None:
    assert resolve_date(text, WEDNESDAY).value is None


@pytest.mark.parametrize("text", ["am Dienstag", "vergangene Woche", "Anfang Oktober", "gestern"])
def test_without_publication_date_nothing_is_invented(text: str) -> None:
    assert resolve_date(text, None) == ResolvedDate(None, "unknown")


def _briefing(published: str | None) -> list[tuple[str | None, str]]:
    raw = (
        "---\npublished: " + published + "\n---\n" if published else ""
    ) + "Am Dienstag trafen sich Rubio und Lawrow."
    article = parse_article(raw, "a.md")
    extraction = Extraction.model_validate(
        {
            "summary": "s",
            "actors": [{"name": "Rubio", "kind": "person"}, {"name": "Lawrow", "kind": "person"}],
            "events": [
                {
                    "description": "Rubio and Lavrov met.",
                    "status": "occurred",
                    "date_text": "Am Dienstag",
                    "participants": ["Rubio", "Lawrow"],
                    "evidence": "Am Dienstag trafen sich Rubio und Lawrow.",
                }
            ],
        }
    )
    b = build_briefing([ArticleResult(article, extraction)], "en")
    return [(t.date, t.precision) for t in b.timeline]


def test_front_matter_publication_date_places_the_event_on_the_timeline(tmp_path: Path) -> None:
    assert _briefing("2025-10-22") == [("2025-10-21", "day")]
    assert _briefing(None) == [(None, "unknown")]


@pytest.mark.parametrize(
    ("text", "future", "context", "expected"),
    [
        # status unknown (None): the wording and the tense of the evidence decide the direction
        ("für Donnerstag", None, "Ein erstes Treffen war für Donnerstag geplant.", "2025-10-23"),
        ("am Donnerstag", None, "Rubio und Lawrow werden sich am Donnerstag in Budapest treffen.", "2025-10-23"),
        ("am Donnerstag", None, "Das für Donnerstag geplante Treffen wurde abgesagt.", "2025-10-23"),
        ("on Thursday", None, "The two ministers are scheduled to meet on Thursday.", "2025-10-23"),
        ("am Donnerstag", None, "Rubio und Lawrow trafen sich am Donnerstag in Budapest.", "2025-10-16"),
        ("on Thursday", None, "The ministers met on Thursday.", "2025-10-16"),
        # explicit wording beats tense and status
        ("am vergangenen Freitag", None, "Trump wird Selenskyj erneut treffen.", "2025-10-17"),
        ("am vergangenen Freitag", True, "", "2025-10-17"),
        ("am kommenden Dienstag", False, "", "2025-10-28"),
        # status: planned goes forward, occurred back
        ("Donnerstag", True, "", "2025-10-23"),
        ("Donnerstag", False, "", "2025-10-16"),
    ],
)
def test_weekdays_resolve_by_tense_and_status(text: str, future: bool | None, context: str, expected: str) -> None:
    assert resolve_date(text, WEDNESDAY, future, context) == ResolvedDate(expected, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nächste Woche", ResolvedDate("2025-10-27", "week")),
        ("next week", ResolvedDate("2025-10-27", "week")),
        ("Ende des Monats", ResolvedDate("2025-10", "month")),
        ("end of the month", ResolvedDate("2025-10", "month")),
        ("Anfang nächsten Monats", ResolvedDate("2025-11", "month")),
        ("im vergangenen Monat", ResolvedDate("2025-09", "month")),
        ("Ende des Jahres", ResolvedDate("2025", "year")),
        ("nächstes Jahr", ResolvedDate("2026", "year")),
        ("vor einem Monat", ResolvedDate(None, "unknown")),
        ("vor zwei Jahren", ResolvedDate(None, "unknown")),
    ],
)
def test_weeks_months_and_years_relative_to_the_day(text: str, expected: ResolvedDate) -> None:
    assert resolve_date(text, WEDNESDAY, None) == expected


def test_a_planned_thursday_in_a_wednesday_seed_lies_ahead() -> None:
    """Seed 003 (published Wednesday 2025-10-22): the meeting 'für Donnerstag' is the next day."""
    from dataclasses import replace

    from tests.seeds_helpers import seed_results

    results = [replace(r, article=replace(r.article, published="2025-10-22")) for r in seed_results()]
    briefing = build_briefing(results, "en")
    resolved = {a.resolved_date for e in briefing.events for a in e.accounts if a.date_text == "für Donnerstag"}
    assert resolved == {"2025-10-23"}
