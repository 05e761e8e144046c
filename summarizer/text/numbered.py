"""An article as numbered sentences and numbered quotations, each with its offsets.

A small model is asked to answer with these numbers instead of copying words (llm/passes): the
code then copies the spans, so every span it hands on is the article's own by construction.
Sentences end at a line break, or at . ! ? (and any closing marks) before a capital, a digit or
an opening mark; not after an abbreviation, an initial or an ordinal ("am 3. Dezember"), and
never inside a quotation that closes on the same line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarizer.text.quotescan import quotation_spans

# Words after which a full stop ends no sentence (German and English news usage), folded to lower case.
_ABBREVIATIONS = frozenset(
    [
        "z",
        "b",
        "bzw",
        "ca",
        "dr",
        "prof",
        "nr",
        "st",
        "u",
        "a",
        "o",
        "ä",
        "usw",
        "vgl",
        "etc",
        "jr",
        "sr",
        "mr",
        "mrs",
        "ms",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "sgt",
        "mio",
        "mrd",
        "bzgl",
        "evtl",
        "ggf",
        "inkl",
        "jh",
        "jhd",
        "max",
        "min",
        "mind",
        "sog",
        "abs",
        "art",
        "bd",
        "s",
        "no",
        "vs",
        "v",
        "chr",
        "hl",
        "dipl",
        "ing",
        "str",
        "tel",
    ]
)
_END = re.compile(r"[.!?…]+[\"'“”»«‘’)\]]*(?=\s+[\"„“»«‚‘(\[]?[A-ZÄÖÜ0-9])")
_OPENING = "„“»«‚"  # marks that open a quotation in German or English typography


@dataclass(frozen=True)
class Sentence:
    """One sentence: its number (from 1), offsets into the article, and its words."""

    number: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quotation:
    """One passage in quotation marks (marks excluded): its number (from 1), offsets, words and the
    number of the sentence it starts in."""

    number: int
    start: int
    end: int
    text: str
    sentence: int


@dataclass(frozen=True)
class NumberedArticle:
    """The article's sentences and quotations, numbered in order."""

    text: str
    sentences: tuple[Sentence, ...]
    quotations: tuple[Quotation, ...]

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding the character at `offset` (the last one for an offset past the end)."""
        for sentence in self.sentences:
            if offset < sentence.end:
                return sentence
        return self.sentences[-1]

    def sentence(self, number: int) -> Sentence | None:
        """Sentence `number` (from 1), or None when there is no such sentence."""
        return self.sentences[number - 1] if 1 <= number <= len(self.sentences) else None

    def quotation(self, number: int) -> Quotation | None:
        """Quotation `number` (from 1), or None when there is no such quotation."""
        return self.quotations[number - 1] if 1 <= number <= len(self.quotations) else None


@lru_cache(maxsize=32)
def number_article(text: str) -> NumberedArticle:
    """The article's sentences and its quotations, each numbered from 1 with offsets into `text`."""
    sentences = tuple(
        Sentence(i, start, end, text[start:end]) for i, (start, end) in enumerate(_sentence_spans(text), 1)
    )
    numbered = NumberedArticle(text, sentences, ())
    quotations = tuple(
        Quotation(i, start, end, text[start:end], numbered.sentence_at(start).number if sentences else 0)
        for i, (start, end) in enumerate(quotation_spans(text), 1)
    )
    return NumberedArticle(text, sentences, quotations)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        inside = _inside_quotations(line.group())
        for end in _ends(line.group()):
            if end - 1 in inside or _abbreviation_before(line.group(), end):
                continue
            spans.append(_stripped(text, start, line.start() + end))
            start = line.start() + end
        spans.append(_stripped(text, start, line.end()))
    return [(s, e) for s, e in spans if e > s]


def _ends(line: str) -> list[int]:
    return [m.end() for m in _END.finditer(line)]


def _inside_quotations(line: str) -> set[int]:
    """Offsets within the line that lie inside a quotation closed on this line (marks included,
    the closing mark excluded): a sentence end there is the quoted speaker's, not the article's."""
    inside: set[int] = set()
    for start, end in quotation_spans(line):
        inside.update(range(start - 1, end))
    return inside


def _abbreviation_before(line: str, end: int) -> bool:
    """Whether the full stop ending at `end` follows an abbreviation, an initial or an ordinal number."""
    head = line[:end].rstrip("\"'“”»«‘’)]")
    if not head.endswith("."):
        return False
    word = re.search(r"(\S+)\.$", head)
    if word is None:
        return False
    token = word.group(1).lstrip("(„“»«\"'")
    return token.isdigit() or (len(token) == 1 and token.isalpha()) or token.casefold() in _ABBREVIATIONS


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
