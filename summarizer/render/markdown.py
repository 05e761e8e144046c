"""Briefing → Markdown or JSON text."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, EventEntry, status_text
from summarizer.contracts.choices import FORMATS
from summarizer.render.cite import Cite


def render(briefing: Briefing, fmt: str, articles: dict[str, str] | None = None) -> str:
    """The briefing in `fmt` (md, json or html); html needs the article texts by source id."""
    if fmt == "json":
        return briefing.model_dump_json(indent=2) + "\n"
    if fmt == "md":
        return to_markdown(briefing)
    if fmt == "html":
        from summarizer.render.html import to_html

        return to_html(briefing, articles or {})
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _md(text: str) -> str:
    """Inline text safe in Markdown: no line breaks, no stray HTML."""
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(b: Briefing) -> str:
    """The briefing as a Markdown document, one `##` section per part of the briefing."""
    cite = Cite(b)
    out = _head(b)
    if b.changes is not None:
        out += _changes(b, cite)
    out += _developments(b, cite)
    out += _disagreements(b, cite)
    out += _actors(b)
    out += _positions(b, cite)
    out += _quotes(b, cite)
    out += _timeline(b, cite)
    out += _left_out(b, cite)
    out += _sources(b)
    out += _stats(b)
    return "\n".join(out)


def _head(b: Briefing) -> list[str]:
    out = ["# News briefing", ""]
    out.append(
        f"_{len(b.sources)} sources · {len(b.actors)} actors · {len(b.events)} events · "
        f"{len(b.quotes)} verified quotes · {len(b.disagreements)} disagreements_"
    )
    out += ["", "## Overview", ""]
    for sentence in b.overview:
        cites = f" [{', '.join(sentence.cites)}]" if sentence.cites else ""
        out.append(f"- {_md(sentence.text)}{cites}")
    if b.overview_by == "rules":
        out += ["", "_Overview composed from the merged items without a model._"]
    return out


def _developments(b: Briefing, cite: Cite) -> list[str]:
    """Events several sources report, in full; those only one reports, a line each."""
    actor_name = {a.id: a.name for a in b.actors}
    out = ["", "## Key developments", ""]
    for e in b.events:
        if len(e.sources) > 1:
            out += _event_block(e, cite, actor_name)
    single = [e for e in b.events if len(e.sources) == 1]
    if single:
        out += ["", "Reported by one source:", ""]
        for e in single:
            acc = e.accounts[0]
            said = acc.date or acc.date_text
            when = f" ({_md(said)})" if said else ""
            out.append(f"- {_md(e.description)} — _{status_text(acc.status)}_{when} {cite(acc.source)}")
    return out


def _disagreements(b: Briefing, cite: Cite) -> list[str]:
    out = ["", "## Disagreements", ""]
    if not b.disagreements:
        out.append("None found.")
    for d in b.disagreements:
        out += [f"### {d.id} · {_md(d.subject)}", ""]
        for side in d.sides:
            out.append(f"- **{_md(side.label)}** {cite(*side.sources)}")
            for ev in side.evidence:
                out.append(f"  - „{_md(ev)}“")
        out.append("")
    return out


def _actors(b: Briefing) -> list[str]:
    out = ["## Actors", "", "| Actor | Kind | Also written | Roles | Sources |", "|---|---|---|---|---|"]
    for a in b.actors:
        out.append(
            f"| {_md(a.name)} | {a.kind.value} | {_md(', '.join(a.aliases)) or '—'} | "
            f"{_md('; '.join(a.roles)) or '—'} | {len(a.sources)} |"
        )
    return out


def _positions(b: Briefing, cite: Cite) -> list[str]:
    """Positions under a bold line per topic (they come sorted by topic)."""
    out = ["", "## Positions", ""]
    topic = None
    for i, p in enumerate(b.positions):
        if p.topic != topic:
            topic = p.topic
            out += [f"**{_md(topic)}**", ""]
        stances = ", ".join(f"{s.stance.value} {cite(s.source)}" for s in p.stances)
        out.append(f"- {_md(p.actor_name)}: {stances} — {_md(p.stances[0].summary)}")
        if i + 1 == len(b.positions) or b.positions[i + 1].topic != topic:
            out.append("")
    return out


def _quotes(b: Briefing, cite: Cite) -> list[str]:
    out = ["## Quote ledger", ""]
    for q in b.quotes:
        where = "; ".join(
            f"{cite.labels.get(c.source, c.source)} @{c.grounding.start}–{c.grounding.end} {c.grounding.status}"
            for c in q.citations
        )
        flags = ""
        if q.part_of:
            flags += f" (part of {q.part_of})"
        if not q.speaker_in_source:
            flags += " ⚠ speaker not named in the article"
        kind = "" if q.kind.value == "direct" else " (indirect)"
        out.append(f"- {q.id} **{_md(q.speaker_name)}**{kind}: „{_md(q.text)}“ [{where}]{flags}")
        if q.translation:
            out.append(f"  - _{_md(q.translation)}_")
    return out


def _timeline(b: Briefing, cite: Cite) -> list[str]:
    out = ["", "## Timeline", ""]
    for t in b.timeline:
        if t.date:
            out.append(f"- {t.date} ({t.precision}) — {_md(t.description)} [{t.event}] {cite(*t.sources)}")
    undated = [t for t in b.timeline if not t.date]
    if undated:
        out += ["", "Undated (no absolute date in the sources):", ""]
        for t in undated:
            said = f" — “{_md(t.date_text)}”" if t.date_text else ""
            out.append(f"- {_md(t.description)}{said} [{t.event}] {cite(*t.sources)}")
    return out


def _left_out(b: Briefing, cite: Cite) -> list[str]:
    """What the briefing does not contain: unverified spans and articles that failed."""
    out: list[str] = []
    if b.not_verified:
        out += ["", "## Not verified", "", "Excluded from the briefing: not found in the cited article.", ""]
        for n in b.not_verified:
            who = f" ({_md(n.speaker)})" if n.speaker else ""
            out.append(f"- {n.kind}{who}: „{_md(n.text)}“ {cite(n.source)} — {_md(n.reason)}")
    if b.failures:
        out += ["", "## Not included", ""]
        for f in b.failures:
            out.append(f"- `{f.path}` — {_md(f.reason)}")
    return out


def _sources(b: Briefing) -> list[str]:
    out = ["", "## Sources", ""]
    for s in b.sources:
        coverage = f"{s.direct_quotes_covered}/{s.direct_quotes_found} direct quotations extracted"
        out.append(f"- `{s.path}` — {_md(s.title)} (id {s.id}; {coverage})")
        if s.summary:
            out.append(f"  - {_md(s.summary)}")
    return out


def _stats(b: Briefing) -> list[str]:
    st = b.stats
    cost = "price unknown" if st.cost_usd is None else f"${st.cost_usd:.4f}"
    return [
        "",
        "## Stats",
        "",
        f"{st.articles} articles · {st.failures} failed · {st.llm_calls} LLM calls · {st.cache_hits} cache hits · "
        f"{st.prompt_tokens}+{st.completion_tokens} tokens · {cost} · {st.retries} retries · "
        f"{st.ungrounded_dropped} quotes dropped as unverified"
        + (f" · {st.invalid_dropped} invalid references dropped" if st.invalid_dropped else ""),
        "",
    ]


def _changes(b: Briefing, cite: Cite) -> list[str]:
    changes = b.changes
    assert changes is not None
    earlier = Cite(b.model_copy(update={"sources": changes.previous_sources}))
    out = ["", f"## What changed since {changes.since}", ""]
    if not changes.items:
        out.append("Nothing new.")
    titles = {
        "status_change": "Status changed",
        "stance_change": "Stance changed",
        "new_event": "New event",
        "new_actor": "New actor",
    }
    for c in changes.items:
        moved = f": {c.before} → {c.after}" if c.before else ""
        before = f"; before {earlier(*c.previous_sources)}" if c.previous_sources else ""
        subject = _md(c.subject).rstrip(".") if moved else _md(c.subject)
        out.append(f"- **{titles[c.kind]}** — {subject}{_md(moved)} [{c.about}] {cite(*c.sources)}{before}")
    return out


def _event_block(e: EventEntry, cite: Cite, actor_name: dict[str, str]) -> list[str]:
    who = ", ".join(actor_name.get(p, p) for p in e.participants)
    lines = [f"### {e.id} · {_md(e.description)}", ""]
    meta = [f"status: **{status_text(e.status)}**"]
    if e.location:
        meta.append(f"where: {_md(e.location)}")
    if who:
        meta.append(f"who: {_md(who)}")
    lines += [" · ".join(meta), ""]
    for a in e.accounts:
        when = f", {_md(a.date or a.date_text or '')}" if (a.date or a.date_text) else ""
        by = f", by {_md(actor_name.get(a.initiator, a.initiator))}" if a.initiator else ""
        lines.append(f"- {cite(a.source)} _{status_text(a.status)}{when}{by}_: „{_md(a.evidence)}“")
    lines.append("")
    return lines
