"""The few sentences the stories layer writes itself, in each briefing language (English as fallback)."""

from __future__ import annotations

_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "outlets": "Reported by {outlets} outlets in {articles} articles.",
        "outlets_one": "Reported by one source only.",
        "outlets_one_many": "Reported by one outlet in {articles} articles.",
        "coverage": "Reported in {label}.",
        "unknown_outlet": "{articles}, outlet unknown",
        "unknown_outlets": "{articles}, outlets unknown",
        "mixed_outlets": "{articles}: {outlets}, {unknown} of unknown outlet",
        "outlet_unknown": "outlet unknown",
        "outlets_unknown": "outlets unknown",
        "also_run_by": "also run by {outlets}",
        "r_outlets_unknown": "outlets unknown",
        "r_outlets_mixed": "{outlets} and {unknown} of unknown outlet",
        "r_developing_one": "1 new event since {since}",
        "differ": "Accounts differ: {what}.",
        "differ_on": "Accounts of the {subject} differ: {what}.",
        "or": " or ",
        "by": "{status} by {who}",
        "r_outlets": "{n} independent outlets",
        "r_outlet": "a single outlet",
        "r_articles": "{n} articles",
        "r_new": "new since {since}",
        "r_developing": "{n} new events since {since}",
        "r_unchanged": "unchanged since {since}",
        "r_no_previous": "no earlier briefing to compare with",
        "r_recent": "latest event {days} days before the news day",
        "r_today": "latest event on the news day or the day before",
        "r_undated": "no dated events",
        "r_disputed": "accounts differ on {n} events",
        "r_changed": "{n} events called off, postponed or rejected",
        "r_none": "no disputed or changed events",
        "r_articles_one": "1 article",
        "r_disputed_one": "accounts differ on 1 event",
        "r_changed_one": "1 event called off, postponed or rejected",
        "k_call": "phone call",
        "k_summit": "summit",
        "k_meeting": "meeting",
        "k_attack": "attack",
        "k_invasion": "invasion",
        "k_annexation": "annexation",
        "k_statement": "statement",
        "k_decision": "decision",
        "k_agreement": "agreement",
        "k_proposal": "proposal",
        "kind_of": "{names} {kind}",
    },
    "de": {
        "outlets": "Berichtet von {outlets} Medien in {articles} Artikeln.",
        "outlets_one": "Nur von einer Quelle berichtet.",
        "outlets_one_many": "Von einem Medium in {articles} Artikeln berichtet.",
        "coverage": "Quellenlage: {label}.",
        "unknown_outlet": "{articles}, Medium unbekannt",
        "unknown_outlets": "{articles}, Medien unbekannt",
        "mixed_outlets": "{articles}: {outlets}, {unknown} von unbekanntem Medium",
        "outlet_unknown": "Medium unbekannt",
        "outlets_unknown": "Medien unbekannt",
        "also_run_by": "auch erschienen bei {outlets}",
        "r_outlets_unknown": "Medien unbekannt",
        "r_outlets_mixed": "{outlets} und {unknown} von unbekanntem Medium",
        "r_developing_one": "1 neues Ereignis seit {since}",
        "differ": "Die Darstellungen gehen auseinander: {what}.",
        "differ_on": "{subject}: Die Darstellungen gehen auseinander – {what}.",
        "or": " oder ",
        "by": "{status} durch {who}",
        "r_outlets": "{n} unabhängige Medien",
        "r_outlet": "ein einziges Medium",
        "r_articles": "{n} Artikel",
        "r_new": "neu seit {since}",
        "r_developing": "{n} neue Ereignisse seit {since}",
        "r_unchanged": "unverändert seit {since}",
        "r_no_previous": "kein früheres Briefing zum Vergleich",
        "r_recent": "letztes Ereignis {days} Tage vor dem Nachrichtentag",
        "r_today": "letztes Ereignis am Nachrichtentag oder am Vortag",
        "r_undated": "keine datierten Ereignisse",
        "r_disputed": "Darstellungen weichen bei {n} Ereignissen ab",
        "r_changed": "{n} Ereignisse abgesagt, verschoben oder abgelehnt",
        "r_none": "keine strittigen oder geänderten Ereignisse",
        "r_articles_one": "1 Artikel",
        "r_disputed_one": "Darstellungen weichen bei 1 Ereignis ab",
        "r_changed_one": "1 Ereignis abgesagt, verschoben oder abgelehnt",
        "k_call": "Telefonat",
        "k_summit": "Gipfel",
        "k_meeting": "Treffen",
        "k_attack": "Angriff",
        "k_invasion": "Invasion",
        "k_annexation": "Annexion",
        "k_statement": "Erklärung",
        "k_decision": "Entscheidung",
        "k_agreement": "Abkommen",
        "k_proposal": "Vorschlag",
        "kind_of": "{kind} {names}",
    },
}


def phrase(lang: str, key: str, **values: object) -> str:
    """The phrase `key` in `lang` with `values` filled in."""
    table = _PHRASES.get(lang, _PHRASES["en"])
    if values.get("n") == 1 and f"{key}_one" in table:
        key = f"{key}_one"
    return table[key].format(**values)


HEADLINE_WORDS = 12


def sentence(text: str) -> str:
    """The text on one line, ending as a sentence ends."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def short(text: str, words: int = HEADLINE_WORDS) -> str:
    """The text cut to `words` words, at a clause boundary where one falls late enough."""
    parts = " ".join(text.split()).rstrip(".").split(" ")
    if len(parts) <= words:
        return " ".join(parts)
    cut = " ".join(parts[:words])
    for mark in (";", ",", " –", " —"):
        if mark in cut and cut.rindex(mark) > len(cut) // 3:
            return cut[: cut.rindex(mark)]
    return cut + " …"
