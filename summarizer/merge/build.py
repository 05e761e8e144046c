"""Many articles' extractions → one briefing: actors, event clusters, quote ledger, positions,
disagreements and timeline, every item citing its sources.

Deterministic: the same extractions give the same briefing whatever order the files came in.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from summarizer.contracts.briefing import (
    Briefing,
    Citation,
    Disagreement,
    DisagreementSide,
    EventAccount,
    EventEntry,
    Failure,
    NotVerified,
    PositionEntry,
    QuoteEntry,
    Source,
    StanceAccount,
    Stats,
    TimelineEntry,
)
from summarizer.contracts.extraction import EventStatus, Extraction, Stance
from summarizer.merge.cluster import account_of, cluster_events
from summarizer.merge.overview import deterministic_overview
from summarizer.merge.resolve import ActorIndex, resolve_actors
from summarizer.text.dates import parse_iso
from summarizer.text.ground import Grounding, Groundings, normalise
from summarizer.text.ingest import Article
from summarizer.text.names import canonical_form
from summarizer.text.quotescan import covered_quotes, find_direct_quotes, speaker_named_in

TOPIC_SIMILARITY = 85.0  # rapidfuzz token_set_ratio at which two topic labels are one topic
NEAR_IDENTICAL_QUOTE = 95.0


@dataclass(frozen=True)
class ArticleResult:
    """One article with its validated extraction and the spans of it located so far.

    `groundings` carries what checking the answer already found (its quotes), so no span is
    located twice; the merge adds the rest. Without it (a cached answer) the merge locates all.
    """

    article: Article
    extraction: Extraction
    groundings: Groundings | None = None

    def __post_init__(self) -> None:
        if self.groundings is None:
            object.__setattr__(self, "groundings", Groundings(self.article.text))

    def located(self) -> Groundings:
        """The article's groundings (carried, or started empty)."""
        assert self.groundings is not None  # set in __post_init__
        return self.groundings


def build_briefing(
    results: list[ArticleResult], lang: str, failures: list[Failure] | None = None, stats: Stats | None = None
) -> Briefing:
    """Merge the per-article extractions into one briefing."""
    # The merge allocates millions of small objects and frees none of them until it returns:
    # the cyclic collector would rescan them again and again (a quarter of the time at 10k articles).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(results, lang, failures, stats)
    finally:
        if enabled:
            gc.enable()


def _build(results: list[ArticleResult], lang: str, failures: list[Failure] | None, stats: Stats | None) -> Briefing:
    results = sorted(results, key=lambda r: r.article.id)
    stats = stats.model_copy() if stats else Stats()
    actors = resolve_actors([(r.article.id, r.extraction) for r in results])
    grounder = _Grounder(results)
    sources = [_source(r) for r in results]
    quotes = _quote_ledger(results, actors, grounder, sources)
    events = cluster_events(
        [
            account_of(
                r.article.id,
                parse_iso(r.article.published),
                e,
                actors,
                grounder(e.evidence, r, "evidence"),
            )
            for r in results
            for e in r.extraction.events
        ]
    )
    positions = _positions(results, actors, grounder)
    disagreements = (
        _event_disagreements(events, actors) + _stance_disagreements(positions) + _attribution_disagreements(quotes)
    )
    for i, d in enumerate(disagreements, start=1):
        d.id = f"d{i}"
    not_verified = grounder.not_verified
    stats.ungrounded_dropped = sum(1 for n in not_verified if n.kind == "quote")
    stats.direct_quotes_found = sum(s.direct_quotes_found for s in sources)
    stats.direct_quotes_covered = sum(s.direct_quotes_covered for s in sources)
    briefing = Briefing(
        language=lang,
        sources=sources,
        actors=actors.entries,
        events=events,
        quotes=quotes,
        positions=positions,
        disagreements=disagreements,
        timeline=_timeline(events),
        not_verified=not_verified,
        failures=sorted(failures or [], key=lambda f: f.path),
        stats=stats,
    )
    briefing.overview = deterministic_overview(briefing)
    return briefing


def _source(result: ArticleResult) -> Source:
    a = result.article
    return Source(
        id=a.id, path=a.path, title=a.title, published=a.published, outlet=a.outlet, summary=result.extraction.summary
    )


