"""The brief in Markdown: the ranked top stories, each a compact card, in a length a reader takes in within minutes.

What each card shows is decided in render/cards.py (the same model the HTML page renders).
Everything else (every event, the quote ledger, actors, positions) is the appendix of the full
Markdown (`--detail full`) and always in JSON.
"""

from __future__ import annotations

from collections.abc import Callable

from summarizer.contracts.briefing import Briefing
from summarizer.render.cards import Card, FactItem, brief, flags
from summarizer.render.labels import label

Cite = Callable[..., str]


def md(text: str) -> str:
    """Inline text safe in Markdown: no line breaks, no stray HTML."""
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;")


def top_stories(b: Briefing, cite: Cite) -> list[str]:
    """The ranked list, the cards of the top stories, one line for each unchanged or lesser story."""
    lang = b.language
    if not b.stories:
        return [f"## {label('top', lang)}", "", label("no_stories", lang), ""]
    plan = brief(b)
    out = [f"## {label('top', lang)}", ""]
    for c in plan.cards:
        s = c.story
        out.append(f"{s.rank}. [{md(s.headline)}](#{s.id}) — {md(' · '.join(flags(c, lang)))}")
    out.append("")
    for c in plan.cards:
        out += _card(c, cite, lang)
    if plan.more:
        out += [f"## {label('more', lang)}", ""]
        out += [f"- {md(line.story.headline)} — {md(line.coverage)} [{line.story.id}]" for line in plan.more]
        if plan.more_rest:
            out.append(f"- {label('more_rest', lang, n=plan.more_rest)}")
        out.append("")
    if plan.unchanged:
        out += [f"## {plan.unchanged_since}", ""]
        out += [f"- {md(line.story.headline)} [{line.story.id}]" for line in plan.unchanged]
        if plan.unchanged_rest:
            out.append(f"- {label('more_rest', lang, n=plan.unchanged_rest)}")
        out.append("")
    return out


def _facts(heading: str, facts: list[FactItem]) -> list[str]:
    if not facts:
        return []
    lines = [f"**{heading}**"]
    lines += [f"- {md(f.text)}" + (f" ({md(f.count)})" if f.count else "") for f in facts]
    return [*lines, ""]


def _card(c: Card, cite: Cite, lang: str) -> list[str]:
    s = c.story
    out = [f'<a id="{s.id}"></a>', f"### {s.rank} · {md(s.headline)}", ""]
    out += [f"_{md(' · '.join([*flags(c, lang), c.significance]))}_", ""]
    if c.since:
        out.append(f"**{md(c.since)}:** {md(c.news)}")
    out += [f"**{label('status_changed', lang)}:** {md(x)}" for x in c.status_changes]
    if c.since or c.status_changes:
        out.append("")
    out += [md(c.lede), ""]
    out += _facts(label("agreed", lang), c.agreed) + _facts(label("reported", lang), c.reported)
    if c.contested:
        out.append(f"**{label('contested', lang)}**")
        out += [f"- {md(p.text)}" for p in c.contested]
        out.append("")
    if c.quotes:
        out.append(f"**{label('quotes', lang)}**")
        for q in c.quotes:
            more = f" +{q.more}" if q.more else ""
            said = f"- **{md(q.speaker_name)}**: „{md(q.text)}“ {cite(*q.cited)}{more}"
            out.append(said + (f" — _{md(q.translation)}_" if q.translation else ""))
        out.append("")
    if c.timeline:
        out.append(f"**{label('timeline', lang)}**")
        out += [f"- {m.when} — {md(m.description)} [{m.event}]" for m in c.timeline]
        out.append("")
    if c.background:
        out += [f"**{label('background', lang)}:** " + " ".join(md(t) for t in c.background), ""]
    more = " …" if c.more_outlets else ""
    out += [f"**{label('coverage', lang)}:** {md('; '.join(c.outlets))}{more}", ""]
    out += [f"_{label('in_detail', lang)}: {c.detail}._", ""]
    return out
