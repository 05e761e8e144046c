"""Saved news pages as newsrooms serve them, written for the tests: the article between navigation,
a cookie banner, an "ANZEIGE" ad, scripts, a newsletter box, a related-articles box with a teaser
("Putin tritt zurück?"), share buttons and a footer; German letters and quotation marks entity-encoded.

Each page knows its article's sentences and its boilerplate lines, so a test (and
bench/extraction_quality.py) can measure how many sentences an extractor keeps and how many
boilerplate lines it leaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

_ENTITIES = {"„": "&bdquo;", "“": "&ldquo;", "ä": "&auml;", "ö": "&ouml;", "ü": "&uuml;", "ß": "&szlig;", "Ä": "&Auml;", "–": "&ndash;", "é": "&eacute;"}


def entities(text: str) -> str:
    """`text` escaped for HTML, with German letters and quotation marks as named entities."""
    out = escape(text, quote=False)
    for char, entity in _ENTITIES.items():
        out = out.replace(char, entity)
    return out


@dataclass(frozen=True)
class SavedPage:
    site: str
    title: str
    sentences: list[str]  # the article, as a reader sees it
    published: str = "2025-10-22T14:03:00+02:00"
    canonical: str | None = None
    teaser_only: str | None = None  # a paywall box after the teaser sentences
    boilerplate: list[str] = field(default_factory=list)

    def html(self) -> str:
        return _page(self)


def _boilerplate(site: str) -> list[str]:
    return [
        "Startseite",
        "Wirtschaft & Finanzen",
        "Sport aktuell",
        "Kultur und Medien",
        "Mein Konto",
        "Wir verwenden Cookies und ähnliche Technologien, um Ihnen ein besseres Nutzungserlebnis zu bieten.",
        "Alle akzeptieren",
        "Einstellungen verwalten",
        "ANZEIGE",
        "Jetzt Traumurlaub an der Ostsee buchen – nur heute 30 Prozent Rabatt!",
        "Mehr zum Thema",
        "Putin tritt zurück? Was an den Gerüchten dran ist",
        "Orbán und die EU: Eine schwierige Beziehung",
        "Ukraine-Krieg: Die Lage am Morgen",
        "Abonnieren Sie unseren Newsletter und verpassen Sie keine Nachricht mehr.",
        "Artikel teilen",
        "Auf Facebook teilen",
        "Impressum",
        "Datenschutzerklärung",
        f"© 2025 {site} Verlagsgesellschaft mbH",
        "window.dataLayer",
    ]


def saved_page(site: str, title: str, sentences: list[str], **more: str | None) -> SavedPage:
    page = SavedPage(site, title, sentences, **more)  # type: ignore[arg-type]
    extra = [page.teaser_only] if page.teaser_only else []
    return SavedPage(**{**page.__dict__, "boilerplate": _boilerplate(site) + extra})


def _page(p: SavedPage) -> str:
    b = {line: entities(line) for line in _boilerplate(p.site)}
    paragraphs = "\n".join(f"<p>{entities(s)}</p>" for s in p.sentences)
    canonical = f'<link rel="canonical" href="{escape(p.canonical)}">' if p.canonical else ""
    paywall = (
        f'<div class="paywall"><p class="paywall__text">{entities(p.teaser_only)}</p>'
        '<a class="button" href="/abo">Jetzt abonnieren</a></div>'
        if p.teaser_only
        else ""
    )
    nav = "".join(f'<li><a href="/{i}">{b[line]}</a></li>' for i, line in enumerate(_boilerplate(p.site)[:5]))
    related = "".join(f'<li><a href="/r{i}"><h3>{b[line]}</h3></a></li>' for i, line in enumerate(_boilerplate(p.site)[11:14]))
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>{entities(p.title)} | {entities(p.site)}</title>
<meta property="og:site_name" content="{escape(p.site)}">
<meta property="og:title" content="{escape(p.title)}">
<meta property="article:published_time" content="{p.published}">
{canonical}
<script>window.dataLayer = window.dataLayer || []; window.dataLayer.push({{"page": "article"}});</script>
<style>.cookie{{position:fixed}}</style>
</head><body>
<div id="cookie-banner" class="cookie consent"><p>{b[_boilerplate(p.site)[5]]}</p>
<button>{b["Alle akzeptieren"]}</button><button>{b["Einstellungen verwalten"]}</button></div>
<header><a class="logo" href="/">{entities(p.site)}</a><nav><ul>{nav}</ul></nav></header>
<main><article class="article">
<h1>{entities(p.title)}</h1>
<div class="meta">Von unserer Korrespondentin · 22.10.2025</div>
{paragraphs}
{paywall}
<div class="ad" id="ad-1"><span class="ad-label">ANZEIGE</span><p>{b[_boilerplate(p.site)[9]]}</p></div>
<div class="share"><a href="#">{b["Artikel teilen"]}</a> <a href="#">{b["Auf Facebook teilen"]}</a></div>
</article>
<aside class="related"><h2>{b["Mehr zum Thema"]}</h2><ul>{related}</ul></aside>
<div class="newsletter"><p>{b[_boilerplate(p.site)[14]]}</p><form><input type="email"></form></div>
</main>
<footer><a href="/impressum">Impressum</a> <a href="/datenschutz">{b["Datenschutzerklärung"]}</a>
<p>{entities(_boilerplate(p.site)[19])}</p></footer>
<script src="/tracking.js"></script>
</body></html>
"""


