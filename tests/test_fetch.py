"""Fetching against a real web server on 127.0.0.1 (testsupport/webserver.py): feeds of every
kind, the faults of the web named per item, the article store, conditional GETs, politeness."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import pytest

from summarizer.sources.collect import Collected, collect
from summarizer.sources.feeds import FeedListError, read_feed_list
from summarizer.sources.http import Fetcher, FetchPolicy
from summarizer.sources.store import ArticleStore
from summarizer.text.syndication import fold_syndicated
from testsupport.webserver import NewsSite, news_site

FAST = FetchPolicy(timeout=0.5, attempts=2, backoff=0.01)
FEEDS = ("/feeds/tagesblatt.rss", "/feeds/abendpost.atom", "/feeds/rundschau.json")


@pytest.fixture
def site() -> NewsSite:
    with news_site() as running:
        yield running  # type: ignore[misc]


def _collect(site: NewsSite, store: ArticleStore, urls: tuple[str, ...] = (), **kw: object) -> Collected:
    return asyncio.run(collect([site.link(u) for u in urls], [site.link(f) for f in FEEDS], store, FAST, **kw))  # type: ignore[arg-type]


def test_every_feed_item_is_an_article_or_a_named_failure(site: NewsSite, tmp_path: Path) -> None:
    done = _collect(site, ArticleStore(tmp_path / "a.sqlite3"))
    failures = {e.path.removeprefix(site.url): e.reason for e in done.errors}
    assert failures == {
        "/gone": "HTTP 404 Not Found",
        "/broken": "HTTP 500 Internal Server Error (after 2 attempts)",
        "/slow": "timed out (no answer within 0.5 s) (after 2 attempts)",
        "/huge": "too big: more than the limit of 5,000,000 bytes",
        "/loop-a": f"redirect loop: {site.link('/loop-a')} → {site.link('/loop-b')} → {site.link('/loop-a')}",
        "/report.pdf": "not HTML (application/pdf)",
        "/cookie-wall": "no main text: the page holds no article (navigation, a cookie wall or a teaser only)",
    }
    titles = {a.title for a in done.articles}
    assert titles == {
        "Kreml sagt Gipfel in Budapest ab",  # twice: the feed's tracking link, and /moved redirecting to it
        "Hinter verschlossenen Türen",
        "Außenminister telefonieren",
        "EU berät über neue Sanktionen gegen Russland",
        "Kreml sagt Gipfel ab",
        "Gipfel in Budapest abgesagt",
    }
    assert {a.meta.get("feed") for a in done.articles} == {"Tagesblatt – Politik", "Abendpost", "Rundschau"}


def test_a_rerun_fetches_no_stored_body_and_keeps_the_article_ids(site: NewsSite, tmp_path: Path) -> None:
    first = _collect(site, ArticleStore(tmp_path / "a.sqlite3"))
    served = site.bodies()
    again = _collect(site, ArticleStore(tmp_path / "a.sqlite3"))
    assert site.bodies() == served  # feeds answered 304, stored pages and lasting failures not asked for
    assert again.fetched == 0 and again.unchanged_feeds == 3 and again.stored == len(first.articles)
    assert sorted(a.id for a in again.articles) == sorted(a.id for a in first.articles)
    assert {h.status for h in site.hits[len(site.hits) - 3 * len(FEEDS) :] if h.path.startswith("/feeds")} >= {304}
    # Transient failures are asked again; lasting ones are named from the store.
    assert {e.path.removeprefix(site.url) for e in again.errors} == {e.path.removeprefix(site.url) for e in first.errors}


def test_offline_reads_the_store_and_fetches_nothing(site: NewsSite, tmp_path: Path) -> None:
    first = _collect(site, ArticleStore(tmp_path / "a.sqlite3"))
    hits = len(site.hits)
    offline = _collect(site, ArticleStore(tmp_path / "a.sqlite3"), offline=True)
    assert len(site.hits) == hits
    assert sorted(a.id for a in offline.articles) == sorted(a.id for a in first.articles)


def test_a_syndicated_story_is_one_article_naming_every_copy(site: NewsSite, tmp_path: Path) -> None:
    from summarizer.text.article import checked

    done = _collect(site, ArticleStore(None))
    articles = fold_syndicated([checked(a) for a in done.articles])  # type: ignore[misc]
    summit = [a for a in articles if "Budapest vorerst abgesagt" in a.text]
    assert len(summit) == 1
    assert summit[0].outlet == "Tagesblatt"
    assert {(c.outlet, c.url) for c in summit[0].copies} == {
        ("Abendpost", site.link("/abendpost/partner/gipfel")),  # names the original as canonical
        ("Rundschau", site.link("/rundschau/welt/budapest")),  # near-identical text, one line added
    }


def test_requests_say_who_asks_and_keep_to_two_per_host(site: NewsSite) -> None:
    async def many() -> int:
        fetcher = Fetcher(FetchPolicy(per_host=2))
        try:
            got = await asyncio.gather(*(fetcher.get(site.link(f"/wait/{i}"), "page") for i in range(6)))
        finally:
            await fetcher.close()
        return sum(1 for g in got if getattr(g, "status", 0) == 200)

    started = time.monotonic()
    assert asyncio.run(many()) == 6
    assert site.most_in_flight == 2 and time.monotonic() - started >= 0.5  # three rounds of 0.2 s
    assert all(h.user_agent.startswith("summarizer/") and "news briefing" in h.user_agent for h in site.hits)


def test_feed_lists_as_opml_or_lines(site: NewsSite, tmp_path: Path) -> None:
    import urllib.request

    opml = tmp_path / "feeds.opml"
    opml.write_bytes(urllib.request.urlopen(site.link("/feeds.opml")).read())
    assert read_feed_list(opml) == [site.link(f) for f in FEEDS]
    lines = tmp_path / "feeds.txt"
    lines.write_text("# morning\n" + "\n".join(site.link(f) for f in FEEDS) + "\n\n", encoding="utf-8")
    assert read_feed_list(lines) == [site.link(f) for f in FEEDS]
    lines.write_text("feeds.example/rss\n", encoding="utf-8")
    with pytest.raises(FeedListError, match=re.escape("not a feed URL: 'feeds.example/rss'")):
        read_feed_list(lines)
