"""A saved or fetched web page → its article: the main text by trafilatura (navigation, cookie
banners, ads, scripts, related-article boxes left behind), with the title, site name, canonical
URL and date of its metadata; htmldate where trafilatura's metadata has no date.

Dates come only from the page's metadata and markup, never from a search of its text, which
finds the dates an article mentions rather than the one it was published on.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from summarizer.text.decode import Decoded, DecodeError, decode_text

_DATE_SEARCH: dict[str, object] = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LOOKS_HTML = re.compile(r"\A\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>])", re.IGNORECASE | re.DOTALL)
MIN_TEXT_CHARS = 200  # less than a short news item: a cookie wall, a login page, an index page


class PageError(ValueError):
    """A page with no article to read; the message says what was found instead."""


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    site_name: str | None
    url: str | None  # canonical URL of the page's metadata, else the one it was read from
    published: str | None  # YYYY-MM-DD from the page's metadata


def looks_like_html(text: str) -> bool:
    """Whether a text file is really a saved web page (a doctype, <html> or <head> first)."""
    return bool(_LOOKS_HTML.match(text[:4096]))


def decode_page(data: bytes, declared: str | None = None, fallback: str | None = None) -> Decoded:
    """The page's text: a byte order mark, else the charset the server or the page declares, else
    the file rules of text.decode (UTF-8, the fallback, detection)."""
    match = _DECLARED.search(data[:4096])
    for charset in (declared, match.group(1).decode("ascii") if match else None):
        if charset and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            try:
                return Decoded(data.decode(charset), charset.lower())
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_text(data, fallback)


def extract_page(html: str, url: str | None = None) -> Page:
    """The article in `html`; PageError when it has no main text."""
    import trafilatura
    from trafilatura.settings import Document

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=dict(_DATE_SEARCH),
    )
    text = (document.text or "").strip() if isinstance(document, Document) else ""
    if not isinstance(document, Document) or len(text) < MIN_TEXT_CHARS:
        raise PageError("no main text: the page holds no article (navigation, a cookie wall or a teaser only)")
    return Page(
        text=text,
        title=_clean(document.title),
        site_name=_clean(document.sitename),
        url=document.url or url,
        published=document.date or _htmldate(html),
    )


def _htmldate(html: str) -> str | None:
    from htmldate import find_date

    try:
        found = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError) as exc:  # a page htmldate cannot parse has no date to offer
        logging.getLogger(__name__).debug("htmldate: %s", exc)
        return None
    return str(found) if found else None


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def domain(url: str | None) -> str | None:
    """The host a page came from, without `www.`: where an outlet names itself nowhere else."""
    host = (urlsplit(url or "").hostname or "").lower()
    return host.removeprefix("www.") or None


__all__ = ["DecodeError", "Page", "PageError", "decode_page", "domain", "extract_page", "looks_like_html"]