class _Grounder:
    """Grounds every span not yet located, an article at a time (its folded text is then built
    once), and notes what it cannot find."""

    def __init__(self, results: list[ArticleResult]) -> None:
        self.not_verified: list[NotVerified] = []
        for r in results:
            x = r.extraction
            located = r.located()
            for span in [q.text for q in x.quotes] + [e.evidence for e in x.events] + [p.evidence for p in x.positions]:
                located.ground(span)

    def __call__(self, span: str, result: ArticleResult, kind: str, speaker: str | None = None) -> Grounding:
        located = result.located()
        g = located.ground(span)
        if g.status == "ungrounded":
            self.not_verified.append(
                NotVerified(
                    source=result.article.id,
                    kind="quote" if kind == "quote" else "evidence",
                    text=span,
                    speaker=speaker,
                    reason=f"not found in the article (best match {g.score:.0f}/100)",
                    closest=located.closest_passage(span) or None,
                )
            )
        return g


# --- quotes ------------------------------------------------------------------------------------


def _quote_ledger(
    results: list[ArticleResult], actors: ActorIndex, grounder: _Grounder, sources: list[Source]
) -> list[QuoteEntry]:
    """Each quote once per speaker, citing every source that carries it (identical after folding, or
    near-identical); quotes the article does not contain go to not_verified instead."""
    by_key: dict[tuple[str, str], QuoteEntry] = {}
    texts_by_speaker: dict[str, list[str]] = defaultdict(list)
    source_by_id = {s.id: s for s in sources}
    for r in results:
        spans: list[tuple[int, int]] = []
        for q in r.extraction.quotes:
            g = grounder(q.text, r, "quote", q.speaker)
            if g.status == "ungrounded" or g.start is None or g.end is None:
                continue  # never shown as a quote: listed under not_verified instead
            spans.append((g.start, g.end))
            speaker_id = actors.id_for(r.article.id, q.speaker) or canonical_form(q.speaker)
            text = normalise(q.text).strip("\"' ")
            entry = by_key.get((speaker_id, text))
            if entry is None:
                near = _near_identical(texts_by_speaker[speaker_id], text)
                entry = by_key[(speaker_id, near)] if near else None
            citation = Citation(source=r.article.id, grounding=g)
            if entry is None:
                actor = r.extraction.actor_for(q.speaker)
                forms = [actor.name, *actor.aliases] if actor else [q.speaker]
                by_key[(speaker_id, text)] = QuoteEntry(
                    id="",
                    text=r.article.text[g.start : g.end],
                    speaker=speaker_id,
                    speaker_name=actors.by_id[speaker_id].name if speaker_id in actors.by_id else q.speaker,
                    kind=q.kind,
                    translation=q.translation,
                    citations=[citation],
                    speaker_in_source=q.kind.value != "direct" or speaker_named_in(forms, r.article.text),
                    sources=[r.article.id],
                )
                texts_by_speaker[speaker_id].append(text)
            elif entry.sources[-1] != r.article.id:  # articles come in id order: sources stay sorted
                entry.citations.append(citation)
                entry.sources.append(r.article.id)
        found = find_direct_quotes(r.article.text)
        uncovered = [r.article.text[s:e] for s, e in found if not covered_quotes((s, e), spans)]
        src = source_by_id[r.article.id]
        src.direct_quotes_found = len(found)
        src.direct_quotes_covered = len(found) - len(uncovered)
        src.uncovered_quotes = uncovered

    entries = sorted(by_key.items(), key=lambda kv: kv[0])
    for i, (_, entry) in enumerate(entries, start=1):
        entry.id = f"q{i}"
    _link_partial_quotes([(text, entry) for (_, text), entry in entries])
    return [e for _, e in entries]


_WORDS = re.compile(r"\w+")
_PARTIAL_CAP = 64
_GRAM = 4  # a partial quote's first words (up to four) stand in the quote that contains it


