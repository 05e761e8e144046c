"""The daily briefing: a day's articles → briefing files, kept in a small store, compared with the day before."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from summarizer.app.inbox import articles_for_day, file_feed_items
from summarizer.app.inputs import Web
from summarizer.app.output import write_atomically
from summarizer.app.pipeline import summarise
from summarizer.app.progress import Progress
from summarizer.contracts.briefing import Briefing, Change, Changes, PositionEntry, status_text
from summarizer.contracts.choices import FORMATS
from summarizer.llm.config import ConfigError, Settings
from summarizer.render.formats import render
from summarizer.store import Migration, open_store
from summarizer.stories.continuity import continued_events, link_stories
from summarizer.text.topics import same_topic


class DayStore:
    """Each day's merged briefing, in sqlite beside the cache.

    `briefed` counts the day's briefed articles (0: every article failed) and `partial` marks a
    day on which some failed: only a day with a briefing is ever a baseline for a later one.
    """

    MIGRATIONS = (
        Migration("m001_days", "CREATE TABLE IF NOT EXISTS days (day TEXT PRIMARY KEY, briefing TEXT NOT NULL)"),
        Migration("m002_days_briefed", "ALTER TABLE days ADD COLUMN briefed INTEGER"),
        Migration("m003_days_partial", "ALTER TABLE days ADD COLUMN partial INTEGER NOT NULL DEFAULT 0"),
        # Days stored before a day could be partial: count from the stored briefing itself.
        Migration(
            "m004_days_backfill",
            "UPDATE days SET briefed = json_array_length(briefing, '$.sources'), "
            "partial = json_array_length(briefing, '$.failures') > 0 WHERE briefed IS NULL",
        ),
    )

    def __init__(self, path: Path) -> None:
        self._db = open_store(path, self.MIGRATIONS)

    def get(self, day: str) -> Briefing | None:
        row = self._db.execute("SELECT briefing FROM days WHERE day = ?", (day,)).fetchone()
        return Briefing.model_validate_json(row[0]) if row else None

    def previous(self, day: str) -> tuple[str, Briefing] | None:
        """The latest stored day before `day` that has a briefing (a day on which all failed is skipped)."""
        row = self._db.execute(
            "SELECT day, briefing FROM days WHERE day < ? AND briefed > 0 ORDER BY day DESC LIMIT 1", (day,)
        ).fetchone()
        return (row[0], Briefing.model_validate_json(row[1])) if row else None

    def put(self, day: str, briefing: Briefing) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO days (day, briefing, briefed, partial) VALUES (?, ?, ?, ?)",
            (day, briefing.model_dump_json(), len(briefing.sources), int(bool(briefing.failures))),
        )

    def close(self) -> None:
        self._db.close()


def compare_days(today: Briefing, before: Briefing, since: str) -> Changes:
    """What changed since the earlier briefing: new events, status changes, stance changes, new actors."""
    known = {a.id for a in before.actors}
    items = _event_changes(today, before) + _stance_changes(today, before)
    items += [
        Change(kind="new_actor", subject=actor.name, about=actor.id, sources=actor.sources)
        for actor in today.actors
        if actor.id not in known
    ]
    order = {"status_change": 0, "stance_change": 1, "new_event": 2, "new_actor": 3}
    items.sort(key=lambda c: (order[c.kind], c.about))
    return Changes(since=since, previous_sources=before.sources, items=items)


def _event_changes(today: Briefing, before: Briefing) -> list[Change]:
    """Events the earlier briefing lacks, and events whose status moved (to or from 'unclear' is no move)."""
    items: list[Change] = []
    continued = continued_events(today, before)
    for event in today.events:
        match = continued.get(event.id)
        now = status_text(event.status)
        if match is None:
            items.append(
                Change(kind="new_event", subject=event.description, after=now, about=event.id, sources=event.sources)
            )
            continue
        was = status_text(match.status)
        if was != now and "unclear" not in (was, now):
            items.append(
                Change(
                    kind="status_change",
                    subject=event.description,
                    before=was,
                    after=now,
                    about=event.id,
                    sources=event.sources,
                    previous_sources=match.sources,
                )
            )
    return items


def _stance_changes(today: Briefing, before: Briefing) -> list[Change]:
    """Positions whose set of stances moved, each compared with the actor's first earlier one on that topic."""
    items: list[Change] = []
    earlier_positions: dict[str, list[PositionEntry]] = defaultdict(list)
    for earlier in before.positions:
        earlier_positions[earlier.actor].append(earlier)
    for position in today.positions:
        for prev in earlier_positions[position.actor]:
            if not same_topic(prev.topic, position.topic):
                continue
            was = sorted({s.stance.value for s in prev.stances})
            now = sorted({s.stance.value for s in position.stances})
            if was != now:
                items.append(
                    Change(
                        kind="stance_change",
                        subject=f"{position.actor_name} on {position.topic}",
                        before=", ".join(was),
                        after=", ".join(now),
                        about=position.id,
                        sources=position.sources,
                        previous_sources=prev.sources,
                    )
                )
            break
    return items


@dataclass
class DailyResult:
    day: str
    briefing: Briefing | None
    files: list[Path]


def run_daily(
    day: date,
    inbox: Path,
    out: Path,
    settings: Settings,
    store_path: Path,
    progress: Progress | None = None,
    detail: str = "brief",
    feeds: str | None = None,
    web: Web | None = None,
) -> DailyResult:
    """Brief one day's articles, write briefing-DAY.{md,json,html} and keep the day in the store.

    A missing inbox is a ConfigError (a mistyped path must not pass as "no articles today").
    With `feeds`, the day's items are first filed into inbox/DAY/ (app/inbox.py; not offline).
    """
    if not inbox.is_dir():
        raise ConfigError(f"no inbox folder {inbox}: create it, or give --inbox the folder of incoming articles")
    name = day.isoformat()
    web = web or Web(settings.stores.cache_dir, settings.run.offline)
    if feeds and not settings.run.offline:
        file_feed_items(day, inbox, feeds, web)
    paths, unread = articles_for_day(inbox, day)
    if not paths and not unread:
        return DailyResult(name, None, [])
    briefing, texts = summarise(paths, settings, progress=progress, published=name, failed=unread)
    store = DayStore(store_path)
    if not briefing.sources:
        # Nothing briefed: no files, and an earlier briefing of this day (files and store) stays.
        try:
            stored = store.get(name)
            if stored is None or not stored.sources:
                store.put(name, briefing)
        finally:
            store.close()
        return DailyResult(name, briefing, [])
    try:
        earlier = store.previous(name)
        if earlier is not None:
            briefing.changes = compare_days(briefing, earlier[1], earlier[0])
            link_stories(briefing, earlier[1], earlier[0])
        stored = store.get(name)
        same = {"stats", "provenance"}  # what the run cost and when it ran, not the briefing
        if stored is not None and stored.model_dump(exclude=same) == briefing.model_dump(exclude=same):
            # Same inputs, same briefing: keep the stats and provenance of the run that produced it, so the files
            # stay byte-identical (this run's own figures go to stderr).
            run_stats, briefing.stats, briefing.provenance = briefing.stats, stored.stats, stored.provenance
        else:
            run_stats = briefing.stats
        store.put(name, briefing)
    finally:
        store.close()
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for fmt in FORMATS:
        target = out / f"briefing-{name}.{fmt}"
        write_atomically(target, render(briefing, fmt, texts, detail))
        files.append(target)
    return DailyResult(name, briefing.model_copy(update={"stats": run_stats}), files)
