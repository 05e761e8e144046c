"""URLs and feeds → Articles: each feed read (conditionally), each item's page fetched once into
the article store and its main text extracted; every failure named per item, the rest kept."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from datetime import date

from summarizer.sources.feeds import FeedItem, feed_items
from summarizer.sources.http import Fetched, Fetcher, FetchFailure, FetchPolicy, Validators
from summarizer.sources.store import ArticleStore
from summarizer.text.article import Article, IngestError
from summarizer.text.decode import DecodeError
from summarizer.text.readers import page_article
from summarizer.text.webpage import PageError, decode_page
from summarizer.text.wording import count

OFFLINE_PAGE = "not in the article store, and --offline fetches nothing"


@dataclass
class Collected:
    """What came of the URLs and feeds: articles, failures, and what it took."""

    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    fetched: int = 0  # page and feed bodies received
    stored: int = 0  # articles served by the article store, with no request
    unchanged_feeds: int = 0  # feeds answered 304 Not Modified
    other_days: int = 0  # feed items dated another day than the one asked for, left alone
    known_failures: int = 0  # pages that had no article when first fetched, named again without a request

    def summary(self) -> str:
        return (
            f"fetched {count(self.fetched, 'document')}; {count(self.stored, 'article')} from the article store; "
            f"{count(self.unchanged_feeds, 'feed')} unchanged; {count(self.known_failures, 'known failure')} not asked again"
            + (f"; {count(self.other_days, 'feed item')} of other days left out" if self.other_days else "")
        )


@dataclass(frozen=True)
class _Wanted:
    url: str  # as the command line or the feed gives it
    item: FeedItem | None = None


async def collect(
    urls: list[str],
    feeds: list[str],
    store: ArticleStore,
    policy: FetchPolicy | None = None,
    offline: bool = False,
    day: date | None = None,
) -> Collected:
    """Articles for the command line's `urls` and the items of `feeds` (only those of `day`, if given)."""
    done = Collected()
    fetcher = None if offline else Fetcher(policy or FetchPolicy())
    try:
        wanted = [_Wanted(u) for u in urls]
        for items in await asyncio.gather(*(_read_feed(f, store, fetcher, done) for f in feeds)):
            for item in items:
                if day is not None and item.published is not None and item.published != day.isoformat():
                    done.other_days += 1
                else:
                    wanted.append(_Wanted(item.link, item))
        wanted = list({w.url: w for w in reversed(wanted)}.values())[::-1]  # each link once, first wins
        found = await asyncio.gather(*(_article(w, store, fetcher, done) for w in wanted))
    finally:
        if fetcher is not None:
            done.fetched = fetcher.bodies
            await fetcher.close()
    for result in found:
        if isinstance(result, IngestError):
            done.errors.append(result)
        elif day is None or result.published in (None, day.isoformat()):
            done.articles.append(result)
        else:
            done.other_days += 1
    return done


async def _read_feed(url: str, store: ArticleStore, fetcher: Fetcher | None, done: Collected) -> list[FeedItem]:
    kept = store.feed(url)
    if fetcher is None:
        if kept is None:
            done.errors.append(IngestError(url, "feed never read, and --offline fetches nothing"))
            return []
        body, content_type = kept.body, ""
    else:
        got = await fetcher.get(url, "feed", kept.validators if kept else None)
        if isinstance(got, FetchFailure):
            done.errors.append(IngestError(url, f"feed not read: {got.reason}"))
            return []
        if got.status == 304 and kept is not None:
            done.unchanged_feeds += 1
            body, content_type = kept.body, ""
        else:
            body, content_type = got.body, got.content_type
            store.put_feed(url, body, Validators(got.etag, got.last_modified))
    items, problem = feed_items(body, url, content_type)
    if problem:
        done.errors.append(IngestError(url, f"feed not read: {problem}"))
    return items


async def _article(
    wanted: _Wanted, store: ArticleStore, fetcher: Fetcher | None, done: Collected
) -> Article | IngestError:
    stored = store.find(wanted.url, wanted.url)
    if stored is not None:
        done.stored += 1
        return stored
    known = store.failure(wanted.url)
    if known is not None:
        done.known_failures += 1
        return IngestError(wanted.url, known)  # as when it was fetched, so a re-run's briefing is the same
    if fetcher is None:
        return IngestError(wanted.url, OFFLINE_PAGE)
    got = await fetcher.get(wanted.url, "page")
    if isinstance(got, FetchFailure):
        if got.lasting:
            store.put_failure(wanted.url, got.reason)
        return IngestError(wanted.url, got.reason)
    try:
        article = _page_article(got, wanted)
    except (DecodeError, PageError) as exc:
        store.put_failure(wanted.url, str(exc))
        return IngestError(wanted.url, str(exc))
    store.put([wanted.url, got.url], article)
    return article


def _page_article(got: Fetched, wanted: _Wanted) -> Article:
    item = wanted.item
    meta = {"feed": item.feed_title or "", "published": item.published or ""} if item else {}
    article = page_article(decode_page(got.body, got.charset).text, wanted.url, got.url, meta)
    if item is not None and item.title and not article.meta.get("title"):
        article = replace(article, title=item.title)
    return article
