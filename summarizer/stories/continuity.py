"""A story from one day to the next: the same key while it continues, marked new, developing or unchanged."""

from __future__ import annotations

from collections import Counter, defaultdict

from summarizer.contracts.briefing import Briefing, EventAccount, EventEntry
from summarizer.contracts.story import Continuity, StatusChange, Story
from summarizer.merge.cluster import EVENT_SIMILARITY, same_event, similarity
from summarizer.stories import score_stories
from summarizer.text.display import natural_key
from summarizer.text.names import canonical_form


def _parties(event: EventEntry) -> list[str]:
    return event.participants or [f"place:{canonical_form(event.location or '')}"]


def continued_events(today: Briefing, before: Briefing) -> dict[str, EventEntry]:
    """Today's event id → the earlier day's event it continues (compared only with events sharing a party).

    The one day-to-day matcher: the changes since the earlier day and the stories' continuity
    both rest on it, so a story never calls an event new that the list of changes calls old.
    """
    by_party: dict[str, list[EventEntry]] = defaultdict(list)
    for old in before.events:
        for key in _parties(old):
            by_party[key].append(old)
    candidates: dict[str, list[EventEntry]] = {}
    pairs: list[tuple[float, str, str]] = []
    for event in today.events:
        candidates[event.id] = [o for _, o in sorted({o.id: o for k in _parties(event) for o in by_party[k]}.items())]
        for old in candidates[event.id]:
            score = similarity(_voice(event), _voice(old))
            if score >= EVENT_SIMILARITY:
                pairs.append((score, event.id, old.id))
    # One earlier event continues as one event today, the likeliest pairs first: two events of one
    # story are often alike, and the news of the day must not pass for yesterday's.
    earlier = {e.id: e for e in before.events}
    found: dict[str, EventEntry] = {}
    claimed: set[str] = set()
    for _, new_id, old_id in sorted(pairs, key=lambda p: (-p[0], natural_key(p[1]), natural_key(p[2]))):
        if new_id not in found and old_id not in claimed:
            found[new_id] = earlier[old_id]
            claimed.add(old_id)
    for event in today.events:  # events whose representative accounts differ, but some accounts agree
        if event.id not in found:
            match = next((o for o in candidates[event.id] if o.id not in claimed and same_event(event, o)), None)
            if match is not None:
                found[event.id] = match
                claimed.add(match.id)
    return found


def _voice(event: EventEntry) -> EventAccount:
    """The account whose description speaks for the event."""
    return next((a for a in event.accounts if a.description == event.description), event.accounts[0])


def link_stories(today: Briefing, before: Briefing, since: str) -> None:
    """Compare today's stories with the earlier day's: keys carried over, continuity marked, stories re-ranked."""
    matched = continued_events(today, before)
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
        key = next(
            (k for k, _ in sorted(votes[story.id].items(), key=lambda kv: (-kv[1], kv[0])) if k not in taken), None
        )
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
        StatusChange(
            event=e, description=events[e].description, before=str(matched[e].status), after=str(events[e].status)
        )
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
