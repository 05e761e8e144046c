"""One story card from its articles: what they agree on, what they dispute, who said what, when."""

from __future__ import annotations

import hashlib
from collections import Counter

from summarizer.contracts.briefing import Briefing, Disagreement, EventEntry, QuoteEntry, Source, source_label
from summarizer.contracts.story import (
    ContestedPoint,
    Coverage,
    Precision,
    Significance,
    Story,
    StoryFact,
    StoryMoment,
    StoryQuote,
)
from summarizer.stories.assign import Members
from summarizer.stories.coverage import coverage_label, outlet_counts
from summarizer.stories.phrases import phrase
from summarizer.text.display import natural_key, status_word
from summarizer.text.events import event_kind

KEY_FACTS = 4
KEY_QUOTES = 3
MIN_QUOTE_WORDS = 5  # shorter quotes are fragments ("produktiv"): kept in the ledger, never a key quote
LONG_QUOTE_WORDS = 60  # a key quote reads as a statement, not a paragraph
HEADLINE_WORDS = 12
SIDE_NAMES = 3  # names shown per side of a contested point; the rest are counted
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


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def _short(text: str, words: int = HEADLINE_WORDS) -> str:
    parts = " ".join(text.split()).rstrip(".").split(" ")
    if len(parts) <= words:
        return " ".join(parts)
    cut = " ".join(parts[:words])
    for mark in (";", ",", " –", " —"):
        if mark in cut and cut.rindex(mark) > len(cut) // 3:
            return cut[: cut.rindex(mark)]
    return cut + " …"


def _sides(e: EventEntry, b: Briefing, lang: str, counts: bool = True) -> str:
    names = {a.id: a.name for a in b.actors}
    told: dict[str, set[str]] = {}
    for a in e.accounts:
        if str(a.status.value) == "unclear":
            continue
        who = names.get(a.initiator or "", "")
        label = (
            phrase(lang, "by", status=status_word(a.status.value, lang), who=who)
            if who
            else status_word(a.status.value, lang)
        )
        told.setdefault(label, set()).add(a.source)
    return phrase(lang, "or").join(
        f"{label} ({len(srcs)})" if counts else label for label, srcs in sorted(told.items())
    )


def _subject(e: EventEntry, b: Briefing, lang: str) -> str | None:
    """A disputed event named without taking a side: its people and its kind ('Rubio–Lawrow meeting')."""
    kind = event_kind(e.description) or event_kind(" ".join(a.evidence for a in e.accounts))
    if kind is None:
        return None
    actors = {a.id: a for a in b.actors}
    people = [actors[p] for p in e.participants if p in actors and actors[p].kind.value == "person"]
    named = people or [actors[p] for p in e.participants if p in actors]
    if not named:
        return None
    names = "–".join(a.name.split()[-1] if a.kind.value == "person" else a.name for a in named[:3])
    return phrase(lang, "kind_of", names=names, kind=phrase(lang, f"k_{kind}"))


def headline(m: Members, b: Briefing, lang: str) -> str:
    """The lead event, shortened; a disputed one names each side rather than taking one."""
    lead = lead_event(m)
    if lead is None:
        summary = next((s.summary for s in b.sources if s.id in m.sources and s.summary), "")
        return _short(summary or "—")
    if lead.status != "disputed":
        return _short(lead.description)
    return f"{_subject(lead, b, lang) or _short(lead.description, 8)}: {_sides(lead, b, lang, counts=False)}"


def key_facts(m: Members, by_id: dict[str, Source]) -> list[StoryFact]:
    """Events the sources agree on (several sources, one status); a single-source story's first events.

    An event most of whose sources tell other stories (a side remark, or one merged too widely) is no key fact here.
    """
    mine = set(m.sources)
    agreed = [
        e
        for e in m.events
        if len(e.sources) > 1 and e.status != "disputed" and 2 * sum(s in mine for s in e.sources) >= len(e.sources)
    ]
    where = m.order_in_articles()
    picked = sorted(agreed or m.events, key=lambda e: (-len(e.sources), where[e.id]))[:KEY_FACTS]
    return [fact_of(e, by_id) for e in picked]


