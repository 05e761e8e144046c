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
# story sit at 0.09-0.6, of different stories at 0.01-0.2 with and 0.03-0.04 without shared events).
EVENT_LINKED = 0.06
WORDS_ONLY = 0.35
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

    def add(self, source: str, vector: dict[str, float], day: date | None) -> None:
        dot = sum(w * self.weights.get(t, 0.0) for t, w in vector.items())
        self.norm2 += 2 * dot + sum(w * w for w in vector.values())
        for t, w in vector.items():
            self.weights[t] += w
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
    for sid, ts in terms.items():
        vectors[sid] = {t: WEIGHTS[t[0]] * math.log((n + 1) / df[t]) for t in ts}
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
        for c in _candidates(postings, vector):
            story = stories[c]
            if day and story.days and max(abs((day - d).days) for d in (story.days[0], story.days[-1])) > DAYS_APART:
                continue
            score = story.likeness(vector, norm)
            shared = sum(1 for t in events if t in story.weights)
            linked = shared >= 2 or shared * 3 >= len(events) > 0
            if score >= (EVENT_LINKED if linked else WORDS_ONLY) and score > best_score:
                best, best_score = c, score
        if best is None:
            best = len(stories)
            stories.append(_Story())
        for t in vector:
            posting = postings[t]
            if len(posting) < POSTING_CAP:
                posting[best] = None
        stories[best].add(sid, vector, day)
    return [s.members for s in stories]


def _candidates(postings: dict[str, dict[int, None]], vector: dict[str, float]) -> list[int]:
    """Stories sharing terms with the article, those sharing the most weight first, at most MAX_CANDIDATES."""
    hits: dict[int, float] = defaultdict(float)
    for t, w in vector.items():
        for c in postings.get(t, ()):
            hits[c] += w
    if len(hits) > MAX_CANDIDATES:
        return sorted(heapq.nsmallest(MAX_CANDIDATES, hits, key=lambda c: (-hits[c], c)))
    return sorted(hits)
