"""One event across outlets: each source's account clustered with the others' accounts of it.

Accounts cluster when they share participants and their descriptions share content words, never
across conflicting dates or places, nor across different kinds of event. Each account meets only
a bounded number of clusters that share a participant (or place) and a word with it, so the work
grows with the number of accounts, not with their pairs.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from datetime import date
from functools import lru_cache

from summarizer.contracts.briefing import EventAccount, EventEntry
from summarizer.contracts.extraction import Event, EventStatus
from summarizer.merge.resolve import ActorIndex
from summarizer.text.dates import ResolvedDate, resolve_date
from summarizer.text.events import content_words, event_kind
from summarizer.text.ground import Grounding
from summarizer.text.names import canonical_form, places_compatible

EVENT_SIMILARITY = 0.45  # participant overlap and description likeness (tests/test_merge.py) needed to cluster
_FUTURE = (EventStatus.planned, EventStatus.proposed, EventStatus.postponed)


def _direction(status: EventStatus) -> bool | None:
    """Planned events lie ahead, occurred ones behind; for the rest the wording decides (resolve_date)."""
    if status in _FUTURE:
        return True
    return False if status == EventStatus.occurred else None


def account_of(
    source: str, published: date | None, event: Event, actors: ActorIndex, grounding: Grounding
) -> EventAccount:
    """One source's account of an event, with actor ids and its date resolved where possible."""
    when = (
        ResolvedDate(event.date, "day" if len(event.date) == 10 else "month")
        if event.date
        else resolve_date(event.date_text, published, _direction(event.status), event.evidence)
    )
    return EventAccount(
        source=source,
        description=event.description,
        status=event.status,
        date=event.date,
        date_text=event.date_text,
        location=event.location,
        participants=sorted({p for p in (actors.id_for(source, n) for n in event.participants) if p}),
        initiator=actors.id_for(source, event.initiator),
        resolved_date=when.value,
        date_precision=when.precision,
        background=event.background,
        evidence=event.evidence,
        grounding=grounding,
    )


@lru_cache(maxsize=1 << 20)
def _words(description: str) -> frozenset[str]:
    return content_words(description)


@lru_cache(maxsize=1 << 20)
def _kind(description: str, evidence: str) -> str | None:
    return event_kind(description) or event_kind(evidence)


def similarity(x: EventAccount, y: EventAccount) -> float:
    """0..1 likeness of two accounts; 0 when their dates, places or kinds of event rule it out."""
    dx, dy = x.resolved_date, y.resolved_date
    if (
        dx
        and dy
        and not (dx.startswith(dy) or dy.startswith(dx))
        and "week" not in (x.date_precision, y.date_precision)
    ):
        return 0.0
    if x.location and y.location and not places_compatible(x.location, y.location):
        return 0.0
    kx, ky = _kind(x.description, x.evidence), _kind(y.description, y.evidence)
    if kx and ky and kx != ky:
        return 0.0
    px, py = set(x.participants), set(y.participants)
    overlap = len(px & py) / len(px | py) if px and py else 0.0
    wx, wy = _words(x.description), _words(y.description)
    shared = 2 * len(wx & wy) / (len(wx) + len(wy)) if wx and wy else 0.0
    return 0.35 * overlap + 0.65 * shared


def same_event(a: EventEntry, b: EventEntry) -> bool:
    """Whether two merged events (say, of two days' briefings) are one event."""
    return any(similarity(x, y) >= EVENT_SIMILARITY for x in a.accounts for y in b.accounts)


def _blocks(account: EventAccount) -> list[str]:
    return [f"p:{p}" for p in account.participants] or [f"l:{canonical_form(account.location or '')}"]


def cluster_events(accounts: list[EventAccount]) -> list[EventEntry]:
    """Merged events, most reported first, with ids e1, e2, …; input order must be deterministic."""
    clusters: list[list[EventAccount]] = []
    sources: list[set[str]] = []
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for account in accounts:
        keys = _blocks(account)
        words = _words(account.description)
        best, best_score = None, EVENT_SIMILARITY
        for c in _candidates(postings, keys, words):
            if account.source in sources[c]:
                continue  # one account per source and event
            score = similarity(account, clusters[c][0])
            if score >= best_score or (score == best_score and best is not None and c < best):
                best, best_score = c, score
        if best is None:
            clusters.append([account])
            sources.append({account.source})
            for key in keys:
                for word in words or {""}:
                    postings[(key, word)].append(len(clusters) - 1)
        else:
            clusters[best].append(account)
            sources[best].add(account.source)

    entries = [_entry(c) for c in clusters]
    entries.sort(key=lambda e: (-len(e.sources), e.date or "9999", e.description))
    for i, entry in enumerate(entries, start=1):
        entry.id = f"e{i}"
    return entries


# A cluster can only match an account that shares a participant (or place) AND a content word with
# its leader: the similarity needs both to pass the threshold. Each posting contributes at most
# POSTING_CAP clusters and only the best-supported candidates are compared: both bounds keep the
# work per account constant as a day grows.
POSTING_CAP = 16
MAX_CANDIDATES = 16


def _candidates(postings: dict[tuple[str, str], list[int]], keys: list[str], words: frozenset[str]) -> list[int]:
    hits: Counter[int] = Counter()
    for key in keys:
        for word in words or {""}:
            # A long posting keeps its oldest clusters: a story that recurs all day is met early
            # and stays reachable however many clusters later share its words.
            hits.update(postings.get((key, word), ())[:POSTING_CAP])
    if len(hits) > MAX_CANDIDATES:
        return sorted(heapq.nsmallest(MAX_CANDIDATES, hits, key=lambda c: (-hits[c], c)))
    return sorted(hits)


def _medoid(cluster: list[EventAccount]) -> EventAccount:
    """The account whose words the others share most: its description speaks for the cluster.

    Scored by the mean cluster frequency of its content words, linear in the cluster's size
    (pairwise likeness is quadratic, and clusters grow with the number of articles).
    """
    frequency: Counter[str] = Counter(w for a in cluster for w in _words(a.description))

    def centrality(a: EventAccount) -> float:
        words = _words(a.description)
        return sum(frequency[w] for w in words) / len(words) if words else 0.0

    return max(cluster, key=lambda a: (centrality(a), -len(a.description), a.source))


def _entry(cluster: list[EventAccount]) -> EventEntry:
    accounts = sorted(cluster, key=lambda a: a.source)
    statuses = {a.status for a in accounts if a.status != EventStatus.unclear}
    dates = sorted({a.resolved_date for a in accounts if a.resolved_date}, key=len, reverse=True)
    return EventEntry(
        id="",
        description=_medoid(cluster).description,
        status=statuses.pop() if len(statuses) == 1 else ("disputed" if statuses else EventStatus.unclear),
        date=dates[0] if dates and all(dates[0].startswith(d) for d in dates) else None,
        location=next((a.location for a in accounts if a.location), None),
        participants=sorted({p for a in accounts for p in a.participants}),
        accounts=accounts,
        sources=sorted({a.source for a in accounts}),
    )
