"""A disputed event said without taking a side: its subject, each side with its sources, and each of
a story's disagreements as one neutral line."""

from __future__ import annotations

from summarizer.contracts.briefing import Briefing, Disagreement, EventEntry
from summarizer.stories.assign import Members
from summarizer.stories.phrases import phrase, short
from summarizer.text.display import natural_key, status_word
from summarizer.text.events import event_kind

SIDE_NAMES = 3  # names shown per side of a contested point; the rest are counted


def sides(e: EventEntry, b: Briefing, lang: str, counts: bool = True) -> str:
    """'postponed by the United States (1) or cancelled (2)': each account's status and initiator."""
    names = {a.id: a.name for a in b.actors}
    told: dict[str, set[str]] = {}
    for a in e.accounts:
        if str(a.status.value) == "unclear":
            continue
        who = names.get(a.initiator or "", "")
        label = (
            phrase(lang, "by", status=status_word(a.status.value, lang), who=who)
            if who
            else status_word(a.status.value, lang)
        )
        told.setdefault(label, set()).add(a.source)
    return phrase(lang, "or").join(
        f"{label} ({len(srcs)})" if counts else label for label, srcs in sorted(told.items())
    )


def subject(e: EventEntry, b: Briefing, lang: str) -> str | None:
    """A disputed event named without taking a side: its people and its kind ('Rubio–Lawrow meeting')."""
    kind = event_kind(e.description) or event_kind(" ".join(a.evidence for a in e.accounts))
    if kind is None:
        return None
    actors = {a.id: a for a in b.actors}
    people = [actors[p] for p in e.participants if p in actors and actors[p].kind.value == "person"]
    named = people or [actors[p] for p in e.participants if p in actors]
    if not named:
        return None
    names = "–".join(a.name.split()[-1] if a.kind.value == "person" else a.name for a in named[:3])
    return phrase(lang, "kind_of", names=names, kind=phrase(lang, f"k_{kind}"))


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