def _side(label: str) -> str:
    """'supports: A, B, C, D, E' → 'supports: A, B, C +2'."""
    head, sep, names = label.partition(": ")
    parts = names.split(", ")
    if not sep or len(parts) <= SIDE_NAMES:
        return label
    return f"{head}: {', '.join(parts[:SIDE_NAMES])} +{len(parts) - SIDE_NAMES}"


def contested(m: Members, lead: EventEntry | None = None) -> list[tuple[str, Disagreement]]:
    """Each disagreement as one neutral line: what is in dispute, each side with its number of sources.

    The lead event's dispute comes last: the headline and the lede already state it.
    """
    found = []
    status_disputed = {d.about for d in m.disagreements if d.kind == "event_status"}
    about_lead = lead.id if lead else None
    mine = set(m.sources)
    for d in sorted(m.disagreements, key=lambda d: (d.about == about_lead, -len(d.sources), natural_key(d.id))):
        if 2 * sum(s in mine for s in d.sources) < len(d.sources):
            continue  # most of its sources tell other stories
        if d.kind == "event_initiator" and d.about in status_disputed:
            continue  # the status dispute already names who did what
        subject = d.subject.split(": ", 1)[-1] if d.kind.startswith("event_") else d.subject
        sides = " / ".join(f"{_side(s.label)} ({len(s.sources)})" for s in d.sides)
        found.append((f"{_short(subject, 14)} — {sides}", d))
    return found


def key_quotes(m: Members, prominence: Counter[str]) -> list[StoryQuote]:
    """Up to three full statements, the most cited first, one per speaker while others are left."""

    def words(q: QuoteEntry) -> int:
        return len(q.text.split())

    full = [q for q in m.quotes if q.part_of is None and q.speaker_in_source and words(q) >= MIN_QUOTE_WORDS]
    full.sort(
        key=lambda q: (
            -len(q.sources),
            words(q) > LONG_QUOTE_WORDS,
            q.kind.value != "direct",
            -prominence[q.speaker],
            natural_key(q.id),
        )
    )
    chosen: list[QuoteEntry] = []
    for q in full:
        if len(chosen) < KEY_QUOTES and q.speaker not in {c.speaker for c in chosen}:
            chosen.append(q)
    for q in full:  # fewer speakers than places: a speaker's second statement
        if len(chosen) < KEY_QUOTES and q not in chosen:
            chosen.append(q)
    return [
        StoryQuote(
            quote=q.id,
            speaker=q.speaker,
            speaker_name=q.speaker_name,
            text=q.text,
            translation=q.translation,
            sources=q.sources,
        )
        for q in chosen
    ]


def timeline(m: Members, precision: dict[str, Precision]) -> list[StoryMoment]:
    """Dated items in date order, then undated ones in the order the story's articles tell them."""
    where = m.order_in_articles()
    background = {e.id for e in m.background}
    items = m.events + m.background
    dated = sorted((e for e in items if e.date), key=lambda e: (e.date or "", where[e.id]))
    undated = sorted((e for e in items if not e.date), key=lambda e: where[e.id])
    return [
        StoryMoment(
            event=e.id,
            description=e.description,
            date=e.date,
            precision=precision.get(e.id, "unknown") if e.date else "unknown",
            background=e.id in background,
            sources=e.sources,
        )
        for e in dated + undated
    ]


