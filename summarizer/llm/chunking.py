"""Long articles: split on paragraph boundaries with overlap, each part knowing where it stands.

Token counts are estimated offline (no tokenizer download): about four characters a token for
German and English news prose, which overestimates slightly, the safe side for a budget.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

from summarizer.llm.config import DEFAULT_TOKEN_BUDGET

CHARS_PER_TOKEN = 4


def estimate_tokens(text: str) -> int:
    """Offline token estimate: characters / 4, rounded up."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


@dataclass(frozen=True)
class Part:
    """The text one request carries: a whole article, or some of its paragraphs joined by single
    newlines (blank lines dropped, an over-long paragraph cut). `pieces` says where each joined
    piece starts in the part and in the article, so an offset into the part maps into the article."""

    text: str
    start: int = 0  # where the part begins in the article
    pieces: tuple[tuple[int, int], ...] = ()  # (offset in the part, offset in the article); none: a whole article

    def in_article(self, offset: int) -> int:
        """Where `offset` into the part's text stands in the article's."""
        if not self.pieces:
            return self.start + offset
        at = bisect.bisect_right(self.pieces, offset, key=lambda piece: piece[0]) - 1
        in_part, in_article = self.pieces[max(at, 0)]
        return in_article + offset - in_part


def split_article(text: str, token_budget: int = DEFAULT_TOKEN_BUDGET, overlap: int = 1) -> list[Part]:
    """Parts of at most `token_budget` tokens, cut between paragraphs, each repeating the last
    `overlap` paragraphs of the one before so that nothing said across a cut is lost.

    A single paragraph longer than the budget is cut between sentences, then hard.
    """
    if estimate_tokens(text) <= token_budget:
        return [Part(text)]
    limit = token_budget * CHARS_PER_TOKEN
    paragraphs = [piece for at, p in _paragraphs(text) for piece in _located(_fit(p, limit), p, at)]
    parts: list[list[tuple[int, str]]] = [[]]
    size = 0
    for paragraph in paragraphs:
        if parts[-1] and size + len(paragraph[1]) + 1 > limit:
            carried = [p for p in parts[-1][-overlap:] if overlap] if overlap else []
            if sum(len(p) + 1 for _, p in carried) + len(paragraph[1]) > limit:
                carried = []
            parts.append(carried)
            size = sum(len(p) + 1 for _, p in carried)
        parts[-1].append(paragraph)
        size += len(paragraph[1]) + 1
    return [_part(pieces) for pieces in parts if pieces]


def _part(pieces: list[tuple[int, str]]) -> Part:
    """The part of these located pieces, joined by newlines as the request sends them."""
    where, at = [], 0
    for in_article, piece in pieces:
        where.append((at, in_article))
        at += len(piece) + 1
    return Part("\n".join(piece for _, piece in pieces), pieces[0][0], tuple(where))


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of `text`, each with its offset."""
    found, at = [], 0
    for line in text.split("\n"):
        if line.strip():
            found.append((at, line))
        at += len(line) + 1
    return found


def _located(pieces: list[str], paragraph: str, at: int) -> list[tuple[int, str]]:
    """Each piece of a paragraph with its offset in the article: the pieces are the paragraph's
    own text in order (cut between sentences or hard, edges stripped), so each is found after
    the one before."""
    located, pos = [], 0
    for piece in pieces:
        pos = paragraph.find(piece, pos)
        located.append((at + pos, piece))
        pos += len(piece)
    return located


def _fit(paragraph: str, limit: int) -> list[str]:
    if len(paragraph) <= limit:
        return [paragraph]
    pieces, current = [], ""
    for sentence in paragraph.replace(". ", ".\x00").split("\x00"):
        if current and len(current) + len(sentence) + 1 > limit:
            pieces.append(current)
            current = ""
        current = f"{current} {sentence}".strip() if current else sentence
        while len(current) > limit:
            pieces.append(current[:limit])
            current = current[limit:]
    if current:
        pieces.append(current)
    return pieces


