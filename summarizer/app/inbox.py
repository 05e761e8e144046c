"""The daily inbox: which files are a day's articles, and a day's feed items filed into it.

`daily --feeds` writes each item of the day as a text file with front matter into
inbox/YYYY-MM-DD/, named by outlet and URL: the day is then briefed from those files, so a
re-run, and `--offline` later, reads the same articles and finds their answers in the cache.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from summarizer.app.inputs import Web, fetch
from summarizer.app.output import write_atomically
from summarizer.sources.feeds import read_feed_list
from summarizer.text.article import Article, IngestError, checked
from summarizer.text.ingest import ARTICLE_SUFFIXES, read_file
from summarizer.text.published import iso_published

FRONT_MATTER_FIELDS = ("title", "outlet", "url", "canonical", "published", "feed")
# The day's feed items that could not be fetched or read, one `URL<TAB>reason` a line: listed again
# whenever the day is briefed, so a replay (--offline) names the same failures as the day's run.
UNFETCHED = "unfetched.tsv"
_SLUG = re.compile(r"[^a-z0-9]+")


def articles_for_day(inbox: Path, day: date) -> tuple[list[str], list[IngestError]]:
    """The inbox's sub-folder named for the day, and article files elsewhere whose `published:` is
    that day; a file elsewhere that cannot be read or dated is an error of the day, never skipped."""
    found: list[str] = []
    errors: list[IngestError] = []
    dated = inbox / day.isoformat()
    if dated.is_dir():
        found += sorted(str(p) for p in dated.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        errors += read_unfetched(dated / UNFETCHED)
    for path in sorted(inbox.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in ARTICLE_SUFFIXES or dated in path.parents:
            continue
        results = read_file(path, str(path))
        if not _day_folder(path.relative_to(inbox)):  # another day's folder has its own run to report it
            errors += [r for r in results if isinstance(r, IngestError) and r.article]
        if any(isinstance(r, Article) and r.published == day.isoformat() for r in results):
            found.append(str(path))
    return found, errors


def _day_folder(relative: Path) -> bool:
    try:
        return len(relative.parts) > 1 and iso_published(relative.parts[0]) == relative.parts[0]
    except ValueError:
        return False


def file_feed_items(day: date, inbox: Path, feeds: str, web: Web) -> None:
    """Fetch the items of the day from the feeds in `feeds` into inbox/DAY/ (see the module
    docstring); the items that could not be fetched or read are listed in its UNFETCHED file."""
    done = fetch([], read_feed_list(Path(feeds)), web, day)
    folder = inbox / day.isoformat()
    errors = list(done.errors)
    for fetched in done.articles:
        article = checked(fetched, day.isoformat())
        if isinstance(article, IngestError):
            errors.append(article)
            continue
        _keep(folder / item_file_name(article), item_file(article))
    listed = folder / UNFETCHED
    if errors:
        _keep(listed, "".join(f"{e.path}\t{' '.join(e.reason.split())}\n" for e in errors))
    else:
        listed.unlink(missing_ok=True)


def _keep(target: Path, text: str) -> None:
    """Write `text` to `target` unless it holds it already (a re-run leaves the files as they were)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        write_atomically(target, text)


def read_unfetched(path: Path) -> list[IngestError]:
    """The failures a day's feed run listed (see UNFETCHED)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    rows = [line.split("\t", 1) for line in lines if "\t" in line]
    return [IngestError(url, reason) for url, reason in rows]


def item_file_name(article: Article) -> str:
    """outlet-hash.md: the same item always gets the same name, two items never one."""
    outlet = _SLUG.sub("-", (article.outlet or "web").lower()).strip("-")[:40] or "web"
    digest = hashlib.sha256((article.url or article.path).encode("utf-8")).hexdigest()[:12]
    return f"{outlet}-{digest}.md"


def item_file(article: Article) -> str:
    """The article as a text file whose front matter and body read back as the same article."""
    values = {
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "canonical": article.meta.get("canonical"),
        "published": article.published,
        "feed": article.meta.get("feed"),
    }
    lines = [f"{name}: {' '.join(str(value).split())}" for name, value in values.items() if value]
    return "---\n" + "\n".join(lines) + "\n---\n" + article.text
