"""The numbers a sentence gives and a text says, for the support check: digits in both conventions
('10,000', '10.000', '10 000'), English, German and French number words, a number and a half, the
unit joined to a number ('two-day', 'zweitägig', '30 jours'). The word lists: data/support.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.text.claims import lexicon, words_of
from summarizer.text.names import fold_case

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WITHIN_COUNTS = {"et": 0, "un": 1, "une": 1}  # "vingt-et-un"; alone, "un" is an article, no number
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]?\d)")  # French thousands: "1 200"


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
    """The numbers a (German, English or French) text gives, those joined to a unit, and whether it
    says 'beide'."""

    values: set[float]
    with_unit: set[tuple[float, str]]
    both: bool

    def have(self, claim: NumberClaim) -> bool:
        if claim.unit is not None:
            stems = lexicon()["units"][claim.unit]
            return any((claim.value, stem) in self.with_unit for stem in stems)
        return claim.value in self.values or (claim.both and self.both)


def _german(word: str, following: str) -> list[tuple[float, str]]:
    """A German word opening with a number word ('zweistündigen' 2 hours, 'viereinhalb' 4.5)."""
    lex = lexicon()
    for german, value in lex["numbers_de_starts"].get(word[:2], ()):
        if word.startswith(german):
            rest = word[len(german) :]
            half = rest.startswith(lex["half_de"])
            rest = rest[len(lex["half_de"]) :] if half else rest
            return [(value + 0.5 if half else float(value), rest or following)]
    return []


def _french(words: list[str], i: int) -> float | None:
    """A French number word or hyphenated count at words[i] ('dix-sept', 'quatre-vingt-dix'),
    with 'et demie' after it or after its unit ('quatre heures et demie' 4.5)."""
    table = lexicon()["numbers_fr"]
    parts = words[i].split("-")
    if parts[0] not in table or not all(p in table or p in _WITHIN_COUNTS for p in parts):
        return None
    total, current = 0.0, 0.0
    for part in (p for p in parts if p != "et"):
        value = float(table.get(part, _WITHIN_COUNTS.get(part, 0)))
        if value == 1000:
            total, current = total + max(current, 1) * 1000, 0.0
        elif value == 100 or (value == 20 and current == 4):  # "deux-cents", "quatre-vingts"
            current = max(current, 1) * value
        else:
            current += value
    halves = lexicon()["half_fr"]
    half = tuple(words[i + 1 : i + 3]) in halves or tuple(words[i + 2 : i + 4]) in halves
    return total + current + (0.5 if half else 0.0)


def numbers_said(text: str) -> NumbersSaid:
    """The values a German, English or French text gives: digits (both conventions and French
    thousands), number words, German compounds that open with one, units after them."""
    lex = lexicon()
    said = NumbersSaid(set(), set(), False)
    stems = sorted({stem for unit in lex["units"].values() for stem in unit}, key=len, reverse=True)
    words = [fold_case(w) for w in words_of(text)]
    found: list[tuple[float, str]] = []
    for m in _GROUPED.finditer(text):
        unit = words_of(text[m.end() : m.end() + 40])[:1]
        found.append((float(re.sub(r"\D", "", m.group())), fold_case(unit[0]) if unit else ""))
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if _NUMBER.fullmatch(word):
            found += [(v, following) for d in (",", ".") if (v := _value(word, d)) is not None]
        elif (french := _french(words, i)) is not None:
            found.append((french, following))
        elif word in lex["numbers_en"]:
            found.append((float(lex["numbers_en"][word]), following))
        elif word[:2] in lex["numbers_de_starts"]:
            found += _german(word, following)
        said.both = said.both or word in lex["both_de"]
    for value, after in found:
        said.values.add(value)
        said.with_unit.update((value, stem) for stem in stems if after.startswith(stem))
    return said
