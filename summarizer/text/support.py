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

from summarizer.text.names import fold_case
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
    }


def _starts(numbers: dict[str, float]) -> dict[str, list[tuple[str, float]]]:
    """German number words by their first two letters, the longest first ("dreizehn" before "drei")."""
    found: dict[str, list[tuple[str, float]]] = {}
    for word, value in sorted(((fold_case(k), v) for k, v in numbers.items()), key=lambda kv: -len(kv[0])):
        found.setdefault(word[:2], []).append((word, value))
    return found


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def statuses(text: str) -> dict[str, str]:
    """The statuses a text's words say, each with the first word saying it: {'postponed': 'verschoben'};
    a status word after a negation ("no plans") says none."""
    lex = _lexicon()
    words = [fold_case(w) for w in _words(text)]
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


def _status_reasons(sentence: str, evidence: Sequence[Said]) -> list[str]:
    """A status the sentence claims where its evidence says a conflicting one and not the claimed one."""
    claimed = statuses(sentence)
    said: dict[str, str] = {}
    for text in evidence:
        for status, word in text.statuses.items():
            said.setdefault(status, word)
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


def _number_reasons(sentence: str, evidence: Sequence[Said]) -> list[str]:
    return [
        f"gives '{claim.words}', which its evidence does not"
        for claim in numbers_en(sentence)
        if not any(text.numbers.have(claim) for text in evidence)
    ]


def _date_reasons(sentence: str, evidence: Sequence[Said]) -> list[str]:
    """Months and weekdays (capitalised: 'may' is no month) the evidence does not name."""
    lex = _lexicon()
    said = set().union(*(text.words for text in evidence))
    reasons = []
    for word in dict.fromkeys(w for w in _words(sentence) if w[:1].isupper()):
        folded = fold_case(word)
        for table in ("months", "weekdays"):
            german = lex[table].get(folded)
            if german and german not in said and folded not in said:
                reasons.append(f"names '{word}', which its evidence does not")
    return reasons


@dataclass(frozen=True)
class Said:
    """What one text says, indexed once: its words, their keys (by their first letters too), its
    status words and numbers."""

    words: frozenset[str]
    keys: frozenset[str]
    by_prefix: dict[str, tuple[str, ...]]
    statuses: dict[str, str]
    numbers: NumbersSaid

    def has(self, key: str) -> bool:
        """Whether the text has this word (German endings allowed: 'kremls' for 'kreml')."""
        return key in self.keys or any(_same(key, k) for k in self.by_prefix.get(key[:_PREFIX], ()))

    def ends_with(self, key: str) -> bool:
        """Whether a word of the text ends with this one (a compound: 'vizeaussenminister')."""
        return any(k.endswith(key) for k in self.keys)


_PREFIX = 4  # German endings aside, two spellings of one word share at least these first letters


@lru_cache(maxsize=4096)
def said(text: str) -> Said:
    """The index of `text` (computed once per text: an article is read once however many sentences rest on it)."""
    keys: set[str] = set()
    for word in _words(text):
        keys.add(word_key(word))
        keys.update(word_key(part) for part in word.split("-") if part)
    by_prefix: dict[str, list[str]] = {}
    for k in keys:
        by_prefix.setdefault(k[:_PREFIX], []).append(k)
    return Said(
        frozenset(fold_case(w) for w in _words(text)),
        frozenset(keys),
        {p: tuple(ks) for p, ks in by_prefix.items()},
        statuses(text),
        numbers_de(text),
    )


class Names:
    """The actors a sentence may name (each a list of forms), indexed by the first word of each form."""

    def __init__(self, actors: Sequence[Sequence[str]]) -> None:
        self.actors = [list(forms) for forms in actors if forms]
        self.first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self.words: set[str] = set()
        for i, forms in enumerate(self.actors):
            for form in forms:
                tokens = tuple(_NAME_TOKEN.findall(form))
                if tokens:
                    self.first.setdefault(tokens[0], []).append((i, tokens))
                    self.words.update(fold_case(t) for t in tokens)

    def in_sentence(self, sentence: str) -> list[tuple[int, int, int]]:
        """(actor, start, end) of each form of an actor written in the sentence."""
        tokens = [(m.group(), m.start(), m.end()) for m in _NAME_TOKEN.finditer(sentence)]
        found = []
        for i, (word, start, _) in enumerate(tokens):
            for actor, form in self.first.get(word, ()):
                if tuple(t for t, _, _ in tokens[i : i + len(form)]) == form:
                    found.append((actor, start, tokens[i + len(form) - 1][2]))
        return found