def _link_partial_quotes(entries: list[tuple[str, QuoteEntry]]) -> None:
    """Point a partial quote at a longer quote of the same speaker that contains it.

    Candidates come from an index of word 4-grams, so this stays near-linear in the number of quotes.
    """
    words = [_WORDS.findall(text) for text, _ in entries]
    sizes = {min(_GRAM, len(w)) for w in words if w}  # shorter grams serve quotes of fewer than four words
    index: dict[tuple[str, tuple[str, ...]], list[tuple[str, QuoteEntry]]] = defaultdict(list)
    for (text, entry), ws in zip(entries, words, strict=True):
        for size in sizes:
            for i in range(len(ws) - size + 1):
                index[(entry.speaker, tuple(ws[i : i + size]))].append((text, entry))
    for (text, entry), ws in zip(entries, words, strict=True):
        candidates = index.get((entry.speaker, tuple(ws[:_GRAM])), [])
        if len(candidates) > _PARTIAL_CAP:
            continue  # a head this common ("die", "wir") links nothing reliably
        longer = [e for t, e in candidates if e is not entry and len(t) > len(text) and text in t]
        if longer:
            entry.part_of = min(longer, key=lambda e: int(e.id[1:])).id


def _near_identical(texts: list[str], text: str) -> str | None:
    """A known text of the same speaker that differs only by a slip (a letter or two)."""
    match = process.extractOne(text, texts, scorer=fuzz.ratio, score_cutoff=NEAR_IDENTICAL_QUOTE)
    return match[0] if match else None


# --- events ------------------------------------------------------------------------------------


# --- positions ---------------------------------------------------------------------------------


class _Topics:
    """Topic labels folded together when rapidfuzz's token-set ratio reaches TOPIC_SIMILARITY."""

    def __init__(self) -> None:
        self.known: list[str] = []
        self._seen: dict[str, str] = {}

    def key(self, topic: str) -> str:
        folded = normalise(topic).strip(" .")
        if folded not in self._seen:
            match = process.extractOne(folded, self.known, scorer=fuzz.token_set_ratio, score_cutoff=TOPIC_SIMILARITY)
            if match is None:
                self.known.append(folded)
            self._seen[folded] = match[0] if match else folded
        return self._seen[folded]


def _positions(results: list[ArticleResult], actors: ActorIndex, grounder: _Grounder) -> list[PositionEntry]:
    topics = _Topics()
    labels: dict[str, str] = {}
    grouped: dict[tuple[str, str], PositionEntry] = {}
    for r in results:
        sid = r.article.id
        for p in r.extraction.positions:
            actor_id = actors.id_for(sid, p.actor) or canonical_form(p.actor)
            topic = topics.key(p.topic)
            labels.setdefault(topic, p.topic)
            entry = grouped.get((actor_id, topic))
            if entry is None:
                entry = grouped[(actor_id, topic)] = PositionEntry(
                    id="",
                    actor=actor_id,
                    actor_name=actors.by_id[actor_id].name if actor_id in actors.by_id else p.actor,
                    topic=labels[topic],
                    stances=[],
                    sources=[],
                )
            entry.stances.append(
                StanceAccount(
                    source=sid,
                    stance=p.stance,
                    summary=p.summary,
                    evidence=p.evidence,
                    grounding=grounder(p.evidence, r, "evidence"),
                )
            )
            if entry.sources[-1:] != [sid]:  # articles come in id order: sources stay sorted
                entry.sources.append(sid)
    entries = sorted(grouped.values(), key=lambda e: (e.topic.casefold(), e.actor_name.casefold()))
    for i, entry in enumerate(entries, start=1):
        entry.id = f"p{i}"
        entry.stances.sort(key=lambda s: s.source)
    return entries


# --- disagreements -----------------------------------------------------------------------------


