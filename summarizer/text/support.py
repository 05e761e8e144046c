"""The support check: does a generated sentence say only what its evidence says?

A sentence (English or German; a description, headline, lede, summary or overview line) is read
against its evidence (German, English or French spans of the articles, with the sentences around
them) and the articles themselves:
- status words: a status the evidence contradicts ("cancelled" where it says "verschoben");
- names: every actor the sentence names, and every other capitalised word that is no role word,
  must be named in the evidence or its article (spellings, exonyms, adjectives of places and role
  words allowed: Lavrov = Lawrow, Moscow = Moskau = Moscou, Tyrolean = Tiroler, "foreign minister"
  = "Außenminister" = "ministre des Affaires étrangères");
- numbers and dates: every number, month and weekday must be in the evidence.
The word lists are data (data/support.toml, with data/roles.json and data/exonyms.json).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from summarizer.text.actornames import same_word as _same
from summarizer.text.actornames import word_key
from summarizer.text.claims import lexicon, statuses, words_of
from summarizer.text.names import fold_case
from summarizer.text.numbers import NumbersSaid, numbers_en, numbers_in_german, numbers_said

SupportStatus = Literal["supported", "unsupported"]
PLACE_STEM = 4  # letters a country's name and its adjective share ("Russland", "russische")
# How an English adjective of a place ends, and how its place's name ends instead: Tyrol-ean,
# Ukrain-ian (Ukraine), Russia-n, Chin-ese (China), Turk-ish (Turkey), Israel-i.
_ADJECTIVE_ENDINGS = ("ean", "ian", "an", "ese", "ish", "i", "n")
_PLACE_ENDINGS = ("", "a", "e", "y", "ia", "en", "ey")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class SupportVerdict:
    """Whether a sentence is supported by its evidence, and each reason it is not."""

    status: SupportStatus
    reasons: tuple[str, ...] = ()


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
        against = [s for s in lexicon()["conflicts"].get(status, []) if s in said and s not in claimed]
        if against:
            reasons.append(f"says '{word}' ({status}); its evidence says '{said[against[0]]}' ({against[0]})")
    return reasons


def _number_reasons(sentence: str, evidence: Sequence[Said], lang: str) -> list[str]:
    claims = numbers_in_german(sentence) if lang == "de" else numbers_en(sentence)
    return [
        f"gives '{claim.words}', which its evidence does not"
        for claim in claims
        if not any(text.numbers.have(claim) for text in evidence)
    ]


def _date_reasons(sentence: str, evidence: Sequence[Said], lang: str) -> list[str]:
    """Months and weekdays (capitalised: 'may' is no month) the evidence names in none of its languages."""
    dates = lexicon()["dates"]["de" if lang == "de" else "en"]
    said = set().union(*(text.words for text in evidence))
    return [
        f"names '{word}', which its evidence does not"
        for word in dict.fromkeys(w for w in words_of(sentence) if w[:1].isupper())
        if fold_case(word) in dates and not dates[fold_case(word)] & said
    ]


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
    for word in words_of(text):
        keys.add(word_key(word))
        keys.update(word_key(part) for part in word.split("-") if part)
    by_prefix: dict[str, list[str]] = {}
    for k in keys:
        by_prefix.setdefault(k[:_PREFIX], []).append(k)
    return Said(
        frozenset(fold_case(w) for w in words_of(text)),
        frozenset(keys),
        {p: tuple(ks) for p, ks in by_prefix.items()},
        statuses(text),
        numbers_said(text),
    )


class Names:
    """The actors a sentence may name (each a list of forms), indexed by the first word of each form."""

    def __init__(self, actors: Sequence[Sequence[str]]) -> None:
        # Actors of one name are one (a day in two languages may keep an English and a German
        # "European leaders" apart): any of their forms names them.
        by_name: dict[str, dict[str, None]] = {}
        for forms in actors:
            if forms:
                by_name.setdefault(fold_case(forms[0]), {}).update(dict.fromkeys(forms))
        self.actors = [list(forms) for forms in by_name.values()]
        self.first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self.words: set[str] = set()
        for i, forms in enumerate(self.actors):
            for form in forms:
                tokens = tuple(_NAME_TOKEN.findall(form))
                if tokens:
                    self.first.setdefault(tokens[0], []).append((i, tokens))
                    # a capitalised word of a name ("Trump"), not a common word of a description
                    # ("Sources familiar with the talks"): a sentence opening with one names someone
                    self.words.update(fold_case(t) for t in tokens if t[:1].isupper())

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
        words = [w for w in words_of(form) if fold_case(w) not in ("der", "die", "das", "the", "of", "des")]
        if words and _in(words, texts):
            return True
    return False


def _word_accounted(word: str, texts: Sequence[Said]) -> bool:
    """A capitalised word the texts account for: it stands there, or its German or French form or
    role word does."""
    lex = lexicon()
    folded = fold_case(word)
    if folded in lex["plain"] or _in([word], texts):
        return True
    if folded in lex["places_de"] and (  # a German place name: its adjective ("russische"), or its English or French name
        _place_said(word_key(folded), texts) or any(_in([other], texts) for other in lex["places_de"][folded])
    ):
        return True
    for g in map(word_key, lex["role_words"].get(folded, ())):
        if any(t.has(g) or t.ends_with(g) for t in texts):  # a compound ends with it: "US-Außenminister"
            return True
    for g in map(word_key, _place_forms(folded)):  # a place by its adjective: "Russia" where it says "russische"
        if any(t.has(g) or t.ends_with(g) for t in texts) or _place_said(g, texts):
            return True
    return False


def _place_forms(folded: str) -> set[str]:
    """The forms of the place an English word names, by its name or its adjective ('Tyrolean' → Tirol, Tyrol)."""
    table = lexicon()["place_words"]
    if folded in table:
        return set(table[folded])
    for ending in _ADJECTIVE_ENDINGS:
        stem = folded[: -len(ending)]
        if folded.endswith(ending) and len(stem) >= PLACE_STEM:
            for place in (stem + e for e in _PLACE_ENDINGS):
                if place in table:
                    return {place, *table[place]}
    return set()


def _place_said(key: str, texts: Sequence[Said]) -> bool:
    """A place said by its adjective or a word made from it: 'russische' for Russland, 'tyrolien' for Tyrol."""
    if len(key) >= PLACE_STEM + 2 and any(key[:PLACE_STEM] in t.by_prefix for t in texts):
        return True
    return len(key) > PLACE_STEM and any(k.startswith(key) for t in texts for k in t.by_prefix.get(key[:_PREFIX], ()))


def _words_accounted(sentence: str, spans: Sequence[tuple[int, int]], texts: Sequence[Said]) -> bool:
    """Whether the texts account for every capitalised word where an English sentence names an actor
    ("a White House official" where the article says "ein Vertreter des Weißen Hauses")."""
    words = [w for s, e in spans for w in words_of(sentence[s:e]) if w[:1].isupper()]
    return bool(words) and all(_word_accounted(p, texts) for w in words for p in w.split("-") if p)


def _name_reasons(sentence: str, texts: Sequence[Said], names: Names, lang: str) -> list[str]:
    """Actors named in the sentence but not in the texts; other capitalised words the texts do not account for
    (in German, where every noun is capitalised, only the names of places)."""
    reasons = []
    covered: list[tuple[int, int]] = []
    found = names.in_sentence(sentence)
    for actor in dict.fromkeys(a for a, _, _ in found):
        spans = [(s, e) for a, s, e in found if a == actor]
        covered += spans
        forms = names.actors[actor]
        if not named_in(forms, texts) and not (lang != "de" and _words_accounted(sentence, spans, texts)):
            reasons.append(f"names {forms[0]}, whom its evidence and article do not name")
    lex = lexicon()
    for m in _WORD.finditer(sentence):
        word = re.sub(r"['’]s?$", "", m.group())
        initial = not sentence[: m.start()].strip() or sentence[: m.start()].rstrip()[-1] in ":;"
        if not word[:1].isupper() or any(s <= m.start() < e for s, e in covered):
            continue
        folded = fold_case(word)
        if initial and folded not in lex["place_words"] and folded not in names.words:
            continue  # a sentence's first word is capitalised anyway; read only when it is a name
        if folded in lex["dates"]["de" if lang == "de" else "en"]:
            continue  # the date check reads these against the evidence
        if lang == "de" and folded not in lex["places_de"]:
            continue  # a German noun, not a name
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
    lang: str = "en",
    read: Callable[[str], Said] | None = None,
) -> SupportVerdict:
    """Whether `sentence` (in `lang`, English or German) says only what its `evidence` spans say (with
    the sentences around them, `context`) and its `articles`; `actors`: the names (all forms) of the
    actors it may name.

    Status words are read against the spans (a sentence resting on a whole article passes it as its
    evidence); names against spans and articles; numbers and dates against the spans and their
    context, else the articles (a number the article never gives is made up). `read`: how a text's
    index is made (`said`, whose cache is bounded, unless a caller keeps its own for a whole briefing).
    """
    names = actors if isinstance(actors, Names) else Names(actors)
    read = read or said
    spans = [read(e) for e in evidence]
    around = spans + [read(c) for c in context]
    whole = [read(a) for a in articles]
    numbers = _number_reasons(sentence, around, lang)
    dates = _date_reasons(sentence, around, lang)
    if whole:  # beyond the evidence, the article may give them; what it never gives is made up
        numbers = [r for r in numbers if r in _number_reasons(sentence, whole, lang)]
        dates = [r for r in dates if r in _date_reasons(sentence, whole, lang)]
    reasons = [*_status_reasons(sentence, spans), *_name_reasons(sentence, around + whole, names, lang), *numbers, *dates]
    return SupportVerdict("unsupported" if reasons else "supported", tuple(dict.fromkeys(reasons)))
