"""One story card from its articles: what they agree on, what they dispute, who said what, when.

Every sentence the card shows is checked against its evidence (stories.verify): one that fails is
not shown, gives way to the next candidate where there is one, and is listed under not_verified.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from summarizer.contracts.briefing import Briefing, EventEntry, Source
from summarizer.contracts.checks import CheckedSentence, SentenceCheck
from summarizer.contracts.story import (
    ContestedPoint,
    Coverage,
    GroupingReason,
    Precision,
    Significance,
    Story,
    StoryFact,
    StoryMoment,
)
from summarizer.stories.assign import Members
from summarizer.stories.coverage import coverage, fact_of
from summarizer.stories.disputes import contested, side_labels, sides
from summarizer.stories.group import Group
from summarizer.stories.headline import disputed_headline, event_headline, event_subject, text_headline
from summarizer.stories.keyquotes import key_quotes
from summarizer.stories.phrases import phrase, sentence
from summarizer.stories.verify import COMPOSED, Verifier
from summarizer.text.display import natural_key

KEY_FACTS = 4
_CHANGE = {"disputed": 3, "cancelled": 2, "postponed": 2, "rejected": 2, "planned": 1, "proposed": 1}


def lead_event(m: Members) -> EventEntry | None:
    """The most reported event, a changed or disputed one first among equals."""
    where = m.order_in_articles()
    return min(
        m.events or m.background,
        # Among events several sources share, a changed or disputed one leads; one source's events keep its order.
        key=lambda e: (-len(e.sources), -_CHANGE.get(str(e.status), 0) if len(e.sources) > 1 else 0, where[e.id]),
        default=None,
    )


def headline(m: Members, b: Briefing, lang: str, verify: Verifier) -> tuple[str, SentenceCheck]:
    """Who did what, where, from the lead event; a disputed one names each side rather than taking one.
    One its evidence does not support gives way to the next event, then to a source's summary, then
    to the article's own title."""
    lead = lead_event(m)
    where = m.order_in_articles()
    others = sorted((e for e in m.events + m.background if e is not lead), key=lambda e: (-len(e.sources), where[e.id]))
    for e in [lead, *others] if lead is not None else []:
        if e.status == "disputed":
            text = disputed_headline(e, b, lang, side_labels(e, b, lang), side_labels(e, b, lang, who=False))
        else:
            text = event_headline(e, b, lang)
        check = verify.event(e.id, text)
        if verify.shown(text, check, "headline"):
            return text, check
    for source in (s for s in b.sources if s.id in m.sources):
        full = (source.summary or "").split(". ")[0]
        if full:
            text = text_headline(full)
            check = verify.source(source.id, text)
            if verify.shown(text, check, "headline"):
                return text, check
    first = next(s for s in b.sources if s.id in m.sources) if m.sources else None
    return (text_headline(first.title), COMPOSED) if first and first.title else ("—", COMPOSED)  # the outlet's own words


def key_facts(m: Members, by_id: dict[str, Source], verify: Verifier) -> list[StoryFact]:
    """Events the sources agree on (several sources, one status); a single-source story's first events;
    only those their evidence supports.

    An event most of whose sources tell other stories (a side remark, or one merged too widely) is no key fact here.
    """
    mine = set(m.sources)
    agreed = [
        e
        for e in m.events
        if len(e.sources) > 1 and e.status != "disputed" and 2 * sum(s in mine for s in e.sources) >= len(e.sources)
    ]
    where = m.order_in_articles()
    ranked = sorted(agreed or m.events, key=lambda e: (-len(e.sources), where[e.id]))
    return _supported(ranked, by_id, verify, "fact", KEY_FACTS)


def _supported(
    events: list[EventEntry], by_id: dict[str, Source], verify: Verifier, where: str, limit: int | None = None
) -> list[StoryFact]:
    """The first `limit` of the events as facts, of those their evidence supports."""
    facts: list[StoryFact] = []
    for e in events:
        if limit is not None and len(facts) >= limit:
            break
        fact = fact_of(e, by_id, verify.event(e.id, sentence(e.description)))
        if fact.check is not None and verify.shown(fact.text, fact.check, where):
            facts.append(fact)
    return facts


