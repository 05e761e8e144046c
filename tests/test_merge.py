import random

import pytest

from summarizer.contracts.extraction import Extraction
from summarizer.merge.build import build_briefing
from summarizer.merge.resolve import resolve_actors
from tests.seeds_helpers import seed_results, source_id


def _ex(*actors: tuple[str, str, list[str]]) -> Extraction:
    return Extraction.model_validate(
        {"summary": "s", "actors": [{"name": n, "kind": k, "aliases": al} for n, k, al in actors]}
    )


def _groups(*extractions: Extraction) -> list[list[str]]:
    index = resolve_actors([(f"s{i}", e) for i, e in enumerate(extractions)])
    return sorted(sorted(m.name for m in entry.mentions) for entry in index.entries)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Sergej Lawrow", "person", ["Lawrow", "Herr Lawrow"]), ("Sergey Lavrov", "person", ["Lavrov"])),
        (("Lawrow", "person", []), ("Lavrov", "person", [])),
        (("Wolodymyr Selenskyj", "person", []), ("Volodymyr Zelenskyy", "person", [])),
        (("Selenskyj", "person", []), ("Zelensky", "person", [])),
        (("Сергей Лавров", "person", []), ("Sergej Lawrow", "person", [])),
        (("Präsident Putin", "person", []), ("Wladimir Putin", "person", ["Putin"])),
        (("Kyjiw", "other", []), ("Kiew", "other", [])),
        (("Dmitri Peskow", "person", []), ("Dmitry Peskov", "person", [])),
        (("Sergej Lawrow", "person", []), ("Sergei Lavrow", "person", [])),  # phonetic: not in the table as a pair
    ],
)
def test_one_actor_across_spellings(a: tuple[str, str, list[str]], b: tuple[str, str, list[str]]) -> None:
    assert len(_groups(_ex(a), _ex(b))) == 1


def test_merges_say_why() -> None:
    index = resolve_actors([("s0", _ex(("Sergej Lawrow", "person", []))), ("s1", _ex(("Sergey Lavrov", "person", [])))])
    (entry,) = index.entries
    assert entry.merged_because and "spelling table" in entry.merged_because[0]


def test_same_surname_different_first_names_stay_apart() -> None:
    groups = _groups(
        _ex(("Donald Trump", "person", ["Trump"])),
        _ex(("Melania Trump", "person", ["Trump"])),
    )
    assert groups == [["Donald Trump"], ["Melania Trump"]]


def test_a_bare_surname_shared_by_two_people_is_left_ambiguous() -> None:
    groups = _groups(
        _ex(("Donald Trump", "person", [])),
        _ex(("Melania Trump", "person", [])),
        _ex(("Trump", "person", [])),
    )
    assert ["Trump"] in groups and len(groups) == 3


def test_a_bare_surname_joins_the_only_person_with_it() -> None:
    assert _groups(_ex(("Donald Trump", "person", [])), _ex(("Trump", "person", []))) == [["Donald Trump", "Trump"]]


def test_capital_is_not_its_country_unless_the_article_says_so() -> None:
    assert len(_groups(_ex(("Russland", "country", [])), _ex(("Moskau", "other", [])))) == 2
    metonym = _ex(("Russland", "country", ["Moskau"]))
    assert len(_groups(metonym, _ex(("Moskau", "country", [])))) == 1


def test_country_and_person_never_merge() -> None:
    assert len(_groups(_ex(("Georgia", "country", [])), _ex(("Georgia", "person", [])))) == 2


@pytest.fixture(scope="module")
def seeds_briefing():  # type: ignore[no-untyped-def]
    return build_briefing(seed_results(), "en")


def test_seed_actors_are_resolved_once(seeds_briefing) -> None:  # type: ignore[no-untyped-def]
    names = [a.name for a in seeds_briefing.actors]
    for person in ("Sergey Lavrov", "Volodymyr Zelensky", "Marco Rubio", "Donald Trump", "Vladimir Putin"):
        assert names.count(person) == 1
    lawrow = next(a for a in seeds_briefing.actors if a.name == "Sergey Lavrov")
    assert len(lawrow.sources) == 4
    selenskyj = next(a for a in seeds_briefing.actors if a.name == "Volodymyr Zelensky")
    assert {"Zelensky", "Selenskyj"} <= set(selenskyj.aliases)


def test_rubio_lavrov_meeting_is_one_cluster_citing_000_001_003(seeds_briefing) -> None:  # type: ignore[no-untyped-def]
    ids = {source_id(p) for p in ("000", "001", "003")}
    meeting = [
        e
        for e in seeds_briefing.events
        if {"marco-rubio", "sergey-lavrov"} <= set(e.participants) and e.accounts[0].status.value != "occurred"
    ]
    assert len(meeting) == 1 and set(meeting[0].sources) == ids
    assert meeting[0].status == "disputed"


def test_who_called_off_the_meeting_is_a_disagreement(seeds_briefing) -> None:  # type: ignore[no-untyped-def]
    kinds = {(d.kind, tuple(side.label for side in d.sides)) for d in seeds_briefing.disagreements}
    assert ("event_status", ("cancelled", "postponed")) in kinds
    who = next(d for d in seeds_briefing.disagreements if d.kind == "event_initiator")
    assert {s.label for s in who.sides} == {"Russia (cancelled)", "the United States (postponed)"}
    assert set(who.sources) == {source_id("000"), source_id("001")}


def test_ceasefire_stances_oppose_russia_to_ukraine_and_europe(seeds_briefing) -> None:  # type: ignore[no-untyped-def]
    d = next(d for d in seeds_briefing.disagreements if d.about == "ceasefire along current front line")
    sides = {s.label.split(":")[0]: s.label for s in d.sides}
    assert "Russia" in sides["opposes"] and "Ukraine" in sides["supports"]
    assert "European leaders" in sides["supports"]
    assert all(side.evidence and side.sources for side in d.sides)


