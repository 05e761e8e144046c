"""Who reports a story or a fact, said no stronger than it is known.

Outlets count as independent only when they are known by name (front matter or --sources) and
distinct: two articles nobody names an outlet for may come from one newsroom, so they are counted
as articles of unknown outlet, never as outlets ("3 articles, outlets unknown"). What the sources
agree on needs AGREEING_OUTLETS independent outlets; fewer is what they report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from summarizer.contracts.briefing import Source
from summarizer.stories.phrases import phrase
from summarizer.text.wording import count

AGREEING_OUTLETS = 2


def outlet_counts(source_ids: Iterable[str], by_id: Mapping[str, Source]) -> tuple[int, int]:
    """(distinct named outlets, articles whose outlet nobody names) among these sources."""
    named: set[str] = set()
    unknown = 0
    for sid in set(source_ids):
        source = by_id.get(sid)
        if source is not None and source.outlet:
            named.add(source.outlet.casefold())
        else:
            unknown += 1
    return len(named), unknown


def coverage_label(outlets: int, unknown: int, articles: int, lang: str) -> str:
    """'3 outlets', '2 outlets, 5 articles', '3 articles, outlets unknown', '5 articles: 2 outlets, 1 of unknown outlet'."""
    if not unknown:
        shown = count(outlets, "outlet", lang)
        return shown if articles == outlets else f"{shown}, {count(articles, 'article', lang)}"
    if not outlets:
        return phrase(
            lang, "unknown_outlets" if articles > 1 else "unknown_outlet", articles=count(articles, "article", lang)
        )
    return phrase(
        lang,
        "mixed_outlets",
        articles=count(articles, "article", lang),
        outlets=count(outlets, "outlet", lang),
        unknown=unknown,
    )


def agreed(outlets: int) -> bool:
    """Whether a fact this many independent outlets report is one the sources agree on."""
    return outlets >= AGREEING_OUTLETS
