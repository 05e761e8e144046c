"""How a briefing shows names, roles, places, dates, statuses and sources in its language.

Shared by merge (which stores display names in the briefing), stories and render. Names come
from a curated exonym table (data/exonyms.json: Lawrow is Sergey Lavrov in English); German role
words from a small glossary (data/roles.json). What the tables cannot express is shown as the
article wrote it, marked as such („…“), never guessed.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

from anyascii import anyascii

from summarizer.text.names import alias_table, canonical_form, fold_case

_DATA = Path(__file__).parent / "data"
_HASH = re.compile(r"^[0-9a-f]{8,}$")
_TOKEN = re.compile(r"[\s_.\-]+")


@lru_cache(maxsize=2)
def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_DATA / name).read_text(encoding="utf-8"))
    for table in ("phrases", "qualifiers", "nouns", "connectors"):
        if table in data:  # looked up case-folded, and casefold turns ß into ss
            data[table] = {fold_case(k): v for k, v in data[table].items()}
    return data


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """The glossary's role qualifiers and nouns, case folded ("russischen", "aussenminister")."""
    roles = _load("roles.json")
    return frozenset(roles["qualifiers"]) | frozenset(roles["nouns"])


def _exonym(name: str, lang: str) -> str | None:
    entry = _load("exonyms.json")["names"].get(canonical_form(name))
    return entry.get(lang) if entry else None


def place_name(place: str, lang: str) -> str:
    """A place as readers of `lang` know it: Moskau → Moscow."""
    return _exonym(place, lang) or place


def display_name(name: str, lang: str, person: bool = False) -> str:
    """An actor's name in the briefing language: the exonym, a translated description
    ('Außenminister der Ukraine' → 'Foreign minister of Ukraine'), or the name as written."""
    exonym = _exonym(name, lang)
    if exonym:
        return exonym
    if lang != "en":
        return name
    if person:
        # A person's name spelled by a German transliteration (Juri Uschakow) in its English form.
        ascii_name = anyascii(name).lower()
        tokens = ascii_name.split()
        table = alias_table()
        if tokens and any(table.get(t, t) != t for t in tokens) and canonical_form(name).count(" ") == len(tokens) - 1:
            return " ".join(w.capitalize() for w in canonical_form(name).split())
    described = translate_role(name, lang)
    return described[0].upper() + described[1:] if described and described != name else name


def role_in(role: str, lang: str) -> str:
    """A role in the briefing language, or as the article wrote it, in quotation marks."""
    translated = translate_role(role, lang)
    return translated if translated is not None else f"„{role}“"


def translate_role(text: str, lang: str) -> str | None:
    """German role words in English ('russischer Außenminister' → 'Russian foreign minister'); None
    where the glossary cannot express them. For a German briefing the role is the article's."""
    if lang != "en":
        return text
    folded = fold_case(text)
    phrases = _load("roles.json")["phrases"]
    if folded in phrases:
        return str(phrases[folded])
    if fold_case(anyascii(text)) == anyascii(folded) and not _has_german(folded):
        return text  # already English
    parts = [_translate_part(part) for part in re.split(r"\s+und\s+", text)]
    return None if any(p is None for p in parts) else " and ".join(p for p in parts if p)


def _has_german(folded: str) -> bool:
    roles = _load("roles.json")
    words = set(re.findall(r"\w+", folded))
    return bool(words & (set(roles["nouns"]) | set(roles["qualifiers"]) | set(roles["connectors"]))) or bool(
        re.search(r"[äöüß]", folded)
    )


def _translate_part(text: str) -> str | None:
    roles = _load("roles.json")
    words = text.split()
    if (
        len(words) > 1
        and words[0].endswith("s")
        and words[0][:1].isupper()
        and words[0].casefold()[:-1] not in roles["nouns"]
    ):
        rest = _translate_part(" ".join(words[1:]))  # "Trumps ehemaliger Gesandter": Trump's former envoy
        return f"{display_name(words[0][:-1], 'en', person=True)}'s {rest}" if rest else None
    for i, word in enumerate(words[1:], start=1):
        connector = roles["connectors"].get(fold_case(word))
        if connector and connector != "and":
            head, tail = _phrase(words[:i]), _tail(words[i + 1 :])
            return f"{head} {connector} {tail}" if head and tail else None
    return _phrase(words)


