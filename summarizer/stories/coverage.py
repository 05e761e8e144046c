"""Who reports a story or a fact, said no stronger than it is known.

Outlets count as independent only when they are known by name (front matter or --sources) and
distinct: two articles nobody names an outlet for may come from one newsroom, so they are counted
as articles of unknown outlet, never as outlets ("3 articles, outlets unknown"). What the sources
agree on needs AGREEING_OUTLETS independent outlets; fewer is what they report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from summarizer.contracts.briefing import Briefing, EventEntry, Source, source_label
from summarizer.contracts.checks import SentenceCheck
from summarizer.contracts.story import Coverage, StoryFact
from summarizer.stories.assign import Members
from summarizer.stories.phrases import phrase, sentence
from summarizer.text.display import natural_key
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


def coverage(m: Members, b: Briefing) -> Coverage:
    """Outlets and articles: an outlet counts only where it is named; the rest are articles of unknown outlet."""
    by_id = {s.id: s for s in b.sources}
    outlets: dict[str, tuple[str, dict[str, None]]] = {}  # outlet → its name, and who else ran its articles
    unknown: list[str] = []
    for sid in sorted(m.sources, key=lambda sid: natural_key(source_label(by_id[sid]))):
        s = by_id[sid]
        if not s.outlet:
            unknown.append(source_label(s))
            continue
        # What --sources says of an outlet (country, owner, kind) shows with it.
        known = ", ".join(v for v in (s.country, s.owner, s.kind) if v)
        _, also = outlets.setdefault(s.outlet.casefold(), (f"{s.outlet} ({known})" if known else s.outlet, {}))
        # A syndicated story is one independent report, named with every outlet that ran it.
        also.update(dict.fromkeys(c.outlet for c in s.copies if c.outlet and c.outlet != s.outlet))
    named, unnamed = outlet_counts(m.sources, by_id)
    articles = len(m.sources)
    # The articles nobody names an outlet for, said once: "000, 001, 003: outlets unknown".
    shown = [
        name + (f" ({phrase(b.language, 'also_run_by', outlets=', '.join(also))})" if also else "")
        for name, also in outlets.values()
    ] + (
        [f"{', '.join(unknown)}: {phrase(b.language, 'outlets_unknown' if len(unknown) > 1 else 'outlet_unknown')}"]
        if unknown
        else []
    )
    return Coverage(
        outlets=shown,
        independent_outlets=named,
        unknown_outlets=unnamed,
        articles=articles,
        single_source=articles == 1 or (named == 1 and not unnamed),
        label=coverage_label(named, unnamed, articles, b.language),
    )


def fact_of(e: EventEntry, by_id: Mapping[str, Source], check: SentenceCheck | None = None) -> StoryFact:
    """An event as a card states it, with the named outlets and unnamed articles behind it and the
    support check of its sentence."""
    named, unnamed = outlet_counts(e.sources, by_id)
    return StoryFact(
        text=sentence(e.description),
        event=e.id,
        sources=e.sources,
        outlets=named,
        unknown_outlets=unnamed,
        check=check,
    )
