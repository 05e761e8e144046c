"""A disputed event said without taking a side: its subject, each side with its sources, and each of
a story's disagreements as one neutral line."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, Disagreement, EventEntry
from summarizer.stories.assign import Members
from summarizer.stories.phrases import phrase, short
from summarizer.text.display import natural_key, status_word

SIDE_NAMES = 3  # names shown per side of a contested point; the rest are counted


def _told(e: EventEntry, b: Briefing, lang: str, who: bool = True) -> dict[str, set[str]]:
    """Each way the sources tell the event ('postponed by the United States') with the sources telling it."""
    names = {a.id: a.name for a in b.actors}
    told: dict[str, set[str]] = {}
    for a in e.accounts:
        if str(a.status.value) == "unclear":
            continue
        by = names.get(a.initiator or "", "") if who else ""
        status = status_word(a.status.value, lang)
        told.setdefault(phrase(lang, "by", status=status, who=by) if by else status, set()).add(a.source)
    return dict(sorted(told.items()))


def side_labels(e: EventEntry, b: Briefing, lang: str, who: bool = True) -> list[str]:
    """Each way the sources tell the event, in order; without `who`, the statuses alone."""
    return list(_told(e, b, lang, who))


def sides(e: EventEntry, b: Briefing, lang: str, counts: bool = True) -> str:
    """'postponed by the United States (1) or cancelled (2)': each account's status and initiator."""
    told = _told(e, b, lang)
    return phrase(lang, "or").join(f"{label} ({len(srcs)})" if counts else label for label, srcs in told.items())


def _side(label: str) -> str:
    """'supports: A, B, C, D, E' → 'supports: A, B, C +2'."""
    head, sep, names = label.partition(": ")
    parts = names.split(", ")
    if not sep or len(parts) <= SIDE_NAMES:
        return label
    return f"{head}: {', '.join(parts[:SIDE_NAMES])} +{len(parts) - SIDE_NAMES}"


def contested(m: Members, lead: EventEntry | None = None) -> list[tuple[str, Disagreement]]:
    """Each disagreement as one neutral line: what is in dispute, each side with its number of sources.

    The lead event's dispute comes last: the headline and the lede already state it.
    """
    found = []
    status_disputed = {d.about for d in m.disagreements if d.kind == "event_status"}
    about_lead = lead.id if lead else None
    mine = set(m.sources)
    for d in sorted(m.disagreements, key=lambda d: (d.about == about_lead, -len(d.sources), natural_key(d.id))):
        if 2 * sum(s in mine for s in d.sources) < len(d.sources):
            continue  # most of its sources tell other stories
        if d.kind == "event_initiator" and d.about in status_disputed:
            continue  # the status dispute already names who did what
        what = d.subject.split(": ", 1)[-1] if d.kind.startswith("event_") else d.subject
        shown = " / ".join(f"{_side(s.label)} ({len(s.sources)})" for s in d.sides)
        found.append((f"{short(what, 14)} — {shown}", d))
    return found