def _phrase(words: list[str]) -> str | None:
    """Qualifiers and one role noun: 'stellvertretender russischer Außenminister'."""
    roles = _load("roles.json")
    if not words:
        return None
    folded = fold_case(" ".join(words))
    if folded in roles["phrases"]:
        return str(roles["phrases"][folded])
    *qualifiers, noun = [fold_case(w) for w in words]
    prefix = None
    if "-" in noun:
        prefix, noun = noun.rsplit("-", 1)
    noun_en = roles["nouns"].get(noun)
    quals = [roles["qualifiers"].get(q) for q in qualifiers]
    if prefix is not None:
        quals.append(roles["qualifiers"].get(prefix) or _exonym(prefix, "en") or prefix.capitalize())
    if noun_en is None or any(q is None for q in quals):
        return None
    national = set(roles["nationalities"])
    # English order: former, then nationality, then the rest ("former Russian ambassador").
    ordered = sorted(quals, key=lambda q: (q != "former", q not in national))
    return " ".join([*(q for q in ordered if q), noun_en])


def _tail(words: list[str]) -> str | None:
    """What follows 'of/in/for': a place, body or name ('des Kremls'), or a role phrase."""
    roles = _load("roles.json")
    if words and fold_case(words[0]) in ("der", "die", "das", "den", "dem", "des"):
        words = words[1:]
    if not words:
        return None
    text = " ".join(words)
    for candidate in (text, text[:-1], text[:-2]):  # German genitive endings: Kremls, Hauses
        found = _exonym(candidate, "en")
        if found:
            return found
    if fold_case(words[0]) in roles["nouns"] and len(words) > 1 and words[1][:1].isupper():
        title = roles["nouns"][fold_case(words[0])]
        return f"{title[0].upper()}{title[1:]} {display_name(' '.join(words[1:]), 'en', person=True)}"
    phrase = _phrase(words)
    if phrase is None and len(words) == 1 and "-" in words[0]:
        name, noun = words[0].rsplit("-", 1)
        noun_en = roles["nouns"].get(fold_case(noun))
        phrase = f"{place_name(name, 'en')} {noun_en}" if noun_en else None
    if phrase is None:
        phrase = _phrase([*words[:-1], words[-1][:-1]]) if words[-1].endswith("s") else None
    return f"the {phrase}" if phrase else None


_WEEKDAYS = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "de": ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
}
_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "de": ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez."],
}


def render_date(iso: str | None, precision: str, lang: str) -> str:
    """One way to show a date, with its precision: 'Thu 23 Oct 2025', 'week of Mon 20 Oct 2025',
    'Oct 2025', '2025'; '' when there is none."""
    if not iso:
        return ""
    lang = lang if lang in _MONTHS else "en"
    months = _MONTHS[lang]
    if precision in ("day", "week") and len(iso) >= 10:
        d = date.fromisoformat(iso[:10])
        day = f"{d.day}." if lang == "de" else str(d.day)
        text = f"{_WEEKDAYS[lang][d.weekday()]} {day} {months[d.month - 1]} {d.year}"
        if precision == "week":
            return f"Woche ab {text}" if lang == "de" else f"week of {text}"
        return text
    if len(iso) >= 7:
        return f"{months[int(iso[5:7]) - 1]} {iso[:4]}"
    return iso[:4]


_STATUS = {
    "de": {
        "occurred": "stattgefunden",
        "planned": "geplant",
        "postponed": "verschoben",
        "cancelled": "abgesagt",
        "proposed": "vorgeschlagen",
        "rejected": "abgelehnt",
        "unclear": "unklar",
        "disputed": "umstritten",
    }
}


def status_word(status: str, lang: str) -> str:
    """An event status in the briefing language."""
    return _STATUS.get(lang, {}).get(status, status)


def citation_labels(sources: list[tuple[str, str | None]]) -> list[str]:
    """Short, unique citation labels for (path, outlet) pairs: the outlet, else the file name without
    its hash ('000_31bc555e087dc2ac.txt' → '000'); a label shared by several sources is numbered."""
    bases = []
    for path, outlet in sources:
        if outlet:
            bases.append(outlet)
            continue
        stem = PurePath(path).stem
        kept = [t for t in _TOKEN.split(stem) if t and not _HASH.match(t.lower())]
        bases.append(" ".join(kept) or "source")
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    seen: dict[str, int] = {}
    labels = []
    for base in bases:
        if counts[base] == 1:
            labels.append(base)
        else:
            seen[base] = seen.get(base, 0) + 1
            labels.append(f"{base} {seen[base]}")
    return labels


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting e2 before e10 (numbers compared as numbers)."""
    return tuple((1, int(part)) if part.isdigit() else (0, part) for part in _DIGITS.split(text) if part)


def short_title(title: str, limit: int = 90) -> str:
    """A title cut at a word boundary."""
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"
