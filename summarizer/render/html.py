"""Briefing → one self-contained HTML page; every quote links to its highlighted span in the source.

All article and model text is escaped, and a Content-Security-Policy forbids scripts outright.
"""

from __future__ import annotations

import itertools
from html import escape

from summarizer.contracts.briefing import Briefing, status_text
from summarizer.render.cite import source_labels
from summarizer.render.markdown import partial_note

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ddd;margin-top:2rem}
.cite{color:#555;font-size:.85em}.q{margin:.4rem 0}.side{margin-left:1rem}
mark{background:#fff3a8}a:target+mark{background:#ffb347;outline:2px solid #e67e00}
.article{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;padding:1rem;font-size:.9em}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}
"""


def _anchor(source: str, start: int, end: int) -> str:
    return f"s-{source}-{start}-{end}"


class _Links:
    """Citations that link to their span in the source view; remembers each span so it gets highlighted."""

    def __init__(self, b: Briefing) -> None:
        self.label = source_labels(b.sources)
        self.spans: dict[str, set[tuple[int, int]]] = {s.id: set() for s in b.sources}

    def __call__(self, source: str, start: int | None, end: int | None) -> str:
        name = escape(self.label.get(source, source))
        if start is None or end is None:
            return f'<span class="cite">[{name}]</span>'
        self.spans.setdefault(source, set()).add((start, end))
        return f'<a class="cite" href="#{_anchor(source, start, end)}">[{name}]</a>'


def to_html(b: Briefing, articles: dict[str, str]) -> str:
    """The page; `articles` maps source id → article text (for the highlighted source view)."""
    link = _Links(b)
    body: list[str] = [
        f"<h1>News briefing</h1><p class=cite>{len(b.sources)} sources · {len(b.quotes)} verified quotes</p>"
    ]
    if b.partial:
        body.append(f"<p><strong>{escape(partial_note(b))}</strong></p>")
    body.append(
        "<h2>Overview</h2><ul>"
        + "".join(f"<li>{escape(x.text)} <span class=cite>{escape(', '.join(x.cites))}</span></li>" for x in b.overview)
        + "</ul>"
    )
    body += _changes(b) + _disagreements(b, link.label) + _events(b, link) + _quotes(b, link) + _positions(b, link)
    body += _left_out(b, link.label)
    body.append("<h2>Sources</h2>")  # last: the links above decide what is highlighted here
    for s in b.sources:
        text = articles.get(s.id, "")
        body.append(f'<h3 id="src-{escape(s.id)}">{escape(link.label[s.id])} — {escape(s.title)}</h3>')
        if s.summary:
            body.append(f"<p>{escape(s.summary)}</p>")
        body.append(f'<div class="article">{_highlight(s.id, text, link.spans.get(s.id, set()))}</div>')

    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>News briefing</title><style>{_STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _changes(b: Briefing) -> list[str]:
    if b.changes is None:
        return []
    body = [f"<h2>What changed since {escape(b.changes.since)}</h2><ul>"]
    for c in b.changes.items:
        moved = f": {escape(c.before)} → {escape(c.after or '')}" if c.before else ""
        body.append(
            f"<li><b>{escape(c.kind.replace('_', ' '))}</b> — {escape(c.subject)}{moved} [{escape(c.about)}]</li>"
        )
    body.append("</ul>")
    return body


def _disagreements(b: Briefing, label: dict[str, str]) -> list[str]:
    body = ["<h2>Disagreements</h2>"]
    for d in b.disagreements:
        body.append(f"<h3>{escape(d.id)} · {escape(d.subject)}</h3>")
        for side in d.sides:
            cites = " ".join(f'<span class="cite">[{escape(label.get(s, s))}]</span>' for s in side.sources)
            quotes = "".join(f'<div class="cite">„{escape(ev)}“</div>' for ev in side.evidence)
            body.append(f'<div class="side"><b>{escape(side.label)}</b> {cites}{quotes}</div>')
    return body


def _events(b: Briefing, link: _Links) -> list[str]:
    body = ["<h2>Events</h2>"]
    for e in b.events:
        accounts = "".join(
            f"<li>{escape(status_text(a.status))}{(' · ' + escape(a.date or a.date_text or '')) if (a.date or a.date_text) else ''}: "
            f"„{escape(a.evidence)}“ {link(a.source, a.grounding.start, a.grounding.end)}</li>"
            for a in e.accounts
        )
        body.append(f"<h3>{escape(e.id)} · {escape(e.description)}</h3><ul>{accounts}</ul>")
    return body


def _quotes(b: Briefing, link: _Links) -> list[str]:
    body = ["<h2>Quote ledger</h2>"]
    for q in b.quotes:
        cites = " ".join(link(c.source, c.grounding.start, c.grounding.end) for c in q.citations)
        translation = f'<div class="cite">{escape(q.translation)}</div>' if q.translation else ""
        body.append(f'<div class="q"><b>{escape(q.speaker_name)}</b>: „{escape(q.text)}“ {cites}{translation}</div>')
    return body


def _positions(b: Briefing, link: _Links) -> list[str]:
    body = ["<h2>Positions</h2><table><tr><th>Topic</th><th>Actor</th><th>Stance</th><th>Sources</th></tr>"]
    for p in b.positions:
        stances = ", ".join(s.stance.value for s in p.stances)
        cites = " ".join(link(s.source, s.grounding.start, s.grounding.end) for s in p.stances)
        body.append(
            f"<tr><td>{escape(p.topic)}</td><td>{escape(p.actor_name)}</td><td>{escape(stances)}</td><td>{cites}</td></tr>"
        )
    body.append("</table>")
    return body


def _left_out(b: Briefing, label: dict[str, str]) -> list[str]:
    """What the briefing does not contain: unverified spans and articles that failed."""
    body: list[str] = []
    if b.not_verified:
        body.append("<h2>Not verified</h2><ul>")
        body += [
            f"<li>{escape(n.kind)}: „{escape(n.text)}“ [{escape(label.get(n.source, n.source))}] — {escape(n.reason)}</li>"
            for n in b.not_verified
        ]
        body.append("</ul>")
    if b.failures:
        body.append("<h2>Not included</h2><ul>")
        body += [f"<li><code>{escape(f.path)}</code> — {escape(f.reason)}</li>" for f in b.failures]
        body.append("</ul>")
    return body


def _highlight(source: str, text: str, spans: set[tuple[int, int]]) -> str:
    """Escaped article text: every cited span marked, with an anchor where each one starts."""
    spans = {(start, end) for start, end in spans if 0 <= start < end <= len(text)}
    starts: dict[int, list[str]] = {}
    for start, end in sorted(spans):
        starts.setdefault(start, []).append(_anchor(source, start, end))
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
