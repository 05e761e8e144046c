"""Name normalisation shared by the extraction validators and the merge."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

import cologne_phonetics
from anyascii import anyascii

# Honorifics and titles that precede a name in German, English and French news text.
# Stripped only as leading words, so "Präsident Trump" and "Trump" share a key.
HONORIFICS = frozenset(
    word.casefold()
    for word in [
        "herr",
        "herrn",
        "frau",
        "fräulein",
        "sir",
        "dame",
        "lord",
        "lady",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "monsieur",
        "madame",
        "m.",
        "präsident",
        "präsidentin",
        "president",
        "staatschef",
        "kanzler",
        "kanzlerin",
        "chancellor",
        "premierminister",
        "premierministerin",
        "ministerpräsident",
        "prime",
        "minister",
        "außenminister",
        "aussenminister",
        "außenministerin",
        "secretary",
        "senator",
        "senatorin",
        "botschafter",
        "ambassador",
        "general",
        "gen.",
        "sprecher",
        "spokesman",
        "spokeswoman",
        "us-präsident",
        "us-außenminister",
    ]
)

_SPACE = re.compile(r"\s+")
_TRIM = " \t\n\r\"'„“”‚‘’»«‹›.,;:()[]"


@lru_cache(maxsize=1 << 18)  # mostly single words, the same few thousand again and again
def fold_case(text: str) -> str:
    """Unicode-normalised, case-folded, single-spaced text."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


@lru_cache(maxsize=1 << 20)
def name_key(name: str) -> str:
    """Key under which two mentions of one name compare equal: 'Herr Lawrow' -> 'lawrow'."""
    words = [w.strip(_TRIM) for w in fold_case(name).split(" ")]
    words = [w for w in words if w]
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def _alias_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "aliases.json").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def alias_table() -> dict[str, str]:
    """Curated spelling variants (summarizer/data/aliases.json): form -> group key."""
    table: dict[str, str] = {}
    for group in _alias_data()["groups"]:
        for form in group:
            table[form] = group[0]
    return table


@lru_cache(maxsize=1)
def _overlap_table() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for group in _alias_data()["overlapping_groups"]["groups"]:
        forms = frozenset(canonical_form(f) for f in group)
        for form in forms:
            table[form] = table.get(form, frozenset()) | forms
    return table


def overlapping_groups(form: str) -> frozenset[str]:
    """Canonical forms of groups whose members overlap with the group `form` names (curated)."""
    return _overlap_table().get(form, frozenset())


@lru_cache(maxsize=1)
def _spellings() -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for form, key in alias_table().items():
        groups.setdefault(key, {key}).add(form)
    return {key: frozenset(forms) for key, forms in groups.items()}


def spellings(form: str) -> frozenset[str]:
    """Every curated spelling of the canonical form `form` ('white house', 'weissen haus', …)."""
    return _spellings().get(form, frozenset([form]))


def places_compatible(a: str, b: str) -> bool:
    """Whether two places can be the scene of one event: the same, or one inside the other."""
    x, y = canonical_form(a), canonical_form(b)
    inside = _alias_data()["located_in"]
    return x == y or inside.get(x) == y or inside.get(y) == x


@lru_cache(maxsize=1 << 20)
def canonical_form(name: str) -> str:
    """Honorifics dropped, transliterated to ASCII, case folded, spelling variants unified.

    'Herr Lawrow' and 'Lavrov' both give 'lavrov'; 'Sergej Lawrow' gives 'sergey lavrov'.
    """
    ascii_name = anyascii(name_key(name)).lower().replace("-", " ")
    ascii_name = _SPACE.sub(" ", ascii_name).strip()
    table = alias_table()
    if ascii_name in table:
        return table[ascii_name]
    return " ".join(table.get(token, token) for token in ascii_name.split(" "))


@lru_cache(maxsize=1 << 20)
def phonetic(token: str) -> str:
    """Kölner Phonetik code of one word ('Lawrow' and 'Lavrov' share '5373')."""
    codes = cologne_phonetics.encode(token)
    return "".join(code for _, code in codes) or token
