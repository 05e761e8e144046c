"""The appendix of the full Markdown (`--detail full`): every item of the briefing, section by section,
each shown as the checks allow (render/checked.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from summarizer.contracts.briefing import (
    Briefing,
    Citation,
    EventAccount,
    EventEntry,
    QuoteEntry,
    TimelineEntry,
    status_text,
)
from summarizer.contracts.extraction import EventStatus
from summarizer.render.brief import md as _md
from summarizer.render.checked import described, speaker_shown, stance_summary, summary_shown, supported
from summarizer.render.cite import Cite
from summarizer.render.labels import label, quoted_by
from summarizer.text.display import render_date, status_word


def appendix(b: Briefing, cite: Cite) -> list[str]:
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
    out = [f"## {label('overview', b.language)}", ""]
    for sentence in (s for s in b.overview if supported(s.check)):
        cites = f" [{', '.join(sentence.cites)}]" if sentence.cites else ""
        out.append(f"- {_md(sentence.text)}{cites}")
    if b.overview_by == "rules":
        out += ["", f"_{label('overview_by_rules', b.language)}_"]
    return out


def _developments(b: Briefing, cite: Cite) -> list[str]:
    """Events several sources report, in full; those only one reports, a line each."""
    actor_name = {a.id: a.name for a in b.actors}
    precision = {t.event: t.precision for t in b.timeline}  # the merge dated each event once
    out: list[str] = []
    shared = [e for e in b.events if len(e.sources) > 1]
    single = [e for e in b.events if len(e.sources) == 1]
    out += ["", f"## {label('developments', b.language)}", ""]
    for e in shared:
        out += _event_block(e, cite, actor_name, precision, b.language)
    if single:
        out += ["", label("one_source", b.language), ""]
        for e in single:
            acc = e.accounts[0]
            when = f" ({_when(acc, b.language)})" if _when(acc, b.language) else ""
            out.append(f"- {_md(described(e))} — _{_status(acc.status, b.language)}_{when} {cite(acc.source)}")
    return out


def _disagreements(b: Briefing, cite: Cite) -> list[str]:
    """Each disagreement with its sides, their sources and evidence."""
    out: list[str] = ["", f"## {label('disagreements', b.language)}", ""]
    if not b.disagreements:
        out.append(label("none_found", b.language))
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
    lang = b.language
    head = " | ".join(label(k, lang) for k in ("actor", "kind", "also_written", "roles", "sources"))
    out: list[str] = [f"## {label('actors', lang)}", "", f"| {head} |", "|---|---|---|---|---|"]
    for a in b.actors:
        out.append(
            f"| {_md(a.name)} | {label(f'kind_{a.kind.value}', lang)} | {_md(', '.join(a.aliases)) or '—'} | "
            f"{_md('; '.join(a.roles)) or '—'} | {len(a.sources)} |"
        )
    return out


def _positions(b: Briefing, cite: Cite) -> list[str]:
    """Positions grouped by topic."""
    out: list[str] = ["", f"## {label('positions', b.language)}", ""]
    topic = None
    for i, p in enumerate(b.positions):
        if p.topic != topic:
            topic = p.topic
            out += [f"**{_md(topic)}**", ""]
        stances = ", ".join(f"{label(f'stance_{s.stance.value}', b.language)} {cite(s.source)}" for s in p.stances)
        out.append(f"- {_md(p.actor_name)}: {stances} — {_md(stance_summary(p.stances[0]))}")
        if i + 1 == len(b.positions) or b.positions[i + 1].topic != topic:
            out.append("")
    return out


def _quotes(b: Briefing, cite: Cite) -> list[str]:
    """The quote ledger: one entry per statement, each outlet's attribution kept."""
    lang = b.language
    out: list[str] = [f"## {label('ledger', lang)}", "", label("ledger_intro", lang), ""]
    for q in b.quotes:
        where = "; ".join(
            _located(c, cite, lang)
            + (f", {label('as_said_by', lang, name=_md(c.speaker_name))}" if c.speaker_name and c.speaker_name != q.speaker_name else "")
            for c in q.citations
            if not c.quoted_text
        )
        flags = f" ({label('part_of', lang, id=q.part_of)})" if q.part_of else ""
        kind = "" if q.kind.value == "direct" else f" ({label('indirect', lang)})"
        out.append(f"- {q.id} {_speaker(q, b.language)}{kind}: „{_md(q.text)}“ [{where}]{flags}")
        if q.translation:
            out.append(f"  - _{_md(q.translation)}_")
        for c in q.citations:
            if c.quoted_text:  # the same statement as another outlet prints it, in its language
                by = quoted_by(c.quoted_lang, cite.labels.get(c.source, c.source), b.language)
                out.append(f"  - {_md(by)}: “{_md(c.quoted_text)}” [{_located(c, cite, lang)}]")
    return out


