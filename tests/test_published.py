"""Publication dates as newsrooms write them: read into one day, or refused per file before any
model call, naming the file and the forms read; never a traceback, never a wrong date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.text.ingest import read_article
from tests.cli_run import OFFLINE, SEED, SEED_TEXT, run, with_front_matter
from testsupport.fakeserver import serve

READ = {
    "22.10.2025": "2025-10-22",
    "22. Oktober 2025": "2025-10-22",
    "22 October 2025": "2025-10-22",
    "October 22, 2025": "2025-10-22",
    "Oct 22, 2025": "2025-10-22",
    "2025-10-22T14:03+02:00": "2025-10-22",
    "2025-10-22T00:30:00+02:00": "2025-10-22",  # the newsroom's day, not UTC's 21st
    "Wed, 22 Oct 2025 14:03:00 +0200": "2025-10-22",
    "Tue, 21 Oct 2025 23:30:00 GMT": "2025-10-21",
    "20251022": "2025-10-22",
    "2025-10-22": "2025-10-22",
}
REFUSED = ["2025-02-30", "2025-13-45", "yesterday", "10/22/2025", "22.10.25", "31.02.2025", "gestern, 14 Uhr"]


@pytest.mark.parametrize(("written", "day"), READ.items())
def test_front_matter_dates_are_read_as_newsrooms_write_them(tmp_path: Path, written: str, day: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(with_front_matter("Ein Artikel.", published=written), encoding="utf-8")
    article = read_article(path, "a.txt")
    assert not hasattr(article, "reason"), article
    assert article.published == day  # type: ignore[union-attr]


@pytest.mark.parametrize("written", REFUSED)
def test_anything_else_is_refused_naming_the_forms_read(written: str, tmp_path: Path) -> None:
    from summarizer.text.published import DateError, parse_published

    with pytest.raises(DateError) as caught:
        parse_published(written)
    assert repr(written) in str(caught.value)
    path = tmp_path / "a.txt"
    path.write_text(with_front_matter("Ein Artikel.", published=written), encoding="utf-8")
    error = read_article(path, "a.txt")
    assert getattr(error, "path", None) == "a.txt" and written in getattr(error, "reason", "")


def test_a_bad_date_fails_its_file_alone_with_exit_3_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text(with_front_matter(SEED_TEXT, published="22/10/2025"), encoding="utf-8")
    done = run("summarise", str(tmp_path / "bad.txt"), str(SEED), *OFFLINE)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert f"not included: {tmp_path / 'bad.txt'} — published '22/10/2025' is not a date" in done.stderr
    assert "write 2025-10-22, 22.10.2025, 22. Oktober 2025, October 22, 2025" in done.stderr
    assert "Sergey Ryabkov" in done.stdout  # the other article is briefed


def test_a_day_month_year_date_is_rendered_as_that_day(tmp_path: Path) -> None:
    """22.10.2025 ended in a traceback in the renderer; 20251022 was shown as Feb 2025."""
    for written in ("22.10.2025", "20251022"):
        (tmp_path / "a.txt").write_text(with_front_matter(SEED_TEXT, published=written), encoding="utf-8")
        done = run("summarise", str(tmp_path / "a.txt"), *OFFLINE, "--format", "json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["sources"][0]["published"] == "2025-10-22"
        md = run("summarise", str(tmp_path / "a.txt"), *OFFLINE).stdout
        assert "Wed 22 Oct 2025" in md and "Feb 2025" not in md


def test_dates_are_checked_before_any_model_call(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text(with_front_matter("Ein Artikel über nichts.", published="2025-13-45"), encoding="utf-8")
    (tmp_path / "good.txt").write_text("Ein anderer Artikel über etwas.", encoding="utf-8")
    with serve({}) as server:
        done = run("summarise", str(tmp_path), "--base-url", server.url, "--fixtures", "none", "--no-synthesis")
        asked = [json.dumps(r.body, ensure_ascii=False) for r in server.requests]
    assert done.returncode == 3 and "Traceback" not in done.stderr
    assert len(asked) == 1 and "Ein anderer Artikel" in asked[0] and "Ein Artikel über nichts" not in asked[0]


def test_published_option_takes_the_same_forms(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    done = run("summarise", str(tmp_path / "a.txt"), *OFFLINE, "--format", "json", "--published", "22.10.2025")
    assert done.returncode == 0 and json.loads(done.stdout)["sources"][0]["published"] == "2025-10-22"
    refused = run("summarise", str(tmp_path / "a.txt"), *OFFLINE, "--published", "yesterday")
    assert refused.returncode == 1 and "--published" in refused.stderr


def test_daily_names_an_undatable_file_outside_the_day_folders(tmp_path: Path) -> None:
    """It skipped the file silently and said "no articles", exit 0: a cron job would report success."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "loose.txt").write_text(with_front_matter(SEED_TEXT, published="yesterday"), encoding="utf-8")
    where = ["--inbox", str(inbox), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "d.sqlite3")]
    done = run("daily", "--date", "2025-10-22", *where, *OFFLINE)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"{inbox / 'loose.txt'} — published 'yesterday' is not a date" in done.stderr
