"""Pieces of the HTML page: citations that link to highlighted spans, story cards, and the
highlighted article text. Every string from an article or a model is escaped here."""

from __future__ import annotations

import itertools
from html import escape

from summarizer.contracts.briefing import Briefing, EventEntry, status_text
from summarizer.contracts.story import Story
from summarizer.render.checked import described
from summarizer.render.cite import plural
from summarizer.text.display import render_date, status_word

Span = tuple[int, int]


def anchor(source: str, start: int, end: int) -> str:
    return f"s-{source}-{start}-{end}"


class Citations:
    """Source labels, and links from a claim to its highlighted span in the source text.

    Every span linked to is remembered so the source view marks it and gives it an anchor.
    """

    def __init__(self, b: Briefing) -> None:
        self.labels = {s.id: s.label or s.title for s in b.sources}
        self.spans: dict[str, set[Span]] = {s.id: set() for s in b.sources}
        self._evidence: dict[tuple[str, str], Span] = {}
        for e in b.events:
            for a in e.accounts:
                if a.grounding.start is not None and a.grounding.end is not None:
                    self._evidence[(a.source, a.evidence)] = (a.grounding.start, a.grounding.end)
        for p in b.positions:
            for s in p.stances:
                if s.grounding.start is not None and s.grounding.end is not None:
                    self._evidence[(s.source, s.evidence)] = (s.grounding.start, s.grounding.end)
        self._events = {e.id: e for e in b.events}
        self.names = {a.id: a.name for a in b.actors}
        self.quotes = {q.id: q for q in b.quotes}

    def link(self, source: str, span: Span | None) -> str:
        name = escape(self.labels.get(source, source))
        if span is None:
            return f'<a class="cite" href="#src-{escape(source)}">[{name}]</a>'
        self.spans.setdefault(source, set()).add(span)
        return f'<a class="cite" href="#{anchor(source, *span)}">[{name}]</a>'

    def span(self, start: int | None, end: int | None) -> Span | None:
        return (start, end) if start is not None and end is not None else None

    def evidence_in(self, sources: list[str], text: str) -> str:
        """Links to where `text` (an evidence span) stands in those of `sources` that carry it."""
        found = [self.link(s, self._evidence[(s, text)]) for s in sources if (s, text) in self._evidence]
        return " ".join(found) or " ".join(self.link(s, None) for s in sources)

    def event(self, event_id: str | None, sources: list[str]) -> str:
        """Links to each source's evidence of an event (or to the sources, without one)."""
        event = self._events.get(event_id or "")
        if event is None:
            return " ".join(self.link(s, None) for s in sources)
        seen: dict[str, str] = {}
        for a in event.accounts:
            if a.source in sources and a.source not in seen:
                seen[a.source] = self.link(a.source, self.span(a.grounding.start, a.grounding.end))
        return " ".join(seen.values())


