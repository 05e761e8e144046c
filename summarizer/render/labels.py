"""The words the renderers write themselves, in each briefing language (English as the fallback).

Markdown and HTML take every label from here, so a card says the same in both formats.
"""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing
from summarizer.text.display import render_date
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
        "news_day": "news day {day}",
        "articles_span": "articles of {first} – {last}",
        "generated": "generated {time} UTC",
        "model": "model {names}",
        "models": "models {names}",
        "no_model": "no model",
        "no_answers": "no answers",
        "and": " and ",
        "reference_line": "Built from hand-written reference answers, not from a model.",
        "speaker_unconfirmed": "speaker not confirmed",
        "speaker_other": "named by the article; the extraction said {claimed}",
        "extraction_said": "the extraction said {claimed}",
        "article_names": "the article names „{words}“",
        "ledger_intro": "Each quote is in its article; the speaker is shown as such only where the article names them.",
        "not_found": "{spans} not found in their articles",
        "not_supported": "{sentences} their evidence does not support",
        "left_out": "{what} was left out",
        "left_out_many": "{what} were left out",
        "listed_in_full": "listed with `--detail full` and in JSON",
        "not_verified": "Not verified",
        "not_verified_intro": "Excluded from the briefing: quotes and evidence not found in the cited article, and "
        "sentences their evidence does not support.",
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
        "problems": "Nicht belegt oder nicht aufgenommen",
        "failed": "{n} fehlgeschlagen",
        "tokens": "{prompt}+{completion} Tokens",
        "price_unknown": "Preis unbekannt",
        "dropped": "{quotes} als ungeprüft verworfen",
        "invalid": "{references} verworfen",
        "direct": "{covered}/{found} {quotations} erfasst",
        "news_day": "Nachrichtentag {day}",
        "articles_span": "Artikel vom {first} bis {last}",
        "generated": "erstellt {time} UTC",
        "model": "Modell {names}",
        "models": "Modelle {names}",
        "no_model": "kein Modell",
        "no_answers": "keine Antworten",
        "and": " und ",
        "reference_line": "Aus handgeschriebenen Referenzantworten erstellt, nicht von einem Modell.",
        "speaker_unconfirmed": "Sprecher nicht bestätigt",
        "speaker_other": "vom Artikel genannt; laut Extraktion {claimed}",
        "extraction_said": "laut Extraktion {claimed}",
        "article_names": "der Artikel nennt „{words}“",
        "ledger_intro": "Jedes Zitat steht in seinem Artikel; als Sprecher steht nur da, wen der Artikel als solchen nennt.",
        "not_found": "{spans}, in ihren Artikeln nicht gefunden",
        "not_supported": "{sentences}, von ihren Belegen nicht gestützt",
        "left_out": "Weggelassen: {what}",
        "left_out_many": "Weggelassen: {what}",
        "listed_in_full": "aufgeführt mit `--detail full` und im JSON",
        "not_verified": "Nicht belegt",
        "not_verified_intro": "Nicht im Briefing: Zitate und Belege, die der zitierte Artikel nicht enthält, und Sätze, "
        "die ihre Belege nicht stützen.",
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
