"""Locate quotes and evidence spans in their source text: exact, normalised, fuzzy or ungrounded.

Offsets always index the ORIGINAL article text, so `text[start:end]` is the passage matched.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz

GroundingStatus = Literal["exact", "normalised", "fuzzy", "ungrounded"]

# A fuzzy match must score at least this (rapidfuzz partial_ratio, 0-100: 100 minus the share of
# inserted/deleted characters). 90 admits a slipped character or a dropped short word in a
# sentence-long quote, and rejects paraphrases, which change a quarter or more of the characters
# (tests/test_ground.py holds both sides of the line).
FUZZY_THRESHOLD = 90.0
# Fuzzy matching of very short spans says nothing: "ja" is "in" the text at 50 % anyway.
FUZZY_MIN_LENGTH = 12

_FOLD = {
    **dict.fromkeys('„“”‟"«»‹›〞〟＂', '"'),
    **dict.fromkeys("‚‘’‛'`´", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}
_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_QUOTE_MARKS = "\"'„“”‟«»‹›‚‘’‛"


class Grounding(BaseModel):
    """Where a span stands in its source; start/end are None when ungrounded."""

    status: GroundingStatus
    start: int | None = None
    end: int | None = None
    score: float = 0.0


def _fold_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    if ch in _FOLD:
        return _FOLD[ch]
    if ch.isspace():
        return " "
    return unicodedata.normalize("NFKC", ch).casefold()


# Single ASCII spaces stay inside plain runs; other whitespace and runs of it are folded one by one.
_SPECIAL = re.compile("[^\\S ]\\s*| \\s+|[" + re.escape("".join(_FOLD) + "".join(_DROP)) + "]")


_EXPANDING = re.compile("([ßẞ])")  # German sharp s folds to "ss": split it out of plain runs


@lru_cache(maxsize=64)
def normalise_with_map(text: str) -> tuple[str, Sequence[int]]:
    """Fold typography, whitespace and case; return the folded text and each char's original index.

    Plain runs between special characters are folded whole (C speed); only runs whose case
    folding or NFKC form changes their length ('ß' -> 'ss') take the per-character path.
    """
    out: list[str] = []
    origin = array("l")
    space = True  # drops leading whitespace
    pos = 0

    def add_run(run: str, at: int) -> None:
        nonlocal space
        if space:
            stripped = run.lstrip(" ")
            at += len(run) - len(stripped)
            run = stripped
        if not run:
            return
        pieces = _EXPANDING.split(run) if "ß" in run or "ẞ" in run else [run]
        for piece in pieces:
            folded = piece.casefold()
            if len(folded) == len(piece) and unicodedata.is_normalized("NFKC", piece):
                out.append(folded)
                origin.extend(range(at, at + len(piece)))
            else:
                for i, ch in enumerate(piece):
                    f = _fold_char(ch)
                    out.append(f)
                    origin.extend([at + i] * len(f))
            at += len(piece)
        space = run.endswith(" ")

    for m in _SPECIAL.finditer(text):
        add_run(text[pos : m.start()], pos)
        token = m.group()
        if token[0].isspace():
            if not space:
                out.append(" ")
                origin.append(m.start())
                space = True
        elif token not in _DROP:
            folded = _FOLD[token]
            out.append(folded)
            origin.extend([m.start()] * len(folded))
            space = False
        pos = m.end()
    add_run(text[pos:], pos)
    joined = "".join(out)
    if joined.endswith(" "):
        joined = joined[:-1]
        origin.pop()
    return joined, origin


def normalise(text: str) -> str:
    """The folded form used for comparison (typography, whitespace, case)."""
    return normalise_with_map(text)[0]


_DOUBLE_MARKS = frozenset('"„“”‟«»〞〟＂')


def _strip_marks(span: str) -> str:
    """The span without its outer quotation marks, stripped both or neither: a span that opens with
    a mark and ends without one keeps it (the slice it grounds to must not leave a mark unpaired)."""
    span = span.strip()
    while len(span) >= 2 and span[0] in _QUOTE_MARKS and span[-1] in _QUOTE_MARKS:
        span = span[1:-1].strip()
    return span


def _paired(text: str) -> bool:
    """Double quotation marks come in pairs (single ones double as apostrophes: not counted)."""
    return sum(ch in _DOUBLE_MARKS for ch in text) % 2 == 0


def ground(span: str, text: str) -> Grounding:
    """Locate `span` in `text`, trying exact, then normalised, then fuzzy alignment."""
    needle = _strip_marks(span)
    if not needle:
        return Grounding(status="ungrounded")
    start = text.find(needle)
    if start >= 0:
        return Grounding(status="exact", start=start, end=start + len(needle), score=100.0)
    folded_text, origin = normalise_with_map(text)
    folded_needle = _strip_marks(normalise(needle))
    if not folded_needle:
        return Grounding(status="ungrounded")
    at = folded_text.find(folded_needle)
    if at >= 0:
        return Grounding(
            status="normalised", start=origin[at], end=origin[at + len(folded_needle) - 1] + 1, score=100.0
        )
    if len(folded_needle) < FUZZY_MIN_LENGTH:
        return Grounding(status="ungrounded")
    found = fuzz.partial_ratio_alignment(folded_needle, folded_text)
    if found is None or found.score < FUZZY_THRESHOLD or found.dest_end <= found.dest_start:
        return Grounding(status="ungrounded", score=round(found.score, 1) if found else 0.0)
    start, end = _trim(text, origin[found.dest_start], origin[found.dest_end - 1] + 1)
    return Grounding(status="fuzzy", start=start, end=end, score=round(found.score, 1))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Snap an alignment to whole words, then drop spaces and quotation marks at its edges: a
    pair of edge marks together, a single one only where no mark inside is left unpaired."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while True:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= 2 and text[start] in _QUOTE_MARKS and text[end - 1] in _QUOTE_MARKS:
            start, end = start + 1, end - 1
        elif start < end and text[start] in _QUOTE_MARKS and _paired(text[start + 1 : end]):
            start += 1
        elif end > start and text[end - 1] in _QUOTE_MARKS and _paired(text[start : end - 1]):
            end -= 1
        else:
            return start, end


def closest_passage(span: str, text: str, max_chars: int = 300) -> str:
    """The passage of `text` most like `span`, widened to whole words, for a re-ask message."""
    folded_text, origin = normalise_with_map(text)
    folded_needle = normalise(_strip_marks(span))
    if not folded_text or not folded_needle:
        return ""
    found = fuzz.partial_ratio_alignment(folded_needle, folded_text)
    if found is None:
        return ""
    start = origin[found.dest_start]
    end = origin[max(found.dest_end - 1, found.dest_start)] + 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start : min(end, start + max_chars)]


@dataclass
class Groundings:
    """The spans of one text located once each: computed where they are first needed (checking
    an answer's quotes before accepting it) and reused by the merge, with the closest passage of
    every span that is not found. The text is an article, or a part of one whose groundings the
    article's then takes (`take`)."""

    text: str
    found: dict[str, Grounding] = field(default_factory=dict)
    closest: dict[str, str] = field(default_factory=dict)

    def ground(self, span: str) -> Grounding:
        """Where `span` stands in the article (computed on first request)."""
        g = self.found.get(span)
        if g is None:
            g = self.found[span] = ground(span, self.text)
        return g

    def closest_passage(self, span: str) -> str:
        """The article passage most like `span` (computed on first request)."""
        passage = self.closest.get(span)
        if passage is None:
            passage = self.closest[span] = closest_passage(span, self.text)
        return passage

    def take(self, part: Groundings, in_article: Callable[[int], int]) -> None:
        """Add what a part's check located, its offsets moved into this text's coordinates by
        `in_article`; a span this text knows already keeps what it has."""
        for span, g in part.found.items():
            if span in self.found:
                continue
            if g.start is not None and g.end is not None:
                start = in_article(g.start)
                end = in_article(g.end - 1) + 1 if g.end > g.start else start
                g = g.model_copy(update={"start": start, "end": end})
            self.found[span] = g
        for span, passage in part.closest.items():
            self.closest.setdefault(span, passage)
