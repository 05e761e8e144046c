"""What a text claims that the support check compares: its status words, and the word tables the
check reads names and dates with (German, English and French; the word lists are data/support.toml,
with roles.json and exonyms.json). Numbers: summarizer.text.numbers."""

from __future__ import annotations

import json
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarizer.text.names import fold_case
from summarizer.text.wordlists import words as listed

_DATA = Path(__file__).parent / "data"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)*")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SEPARATED = 15  # words between a German verb and its particle
EVIDENCE_LANGUAGES = ("en", "de", "fr")
# Words of a name or role that name nothing themselves ("die Vereinigten Staaten", "secrétaire d'État").
_ARTICLES = frozenset(["the", "of", "der", "die", "das", "den", "dem", "des", "le", "la", "les", "l", "du", "de", "d"])


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    data = tomllib.loads((_DATA / "support.toml").read_text(encoding="utf-8"))
    statuses = {
        status: [tuple(fold_case(w).split()) for lang in EVIDENCE_LANGUAGES for w in words.get(lang, [])]
        for status, words in data["status"].items()
    }
    numbers = data["numbers"]
    return {
        "statuses": statuses,
        "conflicts": {k: v for k, v in data["conflicts"].items() if k != "negations"},
        "negations": frozenset(data["conflicts"]["negations"]),
        "numbers_en": numbers["en"],
        "numbers_de": {fold_case(k): v for k, v in numbers["de"].items()},
        "numbers_de_starts": _starts(numbers["de"]),
        "numbers_fr": {fold_case(k): v for k, v in numbers["fr"].items()},
        "half_en": numbers["and_a_half_en"],
        "half_de": numbers["and_a_half_de"],
        "half_fr": frozenset(tuple(h.split()) for h in numbers["and_a_half_fr"]),
        "units": {k: [fold_case(v) for v in vs] for k, vs in numbers["units"].items()},
        "both_de": frozenset(numbers["both_de"]),
        "dates": _dates(data["dates"]),
        "plain": frozenset(data["names"]["plain"]),
        **_name_tables(data["names"]["terms"]),
    }


def _dates(dates: dict[str, list[str]]) -> dict[str, dict[str, frozenset[str]]]:
    """Each month and weekday of a sentence language ('en', 'de') → its forms in every evidence language."""
    found: dict[str, dict[str, frozenset[str]]] = {"en": {}, "de": {}}
    for table in ("months", "weekdays"):
        for forms in zip(*(dates[f"{table}_{lang}"] for lang in EVIDENCE_LANGUAGES), strict=True):
            every = frozenset(fold_case(f) for f in forms)
            for lang, form in zip(EVIDENCE_LANGUAGES, forms, strict=True):
                if lang in found:
                    found[lang][fold_case(form)] = every
    return found


def _content_words(text: str, connectors: frozenset[str] = _ARTICLES) -> list[str]:
    return [w for w in _NAME_WORD.findall(fold_case(text)) if w not in connectors]


def _name_tables(terms: dict[str, list[str]]) -> dict[str, dict[str, set[str]]]:
    """The words an English role or place word may stand for in German or French evidence
    ('foreign' → 'außenminister', 'affaires'; 'white' → 'weiße', 'maison'), and a German place
    name's words in English and French ('moskau' → 'moscow', 'moscou')."""
    roles = json.loads((_DATA / "roles.json").read_text(encoding="utf-8"))
    exonyms = json.loads((_DATA / "exonyms.json").read_text(encoding="utf-8"))["names"]
    role_words: dict[str, set[str]] = {}
    glossaries = [(roles, set(roles["connectors"])), (roles["fr"], set(roles["fr"]["connectors"]))]
    for glossary, connectors in glossaries:
        skipped = _ARTICLES | connectors
        for table in ("phrases", "nouns", "qualifiers"):
            for foreign, english in glossary[table].items():
                for word in re.findall(r"[^\W\d_]+", english.casefold()):
                    role_words.setdefault(word, set()).update(_content_words(foreign, skipped))
    place_words: dict[str, set[str]] = {}
    places_de: dict[str, set[str]] = {}
    for entry in exonyms.values():
        english = _content_words(entry["en"])
        others = {lang: _content_words(entry[lang]) for lang in ("de", "fr") if lang in entry}
        for word in english:
            place_words.setdefault(word, set()).update(*others.values())
        for word in others.get("de", []):
            places_de.setdefault(word, set()).update(english, others.get("fr", []))
    for english, forms in terms.items():
        place_words.setdefault(english, set()).update(forms)
    return {"role_words": role_words, "place_words": place_words, "places_de": places_de}


def _starts(numbers: dict[str, float]) -> dict[str, list[tuple[str, float]]]:
    """German number words by their first two letters, the longest first ("dreizehn" before "drei")."""
    found: dict[str, list[tuple[str, float]]] = {}
    for word, value in sorted(((fold_case(k), v) for k, v in numbers.items()), key=lambda kv: -len(kv[0])):
        found.setdefault(word[:2], []).append((word, value))
    return found


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def statuses(text: str) -> dict[str, str]:
    """The statuses a text's words say, each with the first word saying it: {'postponed': 'verschoben'};
    a status word after a negation ("no plans", "n'a pas été reporté") says none."""
    lex = lexicon()
    words = [fold_case(w) for w in words_of(text)]
    at: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        at.setdefault(word, []).append(i)
    particles = listed("reading", "particles")
    found: dict[str, str] = {}
    for status, forms in lex["statuses"].items():
        for form in forms:
            n = len(form)
            for i in at.get(form[0], ()):
                here = tuple(words[i : i + n]) == form or (  # a German verb and its particle: "wies … zurück"
                    n == 2 and form[1] in particles and form[1] in words[i + 1 : i + SEPARATED]
                )
                if here and not lex["negations"] & set(words[max(0, i - 2) : i]):
                    found.setdefault(status, " ".join(form))
    return found
