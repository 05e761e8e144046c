"""One article as the pipeline sees it, however it arrived (a text file, a web page, an export
line, a feed item), and the checks every article passes before any model sees it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from summarizer.text.published import DateError, iso_published
from summarizer.text.sources import Catalogue

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
# Every file the tool writes carries one of these in its first lines, so it is never read back
# as an article (a briefing saved inside the articles' folder would otherwise cite itself).
MARKDOWN_MARK = "<!-- generator: summarizer -->"
HTML_MARK = '<meta name="generator" content="summarizer">'
_MARKED = re.compile(r"<!--\s*generator:\s*summarizer\s*-->|<meta name=\"generator\" content=\"summarizer\"")
MARK_BYTES = 2048


@dataclass(frozen=True)
class Copy:
    """Where else an article was published word for word (a syndicated copy), for its citation."""

    path: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Article:
    """One news article; `id` is a hash of its text, so renaming a file changes nothing."""

    id: str
    text: str
    path: str
    title: str
    published: str | None = None
    outlet: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    copies: tuple[Copy, ...] = ()  # the same story from other outlets, briefed once with this one

    @property
    def url(self) -> str | None:
        return self.meta.get("url") or None


@dataclass(frozen=True)
class IngestError:
    """A file that could not be read as an article, and why.

    `article` is False for an input that is no article at all (a folder without articles, a
    briefing the tool wrote): it is reported, but counted neither as an article nor as a failure.
    """

    path: str
    reason: str
    article: bool = True


def article_id(text: str) -> str:
    """Content hash naming an article: the first 16 hex digits of sha256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def written_by_us(head: str) -> bool:
    """Whether a file's first characters carry the mark of a briefing this tool wrote."""
    return bool(_MARKED.search(head[:MARK_BYTES]))


def parse_article(raw: str, path: str) -> Article:
    """An Article from a file's decoded text, reading optional `---` front matter."""
    meta: dict[str, str] = {}
    body = raw.lstrip("\ufeff")
    match = _FRONT_MATTER.match(body)
    if match:
        for line in match.group(1).splitlines():
            kv = _FIELD.match(line)
            if kv:
                meta[kv.group(1).lower()] = kv.group(2).strip("\"'")
        body = body[match.end() :]
    body = body.strip("\ufeff")
    title = meta.get("title") or next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    return Article(
        id=article_id(body),
        text=body,
        path=path,
        title=title.lstrip("# ").strip(),
        published=meta.get("published") or meta.get("date"),
        outlet=meta.get("outlet") or meta.get("source"),
        meta=meta,
    )


def with_catalogue(article: Article, catalogues: list[Catalogue], match_path: str | None = None) -> Article:
    """The article with what the catalogues know of it filling what its front matter leaves open
    (`match_path`: the file to match file patterns against, where the article is one of many)."""
    meta = dict(article.meta)
    for catalogue in catalogues:
        for name, value in catalogue.lookup(match_path or article.path, meta.get("url")).items():
            meta.setdefault(name, value)
    if meta == article.meta:
        return article
    return replace(
        article,
        published=article.published or meta.get("published"),
        outlet=article.outlet or meta.get("outlet"),
        meta=meta,
    )


def checked(article: Article, published: str | None = None) -> Article | IngestError:
    """The article with its publication date as YYYY-MM-DD (`published` where it names none) and
    an outlet where the page or feed names one; an IngestError for an empty text or a date that
    is not a date, so nothing unreadable reaches a model or a renderer."""
    if not article.text.strip():
        return IngestError(article.path, "empty article: the file has no text")
    try:
        day = iso_published(article.published) or iso_published(published)
    except DateError as exc:
        return IngestError(article.path, str(exc))
    meta = article.meta
    outlet = article.outlet or meta.get("site_name") or meta.get("feed") or meta.get("domain")
    if (day, outlet) == (article.published, article.outlet):
        return article
    return replace(article, published=day, outlet=outlet)
