"""Articles grouped into stories by what they report, in one pass over the day.

Each article is a weighted profile of the merged events it reports (the strongest glue), the
content words of its own accounts and summary, its participants, places and position topics,
each weighted by rarity over the day (a word every article uses tells no story apart). An article
joins the story whose summed profile is most like its own (cosine) when that reaches
STORY_SIMILARITY, else it starts one: single-pass clustering as in topic detection and tracking.
A story is met only through the rarest terms the article has, each posting bounded, so the work
grows with the number of articles, not their pairs. Background (history recalled as context) is
no glue: the invasion of 2022 recalled by two articles does not make them one story.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from summarizer.contracts.briefing import Briefing, EventEntry
from summarizer.text.dates import parse_iso
from summarizer.text.events import content_words
from summarizer.text.names import canonical_form

# An article joins a story it shares reported events with (two, or a third of its own) at
# EVENT_LINKED likeness; otherwise it needs WORDS_ONLY. One shared event among many is no link: an
# event wrongly merged across stories, or a side remark, must not pull an article over (measured on the seeds and tests/storyday.py: articles of one
# story sit at 0.4-0.9, of different stories at 0.2-0.4, on terms shared with some other article).
# Two stories then become one when much of what their articles report is the same events
# (STORY_OVERLAP): copies of one article found a story of their own before the others join it.
STORY_OVERLAP = 0.35
STORY_LIKENESS = 0.1
EVENT_LINKED = 0.2
WORDS_ONLY = 0.5
DAYS_APART = 3  # articles published further apart than this are never one story in one briefing
YEARS_OLD = timedelta(days=365)
# How much one shared term of each kind counts, before its rarity.
WEIGHTS = {"e": 3.0, "w": 1.0, "p": 1.0, "l": 1.0, "t": 2.0}
POSTING_CAP = 24
MAX_CANDIDATES = 12


def news_day(b: Briefing) -> date | None:
    """The day the briefing speaks from: its latest publication date, if any source has one."""
    days = [d for d in (parse_iso(s.published) for s in b.sources) if d]
    return max(days) if days else None


def latest_day(iso: str) -> date | None:
    """The last day an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) can mean."""
    try:
        if len(iso) == 4:
            return date(int(iso), 12, 31)
        if len(iso) == 7:
            year, month = int(iso[:4]), int(iso[5:7])
            return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


def is_background(event: EventEntry, today: date | None) -> bool:
    """History recalled as context: most accounts say so, or the event is a year or more older than the news."""
    flagged = sum(1 for a in event.accounts if a.background)
    if flagged * 2 > len(event.accounts):
        return True
    when = latest_day(event.date) if event.date else None
    return bool(today and when and when <= today - YEARS_OLD)


@dataclass
class _Story:
    members: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    norm2: float = 0.0
    days: list[date] = field(default_factory=list)
    event_counts: Counter[str] = field(default_factory=Counter)
    reported: int = 0

    def add(self, source: str, vector: dict[str, float], day: date | None, reported: int = 0) -> None:
        dot = sum(w * self.weights.get(t, 0.0) for t, w in vector.items())
        self.norm2 += 2 * dot + sum(w * w for w in vector.values())
        for t, w in vector.items():
            self.weights[t] += w
            if t[0] == "e":
                self.event_counts[t] += 1
        self.reported += reported
        self.members.append(source)
        if day:
            self.days.append(day)

    def likeness(self, vector: dict[str, float], norm: float) -> float:
        dot = sum(w * self.weights.get(t, 0.0) for t, w in vector.items())
        return dot / (norm * math.sqrt(self.norm2)) if norm and self.norm2 else 0.0


def _terms(b: Briefing, background: set[str]) -> dict[str, set[str]]:
    """Each source's terms: events, words, participants, places and topics it reports."""
    terms: dict[str, set[str]] = {s.id: set() for s in b.sources}
    for s in b.sources:
        terms[s.id].update(f"w:{w}" for w in content_words(s.summary or ""))
    for e in b.events:
        if e.id in background:
            continue
        for a in e.accounts:
            mine = terms[a.source]
            mine.add(f"e:{e.id}")
            mine.update(f"w:{w}" for w in content_words(a.description))
            mine.update(f"p:{p}" for p in a.participants)
            if a.location:
                mine.add(f"l:{canonical_form(a.location)}")
    for q in b.quotes:
        for sid in q.sources:
            terms[sid].add(f"p:{q.speaker}")
    for p in b.positions:
        for sid in p.sources:
            terms[sid].update((f"p:{p.actor}", f"t:{canonical_form(p.topic)}"))
    return terms


