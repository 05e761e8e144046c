"""Two consecutive days: the second briefing says what changed since the first; re-runs change nothing."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from summarizer.text.ingest import parse_article
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


def _daily(url: str, tmp_path: Path, day: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer",
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
        ],
        capture_output=True,
        text=True,
        env=env,
    )


def test_two_days_show_what_changed_and_reruns_are_identical(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2025-10-21").mkdir(parents=True)
    (inbox / "monday.md").write_text(DAY1, encoding="utf-8")
    (inbox / "2025-10-21" / "tuesday.txt").write_text(DAY2, encoding="utf-8")
    responses = {parse_article(DAY1, "a").id: _day1(), parse_article(DAY2, "b").id: _day2()}
    with serve(responses) as server:
        first = _daily(server.url, tmp_path, "2025-10-20")
        assert first.returncode == 0, first.stderr
        second = _daily(server.url, tmp_path, "2025-10-21")
        assert second.returncode == 0, second.stderr
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
            ("stance_change", "Kreml on ceasefire along current front line", "opposes", "supports"),
            ("new_event", "Mark Rutte presented a peace plan in Brussels.", None, "occurred"),
            ("new_actor", "Mark Rutte", None, None),
        }
        day1_source = parse_article(DAY1, "a").id
        moved = next(c for c in changes["items"] if c["kind"] == "status_change")
        assert moved["previous_sources"] == [day1_source] and moved["sources"] == [parse_article(DAY2, "b").id]
        md = (out / "briefing-2025-10-21.md").read_text(encoding="utf-8")
        assert "## What changed since 2025-10-20" in md
        assert "**Status changed** — The planned meeting of Rubio and Lavrov" in md and "planned → cancelled" in md
        assert "before [monday.md]" in md and "[tuesday.txt]" in md
        assert (out / "briefing-2025-10-21.html").read_text(encoding="utf-8").count(
            "What changed since 2025-10-20"
        ) == 1
        assert (
            "changes" not in json.loads((out / "briefing-2025-10-20.json").read_text(encoding="utf-8"))
            or json.loads((out / "briefing-2025-10-20.json").read_text(encoding="utf-8"))["changes"] is None
        )

        files = {p.name: p.read_bytes() for p in out.iterdir()}
        again = _daily(server.url, tmp_path, "2025-10-21")
        assert again.returncode == 0, again.stderr
        assert server.count() == 2  # no new model calls
        assert {p.name: p.read_bytes() for p in out.iterdir()} == files  # byte-identical


def test_a_day_without_articles_says_so_and_exits_0(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    done = _daily("http://127.0.0.1:9/v1", tmp_path, "2025-10-22")
    assert done.returncode == 0
    assert "no articles for 2025-10-22" in done.stderr
    assert not (tmp_path / "out").exists()