def test_every_item_cites_known_sources(seeds_briefing) -> None:  # type: ignore[no-untyped-def]
    known = {s.id for s in seeds_briefing.sources}
    for group in (seeds_briefing.actors, seeds_briefing.events, seeds_briefing.quotes, seeds_briefing.positions):
        for item in group:
            assert item.sources and set(item.sources) <= known


def test_seed_quotes_are_all_exact_or_normalised_with_matching_slices(seeds_briefing) -> None:  # type: ignore[no-untyped-def]
    texts = {r.article.id: r.article.text for r in seed_results()}
    assert seeds_briefing.stats.ungrounded_dropped == 0 and len(seeds_briefing.quotes) > 50
    for q in seeds_briefing.quotes:
        for c in q.citations:
            assert c.grounding.status in ("exact", "normalised")
            assert texts[c.source][c.grounding.start : c.grounding.end] == q.text


def test_undated_events_get_no_invented_date(seeds_briefing) -> None:  # type: ignore[no-untyped-def]
    dated = [t for t in seeds_briefing.timeline if t.date]
    assert all(t.precision in ("day", "week", "month", "year") for t in dated)
    assert [t.date for t in dated] == sorted(t.date for t in dated)  # type: ignore[type-var]
    assert any(t.precision == "unknown" and t.date is None for t in seeds_briefing.timeline)


def test_same_inputs_give_identical_json_whatever_the_order() -> None:
    results = seed_results()
    first = build_briefing(results, "en").model_dump_json()
    for seed in range(3):
        shuffled = results[:]
        random.Random(seed).shuffle(shuffled)
        assert build_briefing(shuffled, "en").model_dump_json() == first


def _quotes_result(path: str, text: str, quotes: list[tuple[str, str]], actors: list[str]):  # type: ignore[no-untyped-def]
    from summarizer.merge.build import ArticleResult
    from summarizer.text.ingest import parse_article

    extraction = Extraction.model_validate(
        {
            "summary": "s",
            "actors": [{"name": a, "kind": "person"} for a in actors],
            "quotes": [{"text": t, "speaker": sp, "kind": "direct"} for t, sp in quotes],
        }
    )
    return ArticleResult(parse_article(text, path), extraction)


def test_quote_ledger_joins_outlets_links_partials_and_flags_attribution() -> None:
    long = "Wir bleiben dem Grundsatz verpflichtet, dass Grenzen nicht mit Gewalt verändert werden dürfen"
    a = _quotes_result(
        "a.txt",
        f"Lawrow sagte: „{long}“. Und „Grenzen nicht mit Gewalt“ sei klar.",
        [(long, "Lawrow"), ("Grenzen nicht mit Gewalt", "Lawrow")],
        ["Lawrow"],
    )
    # b's outlet (and so its extraction) has a slip: 'das' for 'dass'. Still the same quote of the same man.
    slipped = long.replace("dass", "das")
    b = _quotes_result("b.txt", f"Lavrov sagte: »{slipped}«", [(slipped, "Lavrov")], ["Lavrov"])
    c = _quotes_result("c.txt", f"Macron sagte: „{long}“", [(long, "Macron")], ["Macron"])
    briefing = build_briefing([a, b, c], "en")
    # One statement, one entry: each outlet's citation keeps whom that outlet credits it to.
    (joined,) = [q for q in briefing.quotes if q.speaker == "lavrov" and q.text in (long, slipped)]
    assert joined.sources == sorted([a.article.id, b.article.id, c.article.id]) and len(joined.citations) == 3
    assert {c.source: c.speaker for c in joined.citations}[c.article.id] == "macron"
    first = min([a, b], key=lambda r: r.article.id)  # the ledger shows the words of the first source
    assert joined.text == (long if first is a else slipped)
    partial = next(q for q in briefing.quotes if q.text == "Grenzen nicht mit Gewalt")
    assert partial.part_of == joined.id
    (who,) = [d for d in briefing.disagreements if d.kind == "quote_attribution"]
    assert {(s.label, tuple(s.sources)) for s in who.sides} == {
        ("said by Lavrov", tuple(sorted([a.article.id, b.article.id]))),
        ("said by Macron", (c.article.id,)),
    }
    assert set(who.sources) == {a.article.id, b.article.id, c.article.id}


def test_a_city_and_its_country_can_host_one_event_but_two_cities_cannot() -> None:
    from summarizer.text.names import places_compatible

    assert places_compatible("Budapest", "Ungarn") and places_compatible("Hungary", "Budapest")
    assert places_compatible("Riad", "Riyadh") and places_compatible("Moskau", "Russland")
    assert not places_compatible("Riad", "Budapest") and not places_compatible("Paris", "Ungarn")


def test_budapest_summit_accounts_form_one_event_apart_from_the_announcement(seeds_briefing) -> None:  # type: ignore[no-untyped-def]
    summit = [
        e
        for e in seeds_briefing.events
        if e.location == "Budapest" and {"donald-trump", "vladimir-putin"} <= set(e.participants)
    ]
    shared, alone = [e for e in summit if len(e.sources) > 1], [e for e in summit if len(e.sources) == 1]
    assert len(shared) == 1 and set(shared[0].sources) == {source_id(p) for p in ("000", "001", "003")}
    assert {a.status.value for a in shared[0].accounts} == {"cancelled", "unclear"}
    assert [e.description.split()[1] for e in alone] == ["announces"]  # the announcement is its own event
