"""Disagreements between sources: over an event (status, who acted, date), a stance, or who said a quote."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable

from summarizer.contracts.briefing import (
    Citation,
    Disagreement,
    DisagreementSide,
    EventAccount,
    EventEntry,
    PositionEntry,
    QuoteEntry,
)
from summarizer.contracts.extraction import EventStatus, Stance
from summarizer.merge.resolve import ActorIndex
from summarizer.text.display import status_word

# What a disagreement's subject and sides say, in the briefing language (English as the fallback).
_WORDS = {
    "en": {
        "status": "Status of {id}: {what}",
        "initiator": "Who acted in {id}: {what}",
        "date": "Date of {id}: {what}",
        "stances": "Stances on {topic}",
        "said_by": "said by {name}",
        "who_said": "Who said „{text}“",
        "supports": "supports",
        "opposes": "opposes",
        "conditional": "conditional",
    },
    "de": {
        "status": "Status von {id}: {what}",
        "initiator": "Wer handelte bei {id}: {what}",
        "date": "Datum von {id}: {what}",
        "stances": "Haltungen zum Thema „{topic}“",
        "said_by": "gesagt von {name}",
        "who_said": "Wer sagte „{text}“",
        "supports": "dafür",
        "opposes": "dagegen",
        "conditional": "unter Bedingungen",
    },
}


def _word(lang: str, key: str, **values: str) -> str:
    return _WORDS.get(lang, _WORDS["en"])[key].format(**values)


def disagreements(
    events: list[EventEntry],
    positions: list[PositionEntry],
    quotes: list[QuoteEntry],
    actors: ActorIndex,
    lang: str = "en",
) -> list[Disagreement]:
    """Every disagreement, numbered d1, d2, … in a fixed order: events, stances, attributions."""
    found = (
        _event_disagreements(events, actors, lang)
        + _stance_disagreements(positions, lang)
        + _attribution_disagreements(quotes, actors.related, lang)
    )
    for i, d in enumerate(found, start=1):
        d.id = f"d{i}"
    return found


def _event_disagreements(events: list[EventEntry], actors: ActorIndex, lang: str) -> list[Disagreement]:
    found: list[Disagreement] = []
    for event in events:
        # A further account from a source already in the event details it (what was refused at
        # the meeting): it makes no claim on the event's status, actor or date.
        accounts = [a for a in event.accounts if not a.aspect]
        if len(accounts) < 2:
            continue
        by_status: dict[str, list[EventAccount]] = defaultdict(list)
        for a in accounts:
            if a.status != EventStatus.unclear:
                by_status[status_word(a.status.value, lang)].append(a)
        what = _short(event.description)
        if len(by_status) > 1:
            found.append(_disagreement("event_status", _word(lang, "status", id=event.id, what=what), event.id, by_status))
        by_initiator: dict[str, list[EventAccount]] = defaultdict(list)
        for a in accounts:
            if a.initiator:
                name = actors.by_id[a.initiator].name if a.initiator in actors.by_id else a.initiator
                by_initiator[f"{name} ({status_word(a.status.value, lang)})"].append(a)
        if len({k.rsplit(" (", 1)[0] for k in by_initiator}) > 1:
            found.append(
                _disagreement("event_initiator", _word(lang, "initiator", id=event.id, what=what), event.id, by_initiator)
            )
        by_date: dict[str, list[EventAccount]] = defaultdict(list)
        for a in accounts:
            if a.resolved_date and a.date_precision in ("day", "month", "year"):
                by_date[a.resolved_date].append(a)
        dates = sorted(by_date)
        if len(dates) > 1 and not all(dates[-1].startswith(d) for d in dates):
            found.append(_disagreement("event_date", _word(lang, "date", id=event.id, what=what), event.id, by_date))
    return found


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _disagreement(kind: str, subject: str, about: str, sides: dict[str, list[EventAccount]]) -> Disagreement:
    built = [
        DisagreementSide(
            label=label, sources=sorted({a.source for a in accs}), evidence=_unique([a.evidence for a in accs])
        )
        for label, accs in sorted(sides.items())
    ]
    return Disagreement(
        id="",
        kind=kind,  # type: ignore[arg-type]
        subject=subject,
        about=about,
        sides=built,
        sources=sorted({s for side in built for s in side.sources}),
    )


def _stance_disagreements(positions: list[PositionEntry], lang: str) -> list[Disagreement]:
    by_topic: dict[str, list[PositionEntry]] = defaultdict(list)
    for p in positions:
        by_topic[p.topic].append(p)
    found = []
    for topic, entries in sorted(by_topic.items()):
        sides: dict[str, DisagreementSide] = {}
        for stance in (Stance.supports, Stance.opposes, Stance.conditional):
            holders = [(p, s) for p in entries for s in p.stances if s.stance == stance]
            if holders:
                names = sorted({p.actor_name for p, _ in holders})
                sides[stance.value] = DisagreementSide(
                    label=f"{_word(lang, stance.value)}: {', '.join(names)}",
                    sources=sorted({s.source for _, s in holders}),
                    evidence=_unique([s.evidence for _, s in holders]),
                )
        if "supports" in sides and "opposes" in sides:
            built = list(sides.values())
            found.append(
                Disagreement(
                    id="",
                    kind="stance",
                    subject=_word(lang, "stances", topic=topic),
                    about=topic,
                    sides=built,
                    sources=sorted({s for side in built for s in side.sources}),
                )
            )
    return sorted(found, key=lambda d: (-len(d.sources), d.subject))


def _attribution_disagreements(
    quotes: list[QuoteEntry], related: Callable[[str, str], bool], lang: str
) -> list[Disagreement]:
    """One statement that outlets credit to clearly different speakers.

    Two names for the same or an overlapping group (the coalition of the willing, European
    leaders) are no dispute; nor are two speakers in one article ("both sides called it constructive"),
    which the ledger keeps as two entries.
    """
    found = []
    for q in quotes:
        by_speaker: dict[str, list[Citation]] = defaultdict(list)
        for c in q.citations:
            by_speaker[c.speaker or q.speaker].append(c)
        speakers = sorted(by_speaker)
        if not any(not related(a, b) for a, b in itertools.combinations(speakers, 2)):
            continue
        sides = [
            DisagreementSide(
                label=_word(lang, "said_by", name=by_speaker[sp][0].speaker_name or sp),
                sources=sorted({c.source for c in by_speaker[sp]}),
                evidence=[q.text],
            )
            for sp in speakers
        ]
        found.append(
            Disagreement(
                id="",
                kind="quote_attribution",
                subject=_word(lang, "who_said", text=_short(q.text, 70)),
                about=q.id,
                sides=sides,
                sources=list(q.sources),
            )
        )
    return found
