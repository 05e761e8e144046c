"""Counted nouns in the briefing language: '1 source', '3 sources', '1 Quelle', '3 Quellen'.

The one place a number meets its noun, for every layer that writes one (stories' ledes and
significance reasons, the renderers' labels, the lines on stderr), so no briefing says "1 sources"
and no run "1 articles". Nouns only the command line uses are English alone: it speaks English.
"""

from __future__ import annotations

# noun → (singular, plural) per language; English is the fallback for a language not listed.
_NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "article": ("article", "articles"),
        "source": ("source", "sources"),
        "outlet": ("outlet", "outlets"),
        "story": ("story", "stories"),
        "event": ("event", "events"),
        "new event": ("new event", "new events"),
        "quote": ("quote", "quotes"),
        "verified quote": ("verified quote", "verified quotes"),
        "quote found": ("quote found in its source", "quotes found in their sources"),
        "speaker confirmed": ("speaker confirmed", "speakers confirmed"),
        "quote or evidence span": ("quote or evidence span", "quotes or evidence spans"),
        "sentence": ("sentence", "sentences"),
        "reference answer": ("reference answer", "reference answers"),
        "recorded answer": ("recorded answer", "recorded answers"),
        "live answer": ("live answer", "live answers"),
        "position": ("position", "positions"),
        "disagreement": ("disagreement", "disagreements"),
        "independent outlet": ("independent outlet", "independent outlets"),
        "named outlet": ("named outlet", "named outlets"),
        "more story": ("more story", "more stories"),
        "LLM call": ("LLM call", "LLM calls"),
        "cache hit": ("cache hit", "cache hits"),
        "retry": ("retry", "retries"),
        "invalid reference": ("invalid reference", "invalid references"),
        "direct quotation": ("direct quotation", "direct quotations"),
        "unverified quote": ("unverified quote", "unverified quotes"),
        "request": ("request", "requests"),
        "exported request": ("exported request", "exported requests"),
        "token": ("token", "tokens"),
        "answer stored": ("answer stored", "answers stored"),
        "change": ("change", "changes"),
        "fixture": ("fixture", "fixtures"),
        "stale fixture": ("stale fixture", "stale fixtures"),
        "document": ("document", "documents"),
        "feed": ("feed", "feeds"),
        "feed item": ("feed item", "feed items"),
        "known failure": ("known failure", "known failures"),
        "batch": ("batch", "batches"),
        "actor": ("actor", "actors"),
        "point": ("point", "points"),
    },
    "de": {
        "article": ("Artikel", "Artikel"),
        "source": ("Quelle", "Quellen"),
        "outlet": ("Medium", "Medien"),
        "story": ("Thema", "Themen"),
        "event": ("Ereignis", "Ereignisse"),
        "new event": ("neues Ereignis", "neue Ereignisse"),
        "quote": ("Zitat", "Zitate"),
        "verified quote": ("geprüftes Zitat", "geprüfte Zitate"),
        "quote found": ("Zitat in seiner Quelle gefunden", "Zitate in ihren Quellen gefunden"),
        "speaker confirmed": ("Sprecher bestätigt", "Sprecher bestätigt"),
        "quote or evidence span": ("Zitat oder Beleg", "Zitate oder Belege"),
        "sentence": ("Satz", "Sätze"),
        "reference answer": ("Referenzantwort", "Referenzantworten"),
        "recorded answer": ("aufgezeichnete Antwort", "aufgezeichnete Antworten"),
        "live answer": ("Live-Antwort", "Live-Antworten"),
        "position": ("Position", "Positionen"),
        "disagreement": ("Widerspruch", "Widersprüche"),
        "independent outlet": ("unabhängiges Medium", "unabhängige Medien"),
        "named outlet": ("namentlich bekanntes Medium", "namentlich bekannte Medien"),
        "more story": ("weiteres Thema", "weitere Themen"),
        "LLM call": ("LLM-Aufruf", "LLM-Aufrufe"),
        "cache hit": ("Cache-Treffer", "Cache-Treffer"),
        "retry": ("Wiederholung", "Wiederholungen"),
        "invalid reference": ("ungültiger Verweis", "ungültige Verweise"),
        "direct quotation": ("direktes Zitat", "direkte Zitate"),
        "actor": ("Akteur", "Akteure"),
        "point": ("Punkt", "Punkte"),
    },
}


def noun(n: int, name: str, lang: str = "en") -> str:
    """The noun's form for `n` things, without the number."""
    forms = _NOUNS.get(lang, _NOUNS["en"]).get(name) or _NOUNS["en"][name]
    return forms[0] if n == 1 else forms[1]


def count(n: int, name: str, lang: str = "en") -> str:
    """'1 source', '3 sources'; in German '1 Quelle', '3 Quellen'."""
    return f"{n} {noun(n, name, lang)}"


def nouns(lang: str = "en") -> list[tuple[str, str]]:
    """Every (singular, plural) pair of `lang`, for checks that no number stands with the wrong form."""
    return sorted(set(_NOUNS.get(lang, _NOUNS["en"]).values()))