def _speaker(q: QuoteEntry, lang: str) -> str:
    """The entry's speaker where the article confirms them, else whom it names or that it names no one."""
    name, note = speaker_shown(q, lang)
    shown = f"**{_md(name)}**" if name else f"_{label('speaker_unconfirmed', lang)}_"
    return shown + (f" ({_md(note)})" if note else "")


def _located(c: Citation, cite: Cite, lang: str) -> str:
    status = label(f"grounding_{c.grounding.status}", lang)
    return f"{cite.labels.get(c.source, c.source)} @{c.grounding.start}–{c.grounding.end} {status}"


def _timeline(b: Briefing, cite: Cite) -> list[str]:
    """Dated items in date order, then the undated in natural id order."""
    out: list[str] = ["", f"## {label('timeline', b.language)}", ""]
    events = {e.id: e for e in b.events}

    def shown(t: TimelineEntry) -> str:
        return _md(described(events[t.event]) if t.event in events else t.description)

    dated = [t for t in b.timeline if t.date]  # the merge sorted the timeline: by date, then id
    for t in dated:
        when = render_date(t.date, t.precision, b.language)
        out.append(f"- {when} — {shown(t)} [{t.event}] {cite(*t.sources)}")
    undated = [t for t in b.timeline if not t.date]
    if undated:
        out += ["", label("undated_intro", b.language), ""]
        for t in undated:
            said = f" — „{_md(t.date_text)}“" if t.date_text else ""
            out.append(f"- {shown(t)}{said} [{t.event}] {cite(*t.sources)}")
    return out


def _left_out(b: Briefing, cite: Cite) -> list[str]:
    """Spans not found in their articles, and the article summaries."""
    out: list[str] = []
    lang = b.language
    if b.not_verified:
        out += ["", f"## {label('not_verified', lang)}", "", label("not_verified_intro", lang), ""]
        for n in b.not_verified:
            who = f" ({_md(n.speaker)})" if n.speaker else ""
            quoted = f"„{_md(n.text)}“" if n.kind != "sentence" else f"“{_md(n.text)}”"
            kind = label(f"not_verified_{n.kind}", lang)
            out.append(f"- {kind}{who}: {quoted} {cite(n.source) if n.source else ''} — {_md(n.reason)}")
    if b.sources and any(summary_shown(s) for s in b.sources):
        out += ["", f"## {label('summaries', lang)}", ""]
        for src in b.sources:
            if summary_shown(src):
                out.append(f"- **{_md(cite.labels[src.id])}**: {_md(summary_shown(src))}")
    return out


def _changes(b: Briefing, cite: Cite) -> list[str]:
    changes = b.changes
    assert changes is not None
    earlier = Cite(b.model_copy(update={"sources": changes.previous_sources}))
    lang = b.language
    out = ["", f"## {label('changes', lang, since=changes.since)}", ""]
    if not changes.items:
        out.append(label("nothing_new", lang))
    for c in changes.items:
        moved = f": {c.before} → {c.after}" if c.before else ""
        before = f"; {label('before', lang, cited=earlier(*c.previous_sources))}" if c.previous_sources else ""
        subject = _md(c.subject).rstrip(".") if moved else _md(c.subject)
        title = label(f"change_{c.kind}", lang)
        out.append(f"- **{title}** — {subject}{_md(moved)} [{c.about}] {cite(*c.sources)}{before}")
    return out


def _when(a: EventAccount, lang: str) -> str:
    """The account's date as the briefing shows dates; a date only as written stays in its evidence."""
    return render_date(a.resolved_date, a.date_precision, lang)


def _status(status: EventStatus | Literal["disputed"], lang: str = "en") -> str:
    return status_word(status_text(status), lang)


def _event_block(
    e: EventEntry, cite: Cite, actor_name: dict[str, str], precision: Mapping[str, str], lang: str
) -> list[str]:
    who = ", ".join(actor_name.get(p, p) for p in e.participants)
    lines = [f"### {e.id} · {_md(described(e))}", ""]
    meta = [f"{label('field_status', lang)}: **{_status(e.status, lang)}**"]
    if e.date:
        meta.append(f"{label('field_when', lang)}: {render_date(e.date, precision.get(e.id, 'unknown'), lang)}")
    if e.location:
        meta.append(f"{label('field_where', lang)}: {_md(e.location)}")
    if who:
        meta.append(f"{label('field_who', lang)}: {_md(who)}")
    lines += [" · ".join(meta), ""]
    for a in e.accounts:
        when = f", {_when(a, lang)}" if _when(a, lang) else ""
        by = f", {label('by', lang, who=_md(actor_name.get(a.initiator, a.initiator)))}" if a.initiator else ""
        detail = f" ({label('aspect', lang)})" if a.aspect else ""
        lines.append(f"- {cite(a.source)} _{_status(a.status, lang)}{when}{by}{detail}_: „{_md(a.evidence)}“")
    lines.append("")
    return lines
