"""Every briefing says where it comes from: news day, when it was made, models, the origin of its answers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from summarizer.contracts.checks import REFERENCE_LINE
from testsupport.cli import Ran, invoke

RECORDED = "fixtures/recorded/qwen2.5-coder-1.5b-instruct-q4_k_m-one-request"
MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"


def _brief(fmt: str, *extra: str, quiet: bool = True, env: dict[str, str | None] | None = None) -> Ran:
    """`summarise seeds --offline` in the repository's root (invoke's default)."""
    args = ["summarise", "seeds", "--offline", "--format", fmt, *extra]
    return invoke(*args, *(["-q"] if quiet else []), env=env)


def test_the_reference_briefing_says_so_in_all_three_formats() -> None:
    md, html, doc = (_brief(f, "--fixtures", "fixtures/reference") for f in ("md", "html", "json"))
    assert md.exit_code == html.exit_code == doc.exit_code == 0, md.output
    provenance = json.loads(doc.stdout)["provenance"]
    assert provenance["answers"] == {"reference": 5} and provenance["models"] == []
    assert provenance["news_day"] == "2025-10-22" and provenance["published_from"] == "2025-02-18"
    assert provenance["generated"] == "2025-10-22T16:00:00+00:00"  # SOURCE_DATE_EPOCH, pinned by the tests
    assert provenance["note"] == REFERENCE_LINE
    head = md.stdout.split("## Top stories")[0]
    assert "News day Wed 22 Oct 2025 (articles of Tue 18 Feb 2025 – Wed 22 Oct 2025)" in head
    assert "generated 2025-10-22 16:00:00 UTC · 5 reference answers · no model" in head
    assert f"**{REFERENCE_LINE}**" in head
    header = html.stdout.split("</header>")[0]
    assert REFERENCE_LINE in header and "5 reference answers" in header and "generated 2025-10-22 16:00:00 UTC" in header


def test_a_briefing_from_a_models_recorded_answers_names_the_model_and_no_reference_line() -> None:
    md, doc = (_brief(f, "--fixtures", RECORDED, "--model", MODEL) for f in ("md", "json"))
    provenance = json.loads(doc.stdout)["provenance"]
    assert provenance["answers"] == {"recorded": 5} and provenance["models"] == [MODEL] and provenance["note"] is None
    assert f"5 recorded answers · model {MODEL}" in md.stdout and REFERENCE_LINE not in md.stdout


def test_progress_and_the_closing_line_name_fixture_answers_by_their_origin_never_cached() -> None:
    result = _brief("md", "--fixtures", "fixtures/reference", quiet=False)
    lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == 5 and all(re.match(r"\[\d/5\]\s+reference\s+seeds/", line) for line in lines), lines
    assert "5 reference answers, 0 cache hits" in result.stderr and "cached" not in result.stderr
    assert "5 reference answers · 0 LLM calls · 0 cache hits" in result.stdout
    recorded = _brief("md", "--fixtures", RECORDED, "--model", MODEL, quiet=False)
    assert "recorded  seeds/000" in recorded.stderr and "5 recorded answers" in recorded.stderr


def test_the_generation_time_is_the_clocks_unless_pinned(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    doc = json.loads(_brief("json", "--fixtures", "fixtures/reference", env={"SOURCE_DATE_EPOCH": None}).stdout)
    generated = datetime.fromisoformat(doc["provenance"]["generated"])
    assert before <= generated <= datetime.now(UTC)
    pinned = [_brief("json", "--fixtures", "fixtures/reference").stdout for _ in range(2)]
    assert pinned[0] == pinned[1]  # byte for byte, run after run
    bad = _brief("json", "--fixtures", "fixtures/reference", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert bad.exit_code == 1 and "SOURCE_DATE_EPOCH='yesterday' is not a time" in bad.output


def test_a_german_briefing_states_its_provenance_in_german() -> None:
    md, html, doc = (_brief(f, "--lang", "de") for f in ("md", "html", "json"))
    head = md.stdout.split("## Die wichtigsten Themen")[0]
    assert "Nachrichtentag Mi 22. Okt. 2025 (Artikel vom Di 18. Feb. 2025 bis Mi 22. Okt. 2025)" in head
    assert "erstellt 2025-10-22 16:00:00 UTC · 5 Referenzantworten · kein Modell" in head
    german_line = "Aus handgeschriebenen Referenzantworten erstellt, nicht von einem Modell."
    assert f"**{german_line}**" in head and REFERENCE_LINE not in md.stdout
    assert german_line in html.stdout.split("</header>")[0]
    assert json.loads(doc.stdout)["provenance"]["note"] == REFERENCE_LINE  # the contract's words stay English
    assert "5 Artikel · 0 fehlgeschlagen · 5 Referenzantworten · 0 LLM-Aufrufe · 0 Cache-Treffer" in md.stdout


def test_the_daily_files_say_where_they_come_from(tmp_path: Path) -> None:
    out = tmp_path / "briefings"
    where = ["--out", str(out), "--store", str(tmp_path / "days.sqlite3")]
    assert invoke("daily", "--inbox", "examples/inbox", "--date", "2025-10-22", "--offline", *where).exit_code == 0
    doc = json.loads((out / "briefing-2025-10-22.json").read_text(encoding="utf-8"))
    assert doc["provenance"]["answers"] == {"reference": 2} and doc["provenance"]["news_day"] == "2025-10-22"
    for fmt in ("md", "html"):
        page = (out / f"briefing-2025-10-22.{fmt}").read_text(encoding="utf-8")
        assert "News day Wed 22 Oct 2025 · generated 2025-10-22 16:00:00 UTC · 2 reference answers · no model" in page
        assert REFERENCE_LINE in page
