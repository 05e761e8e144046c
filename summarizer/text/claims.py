"""What a text claims that the support check compares: its status words, numbers and dates
(German and English; the word lists are data/support.toml, with roles.json and exonyms.json)."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarizer.text.names import fold_case
from summarizer.text.wordlists import words as listed

_DATA = Path(__file__).parent / "data"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SEPARATED = 15  # words between a German verb and its particle


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    data = tomllib.loads((_DATA / "support.toml").read_text(encoding="utf-8"))
    statuses = {
        status: [tuple(fold_case(w).split()) for lang in ("en", "de") for w in words[lang]]
        for status, words in data["status"].items()
    }
    roles = json.loads((_DATA / "roles.json").read_text(encoding="utf-8"))
    exonyms = json.loads((_DATA / "exonyms.json").read_text(encoding="utf-8"))["names"]
    role_words: dict[str, set[str]] = {}
    connectors = set(roles["connectors"]) | {"der", "die", "das", "den", "dem", "des"}
    for table in ("phrases", "nouns", "qualifiers"):
        for german, english in roles[table].items():
            for word in re.findall(r"[^\W\d_]+", english.casefold()):
                parts = [w for w in fold_case(german).split() if w not in connectors]
                role_words.setdefault(word, set()).update(parts)
    place_words: dict[str, set[str]] = {}
    places_de: dict[str, set[str]] = {}  # a German place name's words → the English name's words
    for entry in exonyms.values():
        if "en" in entry and "de" in entry:
            english = re.findall(r"[^\W\d_]+", entry["en"].casefold())
            german = re.findall(r"[^\W\d_]+", fold_case(entry["de"]))
            for word in english:
                place_words.setdefault(word, set()).update(german)
            for word in german:
                places_de.setdefault(word, set()).update(english)
    for english, german in data["names"]["terms"].items():
        place_words.setdefault(english, set()).update(german)
    numbers = data["numbers"]
    dates = data["dates"]
    return {
        "statuses": statuses,
        "conflicts": {k: v for k, v in data["conflicts"].items() if k != "negations"},
        "negations": frozenset(data["conflicts"]["negations"]),
        "numbers_en": numbers["en"],
        "numbers_de": {fold_case(k): v for k, v in numbers["de"].items()},
        "numbers_de_starts": _starts(numbers["de"]),
        "half_en": numbers["and_a_half_en"],
        "half_de": numbers["and_a_half_de"],
        "units": {k: [fold_case(v) for v in vs] for k, vs in numbers["units"].items()},
        "both_de": frozenset(numbers["both_de"]),
        "months": dict(zip(dates["months_en"], dates["months_de"], strict=True)),
        "weekdays": dict(zip(dates["weekdays_en"], dates["weekdays_de"], strict=True)),
        "plain": frozenset(data["names"]["plain"]),
        "role_words": role_words,
        "place_words": place_words,
        "places_de": places_de,
    }


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
    a status word after a negation ("no plans") says none."""
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


def _value(token: str, decimal: str) -> float | None:
    """A written number as a value: '10,000' and '10.000' (thousands), '2.5' and '2,5' (decimals)."""
    digits = token.replace("," if decimal == "." else ".", "") if re.search(r"[.,]\d{3}\b", token) else token
    try:
        return float(digits.replace(",", "."))
    except ValueError:
        return None


@dataclass(frozen=True)
class NumberClaim:
    """A number a sentence gives: its words, value, the unit joined to it ('two-day'), and whether
    'beide' may say it ('the two sides')."""

    words: str
    value: float
    unit: str | None = None
    both: bool = False


def numbers_en(sentence: str) -> list[NumberClaim]:
    """The numbers an English sentence gives: digits and number words, 'four and a half' as 4.5,
    'two-day' with its unit."""
    lex = lexicon()
    found: list[NumberClaim] = []
    text = fold_case(sentence)
    for m in re.finditer(r"(\w+) " + re.escape(lex["half_en"]), text):
        if m.group(1) in lex["numbers_en"]:
            found.append(NumberClaim(m.group(0), lex["numbers_en"][m.group(1)] + 0.5))
            text = text.replace(m.group(0), " ")
    words = words_of(text)
    for i, token in enumerate(words):
        unit = words[i + 1] if i + 1 < len(words) and f"{token}-{words[i + 1]}" in text else None
        unit = unit if unit in lex["units"] else None
        if _NUMBER.fullmatch(token):
            value = _value(token, ".")
            if value is not None:
                found.append(NumberClaim(f"{token}-{unit}" if unit else token, value, unit))
            continue
        parts = token.split("-")
        for j, part in enumerate(parts):
            if part in lex["numbers_en"]:
                joined = parts[j + 1] if j + 1 < len(parts) and parts[j + 1] in lex["units"] else None
                both = part == "two" and i > 0 and words[i - 1] == "the"
                found.append(NumberClaim(token, float(lex["numbers_en"][part]), joined, both))
    return found


def numbers_in_german(sentence: str) -> list[NumberClaim]:
    """The numbers a German sentence gives: digits and number words standing alone,
    lower-case as German writes numerals ('acht Tage'; 'außer Acht' is a noun)."""
    lex = lexicon()
    found: list[NumberClaim] = []
    for token in words_of(sentence):
        if _NUMBER.fullmatch(token):
            value = _value(token, ",")  # German decimals: '2,5'; '10.000' is ten thousand
            found += [NumberClaim(token, value)] if value is not None else []
        elif token.islower() and token in lex["numbers_de"]:
            found.append(NumberClaim(token, float(lex["numbers_de"][token])))
    return found


@dataclass
class NumbersSaid:
    """The numbers a (German or English) text gives, those joined to a unit, and whether it says 'beide'."""

    values: set[float]
    with_unit: set[tuple[float, str]]
    both: bool

    def have(self, claim: NumberClaim) -> bool:
        if claim.unit is not None:
            stems = lexicon()["units"][claim.unit]
            return any((claim.value, stem) in self.with_unit for stem in stems)
        return claim.value in self.values or (claim.both and self.both)


def numbers_de(text: str) -> NumbersSaid:
    """The values a German or English text gives: digits (both conventions), number words, German
    compounds that open with one ('zweistündigen' 2 hours, 'viereinhalb' 4.5), units after them."""
    lex = lexicon()
    said = NumbersSaid(set(), set(), False)
    stems = sorted({stem for unit in lex["units"].values() for stem in unit}, key=len, reverse=True)
    words = [fold_case(w) for w in words_of(text)]
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        values: list[tuple[float, str]] = []
        if _NUMBER.fullmatch(word):
            values = [(v, following) for d in (",", ".") if (v := _value(word, d)) is not None]
        elif word in lex["numbers_en"]:
            values = [(float(lex["numbers_en"][word]), following)]
        elif word[:2] in lex["numbers_de_starts"]:
            for german, value in lex["numbers_de_starts"][word[:2]]:
                if word.startswith(german):
                    rest = word[len(german) :]
                    half = rest.startswith(lex["half_de"])
                    rest = rest[len(lex["half_de"]) :] if half else rest
                    values = [(value + 0.5 if half else float(value), rest or following)]
                    break
        said.both = said.both or word in lex["both_de"]
        for value, after in values:
            said.values.add(value)
            said.with_unit.update((value, stem) for stem in stems if after.startswith(stem))
    return said