def coverage(m: Members, b: Briefing) -> Coverage:
    """Outlets and articles: an outlet counts only where it is named; the rest are articles of unknown outlet."""
    by_id = {s.id: s for s in b.sources}
    outlets: dict[str, str] = {}
    unknown: list[str] = []
    for sid in sorted(m.sources, key=lambda sid: natural_key(source_label(by_id[sid]))):
        s = by_id[sid]
        if not s.outlet:
            unknown.append(source_label(s))
            continue
        # What --sources says of an outlet (country, owner, kind) shows with it.
        known = ", ".join(v for v in (s.country, s.owner, s.kind) if v)
        name = f"{s.outlet} ({known})" if known else s.outlet
        # A syndicated story is one independent report, named with every outlet that ran it.
        also = [c.outlet for c in s.copies if c.outlet and c.outlet != s.outlet]
        name += f" (also run by {', '.join(dict.fromkeys(also))})" if also else ""
        outlets.setdefault(s.outlet.casefold(), name)
    named, unnamed = outlet_counts(m.sources, by_id)
    articles = len(m.sources)
    # The articles nobody names an outlet for, said once: "000, 001, 003: outlets unknown".
    shown = list(outlets.values()) + (
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


def fact_of(e: EventEntry, by_id: dict[str, Source]) -> StoryFact:
    """An event as a card states it, with the named outlets and unnamed articles behind it."""
    named, unnamed = outlet_counts(e.sources, by_id)
    return StoryFact(
        text=_sentence(e.description), event=e.id, sources=e.sources, outlets=named, unknown_outlets=unnamed
    )


def lede(m: Members, b: Briefing, facts: list[StoryFact], cover: Coverage, lang: str) -> str:
    """Two or three sentences: the lead, a second fact or the dispute, and who reports it."""
    lead = lead_event(m)
    sentences = []
    if lead is not None and lead.status == "disputed":
        subject = _subject(lead, b, lang)
        what = _sides(lead, b, lang)
        sentences.append(
            phrase(lang, "differ_on", subject=subject, what=what) if subject else phrase(lang, "differ", what=what)
        )
    elif lead is not None:
        sentences.append(_sentence(lead.description))
    second = next((f for f in facts if lead is None or f.event != lead.id), None)
    if second:
        sentences.append(second.text)
    if cover.articles == 1:
        sentences.append(phrase(lang, "outlets_one"))
    elif cover.unknown_outlets:
        sentences.append(phrase(lang, "coverage", label=cover.label))
    elif cover.single_source:
        sentences.append(phrase(lang, "outlets_one_many", articles=cover.articles))
    else:
        sentences.append(phrase(lang, "outlets", outlets=cover.independent_outlets, articles=cover.articles))
    return " ".join(sentences)


def story_key(sources: list[str]) -> str:
    """A story's identity on the day it first appears (later days carry it over)."""
    return "st-" + hashlib.sha256(" ".join(sorted(sources)).encode()).hexdigest()[:12]


def compose(m: Members, b: Briefing, prominence: Counter[str], precision: dict[str, Precision]) -> Story:
    """The story card of these members, unranked (rank.py scores and orders the cards)."""
    lang = b.language
    by_id = {s.id: s for s in b.sources}
    facts = key_facts(m, by_id)
    cover = coverage(m, b)
    actors: Counter[str] = Counter(p for e in m.events for p in e.participants)
    actors.update(q.speaker for q in m.quotes)
    return Story(
        id="",
        key=story_key(m.sources),
        rank=0,
        headline=headline(m, b, lang),
        lede=lede(m, b, facts, cover, lang),
        status=None,
        significance=Significance(score=0.0),
        coverage=cover,
        key_facts=facts,
        contested=[
            ContestedPoint(text=text, disagreement=d.id, sources=d.sources) for text, d in contested(m, lead_event(m))
        ],
        key_quotes=key_quotes(m, prominence),
        background=[fact_of(e, by_id) for e in m.background],
        timeline=timeline(m, precision),
        events=sorted((e.id for e in m.events + m.background), key=natural_key),
        actors=[a for a, _ in sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))],
        quotes=sorted((q.id for q in m.quotes), key=natural_key),
        positions=sorted(m.positions, key=natural_key),
        disagreements=sorted((d.id for d in m.disagreements), key=natural_key),
        sources=sorted(m.sources),
    )
