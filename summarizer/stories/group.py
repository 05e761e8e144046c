"""Articles grouped into stories by what they report, in one pass over the day.

Each article is a weighted profile (stories/profile.py). It joins the story whose summed profile is
most like its own (cosine, decaying with the days between them) only on real evidence: merged
events they share, or else at least two distinct rare names or words they share together with leads
(title and opening words) that are alike; across languages, leads can only be alike in their names.
Otherwise it starts a story of its own: single-pass
clustering as in topic detection and tracking, where most stories of a day are one article long. A
story is met only through the article's terms, each posting bounded, so the work grows with the
number of articles, not their pairs. Every story keeps what its articles share, with weights: why
they are one story.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from summarizer.contracts.briefing import Briefing, EventEntry
from summarizer.stories.profile import Profiles, evidence_key, profiles
from summarizer.text.dates import parse_iso

# An article joins a story it shares reported events with (two, or a third of its own) at
# EVENT_LINKED likeness, or EVENTS_ALIKE likeness of the event terms alone. One shared event among many is
# no link: an event wrongly merged across stories, or a side remark, must not pull an article
# over. Without a shared event it needs at
# least RARE_SHARED distinct rare names or words in common, leads that are alike (LEAD_ALIKE) and
# WORDS_ONLY likeness: two reports of one matter open on the same names and words, while thin
# profiles that share one rare word (a poet's death and a murder trial) do not.
# Two stories then become one when much of what their articles report is the same events
# (STORY_OVERLAP): copies of one article found a story of their own before the others join it (at
# 10,000 articles of bench/merge_scale.py the copies of one seed share 0.3 of their reporting with
# the rest of its story).
STORY_OVERLAP = 0.25
STORY_LIKENESS = 0.1
EVENT_LINKED = 0.2
EVENTS_ALIKE = 0.5  # the same, on the cosine of the event terms alone
WORDS_ONLY = 0.3
LEAD_ALIKE = 0.1
RARE_SHARE = 0.02  # a term at most this share of the day's articles has (and at least two) is rare
RARE_SHARED = 2  # distinct rare terms an article must share with a story it joins without an event
HALF_LIFE = 3.0  # days after which an article's likeness to a story counts half
DAYS_APART = 3  # articles published further apart than this are never one story in one briefing
YEARS_OLD = timedelta(days=365)
POSTING_CAP = 24
MAX_CANDIDATES = 12
SHOWN_SHARED = 8  # what a story says it is held together by: its strongest shared terms


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


@dataclass(frozen=True)
class Shared:
    """A term several articles of a story have: its kind and value ('e:ev3', 'x:papst'), what it is in
    words, its weight (kind times rarity over the day) and the articles that share it."""

    term: str
    label: str
    weight: float
    sources: list[str]


@dataclass
class Group:
    """One story's articles, in the order they joined, and why they are one story."""

    members: list[str]
    shared: list[Shared] = field(default_factory=list)


class _Vector:
    """A summed profile with its squared norm kept as articles are added."""

    def __init__(self) -> None:
        self.weights: dict[str, float] = defaultdict(float)
        self.norm2 = 0.0

    def add(self, vector: dict[str, float]) -> None:
        dot = sum(w * self.weights.get(t, 0.0) for t, w in vector.items())
        self.norm2 += 2 * dot + sum(w * w for w in vector.values())
        for t, w in vector.items():
            self.weights[t] += w

    def likeness(self, vector: dict[str, float], norm: float) -> float:
        dot = sum(w * self.weights.get(t, 0.0) for t, w in vector.items())
        return dot / (norm * math.sqrt(self.norm2)) if norm and self.norm2 else 0.0


@dataclass
class _Story:
    members: list[str] = field(default_factory=list)
    profile: _Vector = field(default_factory=_Vector)
    lead: _Vector = field(default_factory=_Vector)
    names: _Vector = field(default_factory=_Vector)
    events: _Vector = field(default_factory=_Vector)
    languages: set[str | None] = field(default_factory=set)
    days: list[date] = field(default_factory=list)
    event_counts: Counter[str] = field(default_factory=Counter)
    reported: int = 0

    @property
    def weights(self) -> dict[str, float]:
        return self.profile.weights

    def add(self, source: str, p: Profiles, day: date | None, reported: int) -> None:
        vector = p.vectors[source]
        self.profile.add(vector)
        self.lead.add(p.lead[source])
        self.names.add(p.names[source])
        self.events.add(p.events[source])
        self.languages.add(p.language[source])
        self.event_counts.update(t for t in vector if t[0] == "e")
        self.reported += reported
        self.members.append(source)
        if day:
            self.days.append(day)

    def likeness(self, vector: dict[str, float], norm: float) -> float:
        return self.profile.likeness(vector, norm)


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values()))


