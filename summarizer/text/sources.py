"""What is known about each source beyond its text: outlet, country, owner, kind, publication date.

A catalogue (TOML or CSV) maps a file-name or URL pattern to these fields. It is given with
`--sources FILE`, or sits next to the articles as `sources.toml` / `sources.csv` in their folder.
An article's own front matter always wins; nothing is guessed for a source no row matches.

TOML::

    [[source]]
    match = "https://www.euronews.com/*"   # a URL pattern (matched against the article's `url:`)
    outlet = "Euronews"
    country = "France"
    owner = "Alpac Capital"
    kind = "commercial"

    [[source]]
    match = "000_*.txt"                   # a file pattern (matched against the file name and path)
    published = "2025-10-22"

CSV: a header row naming the same fields (`match` first), one row per pattern.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path, PurePosixPath

FIELDS = ("outlet", "country", "owner", "kind", "published", "url")
_ALLOWED = frozenset(("match", *FIELDS, "note"))  # `note`: why a row says what it says (ignored)
FOLDER_FILES = ("sources.toml", "sources.csv")


class SourcesError(ValueError):
    """A catalogue that cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class _Row:
    pattern: str
    fields: dict[str, str]

    def matches(self, path: str, url: str | None) -> bool:
        if "://" in self.pattern:
            return bool(url) and fnmatchcase(url or "", self.pattern)
        posix = path.replace("\\", "/")
        return fnmatchcase(PurePosixPath(posix).name, self.pattern) or fnmatchcase(posix, self.pattern)


@dataclass(frozen=True)
class Catalogue:
    """Rows in file order; for each field the first matching row that gives it wins."""

    origin: str
    rows: tuple[_Row, ...]

    def lookup(self, path: str, url: str | None = None) -> dict[str, str]:
        found: dict[str, str] = {}
        for row in self.rows:
            if row.matches(path, url):
                for name, value in row.fields.items():
                    found.setdefault(name, value)
        return found


def read_catalogue(path: Path) -> Catalogue:
    """Parse a TOML or CSV catalogue; raises SourcesError saying what is wrong and where."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: cannot read the sources file ({exc})") from exc
    if path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            raise SourcesError(f"{path}: not valid TOML ({exc})") from exc
        entries = data.get("source", [])
        if not isinstance(entries, list):
            raise SourcesError(f"{path}: expected [[source]] tables")
    elif path.suffix.lower() == ".csv":
        entries = [
            {k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(raw.splitlines())
        ]
    else:
        raise SourcesError(f"{path}: a sources file must end in .toml or .csv")
    return Catalogue(str(path), tuple(_row(path, i, entry) for i, entry in enumerate(entries, start=1)))


def _row(path: Path, number: int, entry: object) -> _Row:
    where = f"{path}: source {number}"
    if not isinstance(entry, dict):
        raise SourcesError(f"{where}: expected a table of fields")
    unknown = sorted(set(entry) - _ALLOWED)
    if unknown:
        raise SourcesError(f"{where}: unknown field(s) {', '.join(unknown)}; known: match, {', '.join(FIELDS)}, note")
    pattern = str(entry.get("match") or "").strip()
    if not pattern:
        raise SourcesError(f'{where}: `match` (a file name or URL pattern, e.g. "*.euronews.com/*") is missing')
    fields = {k: str(v).strip() for k, v in entry.items() if k in FIELDS and str(v).strip()}
    published = fields.get("published")
    if published:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise SourcesError(f"{where}: published {published!r} is not a date; use YYYY-MM-DD") from None
    return _Row(pattern, fields)


def folder_catalogue(directory: Path) -> Catalogue | None:
    """The `sources.toml` or `sources.csv` describing the articles in `directory`, if there is one."""
    for name in FOLDER_FILES:
        candidate = directory / name
        try:
            stamp = candidate.stat().st_mtime_ns
        except OSError:
            continue
        return _read_cached(candidate, stamp)
    return None


@lru_cache(maxsize=256)
def _read_cached(path: Path, stamp: int) -> Catalogue:
    # Read once per folder and version of the file, not once per article in it.
    return read_catalogue(path)
