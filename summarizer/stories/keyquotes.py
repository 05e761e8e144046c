"""A story's key quotes: full statements whose speaker an article confirms, shown under that speaker
and cited to the articles that confirm it (the speaker check: summarizer.text.speakers)."""

from __future__ import annotations

from collections import Counter

from summarizer.contracts.briefing import Citation, QuoteEntry
from summarizer.contracts.story import StoryQuote
from summarizer.stories.assign import Members
from summarizer.text.display import natural_key

KEY_QUOTES = 3
MIN_QUOTE_WORDS = 5  # shorter quotes are fragments ("produktiv"): kept in the ledger, never a key quote
LONG_QUOTE_WORDS = 60  # a key quote reads as a statement, not a paragraph


def key_quotes(m: Members, prominence: Counter[str]) -> list[StoryQuote]:
    """Up to three full statements with a confirmed speaker, the most cited first, one per speaker
    while others are left."""

    def words(q: QuoteEntry) -> int:
        return len(q.text.split())

    confirmed = {q.id: c for q in m.quotes if (c := confirmed_by(q)) is not None}
    full = [
        q for q in m.quotes if q.part_of is None and q.speaker_in_source and words(q) >= MIN_QUOTE_WORDS and q.id in confirmed
    ]
    full.sort(
        key=lambda q: (
            -len(q.sources),
            words(q) > LONG_QUOTE_WORDS,
            q.kind.value != "direct",
            -prominence[confirmed[q.id].speaker or q.speaker],
            natural_key(q.id),
        )
    )
    chosen: list[QuoteEntry] = []
    for q in full:
        if len(chosen) < KEY_QUOTES and confirmed[q.id].speaker not in {confirmed[c.id].speaker for c in chosen}:
            chosen.append(q)
    for q in full:  # fewer speakers than places: a speaker's second statement
        if len(chosen) < KEY_QUOTES and q not in chosen:
            chosen.append(q)
    return [
        StoryQuote(  # with the speaker an article confirms, however another outlet credits it
            quote=q.id,
            speaker=confirmed[q.id].speaker or q.speaker,
            speaker_name=confirmed[q.id].speaker_name or q.speaker_name,
            text=q.text,
            translation=q.translation,
            sources=[c.source for c in q.citations if _confirms(c, confirmed[q.id].speaker)],
        )
        for q in chosen
    ]


def _confirms(c: Citation, speaker: str | None) -> bool:
    return c.speaker == speaker and c.speaker_check is not None and c.speaker_check.status == "confirmed"


def confirmed_by(q: QuoteEntry) -> Citation | None:
    """The first citation whose article names its speaker as such: only such a quote is shown with a speaker."""
    return next((c for c in q.citations if c.speaker_check is not None and c.speaker_check.status == "confirmed"), None)
