"""The lines a briefing states about itself, in its language: where its answers come from, its
provenance, its counts and the run's figures (the words: render/labels.py)."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing
from summarizer.render.labels import counts, label
from summarizer.text.display import render_date
from summarizer.text.wording import count, noun


def header_counts(b: Briefing) -> str:
    """'5 articles · 3 stories · 58 events · 77 quotes found in their sources · 30 speakers confirmed ·
    12 disagreements', each noun in its number: what the quote checks proved, beside the briefing's counts."""
    confirmed = sum(1 for q in b.quotes if q.speaker_check is not None and q.speaker_check.status == "confirmed")
    return counts(
        b.language,
        article=len(b.sources),
        story=len(b.stories),
        event=len(b.events),
        quote_found=len(b.quotes),
        speaker_confirmed=confirmed,
        disagreement=len(b.disagreements),
    )


def answers_text(b: Briefing, lang: str | None = None) -> str:
    """'5 reference answers', '3 recorded answers and 2 live answers': the origin of the briefing's answers."""
    lang = lang or b.language
    p = b.provenance
    if p is None or not p.answers:
        return label("no_answers", lang)
    return label("and", lang).join(count(n, f"{origin} answer", lang) for origin, n in p.answers.items())


def provenance_line(b: Briefing) -> str:
    """'News day Wed 22 Oct 2025 (articles of …) · generated … UTC · 5 reference answers · no model';
    '' for a briefing that does not say where it comes from."""
    p, lang = b.provenance, b.language
    if p is None:
        return ""
    parts = []
    if p.news_day:
        day = label("news_day", lang, day=render_date(p.news_day, "day", lang))
        if p.published_from and p.published_to and p.published_from != p.published_to:
            first, last = (render_date(d, "day", lang) for d in (p.published_from, p.published_to))
            day += f" ({label('articles_span', lang, first=first, last=last)})"
        parts.append(day)
    parts.append(label("generated", lang, time=p.generated.replace("T", " ").removesuffix("+00:00")))
    parts.append(answers_text(b))
    names = ", ".join(p.models)
    parts.append(label("model" if len(p.models) == 1 else "models", lang, names=names) if p.models else label("no_model", lang))
    line = " · ".join(parts)
    return line[:1].upper() + line[1:]


def reference_line(b: Briefing) -> str | None:
    """The line a briefing made from hand-written answers states, in its language; None otherwise."""
    return label("reference_line", b.language) if b.provenance and b.provenance.note else None


def stats_line(b: Briefing, direct: bool = False) -> str:
    """The run's figures in one line; `direct` adds how many of the articles' direct quotations were extracted."""
    st, lang = b.stats, b.language
    cost = label("price_unknown", lang) if st.cost_usd is None else f"${st.cost_usd:.4f}"
    parts = [
        count(st.articles, "article", lang),
        label("failed", lang, n=st.failures),
        answers_text(b),
        count(st.llm_calls, "LLM call", lang),
        count(st.cache_hits, "cache hit", lang),
        label("tokens", lang, prompt=st.prompt_tokens, completion=st.completion_tokens),
        cost,
        count(st.retries, "retry", lang),
        label("dropped", lang, quotes=count(st.ungrounded_dropped, "quote", lang)),
    ]
    if st.invalid_dropped:
        parts.append(label("invalid", lang, references=count(st.invalid_dropped, "invalid reference", lang)))
    if direct:
        quotations = noun(st.direct_quotes_found, "direct quotation", lang)
        parts.append(
            label("direct", lang, covered=st.direct_quotes_covered, found=st.direct_quotes_found, quotations=quotations)
        )
    return " · ".join(parts)
