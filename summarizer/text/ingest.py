"""Files and directories in, Articles out; each unreadable file becomes an IngestError, not a crash."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from summarizer.text.sources import Catalogue, folder_catalogue

ARTICLE_SUFFIXES = (".txt", ".md")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


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


@dataclass(frozen=True)
class IngestError:
    """A file that could not be read as an article, and why.

    `article` is False for an input that is no article at all (a folder without articles): it is
    reported, but counted neither as an article nor as a failure.
    """

    path: str
    reason: str
    article: bool = True


def article_id(text: str) -> str:
    """Content hash naming an article: the first 16 hex digits of sha256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_article(raw: str, path: str) -> Article:
    """An Article from a file's decoded text, reading optional `---` front matter."""
    meta: dict[str, str] = {}
    body = raw
    match = _FRONT_MATTER.match(raw)
    if match:
        for line in match.group(1).splitlines():
            kv = _FIELD.match(line)
            if kv:
                meta[kv.group(1).lower()] = kv.group(2).strip("\"'")
        body = raw[match.end() :]
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


def with_catalogue(article: Article, catalogues: list[Catalogue]) -> Article:
    """The article with what the catalogues know of it filling what its front matter leaves open."""
    meta = dict(article.meta)
    for catalogue in catalogues:
        for name, value in catalogue.lookup(article.path, meta.get("url")).items():
            meta.setdefault(name, value)
    if meta == article.meta:
        return article
    return replace(
        article,
        published=article.published or meta.get("published"),
        outlet=article.outlet or meta.get("outlet"),
        meta=meta,
    )


def read_article(
    path: Path, shown: str, encoding: str = "utf-8", catalogue: Catalogue | None = None
) -> Article | IngestError:
    """Read one file; a problem is returned as an IngestError naming the fix.

    Front matter first, then `catalogue` (--sources), then the catalogue in the file's own folder;
    a broken catalogue raises SourcesError.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return IngestError(shown, f"cannot read file: {exc.strerror or exc}")
    if b"\x00" in data[:8192]:
        return IngestError(shown, "binary file, not text (expected a .txt or .md article)")
    try:
        raw = data.decode(encoding)
    except UnicodeDecodeError as exc:
        return IngestError(
            shown,
            f"not valid {encoding} (byte {exc.start}); if it is Windows or Latin-1 text, try --encoding cp1252",
        )
    article = parse_article(raw, shown)
    if not article.text.strip():
        return IngestError(shown, "empty article: the file has no text")
    beside = folder_catalogue(path.parent)
    return with_catalogue(article, [c for c in (catalogue, beside) if c is not None])


def collect_paths(inputs: list[str]) -> tuple[list[tuple[Path, str]], list[IngestError]]:
    """Expand files and directories into (path, path-as-shown) pairs, sorted within each directory."""
    found: list[tuple[Path, str]] = []
    errors: list[IngestError] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                errors.append(
                    IngestError(
                        given, f"no articles ({', '.join(ARTICLE_SUFFIXES)} files) in this directory", article=False
                    )
                )
            found.extend((p, str(Path(given) / p.relative_to(path))) for p in files)
        elif path.is_file():
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                errors.append(IngestError(given, f"unsupported file type {path.suffix!r}; give .txt or .md articles"))
            else:
                found.append((path, given))
        else:
            errors.append(IngestError(given, "no such file or directory"))
    return found, errors


def load_articles(
    inputs: list[str], encoding: str = "utf-8", published: str | None = None, catalogue: Catalogue | None = None
) -> tuple[list[Article], list[IngestError]]:
    """Read every article under `inputs`; duplicates by content are read once.

    `published` is the publication date of articles whose front matter and catalogues give none.
    """
    paths, errors = collect_paths(inputs)
    articles: list[Article] = []
    seen: set[str] = set()
    for path, shown in paths:
        result = read_article(path, shown, encoding, catalogue)
        if isinstance(result, IngestError):
            errors.append(result)
            continue
        if published and not result.published:
            result = replace(result, published=published)
        if result.id not in seen:
            seen.add(result.id)
            articles.append(result)
    return articles, errors