def _decay(story: _Story, day: date | None) -> float:
    """1 on the story's own days, half after HALF_LIFE days; 0 beyond DAYS_APART from any of its days."""
    if not day or not story.days:
        return 1.0
    first, last = story.days[0], story.days[-1]
    if max(abs((day - first).days), abs((day - last).days)) > DAYS_APART:
        return 0.0
    gap = min(abs((day - d).days) for d in (first, last))
    return float(0.5 ** (gap / HALF_LIFE))


def _leads_alike(story: _Story, lead: dict[str, float], names: dict[str, float], languages: set[str | None]) -> float:
    """How alike leads are to the story's leads; across languages only their names can be."""
    if None in languages or None in story.languages or languages & story.languages:
        return story.lead.likeness(lead, _norm(lead))
    return story.names.likeness(names, _norm(names))


class _Day:
    """The day's profiles and the stories formed so far, with the postings that find them."""

    def __init__(self, p: Profiles, own_events: Mapping[str, int]) -> None:
        self.p, self.own_events = p, own_events
        self.stories: list[_Story] = []
        self.postings: dict[str, dict[int, None]] = defaultdict(dict)

    def score(self, sid: str, story: _Story, day: date | None) -> float:
        """The article's likeness to the story, or 0 when the evidence does not reach a link."""
        decay = _decay(story, day)
        if not decay:
            return 0.0
        vector = self.p.vectors[sid]
        events = sum(1 for t in vector if t[0] == "e" and t in story.weights)
        reported = self.own_events[sid]
        linked = events >= 2 or events * 3 >= reported > 0
        if linked:
            # Alike as a whole, or in its events alone: in a big story the other words (each outlet's
            # own lead, the people one copy adds) dilute what many shared events already show.
            whole = story.likeness(vector, _norm(vector)) * decay
            events_of = self.p.events[sid]
            by_events = story.events.likeness(events_of, _norm(events_of)) * decay
            return max(whole if whole >= EVENT_LINKED else 0.0, by_events if by_events >= EVENTS_ALIKE else 0.0)
        p = self.p
        rare = {evidence_key(t) for t in vector if t in p.rare and t in story.weights}
        if len(rare) < RARE_SHARED or _leads_alike(story, p.lead[sid], p.names[sid], {p.language[sid]}) < LEAD_ALIKE:
            return 0.0
        score = story.likeness(vector, _norm(vector)) * decay
        return score if score >= WORDS_ONLY else 0.0

    def place(self, sid: str, day: date | None) -> None:
        vector = self.p.vectors[sid]
        best, best_score = None, 0.0
        for c in _candidates(self.postings, vector):
            score = self.score(sid, self.stories[c], day)
            if score > best_score:
                best, best_score = c, score
        if best is None:
            best = len(self.stories)
            self.stories.append(_Story())
        for t in vector:
            posting = self.postings[t]
            if len(posting) < POSTING_CAP:
                posting[best] = None
        self.stories[best].add(sid, self.p, day, self.own_events[sid])


def group_articles(b: Briefing, leads: Mapping[str, str], background: set[str]) -> list[Group]:
    """Source ids grouped into stories, each group in the order its articles joined, with what they share."""
    p = profiles(b, leads, background, RARE_SHARE)
    own_events: Counter[str] = Counter()
    for e in b.events:
        if e.id not in background:
            own_events.update({a.source for a in e.accounts})
    days = {s.id: parse_iso(s.published) for s in b.sources}
    shared_events = {sid: sum(1 for t in v if t[0] == "e") for sid, v in p.vectors.items()}
    # Articles that share most with others come first: they found the stories the rest join.
    order = sorted(p.vectors, key=lambda sid: (days[sid] or date.min, -shared_events[sid], sid))
    day = _Day(p, own_events)
    for sid in order:
        day.place(sid, days[sid])
    return [Group(members, _shared(members, p)) for members in _join_overlapping(day.stories)]


def _shared(members: list[str], p: Profiles) -> list[Shared]:
    """The terms at least two of the story's articles have, the weightiest (weight × articles) first."""
    if len(members) < 2:
        return []
    having: dict[str, list[str]] = defaultdict(list)
    for sid in sorted(members):
        for t in p.vectors[sid]:
            having[t].append(sid)
    both = [(t, sids) for t, sids in having.items() if len(sids) > 1]
    weight = {t: p.vectors[sids[0]][t] for t, sids in both}
    both.sort(key=lambda ts: (-weight[ts[0]] * len(ts[1]), ts[0]))
    return [Shared(t, p.labels.get(t, t[2:]), round(weight[t], 2), sids) for t, sids in both[:SHOWN_SHARED]]


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
        norm = math.sqrt(b.profile.norm2)
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
