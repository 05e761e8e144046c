"""Pass 2, quotes: who says each numbered quotation. The speaker finder (text/speakers.py) reads
it where the article names the speaker; the model chooses, among the actors named around the
quotation, only where the article has a speech cue but names no actor of the extraction there; a
quotation with no speech cue at all (a name, a title, a scare quote) is no quote. The code copies
the quotation's words and knows their offsets.

Measured on the seeds with the reference actors: the finder names the right speaker of 52 of the
58 quotations, and a wrong one for 3; the local 1.5B model, given the quotation's sentence and the
one before and the actors named there, 7 of 11 on seed 000, and 4 of 26 asked for all quotations
of an article at once (README, "Running a local model"). So the model confirms nothing the finder
reads: it is asked where the finder reads no one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.contracts.extraction import Actor, Quote, QuoteKind
from summarizer.llm.passes.naming import mentions
from summarizer.text.ground import Grounding, normalise
from summarizer.text.numbered import NumberedArticle, Quotation
from summarizer.text.speakers import SpeakerChecker

MAX_OPTIONS = 6  # speakers offered per quotation: those named around it, best first


@dataclass(frozen=True)
class _Unclaimed:
    """A speaker claimed by no one, so that the speaker check says whom the text names (`other`)."""

    name: str = ""
    aliases: tuple[str, ...] = ()
    role: str | None = None
    kind: str = "other"


@dataclass(frozen=True)
class Reading:
    """What the article says of a quotation's speaker: the actor it names, or whether a speech
    cue stands there at all (no cue: no quote)."""

    speaker: str | None
    cue: bool


def readings(article: NumberedArticle, actors: Sequence[Actor]) -> dict[int, Reading]:
    """The finder's reading of every numbered quotation, by number."""
    checker = SpeakerChecker(article.text, list(actors))
    found = {}
    for quotation in article.quotations:
        verdict = checker.check(quotation.start, quotation.end, _Unclaimed())  # type: ignore[arg-type]
        named = verdict.actors[0].name if verdict.status == "other" and verdict.actors else None
        found[quotation.number] = Reading(named, verdict.cue is not None)
    return found


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
