"""One event across outlets: each source's account clustered with the others' accounts of it.

Accounts cluster when they share participants and their descriptions share content words, never
across conflicting dates or places, nor across different kinds of event. Dates keep moments
apart: resolved dates must agree, an event reported as past cannot postdate another account's
resolved date when its own article appeared earlier, and articles published weeks apart share an
event only where both accounts date it. Each account meets only a bounded number of clusters that
share a participant (or place) and a word with it, so the work grows with the number of accounts,
not with their pairs.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from summarizer.contracts.briefing import EventAccount, EventEntry
from summarizer.contracts.extraction import Event, EventStatus
from summarizer.merge.resolve import ActorIndex
from summarizer.text.dates import ResolvedDate, parse_iso, resolve_date
from summarizer.text.events import content_words, event_kind, is_occasion, kinds_compatible, kinds_named
from summarizer.text.ground import Grounding
from summarizer.text.names import canonical_form, places_compatible

EVENT_SIMILARITY = 0.45  # participant overlap and description likeness (tests/test_merge.py) needed to cluster
SAME_SOURCE_SIMILARITY = 0.6  # a second account from one article joins only on this much stronger likeness
SAME_DAY_BONUS = 0.15  # both accounts dated to the same day
APART_DAYS = 14  # articles published further apart share an event only where both accounts date it
# A proposal is dated when it was made ("in the Thursday call Putin offers…"), a plan when it will happen.
_FUTURE = (EventStatus.planned, EventStatus.postponed)
_PAST = (EventStatus.occurred, EventStatus.rejected)
Related = Callable[[str, str], bool]  # whether two actor ids name the same or overlapping actors


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
        published=published.isoformat() if published else None,
        background=event.background,
        evidence=event.evidence,
        grounding=grounding,
    )


@lru_cache(maxsize=1 << 20)
def _words(description: str) -> frozenset[str]:
    return content_words(description)


@lru_cache(maxsize=1 << 20)
def _kinds(description: str, evidence: str) -> tuple[str | None, frozenset[str]]:
    """The kind of event an account reports, and every kind its description names."""
    # The evidence speaks for a description that names no kind only where it names an occasion:
    # a word such as "Vorschlag" in the quoted sentence says little about what the event is.
    in_evidence = event_kind(evidence)
    kind = event_kind(description) or (in_evidence if is_occasion(in_evidence) else None)
    return kind, kinds_named(description)


def _dates_conflict(x: EventAccount, y: EventAccount) -> bool:
    dx, dy = x.resolved_date, y.resolved_date
    if dx and dy:
        return not (dx.startswith(dy) or dy.startswith(dx)) and "week" not in (x.date_precision, y.date_precision)
    px, py = _day(x.published), _day(y.published)
    if px is None or py is None:
        return False
    if abs((px - py).days) > APART_DAYS:
        return True  # weeks apart, and at least one account undated: not shown to be one moment
    # Reported as past in an article that appeared before the other account's date: an earlier moment.
    return bool(
        (not dx and x.status in _PAST and dy and dy[:10] > px.isoformat())
        or (not dy and y.status in _PAST and dx and dx[:10] > py.isoformat())
    )


@lru_cache(maxsize=4096)
def _day(iso: str | None) -> date | None:
    return parse_iso(iso)


def _same_day(x: EventAccount, y: EventAccount) -> bool:
    return x.date_precision == y.date_precision == "day" and x.resolved_date == y.resolved_date


def similarity(x: EventAccount, y: EventAccount, related: Related | None = None) -> float:
    """0..1 likeness of two accounts; 0 when their dates, places or kinds of event rule it out."""
    if _dates_conflict(x, y):
        return 0.0
    if x.location and y.location and not places_compatible(x.location, y.location):
        return 0.0
    same_day = _same_day(x, y)
    if not kinds_compatible(_kinds(x.description, x.evidence), _kinds(y.description, y.evidence), same_day):
        return 0.0
    px, py = set(x.participants), set(y.participants)
    overlap = _overlap(px, py, related) if px and py else 0.0
    wx, wy = _words(x.description), _words(y.description)
    shared = 2 * len(wx & wy) / (len(wx) + len(wy)) if wx and wy else 0.0
    return 0.35 * overlap + 0.65 * shared + (SAME_DAY_BONUS if same_day else 0.0)


def _overlap(px: set[str], py: set[str], related: Related | None) -> float:
    """Jaccard overlap of participants; overlapping groups (a White House official, the White House)
    count as one."""
    if related is not None:
        only_x = sorted(px - py)
        if only_x:
            py = {b if b in px else next((a for a in only_x if related(a, b)), b) for b in py}
    return len(px & py) / len(px | py)


def same_event(a: EventEntry, b: EventEntry, related: Related | None = None) -> bool:
    """Whether two merged events (say, of two days' briefings) are one event."""
    return any(similarity(x, y, related) >= EVENT_SIMILARITY for x in a.accounts for y in b.accounts)


def _blocks(account: EventAccount) -> list[str]:
    keys = [f"p:{p}" for p in account.participants] or [f"l:{canonical_form(account.location or '')}"]
    if account.date_precision == "day":
        # Two names for one group (a White House official, the White House) share no participant;
        # the day and the words still bring their accounts together.
        keys.append(f"d:{account.resolved_date}")
    return keys


def cluster_events(accounts: list[EventAccount], related: Related | None = None) -> list[EventEntry]:
    """Merged events, most reported first, with ids e1, e2, …; input order must be deterministic.

    An article gives one account per event, except that a second account of the same day's event
    (the meeting, and what was refused at it) joins on a much stronger likeness, as an aspect.
    """
    clusters: list[list[EventAccount]] = []
    sources: list[set[str]] = []
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for account in accounts:
        keys = _blocks(account)
        words = _words(account.description)
        best, best_score = None, EVENT_SIMILARITY
        for c in _candidates(postings, keys, words):
            members = clusters[c]
            score = similarity(account, members[0], related)
            last = members[-1]
            if score < best_score and last is not members[0] and _same_day(account, last):
                # A detail of the same day's event (the meeting, then what was refused at it) may be
                # more like the cluster's latest account than its leader.
                score = max(score, similarity(account, last, related))
            if account.source in sources[c] and score < SAME_SOURCE_SIMILARITY:
                continue
            if score >= best_score or (score == best_score and best is not None and c < best):
                best, best_score = c, score
        if best is None:
            clusters.append([account])
            sources.append({account.source})
            for key in keys:
                for word in words or {""}:
                    postings[(key, word)].append(len(clusters) - 1)
        else:
            if account.source in sources[best]:
                account.aspect = True
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

    return max(cluster, key=lambda a: (not a.aspect, centrality(a), -len(a.description), a.source))


def _entry(cluster: list[EventAccount]) -> EventEntry:
    # What was done at an occasion (refused at the meeting) details it; it is no claim on its status.
    if any(is_occasion(_kinds(a.description, a.evidence)[0]) for a in cluster):
        for a in cluster:
            kind = _kinds(a.description, a.evidence)[0]
            a.aspect = a.aspect or (kind is not None and not is_occasion(kind))
    accounts = sorted(cluster, key=lambda a: (a.source, a.aspect))
    dates = sorted({a.resolved_date for a in accounts if a.resolved_date}, key=len, reverse=True)
    return EventEntry(
        id="",
        description=_medoid(cluster).description,
        status=entry_status([a for a in accounts if not a.aspect]),
        date=dates[0] if dates and all(dates[0].startswith(d) for d in dates) else None,
        location=next((a.location for a in accounts if a.location), None),
        participants=sorted({p for a in accounts for p in a.participants}),
        accounts=accounts,
        sources=sorted({a.source for a in accounts}),
    )


def entry_status(accounts: list[EventAccount]) -> EventStatus | str:
    """One status where the accounts that give one agree and are not outnumbered by accounts that
    call it unclear; 'disputed' where they differ; else unclear."""
    given = [a.status for a in accounts if a.status != EventStatus.unclear]
    if len(set(given)) > 1:
        return "disputed"
    if given and 2 * len(given) >= len(accounts):
        return given[0]
    return EventStatus.unclear
