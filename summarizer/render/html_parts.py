"""Pieces of the HTML page: citations that link to highlighted spans, story cards, and the
highlighted article text. Every string from an article or a model is escaped here."""

from __future__ import annotations

import itertools
from html import escape

from summarizer.contracts.briefing import Briefing, EventEntry, source_label, status_text
from summarizer.render.cards import Card, FactItem, flags
from summarizer.render.checked import described
from summarizer.render.cite import with_copies
from summarizer.render.labels import label
from summarizer.text.display import render_date, status_word

Span = tuple[int, int]


def page_link(url: str | None, text: str = "↗") -> str:
    """A link to the page a source was read from (none without a URL; only http(s) is linked)."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return ""
    return f'<a class="cite" href="{escape(url)}" rel="noopener noreferrer external" title="{escape(url)}">{escape(text)}</a>'


def anchor(source: str, start: int, end: int) -> str:
    return f"s-{source}-{start}-{end}"


class Citations:
    """Source labels, and links from a claim to its highlighted span in the source text.

    Every span linked to is remembered so the source view marks it and gives it an anchor.
    """

    def __init__(self, b: Briefing) -> None:
        self.labels = {s.id: with_copies(s, source_label(s)) for s in b.sources}
        self.urls = {s.id: s.url for s in b.sources if s.url}
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
        """The citation: to the span in the source's text, and (↗) to the page it was read from."""
        name = escape(self.labels.get(source, source))
        page = page_link(self.urls.get(source))
        if span is None:
            return f'<a class="cite" href="#src-{escape(source)}">[{name}]</a>{page}'
        self.spans.setdefault(source, set()).add(span)
        return f'<a class="cite" href="#{anchor(source, *span)}">[{name}]</a>{page}'

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


def story_card(c: Card, b: Briefing, cite: Citations) -> str:
    """One ranked story as the card model has it, with links to each claim's evidence and to the detail."""
    s, lang = c.story, b.language
    shown = [escape(x) for x in flags(c, lang)]
    if s.coverage.single_source:  # the single-source flag stands out
        shown[-1] = f'<span class="flag">{shown[-1]}</span>'
    out = [
        f'<article class="card" id="{escape(s.id)}"><h3><span class="rank">{s.rank}</span> {escape(s.headline)}</h3>',
        f'<p class="meta">{" · ".join(shown)} · {escape(c.significance)}</p>',
    ]
    if c.since:
        out.append(f"<p><b>{escape(c.since)}:</b> {escape(c.news)}</p>")
    out += [f"<p><b>{escape(label('status_changed', lang))}:</b> {escape(x)}</p>" for x in c.status_changes]
    out.append(f'<p class="lede">{escape(c.lede)}</p>')
    out += [_facts(label("agreed", lang), c.agreed, cite), _facts(label("reported", lang), c.reported, cite)]
    if c.contested:
        items = "".join(
            f'<li>{escape(p.text)} <a class="cite" href="#{escape(p.disagreement)}">[{escape(p.disagreement)}]</a></li>'
            for p in c.contested
        )
        out.append(f"<h4>{escape(label('contested', lang))}</h4><ul>{items}</ul>")
    if c.quotes:
        out.append(f"<h4>{escape(label('quotes', lang))}</h4>")
        for k in c.quotes:
            q = cite.quotes.get(k.quote)
            located = {x.source: x for x in (q.citations if q else [])}
            links = " ".join(
                cite.link(src, cite.span(located[src].grounding.start, located[src].grounding.end))
                if src in located
                else cite.link(src, None)
                for src in k.cited
            )
            more = f' <a class="cite" href="#{escape(k.quote)}">+{k.more}</a>' if k.more else ""
            translation = f'<span class="tr">{escape(k.translation)}</span>' if k.translation else ""
            out.append(
                f'<blockquote><b>{escape(k.speaker_name)}</b>: <q lang="und">{escape(k.text)}</q> {links}{more}{translation}</blockquote>'
            )
    if c.timeline:
        items = "".join(
            f"<li><time>{escape(m.when)}</time> — {escape(m.description)} "
            f'<a class="cite" href="#{escape(m.event)}">[{escape(m.event)}]</a></li>'
            for m in c.timeline
        )
        whole = f'<a class="cite" href="#timeline">{escape(label("whole_timeline", lang))}</a>'
        out.append(f'<h4>{escape(label("timeline", lang))}</h4><ul class="tl">{items}</ul><p class="meta link">{whole}</p>')
    if c.background:
        out.append(
            f'<p class="bg"><b>{escape(label("background", lang))}:</b> '
            + " ".join(escape(t) for t in c.background)
            + "</p>"
        )
    more = " …" if c.more_outlets else ""
    out.append(f'<p class="meta">{escape(label("coverage", lang))}: {escape("; ".join(c.outlets))}{more}</p>')
    out.append(f'<p class="meta">{escape(label("in_detail", lang))}: {escape(c.detail)}</p></article>')
    return "\n".join(out)


def _facts(heading: str, facts: list[FactItem], cite: Citations) -> str:
    if not facts:
        return ""
    items = "".join(
        f"<li>{escape(f.text)}"
        + (f" <span class=n>({escape(f.count)})</span>" if f.count else "")
        + f" {cite.event(f.event, f.sources)}</li>"
        for f in facts
    )
    return f"<h4>{escape(heading)}</h4><ul>{items}</ul>"


def event_item(e: EventEntry, b: Briefing, cite: Citations) -> str:
    """One merged event with each source's account, status and evidence."""
    names = cite.names
    lang = b.language
    accounts = "".join(
        f"<li>{cite.link(a.source, cite.span(a.grounding.start, a.grounding.end))} "
        f"<i>{escape(status_word(a.status.value, lang))}"
        f"{(' · ' + escape(render_date(a.resolved_date, a.date_precision, lang))) if a.resolved_date else ''}"
        f"{(' · ' + escape(label('by', lang, who=names.get(a.initiator, a.initiator)))) if a.initiator else ''}</i>: "
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
