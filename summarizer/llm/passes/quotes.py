"""Pass 2, quotes: who says each numbered quotation. The speaker finder (text/speakers.py) reads
it where the article names the speaker; the model chooses, among the actors named around the
quotation, only where the article has a speech cue but names no actor of the extraction there; a
quotation with no speech cue at all (a name, a title, a scare quote) is no quote. The code copies
the quotation's words and knows their offsets.

Measured on the seeds with the reference actors: the finder names the right speaker of 52 of the
58 quotations, and a wrong one for 3; the local 1.5B model, given the quotation's sentence and the
one before and the actors named there, 7 of 11 on seed 000, and 4 of 26 asked for all quotations
of an article at once (README, "Running a local model"). So the model confirms nothing the finder
reads: it is asked where the finder reads no one. A person the article names in full as the
speaker ("sagte Steven Pifer") whom the actors pass missed is copied as an actor rather than asked
for: the model could only pick a wrong one (recorded seeds: speakers F1 0.569 -> 0.613).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.contracts.extraction import Actor, Quote, QuoteKind
from summarizer.llm.passes.actors import person_named
from summarizer.llm.passes.naming import mentions
from summarizer.text.actornames import name_run
from summarizer.text.ground import Grounding, normalise
from summarizer.text.names import name_key
from summarizer.text.numbered import NumberedArticle, Quotation
from summarizer.text.speakers import SpeakerChecker, SpeakerVerdict

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


def speakers_read(article: NumberedArticle, actors: Sequence[Actor]) -> tuple[list[Actor], dict[int, Reading]]:
    """The actors, with every person the article names as a quotation's speaker by full name
    ("sagte Steven Pifer") whom the actors pass missed (the article's words, copied: asked to choose
    among the actors found, the model could only pick a wrong one); and the finder's reading of
    every numbered quotation against them, by number."""
    verdicts = _verdicts(article, actors)
    missed: dict[str, None] = {}
    for verdict in verdicts.values():
        words = verdict.mention or ""
        if not verdict.actors and verdict.cue is not None and words and name_run(words.split()) == words:
            missed[words] = None
    known = {name_key(a.name) for a in actors}
    people = {a.name: a for a in (person_named(words, article.text) for words in missed)}
    found = [*actors, *(a for a in people.values() if name_key(a.name) not in known)]
    if len(found) > len(actors):  # read again: the people copied now name their quotations
        verdicts = _verdicts(article, found)
    read = {}
    for number, verdict in verdicts.items():
        named = verdict.actors[0].name if verdict.status == "other" and verdict.actors else None
        read[number] = Reading(named, verdict.cue is not None)
    return found, read


def _verdicts(article: NumberedArticle, actors: Sequence[Actor]) -> dict[int, SpeakerVerdict]:
    """The speaker check of every numbered quotation claimed by no one: whom the text names."""
    checker = SpeakerChecker(article.text, list(actors))
    return {
        q.number: checker.check(q.start, q.end, _Unclaimed())  # type: ignore[arg-type]
        for q in article.quotations
    }


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
