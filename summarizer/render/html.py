"""Briefing → one self-contained HTML page, the reading surface: ranked story cards under a table
of contents, then every section of the detail in collapsible blocks; each claim's citation links
to its highlighted span in the source text.

All article and model text is escaped, and a Content-Security-Policy forbids scripts outright.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from summarizer.contracts.briefing import Briefing, QuoteEntry, Source, TimelineEntry, source_label
from summarizer.render.cards import StoryLine, brief, flags
from summarizer.render.checked import described, speaker_shown, stance_summary, summary_shown, supported
from summarizer.render.cite import partial_note
from summarizer.render.facts import header_counts, provenance_line, reference_line, stats_line
from summarizer.render.html_parts import Citations, event_item, highlight, page_link, story_card
from summarizer.render.labels import label, quoted_by
from summarizer.text.article import HTML_MARK
from summarizer.text.display import natural_key, render_date, short_title

_STYLE = """
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:1rem;color:#1d1d1f;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:0}h3{font-size:1.05rem;margin:.2rem 0 .4rem}
h4{font-size:.9rem;margin:.8rem 0 .2rem;text-transform:uppercase;letter-spacing:.03em;color:#555}
nav{background:#f4f5f7;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}nav ol{margin:.2rem 0;padding-left:1.2rem}
nav a{text-decoration:none}.meta,.cite,.n{color:#5f6368;font-size:.85em}.cite{white-space:nowrap}
.card{border:1px solid #dadce0;border-radius:10px;padding:.8rem 1rem;margin:1rem 0;background:#fff}
.rank{display:inline-block;min-width:1.6em;text-align:center;background:#1a73e8;color:#fff;border-radius:1em;margin-right:.3em}
.lede{font-size:1.02em}.flag{background:#fde293;border-radius:4px;padding:0 .3em;color:#3c2f00}
blockquote{margin:.4rem 0;padding-left:.7rem;border-left:3px solid #dadce0}
.tr{display:block;color:#5f6368;font-style:italic}q{quotes:"„" "“"}q:lang(en){quotes:"“" "”"}nav li .meta{display:block}
details{border-top:1px solid #e0e0e0;padding:.5rem 0}summary{cursor:pointer;font-weight:600}
details>summary h2{display:inline}ul{padding-left:1.2rem}li{margin:.25rem 0}
mark{background:#fff3a8}a:target+mark{background:#ffb347;outline:2px solid #e67e00}
.article{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:.8rem;font-size:.9em}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}
time{font-variant-numeric:tabular-nums;color:#333;font-weight:600}
.sbs{display:grid;grid-template-columns:1fr 1fr;gap:.3rem 1rem}
@media (max-width:600px){body{font-size:15px;padding:.6rem}.card{padding:.6rem .7rem}.sbs{grid-template-columns:1fr}}
"""

Section = tuple[str, str, Callable[[Briefing, Citations], str]]  # anchor id, title, body


def to_html(b: Briefing, articles: dict[str, str]) -> str:
    """The page; `articles` maps source id → article text (for the highlighted source view)."""
    cite = Citations(b)
    lang = b.language
    plan = brief(b)
    cards = "\n".join(story_card(c, b, cite) for c in plan.cards) or f"<p>{escape(label('no_stories', lang))}</p>"
    cards += _story_lines(label("more", lang), plan.more, plan.more_rest, lang)
    cards += _story_lines(plan.unchanged_since, plan.unchanged, plan.unchanged_rest, lang)
    sections: list[Section] = [
        ("overview", label("overview", lang), _overview),
        ("disagreements", f"{label('disagreements', lang)} ({len(b.disagreements)})", _disagreements),
        ("events", f"{label('events', lang)} ({len(b.events)})", _events),
        ("timeline", label("timeline", lang), _timeline),
        ("quotes", f"{label('ledger', lang)} ({len(b.quotes)})", _quotes),
        ("positions", f"{label('positions', lang)} ({len(b.positions)})", _positions),
        ("actors", f"{label('actors', lang)} ({len(b.actors)})", _actors),
    ]
    if b.changes is not None:
        sections.insert(0, ("changes", label("changes", lang, since=b.changes.since), _changes))
    if b.not_verified or b.failures:
        sections.append(("problems", label("problems", lang), _problems))
    # Built before the sources, so that every span a claim links to is marked in its article.
    details = [
        f'<details id="{sid}"><summary><h2>{escape(title)}</h2></summary>{body(b, cite)}</details>'
        for sid, title, body in sections
    ]
    sources, stats, top = label("sources", lang), label("stats", lang), label("top", lang)
    details.append(
        f'<details id="sources"><summary><h2>{escape(sources)} ({len(b.sources)})</h2></summary>{_sources(b, cite, articles)}</details>'
    )
    details.append(f'<details id="stats" open><summary><h2>{escape(stats)}</h2></summary>{_stats(b)}</details>')
    toc = "".join(
        f'<li><a href="#{escape(c.story.id)}">{escape(c.story.headline)}</a> <span class="meta">{escape(" · ".join(flags(c, lang)))}</span></li>'
        for c in plan.cards
    )
    more = " · ".join(f'<a href="#{sid}">{escape(_nav(sid, title, lang))}</a>' for sid, title, _ in sections)
    title = label("title", lang)
    body = (
        f"<header><h1>{escape(title)}</h1>{_provenance(b)}"
        f'<p class="meta">{escape(header_counts(b))}</p>'
        + (f"<p><strong>{escape(partial_note(b))}</strong></p>" if b.partial else "")
        + "</header>"
        f'<nav aria-label="{escape(label("contents", lang))}"><b>{escape(top)}</b><ol>{toc}</ol><p class="meta">{more} · '
        f'<a href="#sources">{escape(sources)}</a> · <a href="#stats">{escape(stats)}</a></p></nav>'
        f'<section id="stories"><h2>{escape(top)}</h2>{cards}</section>' + "\n".join(details)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(b.language)}"><head><meta charset="utf-8">{HTML_MARK}'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def _provenance(b: Briefing) -> str:
    """News day, generation time, answers and models; the reference-answers line where it applies."""
    line, note = provenance_line(b), reference_line(b)
    out = f'<p class="meta">{escape(line)}</p>' if line else ""
    return out + (f'<p><strong class="flag">{escape(note)}</strong></p>' if note else "")


def _story_lines(heading: str, lines: list[StoryLine], rest: int, lang: str) -> str:
    """The stories the brief lists by a line (as the Markdown does), each linked to its detail in JSON's order."""
    if not lines:
        return ""
    items = "".join(
        f'<li>{escape(x.story.headline)} <span class="meta">{escape(x.coverage)} [{escape(x.story.id)}]</span></li>'
        for x in lines
    )
    more = f"<li>{escape(label('more_rest', lang, n=rest))}</li>" if rest else ""
    return f"<h3>{escape(heading)}</h3><ul>{items}{more}</ul>"


def _nav(sid: str, title: str, lang: str) -> str:
    """A section's name in the table of contents: the heading, the day compared with left to it."""
    return label("changes_nav", lang) if sid == "changes" else title


def _overview(b: Briefing, cite: Citations) -> str:
    items = "".join(
        f"<li>{escape(x.text)} <span class=cite>{escape(', '.join(x.cites))}</span></li>"
        for x in b.overview
        if supported(x.check)
    )
    by = "" if b.overview_by == "model" else f'<p class="meta">{escape(label("composed_by_rules", b.language))}</p>'
    return f"<ul>{items}</ul>{by}"


def _changes(b: Briefing, cite: Citations) -> str:
    assert b.changes is not None
    items = "".join(
        f"<li><b>{escape(label(f'change_{c.kind}', b.language))}</b> — {escape(c.subject)}{_moved(c.before, c.after)} "
        f'<a class="cite" href="#{escape(c.about)}">[{escape(c.about)}]</a></li>'
        for c in b.changes.items
    )
    return f"<ul>{items}</ul>" if items else f"<p>{escape(label('nothing_new', b.language))}</p>"


def _moved(before: str | None, after: str | None) -> str:
    return f": {escape(before)} → {escape(after or '')}" if before else ""


def _disagreements(b: Briefing, cite: Citations) -> str:
    out = []
    for d in b.disagreements:
        sides = "".join(
            f"<li><b>{escape(side.label)}</b> "
            + "".join(f"<div><q>{escape(ev)}</q> {cite.evidence_in(side.sources, ev)}</div>" for ev in side.evidence)
            + "</li>"
            for side in d.sides
        )
        out.append(f'<div id="{escape(d.id)}"><h3>{escape(d.id)} · {escape(d.subject)}</h3><ul>{sides}</ul></div>')
    return "".join(out) or f"<p>{escape(label('none_found', b.language))}</p>"


def _events(b: Briefing, cite: Citations) -> str:
    return "<ul>" + "".join(event_item(e, b, cite) for e in sorted(b.events, key=lambda e: natural_key(e.id))) + "</ul>"


def _timeline(b: Briefing, cite: Citations) -> str:
    dated = [t for t in b.timeline if t.date]  # the merge sorted the timeline: by date, then id
    undated = [t for t in b.timeline if not t.date]
    events = {e.id: e for e in b.events}

    def shown(t: TimelineEntry) -> str:
        return escape(described(events[t.event]) if t.event in events else t.description)

    rows = "".join(
        f"<li><time>{escape(render_date(t.date, t.precision, b.language))}</time> — {shown(t)} "
        f'<a class="cite" href="#{escape(t.event)}">[{escape(t.event)}]</a></li>'
        for t in dated
    )
    rest = "".join(
        f'<li>{shown(t)} <a class="cite" href="#{escape(t.event)}">[{escape(t.event)}]</a></li>'
        for t in undated
    )
    return f'<ul class="tl">{rows}</ul><h4>{escape(label("undated", b.language))}</h4><ul>{rest}</ul>'


def _quotes(b: Briefing, cite: Citations) -> str:
    out = [f'<p class="meta">{escape(label("ledger_intro", b.language))}</p>']
    for q in b.quotes:
        links = " ".join(
            cite.link(c.source, cite.span(c.grounding.start, c.grounding.end))
            + (f" ({escape(label('as_said_by', b.language, name=c.speaker_name))})" if c.speaker_name and c.speaker_name != q.speaker_name else "")
            for c in q.citations
            if not c.quoted_text
        )
        tr = f'<span class="tr">{escape(q.translation)}</span>' if q.translation else ""
        said = f'{_speaker(q, b.language)}: <q lang="und">{escape(q.text)}</q> {links}{tr}'
        # The same statement as another outlet prints it in its language, beside the entry's text.
        quoted = "".join(
            f'<div><span class="meta">{escape(quoted_by(c.quoted_lang, cite.labels.get(c.source, c.source), b.language))}</span> '
            f'<q lang="{escape(c.quoted_lang or "und")}">{escape(c.quoted_text)}</q> '
            f"{cite.link(c.source, cite.span(c.grounding.start, c.grounding.end))}</div>"
            for c in q.citations
            if c.quoted_text
        )
        body = f'<div class="sbs"><div>{said}</div>{quoted}</div>' if quoted else said
        out.append(f'<blockquote id="{escape(q.id)}">{body}</blockquote>')
    return "".join(out)


def _speaker(q: QuoteEntry, lang: str) -> str:
    """The entry's speaker where the article confirms them, else whom it names or that it names no one."""
    name, note = speaker_shown(q, lang)
    who = f"<b>{escape(name)}</b>" if name else f"<i>{escape(label('speaker_unconfirmed', lang))}</i>"
    return who + (f' <span class="meta">({escape(note)})</span>' if note else "")


def _positions(b: Briefing, cite: Citations) -> str:
    lang = b.language
    rows = "".join(
        f"<tr><td>{escape(p.topic)}</td><td>{escape(p.actor_name)}</td><td>{escape(stance_summary(p.stances[0]))}</td><td>"
        + " ".join(
            f"{escape(label(f'stance_{s.stance.value}', lang))} {cite.link(s.source, cite.span(s.grounding.start, s.grounding.end))}"
            for s in p.stances
        )
        + "</td></tr>"
        for p in b.positions
    )
    return f'<div class="scroll"><table>{_head(lang, "topic", "actor", "position", "stance")}{rows}</table></div>'


def _actors(b: Briefing, cite: Citations) -> str:
    lang = b.language
    rows = "".join(
        f"<tr><td>{escape(a.name)}</td><td>{escape(label(f'kind_{a.kind.value}', lang))}</td>"
        f"<td>{escape('; '.join(a.roles)) or '—'}</td><td>{escape(', '.join(a.aliases)) or '—'}</td><td>{len(a.sources)}</td></tr>"
        for a in b.actors
    )
    head = _head(lang, "actor", "kind", "roles", "as_written", "sources")
    return f'<div class="scroll"><table>{head}{rows}</table></div>'


def _head(lang: str, *keys: str) -> str:
    """A table's header row, its column names in the briefing language."""
    return "<tr>" + "".join(f"<th>{escape(label(k, lang))}</th>" for k in keys) + "</tr>"


def _problems(b: Briefing, cite: Citations) -> str:
    items = [
        f"<li>{escape(label(f'not_verified_{n.kind}', b.language))}: <q>{escape(n.text)}</q> {cite.link(n.source, None) if n.source else ''} — {escape(n.reason)}</li>"
        for n in b.not_verified
    ]
    items += [f"<li><code>{escape(f.path)}</code> — {escape(f.reason)}</li>" for f in b.failures]
    return f"<ul>{''.join(items)}</ul>"


def _pages(s: Source, lang: str) -> str:
    """Where the source was read, and where other outlets ran the same story (their URLs shown)."""
    copies = [escape(c.outlet or c.path) + (f" {page_link(c.url, c.url)}" if c.url else "") for c in s.copies]
    parts = [page_link(s.url, s.url)] if s.url else []
    if copies:
        parts.append(label("also_run_by", lang, outlets=", ".join(copies)))
    return f'<p class="meta">{"; ".join(parts)}</p>' if parts else ""


def _sources(b: Briefing, cite: Citations, articles: dict[str, str]) -> str:
    out = []
    for s in sorted(b.sources, key=lambda s: natural_key(source_label(s))):
        facts = [s.outlet or label("outlet_unknown", b.language), *(v for v in (s.country, s.owner, s.kind) if v)]
        if s.published:
            facts.append(render_date(s.published, "day", b.language))
        summary = f"<p>{escape(summary_shown(s))}</p>" if summary_shown(s) else ""
        summary = _pages(s, b.language) + summary
        out.append(
            f'<details id="src-{escape(s.id)}"><summary><b>{escape(source_label(s))}</b> — <q>{escape(short_title(s.title))}</q> '
            f'<span class="meta">{escape(" · ".join(facts))}</span></summary>{summary}'
            f'<div class="article">{highlight(s.id, articles.get(s.id, ""), cite.spans.get(s.id, set()))}</div></details>'
        )
    return "".join(out)


def _stats(b: Briefing) -> str:
    return f"<p>{escape(stats_line(b, direct=True))}</p>"
