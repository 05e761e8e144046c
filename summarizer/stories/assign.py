"""Every merged item of the briefing to one story: the story most of its sources belong to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from summarizer.contracts.briefing import Briefing, Disagreement, EventEntry, QuoteEntry


@dataclass
class Members:
    """What belongs to one story: its articles and the merged items they carry."""

    sources: list[str]
    events: list[EventEntry] = field(default_factory=list)
    background: list[EventEntry] = field(default_factory=list)
    quotes: list[QuoteEntry] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    _where: dict[str, tuple[int, int]] | None = None

    def order_in_articles(self) -> dict[str, tuple[int, int]]:
        """Where each event first appears: the story's article order, then its place in the article."""
        if self._where is None:
            rank = {sid: i for i, sid in enumerate(self.sources)}
            self._where = {
                e.id: min((rank.get(a.source, len(rank)), a.grounding.start or 0) for a in e.accounts)
                for e in self.events + self.background
            }
        return self._where


def assign(b: Briefing, groups: list[list[str]], background: set[str]) -> list[Members]:
    """Every event, quote, position and disagreement to the story most of its sources belong to."""
    story_of = {sid: i for i, group in enumerate(groups) for sid in group}
    members = [Members(sources=group) for group in groups]

    def home(sources: Iterable[str]) -> int:
        votes = Counter(story_of[s] for s in sources if s in story_of)
        return min(votes, key=lambda i: (-votes[i], i))

    event_home: dict[str, int] = {}
    for e in b.events:
        event_home[e.id] = i = home(e.sources)
        (members[i].background if e.id in background else members[i].events).append(e)
    quote_home: dict[str, int] = {}
    for q in b.quotes:
        quote_home[q.id] = i = home(q.sources)
        members[i].quotes.append(q)
    topic_home: dict[str, int] = {}
    for p in b.positions:
        i = home(p.sources)
        members[i].positions.append(p.id)
        topic_home.setdefault(p.topic, i)
    for d in b.disagreements:
        found = event_home.get(d.about, quote_home.get(d.about, topic_home.get(d.about)))
        members[home(d.sources) if found is None else found].disagreements.append(d)
    return members
