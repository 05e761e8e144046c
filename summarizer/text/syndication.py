"""One story published more than once: the same text in two files, the same page met through two
feeds (one canonical URL), or an agency story run by several outlets with a changed line. Each is
briefed once, as its first article, naming every copy with its outlet and URL.

Near-identical (for articles of two named, different outlets) is a Jaccard similarity of at least NEAR_IDENTICAL over the texts' word 5-grams:
two outlets' own reports of one event share a few phrases and quotes (well under 0.3), a
syndicated copy with a line added or cut shares nearly all of them. Candidates are found by a
bottom-k sketch of stable hashes, so a day of thousands of articles is not compared pair by pair.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import replace

from summarizer.text.article import Article, Copy
from summarizer.text.urls import canonical_url

NEAR_IDENTICAL = 0.8
SHINGLE_WORDS = 5
SKETCH = 8  # the smallest shingle hashes of a text; near-identical texts share some of them
BUCKET = 64
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> frozenset[int]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return frozenset({zlib.crc32(" ".join(words).encode("utf-8"))})
    return frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")) for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _copy_of(article: Article) -> Copy:
    return Copy(path=article.path, outlet=article.outlet, url=article.url, title=article.title or None)


def _other_outlet(a: Article, b: Article) -> bool:
    """Syndication is one story run by another outlet: near-identical texts of one outlet (an update,
    a correction) or of unknown outlets stay apart; only identical texts and URLs fold regardless."""
    return bool(a.outlet and b.outlet and a.outlet.casefold() != b.outlet.casefold())


def _same_place(a: Copy, b: Copy) -> bool:
    """Whether two copies are one outlet's (or one file's): the same page met twice, not syndication."""
    if a.outlet or b.outlet:
        return (a.outlet or "").casefold() == (b.outlet or "").casefold()
    if a.url or b.url:
        return bool(a.url and b.url) and canonical_url(a.url or "") == canonical_url(b.url or "")
    return a.path == b.path


def fold_syndicated(articles: list[Article]) -> list[Article]:
    """The articles with every later copy of a story folded into its first (see the module docstring)."""
    first_of: list[int] = list(range(len(articles)))
    by_key: dict[str, int] = {}
    near = _NearIdentical()
    for index, article in enumerate(articles):
        addresses = [a for a in (article.url, article.meta.get("canonical")) if a]
        keys = [f"id:{article.id}", *(f"url:{canonical_url(a)}" for a in addresses)]
        match = next((by_key[k] for k in keys if k in by_key), None)
        if match is None and article.outlet:  # near-identical texts fold only across named outlets
            match = near.find(index, articles)
        for key in keys:
            by_key.setdefault(key, index if match is None else match)
        if match is not None:
            first_of[index] = match
    return _with_copies(articles, first_of)


class _NearIdentical:
    """Earlier articles by the smallest hashes of their shingles (a bottom-k sketch)."""

    def __init__(self) -> None:
        self.shingles: dict[int, frozenset[int]] = {}
        self.sketches: dict[int, list[int]] = {}

    def find(self, index: int, articles: list[Article]) -> int | None:
        """An earlier article of another outlet with a near-identical text; else remember this one."""
        mine = self.shingles[index] = _shingles(articles[index].text)
        sketch = sorted(mine)[:SKETCH]
        # A bucket holds at most BUCKET articles: a hundred near-copies need not be compared a hundred times.
        candidates = sorted({j for h in sketch for j in self.sketches.get(h, [])[:BUCKET]})
        for j in candidates:
            if _other_outlet(articles[index], articles[j]) and _jaccard(mine, self.shingles[j]) >= NEAR_IDENTICAL:
                return j
        for h in sketch:
            self.sketches.setdefault(h, []).append(index)
        return None


def _with_copies(articles: list[Article], first_of: list[int]) -> list[Article]:
    copies: dict[int, list[Copy]] = {}
    for index, head in enumerate(first_of):
        copy = _copy_of(articles[index])
        # The same outlet's page met twice (a redirect, a tracking link, a file given twice) is no copy.
        seen = [_copy_of(articles[head]), *copies.get(head, [])]
        if head != index and not any(_same_place(copy, other) for other in seen):
            copies.setdefault(head, []).append(copy)
    return [
        replace(article, copies=(*article.copies, *copies[i])) if i in copies else article
        for i, article in enumerate(articles)
        if first_of[i] == i
    ]
