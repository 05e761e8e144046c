"""The timeline: one line per event cluster, dated where the sources allow, in date order."""

from __future__ import annotations

from summarizer.contracts.briefing import EventEntry, TimelineEntry
from summarizer.text.display import natural_key


def timeline(events: list[EventEntry]) -> list[TimelineEntry]:
    """Dated events first, by date, then the undated ones; ties by event id in natural order (e2 before e10)."""
    entries = []
    for e in events:
        precise = [a for a in e.accounts if a.resolved_date == e.date] if e.date else []
        precision = precise[0].date_precision if precise else "unknown"
        date_text = next((a.date_text for a in e.accounts if a.date_text), None)
        entries.append(
            TimelineEntry(
                event=e.id,
                description=e.description,
                date=e.date,
                precision=precision,
                date_text=date_text,
                sources=e.sources,
            )
        )
    return sorted(entries, key=lambda t: (t.date is None, t.date or "", natural_key(t.event)))
