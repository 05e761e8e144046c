"""Everything a run briefs, whatever it came as: files and folders (text.ingest), URLs and feeds
(summarizer.sources, through the article store beside the response cache). Each article is
checked (decoding, dates) before any model call; a syndicated story is briefed once."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from summarizer.sources.collect import Collected, collect
from summarizer.sources.feeds import FeedListError, read_feed_list
from summarizer.sources.http import FetchPolicy
from summarizer.sources.store import STORE_FILE, ArticleStore
from summarizer.text.article import Article, IngestError, checked, with_catalogue
from summarizer.text.ingest import SUFFIXES_SHOWN, load_articles
from summarizer.text.sources import Catalogue
from summarizer.text.syndication import fold_syndicated
from summarizer.text.urls import is_url

log = logging.getLogger(__name__)


class InputError(ValueError):
    """Inputs that cannot be briefed at all (a missing path, an unreadable feed list); the message says why."""


@dataclass(frozen=True)
class Web:
    """Where fetched articles are kept and how pages are fetched."""

    store_dir: Path | None = None  # None: no article store (--no-cache), every page fetched
    offline: bool = False
    policy: FetchPolicy = field(default_factory=FetchPolicy)


@dataclass
class Gathered:
    articles: list[Article]
    errors: list[IngestError]  # problems of single inputs; those with article=False are notes only
    fetched: Collected | None = None


def gather(
    inputs: list[str],
    feeds: str | None = None,
    encoding: str | None = None,
    published: str | None = None,
    catalogue: Catalogue | None = None,
    web: Web | None = None,
    allow_empty: bool = False,
    day: date | None = None,
) -> Gathered:
    """The articles of `inputs` (paths and URLs) and of the feeds listed in `feeds`.

    Raises InputError before anything is read or fetched when a path does not exist, the feed
    list cannot be read, or nothing was given at all (unless `allow_empty`: other inputs failed).
    """
    urls = [i for i in inputs if is_url(i)]
    paths = [i for i in inputs if not is_url(i)]
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(f"no such file or directory: {', '.join(missing)} (nothing was briefed or written)")
    try:
        feed_urls = read_feed_list(Path(feeds)) if feeds else []
    except FeedListError as exc:
        raise InputError(str(exc)) from exc
    articles, errors = load_articles(paths, encoding, published, catalogue) if paths else ([], [])
    fetched = None
    if urls or feed_urls:
        fetched = fetch(urls, feed_urls, web or Web(), day)
        for article in fetched.articles:
            result = checked(with_catalogue(article, [catalogue] if catalogue else []), published)
            (errors if isinstance(result, IngestError) else articles).append(result)  # type: ignore[arg-type]
        errors += fetched.errors
    if not articles and not any(e.article for e in errors) and not fetched and not allow_empty:
        raise InputError(f"no articles ({SUFFIXES_SHOWN} files) in {', '.join(inputs)} (nothing was briefed or written)")
    return Gathered(fold_syndicated(articles), errors, fetched)


def fetch(urls: list[str], feeds: list[str], web: Web, day: date | None = None) -> Collected:
    """Articles of `urls` and `feeds` through the article store; says on stderr what it took."""
    store = ArticleStore(web.store_dir / STORE_FILE if web.store_dir else None)
    try:
        done = asyncio.run(collect(urls, feeds, store, web.policy, web.offline, day))
    finally:
        store.close()
    log.warning("%s", done.summary())
    return done
