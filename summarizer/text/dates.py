"""Resolve a date as written ("am Dienstag", "vergangene Woche", "Anfang Oktober", "last Thursday")
against the article's publication date, keeping its precision. Without a publication date, or for
wording these rules do not cover, nothing is resolved: a date is never invented.

Rules, not a general parser: dateparser fills missing parts from the base date ("2014" became
2014-10-01 in trials) and misses German prepositional forms ("am Dienstag"), both worse for a
briefing than an honest "unresolved".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "week", "month", "year", "unknown"]

_WEEKDAYS = {
    **dict.fromkeys(["montag", "monday"], 0),
    **dict.fromkeys(["dienstag", "tuesday"], 1),
    **dict.fromkeys(["mittwoch", "wednesday"], 2),
    **dict.fromkeys(["donnerstag", "thursday"], 3),
    **dict.fromkeys(["freitag", "friday"], 4),
    **dict.fromkeys(["samstag", "sonnabend", "saturday"], 5),
    **dict.fromkeys(["sonntag", "sunday"], 6),
}
_MONTHS = {
    **dict.fromkeys(["januar", "jänner", "january", "jan"], 1),
    **dict.fromkeys(["februar", "february", "feb"], 2),
    **dict.fromkeys(["märz", "maerz", "march", "mar"], 3),
    **dict.fromkeys(["april", "apr"], 4),
    **dict.fromkeys(["mai", "may"], 5),
    **dict.fromkeys(["juni", "june", "jun"], 6),
    **dict.fromkeys(["juli", "july", "jul"], 7),
    **dict.fromkeys(["august", "aug"], 8),
    **dict.fromkeys(["september", "sept", "sep"], 9),
    **dict.fromkeys(["oktober", "october", "okt", "oct"], 10),
    **dict.fromkeys(["november", "nov"], 11),
    **dict.fromkeys(["dezember", "december", "dez", "dec"], 12),
}
MONTHS = _MONTHS  # month names and abbreviations (German, English) → number, for text.published

_RELATIVE_DAYS = {"heute": 0, "today": 0, "gestern": -1, "yesterday": -1, "vorgestern": -2, "morgen": 1, "tomorrow": 1}
_PAST = {
    "vergangenen",
    "vergangene",
    "vergangener",
    "letzten",
    "letzte",
    "letzter",
    "vorigen",
    "vorige",
    "last",
    "past",
}
_NEXT = {"kommenden", "kommende", "kommendes", "nächsten", "nächste", "nächstes", "next", "coming"}
# A weekday after these words is a target ("für Donnerstag geplant", "scheduled for Thursday").
_TOWARD = {"für", "for", "bis", "until", "by", "ab"}
# Words of the evidence that put an event ahead of the report: future tense, plans, schedules.
_FUTURE_CUES = {
    *("wird", "werden", "werde", "soll", "sollen", "solle", "sollte", "sollten", "plant", "planen", "geplant"),
    *("geplante", "geplanten", "geplanter", "geplantes", "angesetzt", "vorgesehen", "bevorstehende"),
    *("bevorstehenden", "will", "shall", "scheduled", "planned", "plans", "plan", "upcoming", "due", "expected"),
}
_AGO = {"vor", "ago"}  # "vor einem Monat": a span back, not a calendar period; left unresolved
_MONTH_WORDS = {"monat", "monats", "month"}
_YEAR_WORDS = {"jahr", "jahres", "jahrs", "year"}
_WORD = re.compile(r"[a-zäöüß]+|\d+")


@dataclass(frozen=True)
class ResolvedDate:
    value: str | None  # ISO: YYYY-MM-DD (day, and the Monday of a week), YYYY-MM, YYYY
    precision: Precision


UNRESOLVED = ResolvedDate(None, "unknown")


def parse_iso(text: str | None) -> date | None:
    """A date from 'YYYY-MM-DD' (front matter or --published), else None."""
    try:
        return date.fromisoformat(text.strip()[:10]) if text else None
    except ValueError:
        return None


def resolve_date(
    text: str | None, published: date | None, future: bool | None = False, context: str = ""
) -> ResolvedDate:
    """Resolve `text` against `published`.

    A weekday or month without a direction word ("vergangenen", "nächsten") lies ahead when
    `future` (the event is planned), behind when `future` is False (it occurred); when `future`
    is None the wording decides: "für Donnerstag", or future tense and plans in `context` (the
    evidence sentence), put it ahead, anything else behind.
    """
    if not text:
        return UNRESOLVED
    words = _WORD.findall(text.lower())
    numbers = [int(w) for w in words if w.isdigit()]
    year = next((n for n in numbers if 1900 <= n <= 2100), None)
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    day_of_month = next((n for n in numbers if 1 <= n <= 31), None)
    forward = _forward(set(words), future, context)

    if month and day_of_month and (year or published):
        y = year or _nearest_year(month, published, forward)  # type: ignore[arg-type]
        try:
            return ResolvedDate(date(y, month, day_of_month).isoformat(), "day")
        except ValueError:
            return UNRESOLVED
    if month and (year or published):
        return ResolvedDate(f"{year or _nearest_year(month, published, forward):04d}-{month:02d}", "month")  # type: ignore[arg-type]
    if year and not month and len(numbers) == 1 and not any(w in _WEEKDAYS for w in words):
        return ResolvedDate(f"{year:04d}", "year")
    if published is None:
        return UNRESOLVED
    for w in words:
        if w in _RELATIVE_DAYS:
            return ResolvedDate((published + timedelta(days=_RELATIVE_DAYS[w])).isoformat(), "day")
    weekday = next((_WEEKDAYS[w] for w in words if w in _WEEKDAYS), None)
    if weekday is not None:
        if _NEXT & set(words):
            ahead = (weekday - published.weekday()) % 7 or 7
            return ResolvedDate((published + timedelta(days=ahead)).isoformat(), "day")
        if forward and not _PAST & set(words):
            ahead = (weekday - published.weekday()) % 7
            return ResolvedDate((published + timedelta(days=ahead)).isoformat(), "day")
        back = (published.weekday() - weekday) % 7
        if back == 0 and _PAST & set(words):
            back = 7
        return ResolvedDate((published - timedelta(days=back)).isoformat(), "day")
    return _relative_period(set(words), published)


def _forward(words: set[str], future: bool | None, context: str) -> bool:
    """Whether an undirected weekday or month lies ahead of the report (see resolve_date)."""
    if future is not None:
        return future
    if words & _TOWARD:
        return True
    return bool(set(_WORD.findall(context.lower())) & _FUTURE_CUES)


def _relative_period(words: set[str], published: date) -> ResolvedDate:
    """'nächste Woche', 'Ende des Monats', 'im vergangenen Monat', 'nächstes Jahr' (never 'vor einem Monat')."""
    step = -1 if _PAST & words else 1 if _NEXT & words else 0
    if words & {"woche", "week"}:
        monday = published - timedelta(days=published.weekday())
        if step or words & {"dieser", "diese", "dieses", "this"}:
            return ResolvedDate((monday + timedelta(days=7 * step)).isoformat(), "week")
        return UNRESOLVED
    if words & _AGO:
        return UNRESOLVED
    if words & _MONTH_WORDS:
        index = published.year * 12 + published.month - 1 + step
        return ResolvedDate(f"{index // 12:04d}-{index % 12 + 1:02d}", "month")
    if words & _YEAR_WORDS:
        return ResolvedDate(f"{published.year + step:04d}", "year")
    return UNRESOLVED


def _nearest_year(month: int, published: date, future: bool) -> int:
    """The year that puts `month` nearest the publication date, on the side the event lies."""
    if future:
        return published.year + (1 if month < published.month else 0)
    return published.year - (1 if month > published.month else 0)


_DAY_WORDS = "|".join([*_WEEKDAYS, *_RELATIVE_DAYS])
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DIRECTION = "|".join(sorted({*_PAST, *_NEXT}, key=len, reverse=True))
# The date wordings resolve_date understands, as they stand in a sentence: "am 21. Oktober 2025",
# "für Donnerstag", "in der vergangenen Woche", "Anfang Oktober", "next Thursday".
_DATE_PHRASE = re.compile(
    rf"(?<!\w)(?:(?:am|vom|bis|ab|für|seit|on|by|for|since)\s+)?"
    rf"(?:(?:{_DIRECTION})\s+)?"
    rf"(?:\d{{1,2}}\.\s*(?:{_MONTH_NAMES})(?:\s+\d{{4}})?"
    rf"|(?:anfang|mitte|ende|early|mid|late)\s+(?:{_MONTH_NAMES})(?:\s+\d{{4}})?"
    rf"|(?:{_MONTH_NAMES})\s+\d{{4}}"
    rf"|(?:{_MONTH_NAMES})\s+\d{{1,2}}(?!\d)(?:,?\s+\d{{4}})?"
    rf"|(?:{_DAY_WORDS})\b"
    rf"|(?:woche|week|monat|monats|month|jahr|jahres|year)\b)",
    re.IGNORECASE,
)
_DIRECTION_BEFORE = re.compile(rf"(?:in\s+der\s+|im\s+|the\s+)?(?:{_DIRECTION})\s+$", re.IGNORECASE)


def date_phrase(sentence: str) -> tuple[str | None, str | None]:
    """The first date wording of a sentence as written, and its ISO date when the sentence gives
    day, month and year (or month and year); (None, None) when it names no date."""
    for match in _DATE_PHRASE.finditer(sentence):
        text = match.group().strip()
        words = _WORD.findall(text.lower())
        if any(w in _MONTH_WORDS | _YEAR_WORDS | {"woche", "week"} for w in words) and not (
            {*words} & (_PAST | _NEXT)
        ):
            continue  # "eine Woche", "im Jahr": a span, not a date
        before = _DIRECTION_BEFORE.search(sentence[: match.start()])
        if before and not ({*words} & (_PAST | _NEXT)):
            text = sentence[before.start() : match.end()].strip()
        resolved = resolve_date(text, None)
        iso = resolved.value if resolved.precision in ("day", "month") else None
        return text, iso
    return None, None
