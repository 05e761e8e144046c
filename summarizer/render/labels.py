"""The words the renderers write themselves, in each briefing language (English as the fallback)."""

from __future__ import annotations

_LANGUAGE_NAMES = {
    "en": {"en": "English", "de": "German", "fr": "French"},
    "de": {"en": "Englisch", "de": "Deutsch", "fr": "Französisch"},
}
_QUOTED_BY = {
    "en": ("as quoted in {language} by {outlet}", "as quoted by {outlet}"),
    "de": ("auf {language} zitiert von {outlet}", "zitiert von {outlet}"),
}


def quoted_by(quoted_lang: str | None, outlet: str, lang: str) -> str:
    """'as quoted in English by Reuters': a statement as another outlet prints it, in its language."""
    with_language, without = _QUOTED_BY.get(lang, _QUOTED_BY["en"])
    name = _LANGUAGE_NAMES.get(lang, _LANGUAGE_NAMES["en"]).get(quoted_lang or "")
    return with_language.format(language=name, outlet=outlet) if name else without.format(outlet=outlet)
