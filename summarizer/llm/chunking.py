"""Long articles: split on paragraph boundaries with overlap, and merge the parts' extractions.

Token counts are estimated offline (no tokenizer download): about four characters a token for
German and English news prose, which overestimates slightly, the safe side for a budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

from summarizer.contracts.extraction import Actor, Event, Extraction, Position, Quote
from summarizer.llm.config import DEFAULT_TOKEN_BUDGET
from summarizer.text.ground import normalise
from summarizer.text.names import name_key

CHARS_PER_TOKEN = 4


def estimate_tokens(text: str) -> int:
    """Offline token estimate: characters / 4, rounded up."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def split_article(text: str, token_budget: int = DEFAULT_TOKEN_BUDGET, overlap: int = 1) -> list[str]:
    """Parts of at most `token_budget` tokens, cut between paragraphs, each repeating the last
    `overlap` paragraphs of the one before so that nothing said across a cut is lost.

    A single paragraph longer than the budget is cut between sentences, then hard.
    """
    if estimate_tokens(text) <= token_budget:
        return [text]
    limit = token_budget * CHARS_PER_TOKEN
    paragraphs = [p for p in _paragraphs(text) for p in _fit(p, limit)]
    parts: list[list[str]] = [[]]
    size = 0
    for paragraph in paragraphs:
        if parts[-1] and size + len(paragraph) + 1 > limit:
            carried = [p for p in parts[-1][-overlap:] if overlap] if overlap else []
            if sum(len(p) + 1 for p in carried) + len(paragraph) > limit:
                carried = []
            parts.append(carried)
            size = sum(len(p) + 1 for p in carried)
        parts[-1].append(paragraph)
        size += len(paragraph) + 1
    return ["\n".join(part) for part in parts if part]


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


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


def merge_parts(parts: list[Extraction]) -> Extraction:
    """One article's extraction from its parts: actors by name, items deduplicated (overlaps repeat them)."""
    if len(parts) == 1:
        return parts[0]
    actors: list[Actor] = []
    by_form: dict[str, Actor] = {}
    for part in parts:
        for actor in part.actors:
            forms = {name_key(n) for n in (actor.name, *actor.aliases)}
            known = next((by_form[f] for f in sorted(forms) if f in by_form), None)
            if known is None:
                known = actor.model_copy(deep=True)
                actors.append(known)
            else:
                known.aliases = sorted({*known.aliases, *actor.aliases, actor.name} - {known.name})
                known.role = known.role or actor.role
            for form in forms:
                by_form.setdefault(form, known)
    return Extraction(
        summary=" ".join(p.summary for p in parts if p.summary),
        actors=actors,
        events=_unique([e for p in parts for e in p.events], lambda e: normalise(e.evidence)),
        quotes=_unique([q for p in parts for q in p.quotes], lambda q: normalise(q.text)),
        positions=_unique(
            [x for p in parts for x in p.positions], lambda x: f"{name_key(x.actor)}|{normalise(x.topic)}|{x.stance}"
        ),
    )


T = TypeVar("T", Event, Quote, Position)


def _unique(items: list[T], key: Callable[[T], str]) -> list[T]:
    seen: set[str] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out