def group_articles(b: Briefing, background: set[str]) -> list[list[str]]:
    """Source ids grouped into stories, each group in the order its articles joined."""
    terms = _terms(b, background)
    df: Counter[str] = Counter(t for ts in terms.values() for t in ts)
    n = len(terms)
    vectors: dict[str, dict[str, float]] = {}
    own_events: dict[str, int] = {}
    for sid, ts in terms.items():
        # A term no other article has can match nothing: left out, it cannot drown what is shared
        # (a long article's many own names and events would otherwise sink its likeness to any story).
        vectors[sid] = {t: WEIGHTS[t[0]] * math.log((n + 1) / df[t]) for t in ts if df[t] > 1}
        own_events[sid] = sum(1 for t in ts if t[0] == "e")
    days = {s.id: parse_iso(s.published) for s in b.sources}
    shared_events = {sid: sum(1 for t in ts if t[0] == "e" and df[t] > 1) for sid, ts in terms.items()}
    # Articles that share most with others come first: they found the stories the rest join.
    order = sorted(terms, key=lambda sid: (days[sid] or date.min, -shared_events[sid], sid))
    stories: list[_Story] = []
    postings: dict[str, dict[int, None]] = defaultdict(dict)
    for sid in order:
        vector, day = vectors[sid], days[sid]
        norm = math.sqrt(sum(w * w for w in vector.values()))
        best, best_score = None, 0.0
        events = [t for t in vector if t[0] == "e"]
        reported = own_events[sid]
        for c in _candidates(postings, vector):
            story = stories[c]
            if day and story.days and max(abs((day - d).days) for d in (story.days[0], story.days[-1])) > DAYS_APART:
                continue
            score = story.likeness(vector, norm)
            shared = sum(1 for t in events if t in story.weights)
            linked = shared >= 2 or shared * 3 >= reported > 0
            if score >= (EVENT_LINKED if linked else WORDS_ONLY) and score > best_score:
                best, best_score = c, score
        if best is None:
            best = len(stories)
            stories.append(_Story())
        for t in vector:
            posting = postings[t]
            if len(posting) < POSTING_CAP:
                posting[best] = None
        stories[best].add(sid, vector, day, own_events[sid])
    return _join_overlapping(stories)


def _overlap(a: _Story, b: _Story) -> float:
    """How much of the smaller story's reporting is of events the other reports too (by member counts);
    0 unless they share two events at least (one is a side remark, or an event merged too widely)."""
    counts = [min(n, b.event_counts.get(t, 0)) for t, n in a.event_counts.items()]
    if sum(1 for c in counts if c) < 2 or not a.reported or not b.reported:
        return 0.0
    return sum(counts) / min(a.reported, b.reported)


def _join_overlapping(stories: list[_Story]) -> list[list[str]]:
    """Stories reporting largely the same events, and alike, joined; the first-founded one keeps the others."""
    by_event: dict[str, list[int]] = defaultdict(list)
    for i, story in enumerate(stories):
        for t in story.event_counts:
            if len(by_event[t]) < POSTING_CAP:
                by_event[t].append(i)
    pairs = sorted({(i, j) for ids in by_event.values() for i in ids for j in ids if i < j})
    scored = [(_overlap(stories[i], stories[j]), i, j) for i, j in pairs]
    parent = list(range(len(stories)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for overlap, i, j in sorted(scored, key=lambda x: (-x[0], x[1], x[2])):
        if overlap < STORY_OVERLAP:
            break
        a, b = stories[i], stories[j]
        norm = math.sqrt(b.norm2)
        days = a.days + b.days
        apart = bool(days) and (max(days) - min(days)).days > DAYS_APART
        if root(i) != root(j) and not apart and a.likeness(b.weights, norm) >= STORY_LIKENESS:
            ri, rj = sorted((root(i), root(j)))
            parent[rj] = ri
    groups: dict[int, list[str]] = defaultdict(list)
    for i, story in enumerate(stories):
        groups[root(i)].extend(story.members)
    return [groups[i] for i in sorted(groups)]


def _candidates(postings: dict[str, dict[int, None]], vector: dict[str, float]) -> list[int]:
    """Stories sharing terms with the article, those sharing the most weight first, at most MAX_CANDIDATES."""
    hits: dict[int, float] = defaultdict(float)
    for t, w in vector.items():
        for c in postings.get(t, ()):
            hits[c] += w
    if len(hits) > MAX_CANDIDATES:
        return sorted(heapq.nsmallest(MAX_CANDIDATES, hits, key=lambda c: (-hits[c], c)))
    return sorted(hits)