SUMMIT = [
    "Der Kreml hat das geplante Treffen zwischen Wladimir Putin und Donald Trump in Budapest vorerst abgesagt.",
    "„Wir sehen derzeit keinen Sinn in einem Gipfel ohne gründliche Vorbereitung“, sagte Kremlsprecher Dmitri Peskow am Dienstag in Moskau.",
    "Das Weiße Haus erklärte am Abend, es gebe keine Pläne für ein Treffen in naher Zukunft.",
    "Zuvor hatten die Außenminister Sergej Lawrow und Marco Rubio fast eine Stunde lang miteinander telefoniert.",
    "Nach Angaben aus Washington verlief das Gespräch sachlich, brachte aber keine Annäherung in der Frage einer Waffenruhe.",
    "Ungarns Regierungschef Viktor Orbán hatte sich vor einer Woche als Gastgeber angeboten.",
    "„Budapest bleibt bereit, wenn beide Seiten es wünschen“, teilte sein Büro am Mittwoch mit.",
    "Diplomaten in Brüssel werten die Absage als Rückschlag für die Bemühungen um ein Ende der Kämpfe in der Ukraine.",
]
SANCTIONS = [
    "Die Außenminister der Europäischen Union beraten am Donnerstag in Luxemburg über ein weiteres Sanktionspaket gegen Russland.",
    "Im Mittelpunkt stehen Einfuhren von Flüssiggas und die sogenannte Schattenflotte, mit der Moskau Ölembargos umgeht.",
    "„Wir müssen den Druck erhöhen, nicht verringern“, sagte die EU-Außenbeauftragte Kaja Kallas vor Beginn des Treffens.",
    "Die Slowakei und Ungarn haben Vorbehalte angemeldet und verlangen Ausnahmen für ihre Energieversorgung.",
    "Eine Einigung gilt deshalb frühestens beim Gipfel der Staats- und Regierungschefs Ende des Monats als möglich.",
    "Nach Schätzungen der Kommission würde das Paket die russischen Exporterlöse um mehrere Milliarden Euro im Jahr verringern.",
]
PAYWALLED = [
    "Seit Wochen verhandeln Diplomaten hinter verschlossenen Türen über die Bedingungen einer Waffenruhe.",
    "Wie aus Verhandlungskreisen verlautete, liegen die Positionen in der Frage der Gebietsgrenzen weiterhin weit auseinander.",
    "Kiew lehnt jede Regelung ab, die eine Abtretung besetzter Gebiete festschreiben würde.",
]
PAYWALL_BOX = "Dieser Artikel ist exklusiv für Abonnenten. Jetzt weiterlesen mit Tagesblatt Plus – 4 Wochen für 0,99 €."
AGENCY_LINE = "Mit Material der Nachrichtenagenturen dpa und AFP."
YESTERDAY = [
    "Die Außenminister Sergej Lawrow und Marco Rubio haben am Dienstag fast eine Stunde lang miteinander telefoniert.",
    "Beide Seiten nannten das Gespräch anschließend konstruktiv, ohne Einzelheiten zu nennen.",
    "Ein Treffen der Präsidenten in Budapest sei weiterhin möglich, hieß es aus dem Kreml.",
]

# What a model would extract from the SUMMIT article: every span is the article's own.
SUMMIT_ANSWER = {
    "summary": "Der Kreml hat den geplanten Gipfel von Putin und Trump in Budapest vorerst abgesagt.",
    "actors": [
        {"name": "Dmitri Peskow", "kind": "person", "role": "Kremlsprecher", "aliases": ["Peskow"]},
        {"name": "Kreml", "kind": "organisation", "role": None, "aliases": []},
    ],
    "events": [
        {
            "description": "Der Kreml sagt das Treffen von Putin und Trump in Budapest ab.",
            "status": "cancelled",
            "date": None,
            "date_text": None,
            "location": "Budapest",
            "participants": ["Kreml"],
            "initiator": "Kreml",
            "evidence": SUMMIT[0],
        }
    ],
    "quotes": [
        {
            "text": "Wir sehen derzeit keinen Sinn in einem Gipfel ohne gründliche Vorbereitung",
            "speaker": "Dmitri Peskow",
            "kind": "direct",
            "translation": "We currently see no point in a summit without thorough preparation",
        }
    ],
    "positions": [],
}


def answers() -> dict[str, dict[str, object]]:
    """Article id → answer, for the test model server: the SUMMIT article as any of its pages gives it."""
    from summarizer.text.ingest import article_id
    from summarizer.text.webpage import extract_page

    page = saved_page("Tagesblatt", "Kreml sagt Gipfel in Budapest ab", SUMMIT)
    return {article_id(extract_page(page.html()).text): SUMMIT_ANSWER}
