"""One language: names, roles, places, statuses and dates in the briefing language; the articles'
own words only inside quotes and evidence. Sources cited by label, never by hashed file name."""

import re
from html import escape

import pytest

from summarizer.contracts.briefing import Briefing, source_label
from summarizer.merge.build import build_briefing
from summarizer.render.formats import render
from summarizer.text.display import (
    citation_labels,
    display_name,
    natural_key,
    place_name,
    render_date,
    role_in,
    status_word,
)
from tests.seeds_helpers import seed_results

# German words that must not appear in an English briefing outside the articles' own words.
GERMAN = [
    "Russland",
    "Kreml",
    "Moskau",
    "Vereinigte",
    "Staaten",
    "Lawrow",
    "Selenskyj",
    "Wladimir",
    "Sergej",
    "Weißes",
    "Ungarn",
    "Riad",
    "Präsident",
    "Außenminister",
    "Sprecher",
    "Amtskollege",
    "Staatschef",
    "Gesandter",
    "Berater",
    "Botschafter",
    "stattgefunden",
    "geplant",
    "verschoben",
    "abgesagt",
    "abgelehnt",
    "unklar",
    "umstritten",
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Woche",
    "vergangenen",
]


@pytest.fixture(scope="module")
def english() -> tuple[Briefing, str]:
    briefing = build_briefing(seed_results(), "en")
    return briefing, render(briefing, "md", detail="full")


def _verbatim(b: Briefing) -> list[str]:
    """Everything the briefing quotes from the articles as written."""
    # Titles are the articles' own words; long ones are cut after their first words.
    spans = [" ".join(s.title.split()[:20]) for s in b.sources] + [t for s in b.sources for t in s.uncovered_quotes]
    spans += [a for actor in b.actors for a in actor.aliases] + [
        r for actor in b.actors for r in actor.roles if r.startswith("„")
    ]
    for e in b.events:
        spans += [a.evidence for a in e.accounts] + [a.date_text for a in e.accounts if a.date_text]
    spans += [q.text for q in b.quotes] + [s.evidence for p in b.positions for s in p.stances]
    spans += [ev for d in b.disagreements for side in d.sides for ev in side.evidence]
    spans += [n.text for n in b.not_verified]
    return sorted({" ".join(s.split()) for s in spans if s}, key=len, reverse=True)


def test_an_english_briefing_has_no_german_outside_quotes_and_evidence(english: tuple[Briefing, str]) -> None:
    briefing, md = english
    md += render(briefing, "md")  # the brief, and the full appendix
    text = " ".join(md.split())
    for span in _verbatim(briefing):
        text = text.replace(span.replace("<", "&lt;").replace(">", "&gt;"), " ")
    found = sorted({w for w in GERMAN if re.search(rf"\b{w}\b", text)})
    assert found == [], found
    for expected in ("Sergey Lavrov", "Volodymyr Zelensky", "the Kremlin", "Russia", "the United States"):
        assert expected in md


def test_actors_carry_exonyms_and_keep_the_articles_spellings_as_aliases(english: tuple[Briefing, str]) -> None:
    briefing, _ = english
    lavrov = next(a for a in briefing.actors if a.id == "sergey-lavrov")
    assert lavrov.name == "Sergey Lavrov" and {"Sergej Lawrow", "Lawrow"} <= set(lavrov.aliases)
    assert "Russian foreign minister" in lavrov.roles
    assert {m.role for m in lavrov.mentions} >= {"russischer Außenminister"}  # as the article wrote it
    german = build_briefing(seed_results(), "de")
    assert next(a for a in german.actors if a.id == "sergey-lavrov").name == "Sergej Lawrow"


def test_no_hashed_file_names_in_the_markdown(english: tuple[Briefing, str]) -> None:
    briefing, md = english
    assert not re.search(r"[0-9a-f]{12,}", md)
    assert sorted(s.label for s in briefing.sources) == ["000", "001", "002", "003", "004"]
    assert "- **002** — „USA und Russland machen" in md and "outlet unknown" in md


