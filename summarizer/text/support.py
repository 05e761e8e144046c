"""The support check: does a generated sentence say only what its evidence says?

A sentence (English or German; a description, headline, lede, summary or overview line) is read
against its evidence (German or English spans of the articles, with the sentences around them)
and the articles themselves:
- status words: a status the evidence contradicts ("cancelled" where it says "verschoben");
- names: every actor the sentence names, and every other capitalised word that is no role word,
  must be named in the evidence or its article (spellings, exonyms and role words allowed:
  Lavrov = Lawrow, Moscow = Moskau, "foreign minister" = "Außenminister");
- numbers and dates: every number, month and weekday must be in the evidence.
The word lists are data (data/support.toml, with data/roles.json and data/exonyms.json).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from summarizer.text.names import canonical_form, fold_case
from summarizer.text.speakers import same_word as _same
from summarizer.text.speakers import word_key
from summarizer.text.wordlists import words as listed

SupportStatus = Literal["supported", "unsupported"]
PLACE_STEM = 4  # letters a country's name and its adjective share ("Russland", "russische")
_DATA = Path(__file__).parent / "data"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SEPARATED = 15  # words between a German verb and its particle


@dataclass(frozen=True)
class SupportVerdict:
    """Whether a sentence is supported by its evidence, and each reason it is not."""

    status: SupportStatus
    reasons: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
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
    for entry in exonyms.values():
        if "en" in entry and "de" in entry:
            for word in re.findall(r"[^\W\d_]+", entry["en"].casefold()):
                place_words.setdefault(word, set()).update(w for w in re.findall(r"[^\W\d_]+", fold_case(entry["de"])))
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
        "half_en": numbers["and_a_half_en"],
        "half_de": numbers["and_a_half_de"],
        "units": {k: [fold_case(v) for v in vs] for k, vs in numbers["units"].items()},
        "both_de": frozenset(numbers["both_de"]),
        "months": dict(zip(dates["months_en"], dates["months_de"], strict=True)),
        "weekdays": dict(zip(dates["weekdays_en"], dates["weekdays_de"], strict=True)),
        "plain": frozenset(data["names"]["plain"]),
        "role_words": role_words,
        "place_words": place_words,
    }


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _phrases(text: str) -> str:
    return " " + " ".join(fold_case(w) for w in _words(text)) + " "


def statuses(text: str) -> dict[str, str]:
    """The statuses a text's words say, each with the first word saying it: {'postponed': 'verschoben'};
    a status word after a negation ("no plans") says none."""
    lex = _lexicon()
    words = [fold_case(w) for w in _words(text)]
    found: dict[str, str] = {}
    for status, forms in lex["statuses"].items():
        for form in forms:
            n = len(form)
            for i in range(len(words) - n + 1):
                here = tuple(words[i : i + n]) == form or (  # a German verb and its particle: "wies … zurück"
                    n == 2 and form[1] in listed("reading", "particles") and words[i] == form[0] and form[1] in words[i + 1 : i + SEPARATED]
                )
                if here and not lex["negations"] & set(words[max(0, i - 2) : i]):
                    found.setdefault(status, " ".join(form))
    return found


def _status_reasons(sentence: str, evidence: str) -> list[str]:
    """A status the sentence claims where its evidence says a conflicting one and not the claimed one."""
    claimed = statuses(sentence)
    said = statuses(evidence)
    reasons = []
    for status, word in claimed.items():
        if status in said:
            continue
        against = [s for s in _lexicon()["conflicts"].get(status, []) if s in said and s not in claimed]
        if against:
            reasons.append(f"says '{word}' ({status}); its evidence says '{said[against[0]]}' ({against[0]})")
    return reasons


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
    lex = _lexicon()
    found: list[NumberClaim] = []
    text = fold_case(sentence)
    for m in re.finditer(r"(\w+) " + re.escape(lex["half_en"]), text):
        if m.group(1) in lex["numbers_en"]:
            found.append(NumberClaim(m.group(0), lex["numbers_en"][m.group(1)] + 0.5))
            text = text.replace(m.group(0), " ")
    words = _words(text)
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


@dataclass
class NumbersSaid:
    """The numbers a (German or English) text gives, those joined to a unit, and whether it says 'beide'."""

    values: set[float]
    with_unit: set[tuple[float, str]]
    both: bool

    def have(self, claim: NumberClaim) -> bool:
        if claim.unit is not None:
            stems = _lexicon()["units"][claim.unit]
            return any((claim.value, stem) in self.with_unit for stem in stems)
        return claim.value in self.values or (claim.both and self.both)


def numbers_de(text: str) -> NumbersSaid:
    """The values a German or English text gives: digits (both conventions), number words, German
    compounds that open with one ('zweistündigen' 2 hours, 'viereinhalb' 4.5), units after them."""
    lex = _lexicon()
    said = NumbersSaid(set(), set(), False)
    stems = sorted({stem for unit in lex["units"].values() for stem in unit}, key=len, reverse=True)
    words = [fold_case(w) for w in _words(text)]
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        values: list[tuple[float, str]] = []
        if _NUMBER.fullmatch(word):
            values = [(v, following) for d in (",", ".") if (v := _value(word, d)) is not None]
        elif word in lex["numbers_en"]:
            values = [(float(lex["numbers_en"][word]), following)]
        else:
            for german, value in sorted(lex["numbers_de"].items(), key=lambda kv: -len(kv[0])):
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


def _number_reasons(sentence: str, evidence: str) -> list[str]:
    said = numbers_de(evidence)
    return [f"gives '{claim.words}', which its evidence does not" for claim in numbers_en(sentence) if not said.have(claim)]


def _date_reasons(sentence: str, evidence: str) -> list[str]:
    """Months and weekdays (capitalised: 'may' is no month) the evidence does not name."""
    lex = _lexicon()
    said = set(_phrases(evidence).split())
    reasons = []
    for word in dict.fromkeys(w for w in _words(sentence) if w[:1].isupper()):
        folded = fold_case(word)
        for table in ("months", "weekdays"):
            german = lex[table].get(folded)
            if german and german not in said and folded not in said:
                reasons.append(f"names '{word}', which its evidence does not")
    return reasons


@lru_cache(maxsize=256)
def _keys(text: str) -> frozenset[str]:
    """Every word of a text as compared (spelling variants unified), hyphenated words also by part."""
    keys: set[str] = set()
    for word in _words(text):
        keys.add(word_key(word))
        keys.update(word_key(part) for part in word.split("-") if part)
    return frozenset(keys)


def _in(words: Iterable[str], keys: frozenset[str]) -> bool:
    """Whether the words stand in the text whose keys are `keys` (German endings allowed)."""
    return all(any(_same(word_key(w), k) for k in keys) or word_key(w) in keys for w in words)


def named_in(forms: Sequence[str], text: str) -> bool:
    """Whether any form of a name stands in `text` ('Lavrov' in a text saying 'Lawrow')."""
    keys = _keys(text)
    for form in forms:
        words = [w for w in _words(form) if fold_case(w) not in ("der", "die", "das", "the", "of", "des")]
        if words and _in(words, keys):
            return True
        if canonical_form(form) and canonical_form(form) in canonical_form(text):
            return True
    return False


def _word_accounted(word: str, keys: frozenset[str]) -> bool:
    """A capitalised word the text accounts for: it stands there, or its German form or role word does."""
    lex = _lexicon()
    folded = fold_case(word)
    if folded in lex["plain"] or _in([word], keys):
        return True
    for table in ("place_words", "role_words"):
        for g in map(word_key, lex[table].get(folded, ())):
            if any(k.endswith(g) or _same(k, g) for k in keys):  # a compound ends with it: "US-Außenminister"
                return True
            # a country by its adjective: "Russia" where the evidence says "russische"
            if table == "place_words" and len(g) >= PLACE_STEM + 2 and any(k.startswith(g[:PLACE_STEM]) for k in keys):
                return True
    return False


def _known_name(word: str, actors: Sequence[Sequence[str]]) -> bool:
    """A word that names a place or an actor somewhere (the exonym table, the briefing's actors)."""
    folded = fold_case(word)
    return folded in _lexicon()["place_words"] or any(folded in (fold_case(w) for f in forms for w in _words(f)) for forms in actors)


def _name_reasons(sentence: str, texts: str, actors: Sequence[Sequence[str]]) -> list[str]:
    """Actors (each a list of forms) named in the sentence but not in the texts; other capitalised
    words the texts do not account for."""
    reasons = []
    covered: list[tuple[int, int]] = []
    for forms in actors:
        spans = [(m.start(), m.end()) for f in forms if f for m in re.finditer(rf"\b{re.escape(f)}\b", sentence)]
        if not spans:
            continue
        covered += spans
        if not named_in(forms, texts):
            reasons.append(f"names {forms[0]}, whom its evidence and article do not name")
    keys = _keys(texts)
    for m in _WORD.finditer(sentence):
        word = re.sub(r"['’]s?$", "", m.group())
        initial = not sentence[: m.start()].strip() or sentence[: m.start()].rstrip()[-1] in ":;"
        if not word[:1].isupper() or any(s <= m.start() < e for s, e in covered):
            continue
        if initial and not _known_name(word, actors):
            continue  # a sentence's first word is capitalised anyway; read only when it is a name
        if fold_case(word) in _lexicon()["months"] or fold_case(word) in _lexicon()["weekdays"]:
            continue  # the date check reads these against the evidence
        parts = [p for p in word.split("-") if p]
        if not all(_word_accounted(p, keys) for p in parts):
            reasons.append(f"names '{word}', which neither its evidence nor its article names")
    return reasons


def check_support(
    sentence: str,
    evidence: Sequence[str],
    articles: Sequence[str] = (),
    actors: Sequence[Sequence[str]] = (),
    context: Sequence[str] = (),
) -> SupportVerdict:
    """Whether `sentence` says only what its `evidence` spans say (with the sentences around them,
    `context`) and its `articles`; `actors`: the names (all forms) of the actors it may name.

    Status words are read against the spans (a sentence resting on a whole article passes it as its
    evidence); names against spans and articles; numbers and dates
    against the spans and their context, else the articles (a number the article never gives is made up).
    """
    spans = " \n ".join(evidence)
    around = " \n ".join([*evidence, *context])
    whole = " \n ".join(articles)
    reasons = [
        *_status_reasons(sentence, spans),
        *_name_reasons(sentence, " \n ".join([around, whole]), actors),
        *[r for r in _number_reasons(sentence, around) if r in _number_reasons(sentence, whole) or not whole],
        *[r for r in _date_reasons(sentence, around) if r in _date_reasons(sentence, whole) or not whole],
    ]
    return SupportVerdict("unsupported" if reasons else "supported", tuple(dict.fromkeys(reasons)))