def _event_disagreements(events: list[EventEntry], actors: ActorIndex) -> list[Disagreement]:
    found: list[Disagreement] = []
    for event in events:
        if len(event.accounts) < 2:
            continue
        by_status: dict[str, list[EventAccount]] = defaultdict(list)
        for a in event.accounts:
            if a.status != EventStatus.unclear:
                by_status[a.status.value].append(a)
        if len(by_status) > 1:
            found.append(
                _disagreement("event_status", f"Status of {event.id}: {_short(event.description)}", event.id, by_status)
            )
        by_initiator: dict[str, list[EventAccount]] = defaultdict(list)
        for a in event.accounts:
            if a.initiator:
                name = actors.by_id[a.initiator].name if a.initiator in actors.by_id else a.initiator
                by_initiator[f"{name} ({a.status.value})"].append(a)
        if len({k.rsplit(" (", 1)[0] for k in by_initiator}) > 1:
            found.append(
                _disagreement(
                    "event_initiator", f"Who acted in {event.id}: {_short(event.description)}", event.id, by_initiator
                )
            )
        by_date: dict[str, list[EventAccount]] = defaultdict(list)
        for a in event.accounts:
            if a.resolved_date and a.date_precision in ("day", "month", "year"):
                by_date[a.resolved_date].append(a)
        dates = sorted(by_date)
        if len(dates) > 1 and not all(dates[-1].startswith(d) for d in dates):
            found.append(
                _disagreement("event_date", f"Date of {event.id}: {_short(event.description)}", event.id, by_date)
            )
    return found


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _disagreement(kind: str, subject: str, about: str, sides: dict[str, list[EventAccount]]) -> Disagreement:
    built = [
        DisagreementSide(
            label=label, sources=sorted({a.source for a in accs}), evidence=_unique([a.evidence for a in accs])
        )
        for label, accs in sorted(sides.items())
    ]
    return Disagreement(
        id="",
        kind=kind,  # type: ignore[arg-type]
        subject=subject,
        about=about,
        sides=built,
        sources=sorted({s for side in built for s in side.sources}),
    )


def _stance_disagreements(positions: list[PositionEntry]) -> list[Disagreement]:
    by_topic: dict[str, list[PositionEntry]] = defaultdict(list)
    for p in positions:
        by_topic[p.topic].append(p)
    found = []
    for topic, entries in sorted(by_topic.items()):
        sides: dict[str, DisagreementSide] = {}
        for stance in (Stance.supports, Stance.opposes, Stance.conditional):
            holders = [(p, s) for p in entries for s in p.stances if s.stance == stance]
            if holders:
                names = sorted({p.actor_name for p, _ in holders})
                sides[stance.value] = DisagreementSide(
                    label=f"{stance.value}: {', '.join(names)}",
                    sources=sorted({s.source for _, s in holders}),
                    evidence=_unique([s.evidence for _, s in holders]),
                )
        if "supports" in sides and "opposes" in sides:
            built = list(sides.values())
            found.append(
                Disagreement(
                    id="",
                    kind="stance",
                    subject=f"Stances on {topic}",
                    about=topic,
                    sides=built,
                    sources=sorted({s for side in built for s in side.sources}),
                )
            )
    return sorted(found, key=lambda d: (-len(d.sources), d.subject))


def _attribution_disagreements(quotes: list[QuoteEntry]) -> list[Disagreement]:
    """The same words given to different speakers by different sources."""
    by_text: dict[str, list[QuoteEntry]] = defaultdict(list)
    for q in quotes:
        by_text[normalise(q.text)].append(q)
    found = []
    for _text, entries in sorted(by_text.items()):
        # Two speakers in one article ("both sides called it constructive") are no dispute.
        if len({q.speaker for q in entries}) < 2 or len({tuple(q.sources) for q in entries}) < 2:
            continue
        sides = [
            DisagreementSide(label=f"said by {q.speaker_name}", sources=q.sources, evidence=[q.text]) for q in entries
        ]
        found.append(
            Disagreement(
                id="",
                kind="quote_attribution",
                subject=f"Who said „{_short(entries[0].text, 70)}“",
                about=entries[0].id,
                sides=sides,
                sources=sorted({s for q in entries for s in q.sources}),
            )
        )
    return found


# --- timeline and overview ---------------------------------------------------------------------


def _timeline(events: list[EventEntry]) -> list[TimelineEntry]:
    entries = []
    for e in events:
        precise = [a for a in e.accounts if a.resolved_date == e.date] if e.date else []
        precision = precise[0].date_precision if precise else "unknown"
        date_text = next((a.date_text for a in e.accounts if a.date_text), None)
        entries.append(
            TimelineEntry(
                event=e.id,
                description=e.description,
                date=e.date,
                precision=precision,
                date_text=date_text,
                sources=e.sources,
            )
        )
    return sorted(entries, key=lambda t: (t.date is None, t.date or "", t.event))
