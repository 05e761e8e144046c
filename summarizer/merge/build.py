"""Many articles' extractions → one briefing: actors, event clusters, quote ledger, positions,
disagreements and timeline, every item citing its sources. Each stage has its own module; this one
grounds the spans and puts the stages together.

Deterministic: the same extractions give the same briefing whatever order the files came in.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.contracts.briefing import Briefing, Failure, NotVerified, Stats
from summarizer.contracts.extraction import Extraction
from summarizer.merge.cluster import account_of, cluster_events
from summarizer.merge.disagreements import disagreements
from summarizer.merge.ledger import quote_ledger
from summarizer.merge.localise import label_sources, localise, localise_events, source_entry
from summarizer.merge.overview import deterministic_overview
from summarizer.merge.positions import positions
from summarizer.merge.resolve import resolve_actors
from summarizer.merge.timeline import timeline
from summarizer.merge.translations import shared_event
from summarizer.text.dates import parse_iso
from summarizer.text.ground import Grounding, Groundings
from summarizer.text.ingest import Article


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
    """Merge the per-article extractions into one briefing.

    It leaves the garbage collector alone; an application merging thousands of articles may pause it
    around this call (summarizer.app.collector says why).
    """
    return _build(results, lang, failures, stats)


def _build(results: list[ArticleResult], lang: str, failures: list[Failure] | None, stats: Stats | None) -> Briefing:
    results = sorted(results, key=lambda r: r.article.id)
    stats = stats.model_copy() if stats else Stats()
    actors = resolve_actors([(r.article.id, r.extraction) for r in results], lang)
    grounder = _Grounder(results)
    sources = label_sources([source_entry(r.article, r.extraction.summary) for r in results])
    # An account whose evidence its article does not contain is not shown: it would cite a source
    # for something the source does not say. Its evidence is listed under not_verified instead.
    accounts = [
        account_of(r.article.id, parse_iso(r.article.published), e, actors, grounding)
        for r in results
        for e in r.extraction.events
        if (grounding := grounder(e.evidence, r, "evidence")).status != "ungrounded"
    ]
    clustered = cluster_events(accounts, actors.related)
    events = localise_events(clustered, actors.entries, sources, lang)
    # After the events: a quote in translation joins its statement only where the two sources share one.
    quotes = quote_ledger(results, actors, grounder, sources, shared_event(events))
    stances = positions(results, actors, grounder)
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
        positions=stances,
        disagreements=disagreements(events, stances, quotes, actors, lang),
        timeline=timeline(events),
        not_verified=not_verified,
        failures=sorted(failures or [], key=lambda f: f.path),
        stats=stats,
    )
    localise(briefing)
    briefing.overview = deterministic_overview(briefing)
    return briefing


class _Grounder:
    """Grounds every span not yet located, an article at a time (its folded text is then built
    once), and notes what it cannot find."""

    def __init__(self, results: list[ArticleResult]) -> None:
        self.not_verified: list[NotVerified] = []
        self._noted: set[tuple[str, str, str, str | None]] = set()
        for r in results:
            x = r.extraction
            located = r.located()
            for span in [q.text for q in x.quotes] + [e.evidence for e in x.events] + [p.evidence for p in x.positions]:
                located.ground(span)

    def __call__(self, span: str, result: ArticleResult, kind: str, speaker: str | None = None) -> Grounding:
        located = result.located()
        g = located.ground(span)
        noted = (result.article.id, kind, span, speaker)
        # Listed once per source, however often an answer repeats it (a small model in a loop
        # gave one made-up quote 136 times).
        if g.status == "ungrounded" and noted not in self._noted:
            self._noted.add(noted)
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
