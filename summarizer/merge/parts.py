"""One article from the answers to its parts: the extractions merged, the groundings joined.

A long article goes out in parts (llm/chunking.py), each answered and checked on its own; the
merge sees one extraction per article, whose spans were located while checking its parts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from summarizer.contracts.extraction import Actor, Event, Extraction, Position, Quote
from summarizer.merge.build import ArticleResult
from summarizer.text.ground import Groundings, normalise
from summarizer.text.ingest import Article
from summarizer.text.names import name_key

# An answered part: its extraction, the spans its check located (offsets into the part's text),
# and where an offset into the part's text stands in the article's.
Answered = tuple[Extraction, Groundings | None, Callable[[int], int]]


def article_from_parts(article: Article, parts: Sequence[Answered]) -> ArticleResult:
    """The article with its parts' extraction merged and their groundings in the article's
    coordinates, so that the merge locates no span again (a part without groundings, say one
    read from the cache, leaves the merge to locate its spans)."""
    extraction = merge_parts([p[0] for p in parts])
    if len(parts) == 1 and parts[0][1] is not None and parts[0][1].text == article.text:
        return ArticleResult(article, extraction, parts[0][1])  # the part is the article
    whole = Groundings(article.text)
    for _, groundings, in_article in parts:
        if groundings is not None:
            whole.take(groundings, in_article)
    return ArticleResult(article, extraction, whole)


def merge_parts(parts: list[Extraction]) -> Extraction:
    """One article's extraction from its parts: actors by name, items deduplicated (overlaps repeat them)."""
    if len(parts) == 1:
        return parts[0]
    actors: list[Actor] = []
    by_form: dict[str, Actor] = {}
    for part in parts:
        for actor in part.actors:
            forms = {name_key(n) for n in (actor.name, *actor.aliases)}
            known = next((by_form[f] for f in sorted(forms) if f in by_form), None)
            if known is None:
                known = actor.model_copy(deep=True)
                actors.append(known)
            else:
                known.aliases = sorted({*known.aliases, *actor.aliases, actor.name} - {known.name})
                known.role = known.role or actor.role
            for form in forms:
                by_form.setdefault(form, known)
    return Extraction(
        summary=" ".join(p.summary for p in parts if p.summary),
        actors=actors,
        events=_unique([e for p in parts for e in p.events], lambda e: normalise(e.evidence)),
        quotes=_unique([q for p in parts for q in p.quotes], lambda q: normalise(q.text)),
        positions=_unique(
            [x for p in parts for x in p.positions], lambda x: f"{name_key(x.actor)}|{normalise(x.topic)}|{x.stance}"
        ),
    )


T = TypeVar("T", Event, Quote, Position)


def _unique(items: list[T], key: Callable[[T], str]) -> list[T]:
    seen: set[str] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out
