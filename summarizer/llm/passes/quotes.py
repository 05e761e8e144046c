"""Pass 2, quotes: for each numbered quotation, who says it, chosen from the actors named around it;
the code copies the quotation's words and knows their offsets.

One request per quotation, with only its sentence and the one before: a 1.5B model asked for all
quotations of an article at once attributed 4 of 26 right, and its grammar slowed to seconds a
token; asked one at a time it does better, and each answer is a few tokens (README, "Running a
local model").
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.contracts.extraction import Actor, Quote, QuoteKind
from summarizer.llm.passes.naming import mentions
from summarizer.text.ground import Grounding, normalise
from summarizer.text.numbered import NumberedArticle, Quotation

MAX_OPTIONS = 6  # speakers offered per quotation: those named around it, best first


def window(article: NumberedArticle, quotation: Quotation) -> str:
    """The quotation's sentence and the one before it: where its speaker is named, nine times in ten."""
    holder = article.sentence(quotation.sentence)
    before = article.sentence(quotation.sentence - 1)
    return " ".join(s.text for s in (before, holder) if s is not None)


def speaker_options(article: NumberedArticle, quotation: Quotation, actors: Sequence[Actor]) -> list[str]:
    """The actors named in the quotation's window (outside the quotation), nearest to it first;
    every actor when none is named there (the speaker may be a pronoun's antecedent)."""
    holder = article.sentence(quotation.sentence)
    before = article.sentence(quotation.sentence - 1)
    start = before.start if before is not None else (holder.start if holder else quotation.start)
    end = holder.end if holder is not None else quotation.end
    text = article.text
    around = text[start : quotation.start] + " " * (quotation.end - quotation.start) + text[quotation.end : end]
    folded = normalise(around)
    anchor = len(normalise(text[start : quotation.start]))
    distance: dict[str, int] = {}
    for at, name in mentions(folded, actors):
        distance[name] = min(distance.get(name, abs(at - anchor)), abs(at - anchor))
    named = sorted(distance, key=lambda name: distance[name])
    return named[:MAX_OPTIONS] if named else [a.name for a in actors]


def quote_from_answer(quotation: Quotation, speaker: str) -> tuple[Quote, Grounding]:
    """The quote a quotation is, with its offsets (unattributed for a speaker given as "none")."""
    quote = Quote(
        candidate=quotation.number,
        text=quotation.text,
        speaker=speaker,
        kind=QuoteKind.direct,
    )
    return quote, Grounding(status="exact", start=quotation.start, end=quotation.end, score=100.0)
