"""Paragraphs and sentences of an article, with offsets into its text; quotations are never split.

A paragraph is a line (news copy puts one paragraph on a line; blank lines are skipped). A
sentence ends at . ! ? (or a closing quotation mark after one) before a capital, a digit or an
opening mark, except after an abbreviation, an initial or a day number ("am 11. Dezember").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarizer.text.wordlists import words as listed

# Opening mark, then the shortest run up to a closing mark of the same family (as quotescan).
_QUOTATION = re.compile(r"„[^„“”\"\n]*?[“”\"]|»[^»«\n]*?«|«[^«»\n]*?»|“[^“”\n]*?”|\"[^\"\n]*?\"")
_END = re.compile(r"[.!?…]+")
_CLOSERS = "\"“”»«'’)]"
_OPENERS = "\"„“»«‚(['"




@dataclass(frozen=True)
class Sentence:
    """One sentence: `text[start:end]`, its paragraph's number, and its number in the article."""

    start: int
    end: int
    paragraph: int
    index: int


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of every passage in quotation marks, the marks included."""
    return [(m.start(), m.end()) for m in _QUOTATION.finditer(text)]


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(start < at < end - 1 for start, end in spans)


_FOLLOWER = re.compile(r"\s*(\w+)")


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at `dot` closes an abbreviation, an initial or a day number."""
    start = dot  # the word before the stop, read backwards (a regex anchored at the end rescanned the text)
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    if start == dot:
        return False
    word = text[start:dot]
    if word.isdigit():  # "am 11. Dezember", "im 20. Jahrhundert"; but "des Modells 3. Ein Sprecher"
        follower = _FOLLOWER.match(text, dot + 1)
        if follower is None or len(word) > 2:
            return False
        after = follower.group(1)
        return after[0].islower() or after.casefold() in listed("sentences", "after_ordinal")
    return word.casefold() in listed("sentences", "abbreviations") or (len(word) == 1 and word.isupper())


def _ends(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> list[int]:
    """Offsets (exclusive) where the sentences of the paragraph `text[start:end]` end."""
    ends = []
    for m in _END.finditer(text, start, end):
        if _inside(quotes, m.start()):
            continue
        stop = m.end()
        while stop < end and text[stop] in _CLOSERS:
            stop += 1
        if m.group() == "." and _abbreviation(text, m.start()):
            continue
        ends.append(stop)
    for q_start, q_end in quotes:  # „… werden.“ Entsprechend …
        if q_start >= start and q_end <= end and q_end - q_start > 2 and text[q_end - 2] in ".!?…":
            ends.append(q_end)
    found = []
    for stop in sorted(set(ends)):
        rest = text[stop:end]
        follower = rest.lstrip()
        if stop == end or (
            len(follower) < len(rest) and follower[:1] and (follower[0].isupper() or follower[0].isdigit() or follower[0] in _OPENERS)
        ):
            found.append(stop)
    if not found or found[-1] != end:
        found.append(end)
    return found


@lru_cache(maxsize=256)
def split_sentences(text: str) -> tuple[Sentence, ...]:
    """The article's sentences in order, whitespace trimmed, each with its paragraph's number."""
    quotes = quotation_spans(text)
    sentences: list[Sentence] = []
    paragraph = 0
    for line in re.finditer(r"[^\n]+", text):
        if not line.group().strip():
            continue
        begin = line.start()
        for stop in _ends(text, line.start(), line.end(), quotes):
            chunk = text[begin:stop]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk.rstrip())
            if chunk.strip():
                sentences.append(Sentence(begin + lead, begin + trail, paragraph, len(sentences)))
            begin = stop
        paragraph += 1
    return tuple(sentences)
