"""The words the renderers write themselves, in each briefing language (English as the fallback).

Markdown and HTML take every label from here, so a card says the same in both formats.
"""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing
from summarizer.text.wording import count, noun

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "News briefing",
        "top": "Top stories",
        "no_stories": "No stories: no article could be briefed.",
        "more": "More stories",
        "more_rest": "… and {n} more (JSON; `--detail full`)",
        "unchanged_since": "Unchanged since {since}",
        "agreed": "What the sources agree on",
        "reported": "What the sources report",
        "contested": "Contested",
        "quotes": "Key quotes",
        "timeline": "Timeline",
        "background": "Background",
        "coverage": "Coverage",
        "single": "single source",
        "significance": "significance {score}",
        "since": "Since {since}",
        "status_changed": "Status changed",
        "in_detail": "In the detail",
        "sources": "Sources",
        "stats": "Stats",
        "outlet_unknown": "outlet unknown",
        "new": "new",
        "developing": "developing",
        "unchanged": "unchanged",
        "whole_timeline": "every dated event",
        "verified": "verified",
        "overview": "Overview",
        "disagreements": "Disagreements",
        "events": "Every event",
        "ledger": "Quote ledger",
        "positions": "Positions",
        "actors": "Actors",
        "changes": "What changed since {since}",
        "changes_nav": "Changes since the day before",
        "problems": "Not verified or not included",
        "failed": "{n} failed",
        "tokens": "{prompt}+{completion} tokens",
        "price_unknown": "price unknown",
        "dropped": "{quotes} dropped as unverified",
        "invalid": "{references} dropped",
        "direct": "{covered}/{found} {quotations} extracted",
    },
    "de": {
        "title": "Nachrichtenbriefing",
        "top": "Die wichtigsten Themen",
        "no_stories": "Keine Themen: kein Artikel konnte ausgewertet werden.",
        "more": "Weitere Themen",
        "more_rest": "… und {n} weitere (JSON; `--detail full`)",
        "unchanged_since": "Unverändert seit {since}",
        "agreed": "Worin die Quellen übereinstimmen",
        "reported": "Was die Quellen berichten",
        "contested": "Umstritten",
        "quotes": "Zentrale Zitate",
        "timeline": "Zeitleiste",
        "background": "Hintergrund",
        "coverage": "Berichterstattung",
        "single": "nur eine Quelle",
        "significance": "Relevanz {score}",
        "since": "Seit {since}",
        "status_changed": "Status geändert",
        "in_detail": "Im Detail",
        "sources": "Quellen",
        "stats": "Statistik",
        "outlet_unknown": "Medium unbekannt",
        "new": "neu",
        "developing": "in Entwicklung",
        "unchanged": "unverändert",
        "whole_timeline": "alle datierten Ereignisse",
        "verified": "geprüft",
        "overview": "Überblick",
        "disagreements": "Widersprüche",
        "events": "Alle Ereignisse",
        "ledger": "Zitate",
        "positions": "Positionen",
        "actors": "Akteure",
        "changes": "Was sich seit {since} geändert hat",
        "changes_nav": "Änderungen seit dem Vortag",
        "problems": "Nicht geprüft oder nicht aufgenommen",
        "failed": "{n} fehlgeschlagen",
        "tokens": "{prompt}+{completion} Tokens",
        "price_unknown": "Preis unbekannt",
        "dropped": "{quotes} als ungeprüft verworfen",
        "invalid": "{references} verworfen",
        "direct": "{covered}/{found} {quotations} erfasst",
    },
}
_LANGUAGE_NAMES = {
    "en": {"en": "English", "de": "German", "fr": "French"},
    "de": {"en": "Englisch", "de": "Deutsch", "fr": "Französisch"},
}
_QUOTED_BY = {
    "en": ("as quoted in {language} by {outlet}", "as quoted by {outlet}"),
    "de": ("auf {language} zitiert von {outlet}", "zitiert von {outlet}"),
}


def label(key: str, lang: str, **values: object) -> str:
    """The label `key` in `lang`, with `values` filled in."""
    text = _LABELS.get(lang, _LABELS["en"]).get(key) or _LABELS["en"][key]
    return text.format(**values) if values else text


def counts(lang: str, **numbers: int) -> str:
    """'5 articles · 3 stories · 1 event': each number with its noun, in the order given."""
    return " · ".join(count(n, name.replace("_", " "), lang) for name, n in numbers.items())


def quoted_by(quoted_lang: str | None, outlet: str, lang: str) -> str:
    """'as quoted in English by Reuters': a statement as another outlet prints it, in its language."""
    with_language, without = _QUOTED_BY.get(lang, _QUOTED_BY["en"])
    name = _LANGUAGE_NAMES.get(lang, _LANGUAGE_NAMES["en"]).get(quoted_lang or "")
    return with_language.format(language=name, outlet=outlet) if name else without.format(outlet=outlet)


def header_counts(b: Briefing) -> str:
    """'5 articles · 3 stories · 58 events · 77 verified quotes · 12 disagreements', each noun in its number."""
    return counts(
        b.language,
        article=len(b.sources),
        story=len(b.stories),
        event=len(b.events),
        verified_quote=len(b.quotes),
        disagreement=len(b.disagreements),
    )


def stats_line(b: Briefing, direct: bool = False) -> str:
    """The run's figures in one line; `direct` adds how many of the articles' direct quotations were extracted."""
    st, lang = b.stats, b.language
    cost = label("price_unknown", lang) if st.cost_usd is None else f"${st.cost_usd:.4f}"
    parts = [
        count(st.articles, "article", lang),
        label("failed", lang, n=st.failures),
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