def timeline(m: Members, precision: dict[str, Precision], verify: Verifier) -> list[StoryMoment]:
    """Dated items in date order, then undated ones in the order the story's articles tell them;
    only those their evidence supports."""
    where = m.order_in_articles()
    background = {e.id for e in m.background}
    items = m.events + m.background
    dated = sorted((e for e in items if e.date), key=lambda e: (e.date or "", where[e.id]))
    undated = sorted((e for e in items if not e.date), key=lambda e: where[e.id])
    moments = []
    for e in dated + undated:
        check = verify.event(e.id, e.description)
        if verify.shown(e.description, check, "timeline"):
            moments.append(
                StoryMoment(
                    event=e.id,
                    description=e.description,
                    date=e.date,
                    precision=precision.get(e.id, "unknown") if e.date else "unknown",
                    background=e.id in background,
                    sources=e.sources,
                    check=check,
                )
            )
    return moments


def lede(
    m: Members, b: Briefing, facts: list[StoryFact], cover: Coverage, lang: str, verify: Verifier
) -> list[CheckedSentence]:
    """Two or three sentences: the lead, a second fact or the dispute, and who reports it; a sentence
    its evidence does not support is left out."""
    lead = lead_event(m)
    sentences: list[CheckedSentence] = []
    if lead is not None:
        if lead.status == "disputed":
            what, about = sides(lead, b, lang), event_subject(lead, b, lang)
            text = phrase(lang, "differ_on", subject=about, what=what) if about else phrase(lang, "differ", what=what)
        else:
            text = sentence(lead.description)
        check = verify.event(lead.id, text)
        if verify.shown(text, check, "lede"):
            sentences.append(CheckedSentence(text=text, check=check))
    second = next((f for f in facts if f.check and (lead is None or f.event != lead.id)), None)
    if second and second.check:
        sentences.append(CheckedSentence(text=second.text, check=second.check))
    if cover.articles == 1:
        counted = phrase(lang, "outlets_one")
    elif cover.unknown_outlets:
        counted = phrase(lang, "coverage", label=cover.label)
    elif cover.single_source:
        counted = phrase(lang, "outlets_one_many", articles=cover.articles)
    else:
        counted = phrase(lang, "outlets", outlets=cover.independent_outlets, articles=cover.articles)
    sentences.append(CheckedSentence(text=counted, check=COMPOSED))
    return sentences


def story_key(sources: list[str]) -> str:
    """A story's identity on the day it first appears (later days carry it over)."""
    return "st-" + hashlib.sha256(" ".join(sorted(sources)).encode()).hexdigest()[:12]


_GLUE = {"e": "event", "p": "actor", "l": "place", "t": "topic", "w": "word", "x": "lead_word"}


def grouped_because(g: Group) -> list[GroupingReason]:
    """What the story's articles share, as the JSON says it."""
    return [
        GroupingReason(kind=_GLUE[s.term[0]], ref=s.term[2:], label=s.label, weight=s.weight, sources=s.sources)  # type: ignore[arg-type]
        for s in g.shared
    ]


def compose(
    m: Members, g: Group, b: Briefing, prominence: Counter[str], precision: dict[str, Precision], verify: Verifier
) -> Story:
    """The story card of these members, unranked (rank.py scores and orders the cards); every
    sentence on it checked against its evidence."""
    lang = b.language
    by_id = {s.id: s for s in b.sources}
    facts = key_facts(m, by_id, verify)
    cover = coverage(m, b)
    title, title_check = headline(m, b, lang, verify)
    opening = lede(m, b, facts, cover, lang, verify)
    actors: Counter[str] = Counter(p for e in m.events for p in e.participants)
    actors.update(q.speaker for q in m.quotes)
    return Story(
        id="",
        key=story_key(m.sources),
        rank=0,
        headline=title,
        headline_check=title_check,
        lede=" ".join(s.text for s in opening),
        lede_sentences=opening,
        status=None,
        significance=Significance(score=0.0),
        coverage=cover,
        key_facts=facts,
        contested=[
            ContestedPoint(text=text, disagreement=d.id, sources=d.sources, check=check)
            for text, d in contested(m, lead_event(m))
            if verify.shown(text, check := verify.cited([d.id], text), "contested")
        ],
        key_quotes=key_quotes(m, prominence),
        background=_supported(m.background, by_id, verify, "background"),
        timeline=timeline(m, precision, verify),
        events=sorted((e.id for e in m.events + m.background), key=natural_key),
        actors=[a for a, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))],
        quotes=sorted((q.id for q in m.quotes), key=natural_key),
        positions=sorted(m.positions, key=natural_key),
        disagreements=sorted((d.id for d in m.disagreements), key=natural_key),
        sources=sorted(m.sources),
        grouped_because=grouped_because(g),
    )
