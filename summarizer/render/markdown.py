"""Briefing → Markdown: the brief, and with `--detail full` the appendix of every item."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, Source
from summarizer.render.appendix import appendix
from summarizer.render.brief import md as _md
from summarizer.render.brief import top_stories
from summarizer.render.checked import left_out, supported
from summarizer.render.cite import Cite, partial_note
from summarizer.render.facts import header_counts, provenance_line, reference_line, stats_line
from summarizer.render.labels import label
from summarizer.text.display import natural_key, render_date
from summarizer.text.wording import count, noun

TITLE_WORDS = 20
SOURCES_IN_BRIEF = 30


def to_markdown(b: Briefing, full: bool = False) -> str:
    """The brief (ranked story cards, sources, stats); with `full`, the appendix of every item too."""
    cite = Cite(b)
    lang = b.language
    out: list[str] = [f"# {label('title', lang)}", ""]
    out += [f"_{_md(provenance_line(b))}_", ""] if b.provenance else []
    note = reference_line(b)
    out += [f"**{_md(note)}**", ""] if note else []
    out += [f"_{header_counts(b)}_", ""]
    if b.partial:
        out += [f"**{partial_note(b)}**", ""]
    if b.overview_by == "model":
        shown = [f"- {_md(s.text)}" for s in b.overview if supported(s.check)]
        out += [f"## {label('overview', lang)}", "", *shown, ""]
    out += top_stories(b, cite)
    if full:
        out += [f"# {label('appendix', lang)}", "", *appendix(b, cite)]
    elif b.not_verified:
        out += [f"## {label('not_verified', lang)}", "", f"_{_md(left_out(b))} ({label('listed_in_full', lang)})._", ""]
    if b.failures:
        out += [f"## {label('not_included', lang)}", ""]
        for f in b.failures:
            out.append(f"- `{f.path}` — {_md(f.reason)}")
        out.append("")
    out += [f"## {label('sources', lang)}", ""]
    listed = b.sources
    if not full and len(b.sources) > SOURCES_IN_BRIEF:  # a big day's brief names its outlets, not every article
        listed = []
        out.append(_big_day(b))
    for s in sorted(listed, key=lambda s: natural_key(cite.labels[s.id].casefold())):
        title = " ".join(s.title.split()[:TITLE_WORDS]) + (" …" if len(s.title.split()) > TITLE_WORDS else "")
        # The title is the outlet's (or the article's first line): its own words, quoted.
        out.append(
            f"- **{_md(cite.labels[s.id])}** — „{_md(title)}“ ({_source_facts(s, lang, full)}){_where(s, lang)}"
        )
    out += ["", f"## {label('stats', lang)}", "", stats_line(b), ""]
    return "\n".join(out)


def _big_day(b: Briefing) -> str:
    """'40 articles from 5 named outlets and 3 without one; every source with `--detail full` and in JSON.'"""
    lang = b.language
    outlets = len({s.outlet.casefold() for s in b.sources if s.outlet})
    unnamed = sum(1 for s in b.sources if not s.outlet)
    return label(
        "big_day",
        lang,
        articles=count(len(b.sources), "article", lang),
        outlets=count(outlets, "named outlet", lang),
        without=label("big_day_without", lang, n=unnamed) if unnamed else "",
    )


def _source_facts(s: Source, lang: str, full: bool) -> str:
    """Outlet (unknown where no front matter or catalogue names it), country, owner, kind, date;
    in the full briefing also how many of its direct quotations were extracted."""
    facts = [s.outlet or label("outlet_unknown", lang)]
    facts += [value for value in (s.country, s.owner, s.kind) if value]
    if s.published:
        facts.append(render_date(s.published, "day", lang))
    if full:
        quotations = noun(s.direct_quotes_found, "direct quotation", lang)
        facts.append(label("direct", lang, covered=s.direct_quotes_covered, found=s.direct_quotes_found, quotations=quotations))
    return _md(" · ".join(facts))


def _where(s: Source, lang: str) -> str:
    """The page the source was read from, and the other outlets' pages of the same story."""
    shown = f" <{s.url}>" if s.url else ""
    copies = [f"{_md(c.outlet or c.path)}" + (f" <{c.url}>" if c.url else "") for c in s.copies]
    return shown + (f"; {label('also_run_by', lang, outlets=', '.join(copies))}" if copies else "")
