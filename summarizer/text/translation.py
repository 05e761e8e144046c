"""One statement in two languages: how alike a translation is to a quote, and which language a quote is in.

Pure functions for the quote ledger (merge/translations.py). A quote's translation (into the
briefing language) is compared with another outlet's quote in that language word by word: content
words, names folded across spellings (Lawrow and Lavrov are one word), compared by their first five
letters so that inflections agree ("agreed", "agree").
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.text.names import canonical_form

STEM = 5
_WORD = re.compile(r"[^\W\d_]+|\d+")
# Function words of the languages a briefing is written in and its articles come in; a statement's
# content is what is left. Negations stay content ("never", "nicht"): they carry the meaning.
_FUNCTION_WORDS = {
    "en": "a an the of in on at to for and or but with by from as is are was were be been has have had it its this "
    "that these those he she they we you i his her their our my than then into over after before about who which "
    "what when where while also so if will would could should may might can do does did there here",
    "de": "der die das den dem des ein eine einen einem einer eines und oder aber mit von zu zum zur im in am an auf "
    "für ist sind war waren hat haben hatte wird werden wurde sei es er sie wir ihr ich man sich dass als auch so "
    "wenn bei nach vor über aus um dieser diese dieses noch schon",
    "fr": "le la les l un une des du de d et ou mais avec par pour dans sur au aux est sont était a ont ce cette ces "
    "il elle ils elles nous vous je on se qui que qu ne pas en",
}
_STOP = frozenset(w for words in _FUNCTION_WORDS.values() for w in words.split())
_BY_LANGUAGE = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
# Words that say more about one language than another ("die" is English too, "a" French).
_TELLING = {
    lang: words - frozenset().union(*(w for o, w in _BY_LANGUAGE.items() if o != lang))
    for lang, words in _BY_LANGUAGE.items()
}


@lru_cache(maxsize=1 << 14)
def _stem(word: str) -> str:
    return canonical_form(word)[:STEM] if word[:1].isupper() else word.lower()[:STEM]


def statement_words(text: str) -> frozenset[str]:
    """The stems of a statement's content words, names in one spelling."""
    return frozenset(_stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 2)


def translation_likeness(translation: str, text: str) -> float:
    """0..1: how much of their content two statements in one language share (Dice over stems)."""
    a, b = statement_words(translation), statement_words(text)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def quote_language(text: str) -> str | None:
    """'en', 'de' or 'fr' where the quote's function words say so clearly; None for a short or mixed one."""
    words = [w.lower() for w in _WORD.findall(text)]
    counts = sorted(((sum(w in telling for w in words), lang) for lang, telling in _TELLING.items()), reverse=True)
    (best, lang), (second, _) = counts[0], counts[1]
    return lang if best >= 2 and best > second else None
