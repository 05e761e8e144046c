"""One statement quoted in two languages: the quote an outlet prints in translation joins the entry of
the source that reported the statement first, "as quoted in English by …", both texts kept.

Joining two different statements would put words in a speaker's mouth, so a pair joins only when
every test passes:
- one speaker: the same actor (or a name one of the entry's sources gives that speaker);
- one matter: the two quotes' sources share a merged event;
- one meaning: the translation one quote carries (into the briefing language) and the other quote,
  which is in the briefing language, share most of their content words (TRANSLATION_MATCH, names
  folded across spellings);
- statements, not fragments: at least MIN_STATEMENT_WORDS content words each ("constructive" and
  „konstruktiv“ stay apart: a one-word echo proves nothing).
Each quote joins at most one entry, the one it matches best.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from summarizer.contracts.briefing import Citation, EventEntry, QuoteEntry, Source
from summarizer.text.translation import quote_language, statement_words, translation_likeness

TRANSLATION_MATCH = 0.65
MIN_STATEMENT_WORDS = 4
POSTING_CAP = 64  # a content word this common ("ukraine") finds candidates through the others
SharedEvent = Callable[[str, str], bool]
Related = Callable[[str, str], bool]  # whether two actor ids name the same or overlapping groups


def shared_event(events: Iterable[EventEntry]) -> SharedEvent:
    """Whether two sources report one merged event."""
    events_of: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if len(event.sources) > 1:
            for source in event.sources:
                events_of[source].add(event.id)
    return lambda a, b: bool(events_of.get(a, set()) & events_of.get(b, set()))


def join_translations(
    entries: list[QuoteEntry], together: SharedEvent, sources: list[Source], related: Related | None = None
) -> list[QuoteEntry]:
    """The entries with each statement quoted in translation folded into its first report's entry."""
    published = {s.id: s.published or "9999" for s in sources}
    native = [e for e in entries if not e.translation and len(statement_words(e.text)) >= MIN_STATEMENT_WORDS]
    # Candidates share content words with the translation: an index keeps this linear in the quotes.
    index: dict[str, list[QuoteEntry]] = defaultdict(list)
    for entry in native:
        for word in statement_words(entry.text):
            index[word].append(entry)
    pairs: list[tuple[float, QuoteEntry, QuoteEntry]] = []
    for f in entries:
        words = statement_words(f.translation or "")
        if len(words) < MIN_STATEMENT_WORDS:
            continue
        hits = Counter(id(n) for w in words for n in index.get(w, ())[:POSTING_CAP])
        for n in {id(n): n for w in words for n in index.get(w, ())[:POSTING_CAP] if hits[id(n)] > 1}.values():
            if not _one_speaker(f, n, related) or set(f.sources) & set(n.sources):
                continue
            if not any(together(a, b) for a in f.sources for b in n.sources):
                continue
            score = translation_likeness(f.translation or "", n.text)
            if score >= TRANSLATION_MATCH:
                pairs.append((score, f, n))
    joined: set[int] = set()
    gone: set[int] = set()
    # Best matches first; each quote takes part in one join at most.
    for _, f, n in sorted(pairs, key=lambda p: (-p[0], p[1].sources[0], p[2].sources[0])):
        if {id(f), id(n)} & joined:
            continue
        first, then = (f, n) if _reported_first(f, n, published) else (n, f)
        _fold(first, then)
        joined |= {id(f), id(n)}
        gone.add(id(then))
    return [e for e in entries if id(e) not in gone]


def _speakers(entry: QuoteEntry) -> set[str]:
    return {entry.speaker} | {c.speaker for c in entry.citations if c.speaker}


def _one_speaker(a: QuoteEntry, b: QuoteEntry, related: Related | None) -> bool:
    """The same actor, or (groups only) overlapping ones, among the names the sources give the speaker."""
    x, y = _speakers(a), _speakers(b)
    return bool(x & y) or (related is not None and any(related(s, t) for s in x for t in y))


def _reported_first(f: QuoteEntry, n: QuoteEntry, published: dict[str, str]) -> bool:
    """Whether `f` (the quote in another language than the briefing's) came out before `n`; on a tie `f`
    keeps the entry: a briefing's own language is the likelier translation of a foreign report."""
    return min(published.get(s, "9999") for s in f.sources) <= min(published.get(s, "9999") for s in n.sources)


def _fold(entry: QuoteEntry, other: QuoteEntry) -> None:
    """`other`'s citations join `entry`, each with the words its source prints and their language."""
    language = quote_language(other.text)
    for c in other.citations:
        entry.citations.append(
            Citation(
                source=c.source,
                grounding=c.grounding,
                speaker=c.speaker,
                speaker_name=c.speaker_name,
                speaker_check=c.speaker_check,
                quoted_text=other.text,
                quoted_lang=language,
            )
        )
    entry.citations.sort(key=lambda c: (c.quoted_text is not None, c.source))
    entry.sources = sorted(set(entry.sources) | set(other.sources))
