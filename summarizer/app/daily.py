"""The daily briefing: a day's articles → briefing files, kept in a small store, compared with the day before."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from summarizer.app.output import write_atomically
from summarizer.app.pipeline import summarise
from summarizer.app.progress import Progress
from summarizer.contracts.briefing import Briefing, Change, Changes, EventEntry, PositionEntry, status_text
from summarizer.contracts.choices import FORMATS
from summarizer.llm.config import ConfigError, Settings
from summarizer.merge.cluster import same_event
from summarizer.render.markdown import render
from summarizer.store import Migration, open_store
from summarizer.stories.continuity import link_stories
from summarizer.text.dates import parse_iso
from summarizer.text.ingest import ARTICLE_SUFFIXES, parse_article
from summarizer.text.names import canonical_form
from summarizer.text.topics import same_topic


def articles_for_day(inbox: Path, day: date) -> list[str]:
    """The inbox's sub-folder named for the day, and article files elsewhere whose `published:` is that day."""
    found: list[str] = []
    dated = inbox / day.isoformat()
    if dated.is_dir():
        found += sorted(str(p) for p in dated.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
    for path in sorted(inbox.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in ARTICLE_SUFFIXES or dated in path.parents:
            continue
        try:
            published = parse_iso(
                parse_article(path.read_text(encoding="utf-8", errors="replace"), str(path)).published
            )
        except OSError:
            continue
        if published == day:
            found.append(str(path))
    return found


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


def _parties(event: EventEntry) -> list[str]:
    return event.participants or [f"place:{canonical_form(event.location or '')}"]


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
    # Earlier events by participant (or place): one event is compared only with those it could be.
    by_party: dict[str, list[EventEntry]] = defaultdict(list)
    for old in before.events:
        for key in _parties(old):
            by_party[key].append(old)
    for event in today.events:
        candidates = {o.id: o for k in _parties(event) for o in by_party[k]}
        match = next((o for o in candidates.values() if same_event(event, o)), None)
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
) -> DailyResult:
    """Brief one day's articles, write briefing-DAY.{md,json,html} and keep the day in the store.

    A missing inbox is a ConfigError (a mistyped path must not pass as "no articles today").
    """
    if not inbox.is_dir():
        raise ConfigError(f"no inbox folder {inbox}: create it, or give --inbox the folder of incoming articles")
    name = day.isoformat()
    paths = articles_for_day(inbox, day)
    if not paths:
        return DailyResult(name, None, [])
    briefing, texts = summarise(paths, settings, progress=progress, published=name)
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