_NAME_TOKEN = re.compile(r"\w+(?:-\w+)*")


def _in(words: Iterable[str], texts: Sequence[Said]) -> bool:
    """Whether every one of the words stands in one of the texts (German endings allowed)."""
    return all(any(t.has(word_key(w)) for t in texts) for w in words)


def named_in(forms: Sequence[str], texts: Sequence[Said]) -> bool:
    """Whether any form of a name stands in the texts ('Lavrov' where they say 'Lawrow')."""
    for form in forms:
        words = [w for w in _words(form) if fold_case(w) not in ("der", "die", "das", "the", "of", "des")]
        if words and _in(words, texts):
            return True
    return False


def _word_accounted(word: str, texts: Sequence[Said]) -> bool:
    """A capitalised word the texts account for: it stands there, or its German form or role word does."""
    lex = _lexicon()
    folded = fold_case(word)
    if folded in lex["plain"] or _in([word], texts):
        return True
    for table in ("place_words", "role_words"):
        for g in map(word_key, lex[table].get(folded, ())):
            if any(t.has(g) or t.ends_with(g) for t in texts):  # a compound ends with it: "US-Außenminister"
                return True
            # a country by its adjective: "Russia" where the evidence says "russische"
            if table == "place_words" and len(g) >= PLACE_STEM + 2 and any(g[:PLACE_STEM] in t.by_prefix for t in texts):
                return True
    return False


def _name_reasons(sentence: str, texts: Sequence[Said], names: Names) -> list[str]:
    """Actors named in the sentence but not in the texts; other capitalised words the texts do not account for."""
    reasons = []
    covered: list[tuple[int, int]] = []
    for actor in dict.fromkeys(a for a, _, _ in names.in_sentence(sentence)):
        covered += [(s, e) for a, s, e in names.in_sentence(sentence) if a == actor]
        forms = names.actors[actor]
        if not named_in(forms, texts):
            reasons.append(f"names {forms[0]}, whom its evidence and article do not name")
    lex = _lexicon()
    for m in _WORD.finditer(sentence):
        word = re.sub(r"['’]s?$", "", m.group())
        initial = not sentence[: m.start()].strip() or sentence[: m.start()].rstrip()[-1] in ":;"
        if not word[:1].isupper() or any(s <= m.start() < e for s, e in covered):
            continue
        folded = fold_case(word)
        if initial and folded not in lex["place_words"] and folded not in names.words:
            continue  # a sentence's first word is capitalised anyway; read only when it is a name
        if folded in lex["months"] or folded in lex["weekdays"]:
            continue  # the date check reads these against the evidence
        parts = [p for p in word.split("-") if p]
        if not all(_word_accounted(p, texts) for p in parts):
            reasons.append(f"names '{word}', which neither its evidence nor its article names")
    return reasons


def check_support(
    sentence: str,
    evidence: Sequence[str],
    articles: Sequence[str] = (),
    actors: Sequence[Sequence[str]] | Names = (),
    context: Sequence[str] = (),
) -> SupportVerdict:
    """Whether `sentence` says only what its `evidence` spans say (with the sentences around them,
    `context`) and its `articles`; `actors`: the names (all forms) of the actors it may name.

    Status words are read against the spans (a sentence resting on a whole article passes it as its
    evidence); names against spans and articles; numbers and dates against the spans and their
    context, else the articles (a number the article never gives is made up).
    """
    names = actors if isinstance(actors, Names) else Names(actors)
    spans = [said(e) for e in evidence]
    around = spans + [said(c) for c in context]
    whole = [said(a) for a in articles]
    numbers = _number_reasons(sentence, around)
    dates = _date_reasons(sentence, around)
    if whole:  # beyond the evidence, the article may give them; what it never gives is made up
        numbers = [r for r in numbers if r in _number_reasons(sentence, whole)]
        dates = [r for r in dates if r in _date_reasons(sentence, whole)]
    reasons = [*_status_reasons(sentence, spans), *_name_reasons(sentence, around + whole, names), *numbers, *dates]
    return SupportVerdict("unsupported" if reasons else "supported", tuple(dict.fromkeys(reasons)))
