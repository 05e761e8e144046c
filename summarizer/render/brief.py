"""The brief: ranked top stories, each a compact card, in a length a reader takes in within minutes.

Everything else (every event, the quote ledger, actors, positions) is the appendix of the full
Markdown (`--detail full`) and always in JSON. The cards show at most CARDS stories; the next
MORE_LINES get a line each; the rest are counted.
"""

from __future__ import annotations

from collections.abc import Callable

from summarizer.contracts.briefing import Briefing
from summarizer.contracts.story import Story
from summarizer.render.cite import plural
from summarizer.text.display import render_date

CARDS = 15
FULL_CARDS = 3  # the first cards in full; the rest compact (fewer facts, one contested point, one quote)
MORE_LINES = 20
CARD_FACTS = 4
CARD_CONTESTED = 3
CARD_MOMENTS = 2  # dated moments the card does not already tell; the rest are in the detail
CARD_CITES = 3  # sources named after a quote; the rest are counted
SMALL_CARD_FACTS = 2

Cite = Callable[..., str]


def md(text: str) -> str:
    """Inline text safe in Markdown: no line breaks, no stray HTML."""
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;")


def top_stories(b: Briefing, cite: Cite) -> list[str]:
    """The ranked list, the cards of the top stories, one line for each unchanged or lesser story."""
    stories = b.stories
    if not stories:
        return ["## Top stories", "", "No stories: no article could be briefed.", ""]
    unchanged = [s for s in stories if s.continuity and s.continuity.mark == "unchanged"]
    moving = [s for s in stories if s not in unchanged]
    carded, rest = moving[:CARDS], moving[CARDS:]
    out = ["## Top stories", ""]
    for s in carded:
        mark = s.continuity.mark if s.continuity else s.status
        single = " · single source" if s.coverage.single_source else ""
        out.append(f"{s.rank}. [{md(s.headline)}](#{s.id}) — {mark} · {_outlets(s)}{single}")
    out.append("")
    for i, s in enumerate(carded):
        out += _card(s, cite, small=i >= FULL_CARDS, lang=b.language)
    if rest:
        out += ["## More stories", ""]
        for s in rest[:MORE_LINES]:
            out.append(f"- {md(s.headline)} — {_outlets(s)} [{s.id}]")
        if len(rest) > MORE_LINES:
            out.append(f"- … and {len(rest) - MORE_LINES} more stories (JSON; `--detail full`)")
        out.append("")
    if unchanged:
        since = unchanged[0].continuity.since if unchanged[0].continuity else ""
        out += [f"## Unchanged since {since}", ""]
        for s in unchanged[:MORE_LINES]:
            out.append(f"- {md(s.headline)} [{s.id}]")
        if len(unchanged) > MORE_LINES:
            out.append(f"- … and {len(unchanged) - MORE_LINES} more")
        out.append("")
    return out


def _outlets(s: Story) -> str:
    c = s.coverage
    return plural(c.independent_outlets, "outlet", "outlets") + (
        f", {plural(c.articles, 'article', 'articles')}" if c.articles != c.independent_outlets else ""
    )


def _card(s: Story, cite: Cite, small: bool, lang: str = "en") -> list[str]:
    reasons = "; ".join(r.detail for r in s.significance.reasons if r.points)
    out = [f'<a id="{s.id}"></a>', f"### {s.rank} · {md(s.headline)}", ""]
    out += [f"_{s.status} · {_outlets(s)} · significance {s.significance.score:g}: {md(reasons)}_", ""]
    c = s.continuity
    if c and c.mark == "developing":
        out.append(
            f"**Since {c.since}:** {plural(len(c.new_events), 'new event', 'new events')} ({', '.join(c.new_events)})"
        )
    for change in c.status_changes if c else []:
        out.append(f"**Status changed:** {md(change.description)} — {change.before} → {change.after} [{change.event}]")
    if c and (c.mark == "developing" or c.status_changes):
        out.append("")
    out += [md(s.lede), ""]
    # The lede already tells the first facts.
    facts = [f for f in s.key_facts if f.text not in s.lede][: SMALL_CARD_FACTS if small else CARD_FACTS]
    if facts:
        out.append("**What the sources report**" if s.coverage.single_source else "**What the sources agree on**")
        out += [f"- {md(f.text)} ({plural(len(f.sources), 'source', 'sources')})" for f in facts]
        out.append("")
    if s.contested:
        out.append("**Contested**")
        out += [f"- {md(p.text)}" for p in s.contested[: 1 if small else CARD_CONTESTED]]
        out.append("")
    quotes = s.key_quotes[: 1 if small else None]
    if quotes:
        out.append("**Key quotes**")
        for q in quotes:
            more = f" +{len(q.sources) - CARD_CITES}" if len(q.sources) > CARD_CITES else ""
            said = f"- **{md(q.speaker_name)}**: „{md(q.text)}“ {cite(*q.sources[:CARD_CITES])}{more}"
            out.append(said + (f" — _{md(q.translation)}_" if q.translation else ""))
        out.append("")
    # Moments the card already tells as facts are not told twice.
    told = {f.event for f in facts} | {f.event for f in s.key_facts if f.text in s.lede}
    dated = [m for m in s.timeline if m.date and not m.background and m.event not in told]
    if dated:
        out.append("**Timeline**")
        out += [
            f"- {render_date(m.date, m.precision, lang)} — {md(m.description)} [{m.event}]"
            for m in dated[: 2 if small else CARD_MOMENTS]
        ]
        out.append("")
    if s.background:
        out += ["**Background:** " + " ".join(md(f.text) for f in s.background[: 1 if small else 3]), ""]
    out.append(f"**Coverage:** {md('; '.join(s.coverage.outlets[:8]))}" + (" …" if len(s.coverage.outlets) > 8 else ""))
    out += [
        "",
        f"_In the detail: {plural(len(s.events), 'event', 'events')}, {plural(len(s.quotes), 'quote', 'quotes')}, "
        f"{plural(len(s.positions), 'position', 'positions')}, {plural(len(s.disagreements), 'disagreement', 'disagreements')}._",
        "",
    ]
    return out
