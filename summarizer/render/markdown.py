"""Briefing → Markdown: the brief, and with `--detail full` the appendix of every item."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from summarizer.contracts.briefing import Briefing, Citation, EventAccount, EventEntry, Source, status_text
from summarizer.contracts.extraction import EventStatus
from summarizer.render.brief import md as _md
from summarizer.render.brief import top_stories
from summarizer.render.cite import Cite, partial_note
from summarizer.render.labels import header_counts, label, quoted_by, stats_line
from summarizer.text.display import natural_key, render_date, status_word

TITLE_WORDS = 20
SOURCES_IN_BRIEF = 30


def to_markdown(b: Briefing, full: bool = False) -> str:
    """The brief (ranked story cards, sources, stats); with `full`, the appendix of every item too."""
    cite = Cite(b)
    out: list[str] = [f"# {label('title', b.language)}", "", f"_{header_counts(b)}_", ""]
    if b.partial:
        out += [f"**{partial_note(b)}**", ""]
    if b.overview_by == "model":
        out += ["## Overview", ""] + [f"- {_md(s.text)}" for s in b.overview] + [""]
    out += top_stories(b, cite)
    if full:
        out += ["# Appendix: every item", "", *_appendix(b, cite)]
    elif b.not_verified:
        out += [
            f"_{len(b.not_verified)} quotes or evidence spans not found in their articles were left out "
            "(listed with `--detail full` and in JSON)._",
            "",
        ]
    if b.failures:
        out += ["## Not included", ""]
        for f in b.failures:
            out.append(f"- `{f.path}` — {_md(f.reason)}")
        out.append("")
    out += [f"## {label('sources', b.language)}", ""]
    listed = b.sources
    if not full and len(b.sources) > SOURCES_IN_BRIEF:  # a big day's brief names its outlets, not every article
        outlets = len({s.outlet.casefold() for s in b.sources if s.outlet})
        listed = []
        out.append(
            f"{len(b.sources)} articles from {outlets} named outlets"
            f"{f' and {sum(1 for s in b.sources if not s.outlet)} without one' if outlets < len(b.sources) else ''}; "
            "every source with `--detail full` and in JSON."
        )
    for s in sorted(listed, key=lambda s: natural_key(cite.labels[s.id].casefold())):
        title = " ".join(s.title.split()[:TITLE_WORDS]) + (" …" if len(s.title.split()) > TITLE_WORDS else "")
        # The title is the outlet's (or the article's first line): its own words, quoted.
        out.append(
            f"- **{_md(cite.labels[s.id])}** — „{_md(title)}“ ({_source_facts(s, b.language, full)}){_where(s)}"
        )
    out += ["", f"## {label('stats', b.language)}", "", stats_line(b), ""]
    return "\n".join(out)


def _appendix(b: Briefing, cite: Cite) -> list[str]:
    """Every item of the briefing, section by section (`--detail full`)."""
    out = _overview(b, cite)
    if b.changes is not None:
        out += _changes(b, cite)
    for section in (_developments, _disagreements, _actors, _positions, _quotes, _timeline, _left_out):
        out += section(b, cite)
    out.append("")
    return out


def _overview(b: Briefing, cite: Cite) -> list[str]:
    """The overview sentences and who wrote them."""
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
    precision = {t.event: t.precision for t in b.timeline}  # the merge dated each event once
    out: list[str] = []
    shared = [e for e in b.events if len(e.sources) > 1]
    single = [e for e in b.events if len(e.sources) == 1]
    out += ["", "## Key developments", ""]
    for e in shared:
        out += _event_block(e, cite, actor_name, precision, b.language)
    if single:
        out += ["", "Reported by one source:", ""]
        for e in single:
            acc = e.accounts[0]
            when = f" ({_when(acc, b.language)})" if _when(acc, b.language) else ""
            out.append(f"- {_md(e.description)} — _{_status(acc.status, b.language)}_{when} {cite(acc.source)}")
    return out


def _disagreements(b: Briefing, cite: Cite) -> list[str]:
    """Each disagreement with its sides, their sources and evidence."""
    out: list[str] = ["", "## Disagreements", ""]
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


def _actors(b: Briefing, cite: Cite) -> list[str]:
    """The actor table."""
    out: list[str] = ["## Actors", "", "| Actor | Kind | Also written | Roles | Sources |", "|---|---|---|---|---|"]
    for a in b.actors:
        out.append(
            f"| {_md(a.name)} | {a.kind.value} | {_md(', '.join(a.aliases)) or '—'} | "
            f"{_md('; '.join(a.roles)) or '—'} | {len(a.sources)} |"
        )
    return out


def _positions(b: Briefing, cite: Cite) -> list[str]:
    """Positions grouped by topic."""
    out: list[str] = ["", "## Positions", ""]
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
    """The quote ledger: one entry per statement, each outlet's attribution kept."""
    out: list[str] = ["## Quote ledger", ""]
    for q in b.quotes:
        where = "; ".join(
            _located(c, cite)
            + (f", as said by {_md(c.speaker_name)}" if c.speaker_name and c.speaker_name != q.speaker_name else "")
            for c in q.citations
            if not c.quoted_text
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
        for c in q.citations:
            if c.quoted_text:  # the same statement as another outlet prints it, in its language
                by = quoted_by(c.quoted_lang, cite.labels.get(c.source, c.source), b.language)
                out.append(f"  - {_md(by)}: “{_md(c.quoted_text)}” [{_located(c, cite)}]")
    return out


def _located(c: Citation, cite: Cite) -> str:
    return f"{cite.labels.get(c.source, c.source)} @{c.grounding.start}–{c.grounding.end} {c.grounding.status}"


def _timeline(b: Briefing, cite: Cite) -> list[str]:
    """Dated items in date order, then the undated in natural id order."""
    out: list[str] = ["", "## Timeline", ""]
    dated = [t for t in b.timeline if t.date]  # the merge sorted the timeline: by date, then id
    for t in dated:
        when = render_date(t.date, t.precision, b.language)
        out.append(f"- {when} — {_md(t.description)} [{t.event}] {cite(*t.sources)}")
    undated = [t for t in b.timeline if not t.date]
    if undated:
        out += ["", "Undated (no absolute date in the sources; their wording quoted as written):", ""]
        for t in undated:
            said = f" — „{_md(t.date_text)}“" if t.date_text else ""
            out.append(f"- {_md(t.description)}{said} [{t.event}] {cite(*t.sources)}")
    return out


def _left_out(b: Briefing, cite: Cite) -> list[str]:
    """Spans not found in their articles, and the article summaries."""
    out: list[str] = []
    if b.not_verified:
        out += ["", "## Not verified", "", "Excluded from the briefing: not found in the cited article.", ""]
        for n in b.not_verified:
            who = f" ({_md(n.speaker)})" if n.speaker else ""
            out.append(f"- {n.kind}{who}: „{_md(n.text)}“ {cite(n.source)} — {_md(n.reason)}")
    if b.sources and any(s.summary for s in b.sources):
        out += ["", "## Article summaries", ""]
        for src in b.sources:
            if src.summary:
                out.append(f"- **{_md(cite.labels[src.id])}**: {_md(src.summary)}")
    return out


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


def _source_facts(s: Source, lang: str, full: bool) -> str:
    """Outlet (unknown where no front matter or catalogue names it), country, owner, kind, date;
    in the full briefing also how many of its direct quotations were extracted."""
    facts = [s.outlet or label("outlet_unknown", lang)]
    facts += [value for value in (s.country, s.owner, s.kind) if value]
    if s.published:
        facts.append(render_date(s.published, "day", lang))
    if full:
        facts.append(f"{s.direct_quotes_covered}/{s.direct_quotes_found} direct quotations extracted")
    return _md(" · ".join(facts))


def _where(s: Source) -> str:
    """The page the source was read from, and the other outlets' pages of the same story."""
    shown = f" <{s.url}>" if s.url else ""
    copies = [f"{_md(c.outlet or c.path)}" + (f" <{c.url}>" if c.url else "") for c in s.copies]
    return shown + (f"; also run by {', '.join(copies)}" if copies else "")


def _when(a: EventAccount, lang: str) -> str:
    """The account's date as the briefing shows dates; a date only as written stays in its evidence."""
    return render_date(a.resolved_date, a.date_precision, lang)


def _status(status: EventStatus | Literal["disputed"], lang: str = "en") -> str:
    return status_word(status_text(status), lang)


def _event_block(
    e: EventEntry, cite: Cite, actor_name: dict[str, str], precision: Mapping[str, str], lang: str
) -> list[str]:
    who = ", ".join(actor_name.get(p, p) for p in e.participants)
    lines = [f"### {e.id} · {_md(e.description)}", ""]
    meta = [f"status: **{_status(e.status, lang)}**"]
    if e.date:
        meta.append(f"when: {render_date(e.date, precision.get(e.id, 'unknown'), lang)}")
    if e.location:
        meta.append(f"where: {_md(e.location)}")
    if who:
        meta.append(f"who: {_md(who)}")
    lines += [" · ".join(meta), ""]
    for a in e.accounts:
        when = f", {_when(a, lang)}" if _when(a, lang) else ""
        by = f", by {_md(actor_name.get(a.initiator, a.initiator))}" if a.initiator else ""
        detail = " (detail)" if a.aspect else ""
        lines.append(f"- {cite(a.source)} _{_status(a.status, lang)}{when}{by}{detail}_: „{_md(a.evidence)}“")
    lines.append("")
    return lines
