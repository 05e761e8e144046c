"""Feed lists (OPML, or one feed URL a line) and feeds (RSS, Atom by feedparser; JSON Feed read
here, which feedparser does not read) → the items to fetch: link, title, date, the feed's name."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.text.published import DateError, iso_published
from summarizer.text.urls import is_url

log = logging.getLogger(__name__)


class FeedListError(ValueError):
    """A feed list that cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class FeedItem:
    link: str
    title: str | None
    published: str | None  # YYYY-MM-DD as the feed dates it, None where it does not (or not readably)
    feed: str  # the feed's URL
    feed_title: str | None


def read_feed_list(path: Path) -> list[str]:
    """The feed URLs of an OPML file (every outline's xmlUrl) or of a text file (one URL a line,
    `#` comments); FeedListError when it names none or cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FeedListError(f"{path}: cannot read the feed list ({exc.strerror or exc})") from exc
    if raw.lstrip().startswith(b"<"):
        try:
            root = ET.fromstring(raw)
        except ET.ParseError as exc:
            raise FeedListError(f"{path}: not valid OPML ({exc})") from exc
        urls = [o.get("xmlUrl") or o.get("xmlurl") or "" for o in root.iter("outline")]
        urls = [u.strip() for u in urls if u.strip()]
    else:
        lines = raw.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
        urls = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    bad = [u for u in urls if not is_url(u)]
    if bad:
        raise FeedListError(f"{path}: not a feed URL: {bad[0]!r}; give http(s) URLs, one a line, or an OPML file")
    if not urls:
        raise FeedListError(f"{path}: no feeds in it; give OPML outlines with xmlUrl, or one feed URL a line")
    return list(dict.fromkeys(urls))


def feed_items(body: bytes, feed: str, content_type: str = "") -> tuple[list[FeedItem], str | None]:
    """The items of a feed document and its title; ([], reason) for a document that is no feed."""
    if "json" in content_type or body.lstrip().startswith(b"{"):
        return _json_feed(body, feed)
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        return [], f"not an RSS, Atom or JSON feed{f' ({problem})' if problem else ''}"
    title = parsed.feed.get("title")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if is_url(link):
            raw = entry.get("published") or entry.get("updated")
            items.append(FeedItem(link, entry.get("title"), _day(raw, feed), feed, title))
    return items, None if items or parsed.entries == [] else "its items have no links"


def _json_feed(body: bytes, feed: str) -> tuple[list[FeedItem], str | None]:
    try:
        data: Any = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [], f"not a JSON feed ({exc})"
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        return [], "not a JSON feed (no jsonfeed.org version)"
    title = data.get("title") if isinstance(data.get("title"), str) else None
    items = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url") or ""
        if isinstance(link, str) and is_url(link):
            raw = item.get("date_published") or item.get("date_modified")
            items.append(FeedItem(link, item.get("title"), _day(raw, feed), feed, title))
    return items, None


def _day(raw: object, feed: str) -> str | None:
    """The item's day; a date the feed writes unreadably is left to the page's own metadata."""
    if not isinstance(raw, str):
        return None
    try:
        return iso_published(raw)
    except DateError as exc:
        log.info("%s: %s; the page's own date is used", feed, exc)
        return None
