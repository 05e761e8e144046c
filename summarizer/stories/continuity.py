"""A story from one day to the next: the same key while it continues, marked new, developing or unchanged."""

from __future__ import annotations

from collections import Counter, defaultdict

from summarizer.contracts.briefing import Briefing, EventEntry
from summarizer.contracts.story import Continuity, StatusChange, Story
from summarizer.merge.cluster import same_event
from summarizer.stories import score_stories
from summarizer.text.names import canonical_form


def _parties(event: EventEntry) -> list[str]:
    return event.participants or [f"place:{canonical_form(event.location or '')}"]


def _matches(today: Briefing, before: Briefing) -> dict[str, EventEntry]:
    """Today's event id → the earlier day's event it continues (compared only with events sharing a party)."""
    by_party: dict[str, list[EventEntry]] = defaultdict(list)
    for old in before.events:
        for key in _parties(old):
            by_party[key].append(old)
    found: dict[str, EventEntry] = {}
    for event in today.events:
        candidates = {o.id: o for key in _parties(event) for o in by_party[key]}
        match = next((o for _, o in sorted(candidates.items()) if same_event(event, o)), None)
        if match is not None:
            found[event.id] = match
    return found


def link_stories(today: Briefing, before: Briefing, since: str) -> None:
    """Compare today's stories with the earlier day's: keys carried over, continuity marked, stories re-ranked."""
    matched = _matches(today, before)
    earlier_story = {e: s for s in before.stories for e in s.events}
    by_key = {s.key: s for s in before.stories}
    votes: dict[str, Counter[str]] = {}
    for story in today.stories:
        votes[story.id] = Counter(
            earlier_story[matched[e].id].key for e in story.events if e in matched and matched[e].id in earlier_story
        )
    taken: set[str] = set()
    # The stories that continue most of an earlier story claim it first.
    for story in sorted(today.stories, key=lambda s: (-max(votes[s.id].values(), default=0), s.rank)):
        key = next((k for k, _ in sorted(votes[story.id].items(), key=lambda kv: (-kv[1], kv[0])) if k not in taken), None)
        story.continuity = _continuity(story, today, by_key.get(key) if key else None, matched, since)
        if key:
            taken.add(key)
            story.key = key
    today.stories = score_stories(today.stories, today)


def _continuity(
    story: Story, today: Briefing, earlier: Story | None, matched: dict[str, EventEntry], since: str
) -> Continuity:
    if earlier is None:
        return Continuity(since=since, mark="new")
    events = {e.id: e for e in today.events}
    background = {f.event for f in story.background}
    fresh = [e for e in story.events if e not in matched and e not in background]
    changes = [
        StatusChange(event=e, description=events[e].description, before=str(matched[e].status), after=str(events[e].status))
        for e in story.events
        if e in matched
        and str(matched[e].status) != str(events[e].status)
        and "unclear" not in (str(matched[e].status), str(events[e].status))
    ]
    return Continuity(
        since=since,
        mark="developing" if fresh or changes else "unchanged",
        previous_story=earlier.id,
        new_events=fresh,
        status_changes=changes,
    )
