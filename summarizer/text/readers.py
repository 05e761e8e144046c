"""One reader per kind of article file: text with front matter, a saved web page, an export of
one JSON article a line. Each returns Articles or IngestErrors, never raises for bad content."""

from __future__ import annotations

import json
import logging
from typing import Any

from summarizer.text.article import Article, IngestError, article_id, parse_article
from summarizer.text.decode import DecodeError, decode_text
from summarizer.text.urls import canonical_url
from summarizer.text.webpage import PageError, decode_page, domain, extract_page, looks_like_html

PAGE_SUFFIXES = (".html", ".htm")
EXPORT_SUFFIXES = (".jsonl",)
TEXT_SUFFIXES = (".txt", ".md")
EXPORT_FIELDS = ("title", "text", "html", "url", "published", "outlet")
log = logging.getLogger(__name__)


def _decoded(data: bytes, shown: str, fallback: str | None) -> str:
    """decode_text, saying once per file when its encoding was guessed (raises DecodeError)."""
    decoded = decode_text(data, fallback)
    if decoded.detected:
        log.warning("%s: not UTF-8; read as %s (detected; --encoding NAME chooses another)", shown, decoded.encoding)
    return decoded.text


def page_article(html: str, shown: str, url: str | None = None, meta: dict[str, str] | None = None) -> Article:
    """The article of a web page read from `url` (None for a saved file); raises PageError when
    the page has none. `url:` is where it was read from, else the address the page gives itself;
    `canonical:` the address the page names as its original, where that is another."""
    page = extract_page(html, url)
    address = canonical_url(url) if url else page.url
    fields = {k: v for k, v in (meta or {}).items() if v}
    declared = canonical_url(page.url) if page.url else None
    for name, value in (
        ("url", address),
        ("canonical", declared if declared != address else None),
        ("site_name", page.site_name),
        ("domain", domain(address)),
        ("published", page.published),
        ("title", page.title),
    ):
        if value:
            fields.setdefault(name, value)
    title = fields.get("title") or next((ln.strip() for ln in page.text.splitlines() if ln.strip()), "")
    return Article(
        id=article_id(page.text),
        text=page.text,
        path=shown,
        title=title,
        published=fields.get("published"),
        outlet=fields.get("outlet"),
        meta=fields,
    )


def read_text_file(data: bytes, shown: str, fallback: str | None) -> Article | IngestError:
    """A .txt or .md article (front matter optional); a web page saved under such a name is read as one."""
    try:
        text = _decoded(data, shown, fallback)
    except DecodeError as exc:
        return IngestError(shown, str(exc))
    if looks_like_html(text):
        return _page(text, shown)
    return parse_article(text, shown)


def read_page_file(data: bytes, shown: str, fallback: str | None) -> Article | IngestError:
    """A saved .html or .htm page."""
    try:
        decoded = decode_page(data, fallback=fallback)
    except DecodeError as exc:
        return IngestError(shown, str(exc))
    return _page(decoded.text, shown)


def _page(html: str, shown: str) -> Article | IngestError:
    try:
        return page_article(html, shown)
    except PageError as exc:
        return IngestError(shown, str(exc))


def read_export(data: bytes, shown: str, fallback: str | None) -> list[Article | IngestError]:
    """A .jsonl export: one JSON object a line with `title`, `text` or `html`, `url`, `published`,
    `outlet` (other string fields are kept as they are). Each line is an article of its own,
    shown as FILE:LINE; a bad line is an error of its own and the others are read."""
    try:
        text = _decoded(data, shown, fallback)
    except DecodeError as exc:
        return [IngestError(shown, str(exc))]
    found: list[Article | IngestError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            found.append(_export_line(line, f"{shown}:{number}"))
    if not found:
        found.append(IngestError(shown, "empty export: no JSON lines"))
    return found


def _export_line(line: str, where: str) -> Article | IngestError:
    try:
        item: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestError(where, f"not a JSON object ({exc.msg}, column {exc.colno}); one article a line")
    if not isinstance(item, dict):
        return IngestError(where, "not a JSON object; one article a line with title, text or html, url, published, outlet")
    meta = {str(k): str(v).strip() for k, v in item.items() if isinstance(v, (str, int, float)) and k not in ("text", "html")}
    text, html = item.get("text"), item.get("html")
    if isinstance(text, str) and text.strip():
        return Article(
            id=article_id(text),
            text=text,
            path=where,
            title=meta.get("title") or next((ln.strip() for ln in text.splitlines() if ln.strip()), ""),
            published=meta.get("published"),
            outlet=meta.get("outlet"),
            meta={**meta, **({"domain": d} if (d := domain(meta.get("url"))) else {})},
        )
    if isinstance(html, str) and html.strip():
        try:
            return page_article(html, where, meta.get("url"), meta)
        except PageError as exc:
            return IngestError(where, str(exc))
    return IngestError(where, "no `text` or `html` field with the article")