def story_card(s: Story, b: Briefing, cite: Citations) -> str:
    """One ranked story: headline, why it ranks, lede, agreed facts, contested points, quotes, moments."""
    reasons = "; ".join(r.detail for r in s.significance.reasons if r.points)
    mark = s.continuity.mark if s.continuity else s.status
    single = ' <span class="flag">single source</span>' if s.coverage.single_source else ""
    out = [
        f'<article class="card" id="{escape(s.id)}"><h3><span class="rank">{s.rank}</span> {escape(s.headline)}</h3>',
        f'<p class="meta">{escape(mark)} · {plural(s.coverage.independent_outlets, "outlet", "outlets")} · '
        f"{plural(s.coverage.articles, 'article', 'articles')}"
        f"{single} · significance {s.significance.score:g} ({escape(reasons)})</p>",
        f'<p class="lede">{escape(s.lede)}</p>',
    ]
    if s.key_facts:
        heading = "What the sources report" if s.coverage.single_source else "What the sources agree on"
        items = "".join(
            f"<li>{escape(f.text)} <span class=n>({plural(len(f.sources), 'source', 'sources')})</span> "
            f"{cite.event(f.event, f.sources)}</li>"
            for f in s.key_facts
        )
        out.append(f"<h4>{heading}</h4><ul>{items}</ul>")
    if s.contested:
        items = "".join(
            f'<li>{escape(p.text)} <a class="cite" href="#{escape(p.disagreement)}">[{escape(p.disagreement)}]</a></li>'
            for p in s.contested
        )
        out.append(f"<h4>Contested</h4><ul>{items}</ul>")
    if s.key_quotes:
        out.append("<h4>Key quotes</h4>")
        for k in s.key_quotes:
            q = cite.quotes.get(k.quote)
            links = " ".join(
                cite.link(c.source, cite.span(c.grounding.start, c.grounding.end)) for c in (q.citations if q else [])
            )
            translation = f'<span class="tr">{escape(k.translation)}</span>' if k.translation else ""
            out.append(
                f'<blockquote><b>{escape(k.speaker_name)}</b>: <q lang="und">{escape(k.text)}</q> {links}{translation}</blockquote>'
            )
    dated = [m for m in s.timeline if m.date]
    if dated:
        items = "".join(
            f"<li><time>{escape(render_date(m.date, m.precision, b.language))}</time> {escape(m.description)} "
            f'<a class="cite" href="#{escape(m.event)}">[{escape(m.event)}]</a></li>'
            for m in dated
        )
        out.append(f'<details><summary>Timeline ({len(dated)})</summary><ul class="tl">{items}</ul></details>')
    if s.background:
        out.append('<p class="bg"><b>Background:</b> ' + " ".join(escape(f.text) for f in s.background) + "</p>")
    out.append(f'<p class="meta">Coverage: {escape("; ".join(s.coverage.outlets))}</p></article>')
    return "\n".join(out)


def event_item(e: EventEntry, b: Briefing, cite: Citations) -> str:
    """One merged event with each source's account, status and evidence."""
    names = cite.names
    lang = b.language
    accounts = "".join(
        f"<li>{cite.link(a.source, cite.span(a.grounding.start, a.grounding.end))} "
        f"<i>{escape(status_word(a.status.value, lang))}"
        f"{(' · ' + escape(render_date(a.resolved_date, a.date_precision, lang))) if a.resolved_date else ''}"
        f"{(' · by ' + escape(names.get(a.initiator, a.initiator))) if a.initiator else ''}</i>: "
        f"<q>{escape(a.evidence)}</q></li>"
        for a in e.accounts
    )
    who = ", ".join(names.get(p, p) for p in e.participants)
    where = f" · {escape(e.location)}" if e.location else ""
    status = status_word(status_text(e.status), lang)
    return (
        f'<li id="{escape(e.id)}"><b>{escape(e.id)}</b> {escape(described(e))} '
        f'<span class="meta">{escape(status)}{where} · {escape(who)}</span><ul>{accounts}</ul></li>'
    )


def highlight(source: str, text: str, spans: set[Span]) -> str:
    """Escaped article text: every cited span marked, with an anchor where each one starts."""
    spans = {(start, end) for start, end in spans if 0 <= start < end <= len(text)}
    starts: dict[int, list[str]] = {}
    for start, end in sorted(spans):
        starts.setdefault(start, []).append(anchor(source, start, end))
    covered = [False] * (len(text) + 1)
    for start, end in spans:
        for i in range(start, end):
            covered[i] = True
    cuts = sorted({0, len(text), *(s for s, _ in spans), *(e for _, e in spans)})
    out = []
    for start, end in itertools.pairwise(cuts):
        out += [f'<a id="{a}"></a>' for a in starts.get(start, [])]
        chunk = escape(text[start:end])
        out.append(f"<mark>{chunk}</mark>" if covered[start] else chunk)
    return "".join(out)
