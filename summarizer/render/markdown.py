"""Briefing → Markdown or JSON text."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, EventEntry, status_text
from summarizer.contracts.choices import DETAILS, FORMATS
from summarizer.render.brief import md as _md
from summarizer.render.brief import top_stories
from summarizer.render.cite import Cite

TITLE_WORDS = 20
SOURCES_IN_BRIEF = 30  # a bigger day's brief names its outlets instead of listing every article


def render(briefing: Briefing, fmt: str, articles: dict[str, str] | None = None, detail: str = "brief") -> str:
    """The briefing in `fmt` (md, json or html); html needs the article texts by source id.

    `detail` shapes the Markdown only: "brief" is the ranked stories, "full" adds an appendix with
    every item. JSON and HTML always carry everything.
    """
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r}; choose one of {', '.join(DETAILS)}")
    if fmt == "json":
        return briefing.model_dump_json(indent=2) + "\n"
    if fmt == "md":
        return to_markdown(briefing, full=detail == "full")
    if fmt == "html":
        from summarizer.render.html import to_html

        return to_html(briefing, articles or {})
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def partial_note(b: Briefing) -> str:
    """The warning a partial briefing opens with."""
    return (
        f"Partial briefing: {len(b.failures)} of {b.stats.articles} articles could not be included "
        "(listed under Not included)."
    )


def to_markdown(b: Briefing, full: bool = False) -> str:
    """The brief: ranked story cards, sources and stats; with `full`, an appendix of every item after the stories."""
    cite = Cite(b)
    out = _head(b)
    out += top_stories(b, cite)
    if full:
        out += ["# Appendix: every item", ""]
        out += _overview(b)
        if b.changes is not None:
            out += _changes(b, cite)
        out += _developments(b, cite)
        out += _disagreements(b, cite)
        out += _actors(b)
        out += _positions(b, cite)
        out += _quotes(b, cite)
        out += _timeline(b, cite)
    out += _left_out(b, cite, full)
    out += _sources(b, cite, full)
    out += _stats(b)
    return "\n".join(out)


def _head(b: Briefing) -> list[str]:
    out = ["# News briefing", ""]
    out += [
        f"_{len(b.sources)} sources · {len(b.stories)} stories · {len(b.events)} events · "
        f"{len(b.quotes)} verified quotes · {len(b.disagreements)} disagreements_",
        "",
    ]
    if b.partial:
        out += [f"**{partial_note(b)}**", ""]
    if b.overview_by == "model":  # the model's synthesis leads; the rule-based overview is detail
        out += ["## Overview", ""] + [f"- {_md(s.text)}" for s in b.overview] + [""]
    return out


def _overview(b: Briefing) -> list[str]:
    out = ["## Overview", ""]
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


def _left_out(b: Briefing, cite: Cite, full: bool) -> list[str]:
    """What the briefing does not contain: unverified spans (listed in full detail) and articles that failed."""
    out: list[str] = []
    if b.not_verified and not full:
        out += [
            "",
            f"_{len(b.not_verified)} quotes or evidence spans not found in their articles were left out "
            "(listed with `--detail full` and in JSON)._",
        ]
    if b.not_verified and full:
        out += ["", "## Not verified", "", "Excluded from the briefing: not found in the cited article.", ""]
        for n in b.not_verified:
            who = f" ({_md(n.speaker)})" if n.speaker else ""
            out.append(f"- {n.kind}{who}: „{_md(n.text)}“ {cite(n.source)} — {_md(n.reason)}")
    if b.failures:
        out += ["", "## Not included", ""]
        for f in b.failures:
            out.append(f"- `{f.path}` — {_md(f.reason)}")
    return out


def _sources(b: Briefing, cite: Cite, full: bool) -> list[str]:
    """Each source by its label, outlet, title and date; a big day's brief counts them instead."""
    out = ["", "## Sources", ""]
    if not full and len(b.sources) > SOURCES_IN_BRIEF:
        outlets = len({s.outlet.casefold() for s in b.sources if s.outlet})
        without = sum(1 for s in b.sources if not s.outlet)
        rest = f" and {without} without one" if without else ""
        return [*out, f"{len(b.sources)} articles from {outlets} named outlets{rest}; every source with `--detail full` and in JSON."]
    for s in sorted(b.sources, key=lambda s: (cite.labels[s.id].casefold(), s.id)):
        coverage = f"{s.direct_quotes_covered}/{s.direct_quotes_found} direct quotations extracted"
        words = s.title.split()
        title = " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
        outlet = f"{_md(s.outlet)}: " if s.outlet else ""
        date = f", {s.published}" if s.published else ""
        out.append(f"- **{_md(cite.labels[s.id])}** — {outlet}{_md(title)}{date} ({coverage})")
        if full and s.summary:
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
        f"{st.ungrounded_dropped} quotes dropped as unverified",
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
