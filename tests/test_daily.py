"""Two consecutive days: the second briefing says what changed since the first; re-runs change nothing."""

import json
from pathlib import Path
from typing import Any

from summarizer.app.daily import compare_days
from summarizer.contracts.briefing import Briefing
from summarizer.contracts.extraction import Extraction
from summarizer.merge.build import ArticleResult, build_briefing
from summarizer.text.ingest import parse_article
from testsupport.cli import Ran, invoke
from testsupport.fakeserver import serve

DAY1 = "---\npublished: 2025-10-20\n---\nDie Außenminister Marco Rubio und Sergej Lawrow wollen sich am Donnerstag in Budapest treffen, um den Gipfel vorzubereiten. Der Kreml lehnt eine Waffenruhe entlang der Front ab."
DAY2 = "Das geplante Treffen von Marco Rubio und Sergej Lawrow in Budapest wurde abgesagt. Der Kreml zeigte sich nun offen für eine Waffenruhe entlang der Front. Mark Rutte stellte in Brüssel einen Friedensplan vor."
ACTORS = [
    {"name": "Marco Rubio", "kind": "person", "aliases": []},
    {"name": "Sergej Lawrow", "kind": "person", "aliases": []},
    {"name": "Kreml", "kind": "organisation", "aliases": []},
]


def _day1() -> dict[str, Any]:
    return {
        "summary": "Rubio and Lavrov plan to meet; the Kremlin rejects a ceasefire.",
        "actors": ACTORS,
        "events": [
            {
                "description": "Rubio and Lavrov plan to meet in Budapest to prepare the summit.",
                "status": "planned",
                "date_text": "am Donnerstag",
                "location": "Budapest",
                "participants": ["Marco Rubio", "Sergej Lawrow"],
                "evidence": "Die Außenminister Marco Rubio und Sergej Lawrow wollen sich am Donnerstag in Budapest treffen",
            },
        ],
        "positions": [
            {
                "actor": "Kreml",
                "topic": "ceasefire along current front line",
                "stance": "opposes",
                "summary": "The Kremlin rejects a ceasefire.",
                "evidence": "Der Kreml lehnt eine Waffenruhe entlang der Front ab.",
            },
        ],
    }


def _day2() -> dict[str, Any]:
    return {
        "summary": "The Rubio–Lavrov meeting is off; the Kremlin is open to a ceasefire; Rutte presents a plan.",
        "actors": [*ACTORS, {"name": "Mark Rutte", "kind": "person", "aliases": []}],
        "events": [
            {
                "description": "The planned meeting of Rubio and Lavrov in Budapest to prepare the summit was cancelled.",
                "status": "cancelled",
                "location": "Budapest",
                "participants": ["Marco Rubio", "Sergej Lawrow"],
                "evidence": "Das geplante Treffen von Marco Rubio und Sergej Lawrow in Budapest wurde abgesagt.",
            },
            {
                "description": "Mark Rutte presented a peace plan in Brussels.",
                "status": "occurred",
                "location": "Brüssel",
                "participants": ["Mark Rutte"],
                "evidence": "Mark Rutte stellte in Brüssel einen Friedensplan vor.",
            },
        ],
        "positions": [
            {
                "actor": "Kreml",
                "topic": "ceasefire along current front line",
                "stance": "supports",
                "summary": "The Kremlin is open to a ceasefire.",
                "evidence": "Der Kreml zeigte sich nun offen für eine Waffenruhe entlang der Front.",
            },
        ],
    }


def _daily(url: str, tmp_path: Path, day: str) -> Ran:
    return invoke(
        "daily",
        "--date",
        day,
        "--inbox",
        str(tmp_path / "inbox"),
        "--out",
        str(tmp_path / "out"),
        "--base-url",
        url,
        "--no-synthesis",
        "--fixtures",
        "none",
        "-q",
        env={"SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")},
    )


