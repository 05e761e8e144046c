"""The brief as one card model: which stories get a card, what each card shows, and every count and
label on it, decided once. Markdown (render/brief.py) and HTML (render/html_parts.py) render this
model; HTML adds links and collapsible detail, never other items or other counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.contracts.briefing import Briefing
from summarizer.contracts.story import ContestedPoint, Story, StoryFact
from summarizer.render.checked import supported
from summarizer.render.labels import counts, label
from summarizer.stories.coverage import agreed, coverage_label
from summarizer.text.display import render_date
from summarizer.text.wording import count

CARDS = 15
FULL_CARDS = 3  # the first cards in full; the rest compact (fewer facts, one contested point, one quote)
MORE_LINES = 20
CARD_FACTS = 4
SMALL_CARD_FACTS = 2
CARD_CONTESTED = 3
CARD_MOMENTS = 2  # dated moments the card does not already tell; the rest are in the detail
CARD_CITES = 3  # sources named after a quote; the rest are counted
CARD_BACKGROUND = 3
CARD_OUTLETS = 8


@dataclass(frozen=True)
class FactItem:
    text: str
    event: str | None
    sources: list[str]
    count: str | None  # "2 outlets", "2 articles, outlets unknown"; None on a one-article story


@dataclass(frozen=True)
class QuoteItem:
    quote: str
    speaker_name: str
    text: str
    translation: str | None
    cited: list[str]  # the sources named after it
    more: int  # how many more carry it


@dataclass(frozen=True)
class MomentItem:
    event: str
    when: str
    description: str


@dataclass(frozen=True)
class Card:
    story: Story
    lede: str  # the lede's sentences their evidence supports
    mark: str | None  # new / developing / unchanged, only against a previous day
    coverage: str
    significance: str
    since: str | None  # "Since 2025-10-21", where the story has news since the day before
    news: str  # "1 new event (e4)"
    status_changes: list[str]
    agreed: list[FactItem]
    reported: list[FactItem]
    contested: list[ContestedPoint]
    quotes: list[QuoteItem]
    timeline: list[MomentItem]
    background: list[str]
    outlets: list[str]
    more_outlets: int
    detail: str
    compact: bool


@dataclass(frozen=True)
class StoryLine:
    story: Story
    coverage: str


@dataclass(frozen=True)
class Brief:
    cards: list[Card]
    more: list[StoryLine]
    more_rest: int
    unchanged: list[StoryLine]
    unchanged_rest: int
    unchanged_since: str


def brief(b: Briefing) -> Brief:
    """The ranked cards, a line for each lesser story, and the stories unchanged since the day before."""
    unchanged = [s for s in b.stories if s.continuity and s.continuity.mark == "unchanged"]
    moving = [s for s in b.stories if s not in unchanged]
    carded, rest = moving[:CARDS], moving[CARDS:]
    lang = b.language
    return Brief(
        cards=[card(s, b, compact=i >= FULL_CARDS) for i, s in enumerate(carded)],
        more=[StoryLine(s, s.coverage.label) for s in rest[:MORE_LINES]],
        more_rest=max(0, len(rest) - MORE_LINES),
        unchanged=[StoryLine(s, s.coverage.label) for s in unchanged[:MORE_LINES]],
        unchanged_rest=max(0, len(unchanged) - MORE_LINES),
        unchanged_since=label("unchanged_since", lang, since=unchanged[0].continuity.since)
        if unchanged and unchanged[0].continuity
        else "",
    )


def card(s: Story, b: Briefing, compact: bool = False) -> Card:
    """One story's card: its items, counts and labels."""
    lang = b.language
    lede = lede_of(s)
    facts = [f for f in s.key_facts if f.text not in lede][: SMALL_CARD_FACTS if compact else CARD_FACTS]
    items = [_fact(f, s, lang) for f in facts]
    # Moments the card already tells as facts (or in its lede) are not told twice.
    told = {f.event for f in facts} | {f.event for f in s.key_facts if f.text in lede}
    dated = [m for m in s.timeline if m.date and not m.background and m.event not in told][:CARD_MOMENTS]
    reasons = "; ".join(r.detail for r in s.significance.reasons if r.points)
    c = s.continuity
    return Card(
        story=s,
        lede=lede,
        mark=label(c.mark, lang) if c else None,
        coverage=s.coverage.label,
        significance=label("significance", lang, score=f"{s.significance.score:g}")
        + (f": {reasons}" if reasons else ""),
        since=label("since", lang, since=c.since) if c and c.mark == "developing" else None,
        news=f"{count(len(c.new_events), 'new event', lang)} ({', '.join(c.new_events)})" if c else "",
        status_changes=[
            f"{x.description} — {x.before} → {x.after} [{x.event}]" for x in (c.status_changes if c else [])
        ],
        agreed=[i for i, f in zip(items, facts, strict=True) if agreed(f.outlets)],
        reported=[i for i, f in zip(items, facts, strict=True) if not agreed(f.outlets)],
        contested=s.contested[: 1 if compact else CARD_CONTESTED],
        quotes=[
            QuoteItem(
                quote=q.quote,
                speaker_name=q.speaker_name,
                text=q.text,
                translation=q.translation,
                cited=q.sources[:CARD_CITES],
                more=max(0, len(q.sources) - CARD_CITES),
            )
            for q in s.key_quotes[: 1 if compact else None]
        ],
        timeline=[MomentItem(m.event, render_date(m.date, m.precision, lang), m.description) for m in dated],
        background=[f.text for f in s.background[: 1 if compact else CARD_BACKGROUND]],
        outlets=s.coverage.outlets[:CARD_OUTLETS],
        more_outlets=max(0, len(s.coverage.outlets) - CARD_OUTLETS),
        detail=counts(
            lang,
            event=len(s.events),
            quote=len(s.quotes),
            position=len(s.positions),
            disagreement=len(s.disagreements),
        ).replace(" · ", ", "),
        compact=compact,
    )


def lede_of(s: Story) -> str:
    """The lede as the card shows it: the sentences their evidence supports (a story stored before
    the lede was checked sentence by sentence keeps its lede)."""
    if not s.lede_sentences:
        return s.lede
    return " ".join(x.text for x in s.lede_sentences if supported(x.check))


def _fact(f: StoryFact, s: Story, lang: str) -> FactItem:
    shown = coverage_label(f.outlets, f.unknown_outlets, len(f.sources), lang) if s.coverage.articles > 1 else None
    return FactItem(text=f.text, event=f.event, sources=f.sources, count=shown)


def flags(c: Card, lang: str) -> list[str]:
    """The card's short labels, in order: its mark (against a previous day), coverage, single source."""
    return [x for x in (c.mark, c.coverage, label("single", lang) if c.story.coverage.single_source else None) if x]
