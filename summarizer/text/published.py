"""Publication dates as newsrooms and feeds write them, read into one calendar day or refused.

Read: 2025-10-22, 20251022, 22.10.2025, 22. Oktober 2025, 22 October 2025, October 22, 2025,
2025-10-22T14:03+02:00 (ISO 8601 with a time) and RFC 2822 (feeds: Wed, 22 Oct 2025 14:03:00 +0200).
A timestamp gives the day as written in its own offset: the newsroom's calendar day.
Anything else (10/22/2025 is month or day first; 22.10.25 has no century; "yesterday" has no
day) is refused with the list of forms read: a wrong date is worse than none.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from summarizer.text.dates import MONTHS

ACCEPTED = (
    "2025-10-22, 22.10.2025, 22. Oktober 2025, October 22, 2025, 2025-10-22T14:03+02:00 "
    "or an RFC 2822 date (Wed, 22 Oct 2025 14:03:00 +0200)"
)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$")
_DOTTED = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\.?\s+([A-Za-zÄÖÜäöüß]+)\.?,?\s+(\d{4})$")
_MONTH_DAY = re.compile(r"^([A-Za-zÄÖÜäöüß]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_RFC2822 = re.compile(r"^([A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")


class DateError(ValueError):
    """A publication date this module does not read; the message lists the forms it does."""


def parse_published(text: str) -> date:
    """The calendar day `text` names; DateError for anything else (see the module docstring)."""
    value = " ".join(text.split())
    try:
        found = _day(value)
    except ValueError:
        raise DateError(f"published {text!r} is not a day of the calendar") from None
    if found is None:
        raise DateError(f"published {text!r} is not a date in a form read here; write {ACCEPTED}")
    return found


def _day(value: str) -> date | None:
    for pattern in (_ISO_DAY, _ISO_BASIC):
        match = pattern.match(value)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day) if 1900 <= year <= 2100 or pattern is _ISO_DAY else None
    if _ISO_TIME.match(value):
        return datetime.fromisoformat(value.replace(" ", "T", 1)).date()
    match = _DOTTED.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    match = _DAY_MONTH.match(value)
    if match and match.group(2).lower() in MONTHS:
        return date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    match = _MONTH_DAY.match(value)
    if match and match.group(1).lower() in MONTHS:
        return date(int(match.group(3)), MONTHS[match.group(1).lower()], int(match.group(2)))
    if _RFC2822.match(value):
        try:
            return parsedate_to_datetime(value).date()
        except (TypeError, IndexError):
            raise ValueError(value) from None
    return None


def iso_published(text: str | None) -> str | None:
    """`text` as YYYY-MM-DD, None for none; DateError when it is not a date read here."""
    if text is None or not text.strip():
        return None
    return parse_published(text).isoformat()