def test_two_days_show_what_changed_and_reruns_are_identical(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2025-10-21").mkdir(parents=True)
    (inbox / "monday.md").write_text(DAY1, encoding="utf-8")
    (inbox / "2025-10-21" / "tuesday.txt").write_text(DAY2, encoding="utf-8")
    responses = {parse_article(DAY1, "a").id: _day1(), parse_article(DAY2, "b").id: _day2()}
    with serve(responses) as server:
        first = _daily(server.url, tmp_path, "2025-10-20")
        assert first.exit_code == 0, first.stderr
        second = _daily(server.url, tmp_path, "2025-10-21")
        assert second.exit_code == 0, second.stderr
        assert server.count() == 2
        assert "4 changes since 2025-10-20" in second.stderr

        out = tmp_path / "out"
        briefing = json.loads((out / "briefing-2025-10-21.json").read_text(encoding="utf-8"))
        changes = briefing["changes"]
        assert changes["since"] == "2025-10-20"
        got = {(c["kind"], c["subject"], c["before"], c["after"]) for c in changes["items"]}
        assert got == {
            (
                "status_change",
                "The planned meeting of Rubio and Lavrov in Budapest to prepare the summit was cancelled.",
                "planned",
                "cancelled",
            ),
            ("stance_change", "the Kremlin on ceasefire along current front line", "opposes", "supports"),
            ("new_event", "Mark Rutte presented a peace plan in Brussels.", None, "occurred"),
            ("new_actor", "Mark Rutte", None, None),
        }
        day1_source = parse_article(DAY1, "a").id
        moved = next(c for c in changes["items"] if c["kind"] == "status_change")
        assert moved["previous_sources"] == [day1_source] and moved["sources"] == [parse_article(DAY2, "b").id]
        # The day's one story continues yesterday's: same key, developing, its status change on its card.
        yesterday = json.loads((out / "briefing-2025-10-20.json").read_text(encoding="utf-8"))["stories"]
        (story,) = briefing["stories"]
        assert story["key"] == yesterday[0]["key"] and story["status"] == "developing"
        continuity = story["continuity"]
        assert continuity["mark"] == "developing" and continuity["previous_story"] == yesterday[0]["id"]
        rutte = next(e["id"] for e in briefing["events"] if e["description"].startswith("Mark Rutte"))
        assert continuity["new_events"] == [rutte]
        assert [(c["before"], c["after"]) for c in continuity["status_changes"]] == [("planned", "cancelled")]
        md = (out / "briefing-2025-10-21.md").read_text(encoding="utf-8")
        assert "**Status changed:** The planned meeting of Rubio and Lavrov" in md and "planned → cancelled" in md
        assert f"**Since 2025-10-20:** 1 new event ({rutte})" in md
        assert "## What changed since" not in md  # the full list of changes is detail (JSON, HTML, --detail full)
        assert (out / "briefing-2025-10-21.html").read_text(encoding="utf-8").count(
            "What changed since 2025-10-20"
        ) == 1
        assert (
            "changes" not in json.loads((out / "briefing-2025-10-20.json").read_text(encoding="utf-8"))
            or json.loads((out / "briefing-2025-10-20.json").read_text(encoding="utf-8"))["changes"] is None
        )

        files = {p.name: p.read_bytes() for p in out.iterdir()}
        again = _daily(server.url, tmp_path, "2025-10-21")
        assert again.exit_code == 0, again.stderr
        assert server.count() == 2  # no new model calls
        assert {p.name: p.read_bytes() for p in out.iterdir()} == files  # byte-identical


def test_a_day_without_articles_says_so_and_exits_0(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    done = _daily("http://127.0.0.1:9/v1", tmp_path, "2025-10-22")
    assert done.exit_code == 0
    assert "no articles for 2025-10-22" in done.stderr
    assert not (tmp_path / "out").exists()


# --- compare_days over merged briefings ----------------------------------------------------------


def _briefing(text: str, response: dict[str, Any]) -> Briefing:
    article = parse_article(text, "a.txt")
    return build_briefing([ArticleResult(article, Extraction.model_validate(response))], "en")


MEETING = "Die Außenminister Marco Rubio und Sergej Lawrow wollen sich am Donnerstag in Budapest treffen."
MEETING_OPEN = "Ob sich die Außenminister Marco Rubio und Sergej Lawrow am Donnerstag in Budapest treffen, ist offen."


def _meeting(status: str, evidence: str) -> dict[str, Any]:
    return {
        "summary": "s",
        "actors": ACTORS[:2],
        "events": [
            {
                "description": "Rubio and Lavrov meet in Budapest to prepare the summit.",
                "status": status,
                "location": "Budapest",
                "participants": ["Marco Rubio", "Sergej Lawrow"],
                "evidence": evidence,
            }
        ],
    }


def test_an_event_turning_unclear_is_no_status_change() -> None:
    before = _briefing(MEETING, _meeting("planned", MEETING))
    today = _briefing(MEETING_OPEN, _meeting("unclear", MEETING_OPEN))
    assert compare_days(today, before, "2025-10-20").items == []  # the same event, and no news about it
    # Control: a real move of the same event is one.
    cancelled = _briefing(MEETING_OPEN, _meeting("cancelled", MEETING_OPEN))
    (moved,) = compare_days(cancelled, before, "2025-10-20").items
    assert (moved.kind, moved.before, moved.after) == ("status_change", "planned", "cancelled")


CALLED_OFF = "Das Treffen von Marco Rubio und Sergej Lawrow in Budapest wurde abgesagt."
REPLANNED = "Marco Rubio und Sergej Lawrow wollen sich stattdessen im Dezember treffen."


def _event(description: str, status: str, location: str | None, evidence: str) -> dict[str, Any]:
    return {
        "description": description,
        "status": status,
        "location": location,
        "participants": ["Marco Rubio", "Sergej Lawrow"],
        "evidence": evidence,
    }


def test_an_earlier_event_continues_as_one_event_today() -> None:
    """Yesterday's planned meeting is called off today and another one planned. Both of today's events
    are like yesterday's, but only one continues it: the new plan is news, not yesterday's plan again
    (the stories' continuity, stories.continuity.continued_events, says the same)."""
    before = _briefing(MEETING, _meeting("planned", MEETING))
    events = [
        _event("Rubio and Lavrov cancelled their meeting in Budapest.", "cancelled", "Budapest", CALLED_OFF),
        _event("Rubio and Lavrov now plan to meet in December instead.", "planned", None, REPLANNED),
    ]
    today = _briefing(f"{CALLED_OFF} {REPLANNED}", {"summary": "s", "actors": ACTORS[:2], "events": events})
    called_off, replanned = (next(e.id for e in today.events if e.status == s) for s in ("cancelled", "planned"))
    got = {(c.kind, c.about, c.before, c.after) for c in compare_days(today, before, "2025-10-20").items}
    assert got == {("status_change", called_off, "planned", "cancelled"), ("new_event", replanned, None, "planned")}


def _stances(*held: tuple[str, str]) -> tuple[str, dict[str, Any]]:
    sentences = [f"Der Kreml äußerte sich zu {topic} ({stance})." for topic, stance in held]
    positions = [
        {"actor": "Kreml", "topic": topic, "stance": stance, "summary": "s", "evidence": sentence}
        for (topic, stance), sentence in zip(held, sentences, strict=True)
    ]
    return " ".join(sentences), {"summary": "s", "actors": [ACTORS[2]], "positions": positions}


def test_a_stance_is_compared_with_the_first_earlier_position_on_that_topic_only() -> None:
    # Two earlier positions of one actor on topics apart from each other that both match today's
    # broader one: one change (against the first in the briefing's order), not two.
    china, russia = "Sanktionen gegen die Volksrepublik China", "Sanktionen gegen Russland"
    before = _briefing(*_stances((russia, "conditional"), (china, "supports")))
    assert [p.topic for p in before.positions] == [china, russia]
    today = _briefing(*_stances(("Sanktionen", "opposes")))
    (changed,) = compare_days(today, before, "2025-10-20").items
    assert (changed.kind, changed.before, changed.after) == ("stance_change", "supports", "opposes")


def test_daily_runs_offline_on_the_bundled_example_inbox(tmp_path: Path) -> None:
    """The README's offline daily commands: the bundled articles in dated folders hit the reference fixtures."""

    def run(day: str) -> Ran:
        where = ["--out", str(tmp_path / "briefings"), "--store", str(tmp_path / "days.sqlite3")]
        return invoke(
            "daily", "--inbox", "examples/inbox", "--date", day, "--offline", *where
        )  # in the repository's root

    first = run("2025-10-21")
    assert first.exit_code == 0, first.stderr
    assert "1 article, 0 failed, 1 reference answer, 0 cache hits, 0 LLM calls" in first.stderr
    second = run("2025-10-22")
    assert second.exit_code == 0, second.stderr
    assert "2 articles, 0 failed, 2 reference answers, 0 cache hits, 0 LLM calls" in second.stderr
    assert "changes since 2025-10-21" in second.stderr
    briefing = json.loads((tmp_path / "briefings" / "briefing-2025-10-22.json").read_text(encoding="utf-8"))
    # Relative dates are resolved in code against the day: "am Montag" in a Wednesday article is 2025-10-20.
    resolved = {a["date_text"]: a["resolved_date"] for e in briefing["events"] for a in e["accounts"]}
    assert resolved["am Montag"] == "2025-10-20"


def test_a_store_from_before_partial_days_is_migrated_and_keeps_its_days(tmp_path: Path) -> None:
    import sqlite3

    from summarizer.app.daily import DayStore
    from summarizer.contracts.briefing import Briefing, Failure, Source, Stats

    def briefing(sources: int, failures: int) -> Briefing:
        return Briefing(
            language="en",
            sources=[Source(id=f"s{i}", path=f"{i}.txt", title="t") for i in range(sources)],
            actors=[],
            events=[],
            quotes=[],
            positions=[],
            disagreements=[],
            timeline=[],
            failures=[Failure(path="x.txt", reason="r")] * failures,
            stats=Stats(),
        )

    path = tmp_path / "days.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE days (day TEXT PRIMARY KEY, briefing TEXT NOT NULL)")
        db.execute("INSERT INTO days VALUES ('2025-10-20', ?)", (briefing(2, 0).model_dump_json(),))
        db.execute("INSERT INTO days VALUES ('2025-10-21', ?)", (briefing(0, 3).model_dump_json(),))
    store = DayStore(path)
    try:
        earlier = store.previous("2025-10-22")
        assert earlier is not None and earlier[0] == "2025-10-20" and len(earlier[1].sources) == 2
    finally:
        store.close()