def test_ids_are_listed_in_natural_order(english: tuple[Briefing, str]) -> None:
    _, md = english
    timeline = md.split("## Timeline", 1)[1].split("## ", 1)[0]
    dated, _, undated = timeline.partition("Undated")
    for part in (undated,):
        ids = re.findall(r"\[(e\d+)\]", part)
        assert ids == sorted(ids, key=natural_key) and len(ids) > 10
    dates = re.findall(r"^- (\w{3} \d+ \w{3} \d{4}|\w{3} \d{4}|\d{4}) ", dated, flags=re.M)
    assert len(dates) > 10
    assert sorted(["e10", "e2", "e1"], key=natural_key) == ["e1", "e2", "e10"]


@pytest.mark.parametrize(
    ("iso", "precision", "lang", "shown"),
    [
        ("2025-10-23", "day", "en", "Thu 23 Oct 2025"),
        ("2025-10-20", "week", "en", "week of Mon 20 Oct 2025"),
        ("2025-10", "month", "en", "Oct 2025"),
        ("2022", "year", "en", "2022"),
        ("2025-10-23", "day", "de", "Do 23. Okt. 2025"),
        (None, "unknown", "en", ""),
    ],
)
def test_dates_are_rendered_one_way_with_their_precision(
    iso: str | None, precision: str, lang: str, shown: str
) -> None:
    assert render_date(iso, precision, lang) == shown


def test_roles_names_places_and_statuses_in_the_briefing_language() -> None:
    assert role_in("US-Außenminister", "en") == "US Secretary of State"
    assert role_in("stellvertretender russischer Außenminister", "en") == "Russian deputy foreign minister"
    assert role_in("ehemaliger US-Botschafter in Kiew", "en") == "former US ambassador in Kyiv"
    assert role_in("Sprecher des Kremls", "en") == "spokesperson of the Kremlin"
    # What the glossary cannot say is shown as the article wrote it, marked as such.
    assert (
        role_in("eine Gruppe verbündeter europäischer Nationen", "en")
        == "„eine Gruppe verbündeter europäischer Nationen“"
    )
    assert role_in("russischer Außenminister", "de") == "russischer Außenminister"
    assert (
        display_name("Kreml", "en") == "the Kremlin"
        and display_name("Juri Uschakow", "en", person=True) == "Yuri Ushakov"
    )
    assert place_name("Moskau", "en") == "Moscow" and place_name("Moscow", "de") == "Moskau"
    assert status_word("cancelled", "de") == "abgesagt" and status_word("cancelled", "en") == "cancelled"


def test_citation_labels_drop_hashes_and_number_shared_outlets() -> None:
    labels = citation_labels(
        [
            ("in/000_31bc555e087dc2ac.txt", None),
            ("in/a.md", "Euronews"),
            ("in/b.md", "Euronews"),
            ("in/3f2a9c1d.md", None),
        ]
    )
    assert labels == ["000", "Euronews 1", "Euronews 2", "source"]


def test_a_source_without_a_label_is_cited_alike_in_markdown_and_html(english: tuple[Briefing, str]) -> None:
    """A briefing stored before sources carried labels: both formats cite each source by the first
    words of its title (the HTML cited the whole title, the Markdown its first five words)."""
    briefing, _ = english
    unlabelled = briefing.model_copy(deep=True)
    for s in unlabelled.sources:
        s.label = ""
    md, html = render(unlabelled, "md", detail="full"), render(unlabelled, "html")
    for s in unlabelled.sources:
        shown = source_label(s)
        assert shown.split()[:5] == s.title.split()[:5] and shown != s.title
        assert f"[{shown}]" in md and f">[{escape(shown)}]</a>" in html
        assert f">[{escape(s.title)}]</a>" not in html
