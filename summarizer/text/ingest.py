"""Files and directories in, Articles out; each unreadable file becomes an IngestError, not a crash.

Every article is checked here, before any model call: its text decoded by the rules of
text.decode, its publication date read by those of text.published. Briefings the tool wrote
(text.article's marks) are never read as articles.
"""

from __future__ import annotations

from pathlib import Path

from summarizer.text.article import (
    MARK_BYTES,
    Article,
    Copy,
    IngestError,
    article_id,
    checked,
    parse_article,
    with_catalogue,
    written_by_us,
)
from summarizer.text.readers import (
    EXPORT_SUFFIXES,
    PAGE_SUFFIXES,
    TEXT_SUFFIXES,
    read_export,
    read_page_file,
    read_text_file,
)
from summarizer.text.sources import Catalogue, folder_catalogue
from summarizer.text.syndication import fold_syndicated

ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, *PAGE_SUFFIXES, *EXPORT_SUFFIXES)
SUFFIXES_SHOWN = ", ".join(ARTICLE_SUFFIXES)
WRITTEN_BY_US = "a briefing written by summarizer, not an article: skipped"

__all__ = [
    "ARTICLE_SUFFIXES",
    "Article",
    "Copy",
    "IngestError",
    "article_id",
    "collect_paths",
    "load_articles",
    "parse_article",
    "read_article",
    "read_file",
    "with_catalogue",
]


def read_file(
    path: Path, shown: str, encoding: str | None = None, catalogue: Catalogue | None = None, published: str | None = None
) -> list[Article | IngestError]:
    """Every article in one file (an export holds many), each checked; problems as IngestErrors.

    Front matter first, then `catalogue` (--sources), then the catalogue in the file's own folder;
    `published` for articles that name no date. A broken catalogue raises SourcesError.
    `encoding` is the fallback for a file that is not valid UTF-8 (text.decode).
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [IngestError(shown, f"cannot read file: {exc.strerror or exc}")]
    if written_by_us(data[:MARK_BYTES].decode("utf-8", errors="replace")):
        return [IngestError(shown, WRITTEN_BY_US, article=False)]
    suffix = path.suffix.lower()
    found: list[Article | IngestError]
    if suffix in EXPORT_SUFFIXES:
        found = read_export(data, shown, encoding)
    elif suffix in PAGE_SUFFIXES:
        found = [read_page_file(data, shown, encoding)]
    else:
        found = [read_text_file(data, shown, encoding)]
    catalogues = [c for c in (catalogue, folder_catalogue(path.parent)) if c is not None]
    return [
        item if isinstance(item, IngestError) else checked(with_catalogue(item, catalogues, shown), published)
        for item in found
    ]


def read_article(
    path: Path, shown: str, encoding: str | None = None, catalogue: Catalogue | None = None
) -> Article | IngestError:
    """Read one single-article file (see read_file)."""
    return read_file(path, shown, encoding, catalogue)[0]


def collect_paths(inputs: list[str]) -> tuple[list[tuple[Path, str]], list[IngestError]]:
    """Expand files and directories into (path, path-as-shown) pairs, sorted within each directory."""
    found: list[tuple[Path, str]] = []
    errors: list[IngestError] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                errors.append(IngestError(given, f"no articles ({SUFFIXES_SHOWN} files) in this directory", article=False))
            found.extend((p, str(Path(given) / p.relative_to(path))) for p in files)
        elif path.is_file():
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                errors.append(
                    IngestError(given, f"unsupported file type {path.suffix!r}; give {SUFFIXES_SHOWN} articles")
                )
            else:
                found.append((path, given))
        else:
            errors.append(IngestError(given, "no such file or directory"))
    return found, errors


def load_articles(
    inputs: list[str], encoding: str | None = None, published: str | None = None, catalogue: Catalogue | None = None
) -> tuple[list[Article], list[IngestError]]:
    """Read every article under `inputs`; a story published more than once (the same text, or a
    syndicated copy of it) is one article that names every copy.

    `published` is the publication date of articles whose front matter and catalogues give none.
    """
    paths, errors = collect_paths(inputs)
    articles: list[Article] = []
    for path, shown in paths:
        for result in read_file(path, shown, encoding, catalogue, published):
            if isinstance(result, IngestError):
                errors.append(result)
            else:
                articles.append(result)
    return fold_syndicated(articles), errors
