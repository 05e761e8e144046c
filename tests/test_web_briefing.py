"""URLs, feeds and `daily --feeds` end to end: a real web server and a real OpenAI-compatible test
server on 127.0.0.1, the command line as a user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli_run import run
from testsupport.fakeserver import FakeServer, serve
from testsupport.webpages import SANCTIONS, SUMMIT, answers
from testsupport.webserver import NewsSite, news_site

BOILERPLATE = ("Cookies", "ANZEIGE", "Putin tritt zurück", "Newsletter", "Impressum", "window.dataLayer", "Mehr zum Thema")
PAGE_PATHS = ("/tagesblatt/", "/abendpost/", "/rundschau/")


@pytest.fixture
def web() -> tuple[NewsSite, FakeServer]:
    with news_site() as site, serve(answers()) as model:  # type: ignore[arg-type]
        yield site, model  # type: ignore[misc]


def _sent(model: FakeServer) -> list[str]:
    return [json.dumps(r.body["messages"], ensure_ascii=False) for r in model.requests]


def _opml(site: NewsSite, tmp_path: Path) -> Path:
    import urllib.request

    path = tmp_path / "feeds.opml"
    path.write_bytes(urllib.request.urlopen(site.link("/feeds.opml")).read())
    return path


def test_urls_on_the_command_line_send_the_article_and_nothing_else(web: tuple[NewsSite, FakeServer], tmp_path: Path) -> None:
    site, model = web
    urls = [site.link("/tagesblatt/politik/gipfel-abgesagt"), site.link("/abendpost/eu/sanktionen")]
    done = run("summarise", *urls, "--base-url", model.url, "--fixtures", "none", "--no-synthesis", "--format", "json")
    assert done.returncode == 0, done.stderr
    sent = _sent(model)
    assert len(sent) == 2
    for sentence in SUMMIT + SANCTIONS:
        assert sum(json.dumps(sentence, ensure_ascii=False)[1:-1] in s for s in sent) == 1, sentence
    for line in BOILERPLATE:
        assert not any(line in s for s in sent), line
    sources = json.loads(done.stdout)["sources"]
    assert {(s["outlet"], s["url"], s["published"]) for s in sources} == {
        ("Tagesblatt", urls[0], "2025-10-22"),
        ("Abendpost", urls[1], "2025-10-22"),
    }


def test_feeds_brief_a_syndicated_story_once_and_name_every_failure(web: tuple[NewsSite, FakeServer], tmp_path: Path) -> None:
    site, model = web
    args = ["summarise", "--feeds", str(_opml(site, tmp_path)), "--base-url", model.url, "--fixtures", "none", "--no-synthesis"]
    done = run(*args, "-o", str(tmp_path / "b.md"))
    assert done.returncode == 3, done.stderr
    assert sum("Budapest vorerst abgesagt" in s for s in _sent(model)) == 1  # three outlets ran it: asked once
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    for failed, why in [("/gone", "HTTP 404"), ("/broken", "HTTP 500"), ("/huge", "too big"), ("/loop-a", "redirect loop"),
                        ("/report.pdf", "not HTML"), ("/cookie-wall", "no main text")]:
        assert f"not included: {site.link(failed)} — {why}" in done.stderr
        assert f"`{site.link(failed)}` — {why}" in md
    summit = site.link("/tagesblatt/politik/gipfel-abgesagt")
    assert re.search(rf"\[Tagesblatt \d, Abendpost, Rundschau\]\(<{re.escape(summit)}>\)", md)  # every outlet, linked
    assert f"also run by Abendpost <{site.link('/abendpost/partner/gipfel')}>, Rundschau <{site.link('/rundschau/welt/budapest')}>" in md
    html = run(*args, "--format", "html").stdout
    assert f'href="{summit}" rel="noopener noreferrer external"' in html
    asked, served = model.count(), site.bodies()
    again = run(*args, "-o", str(tmp_path / "again.md"))
    assert again.returncode == 3
    assert model.count() == asked and "0 LLM calls" in again.stderr  # the same article ids: every answer cached
    assert site.bodies() == served and "fetched 0 documents" in again.stderr  # no stored page fetched again


def test_a_german_briefing_of_the_feeds_names_copies_and_gaps_in_german(web: tuple[NewsSite, FakeServer], tmp_path: Path) -> None:
    """The syndicated story's other outlets, the partial-briefing note and the list of what is not
    included, in German in Markdown (brief and full) and HTML."""
    site, model = web
    args = ["summarise", "--feeds", str(_opml(site, tmp_path)), "--base-url", model.url, "--fixtures", "none", "--no-synthesis"]
    done = run(*args, "--lang", "de", "--detail", "full", "-o", str(tmp_path / "b.md"))
    assert done.returncode == 3, done.stderr
    md = (tmp_path / "b.md").read_text(encoding="utf-8")
    copies = f"Abendpost <{site.link('/abendpost/partner/gipfel')}>, Rundschau <{site.link('/rundschau/welt/budapest')}>"
    assert f"auch erschienen bei {copies}" in md and "(auch erschienen bei Abendpost, Rundschau)" in md
    assert re.search(r"\*\*Unvollständiges Briefing: \d+/\d+ Artikel nicht aufgenommen", md) and "## Nicht aufgenommen" in md
    page = run(*args, "--lang", "de", "--format", "html").stdout
    assert "auch erschienen bei Abendpost" in page and "Unvollständiges Briefing" in page
    for text in (md, page):
        assert not [w for w in ("also run by", "Partial briefing", "Not included") if w in text]


def test_daily_feeds_files_the_day_into_the_inbox_and_replays_offline(web: tuple[NewsSite, FakeServer], tmp_path: Path) -> None:
    site, model = web
    inbox, out = tmp_path / "inbox", tmp_path / "briefings"
    inbox.mkdir()
    common = ["daily", "--date", "2025-10-22", "--inbox", str(inbox), "--out", str(out), "--store", str(tmp_path / "d.sqlite3")]
    live = [*common, "--feeds", str(_opml(site, tmp_path)), "--base-url", model.url, "--fixtures", "none", "--no-synthesis"]
    first = run(*live)
    assert first.returncode == 3, first.stderr
    day = inbox / "2025-10-22"
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(day.iterdir())}
    assert "unfetched.tsv" in files and site.link("/gone") + "\tHTTP 404 Not Found" in files["unfetched.tsv"]
    articles = {n: t for n, t in files.items() if n.endswith(".md")}
    assert len(articles) == 6  # the day's pages (one served slowly); yesterday's item is left for its own day
    summit = next(t for t in articles.values() if "Budapest vorerst abgesagt" in t and "outlet: Tagesblatt" in t)
    assert summit.startswith(f"---\ntitle: Kreml sagt Gipfel in Budapest ab\noutlet: Tagesblatt\nurl: {site.link('/tagesblatt/politik/gipfel-abgesagt')}\n")
    briefings = {p.name: p.read_bytes() for p in out.iterdir()}
    asked, served = model.count(), site.bodies("/tagesblatt/politik")
    second = run(*live)
    assert second.returncode == 3 and model.count() == asked and site.bodies("/tagesblatt/politik") == served
    assert {p.name: p.read_text(encoding="utf-8") for p in sorted(day.iterdir())} == files
    replay = run(*common, "--offline", "--fixtures", "none")
    assert replay.returncode == 3, replay.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == briefings  # the same day, byte for byte
