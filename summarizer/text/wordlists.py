"""The word lists of the speaker and support checks (data/speech.toml), read once."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from summarizer.text.names import fold_case


@lru_cache(maxsize=1)
def speech_data() -> dict[str, Any]:
    """data/speech.toml as parsed."""
    data: dict[str, Any] = tomllib.loads((Path(__file__).parent / "data" / "speech.toml").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=64)
def words(section: str, name: str) -> frozenset[str]:
    """One list of data/speech.toml, case-folded: words("clauses", "fronted")."""
    return frozenset(fold_case(w) for w in speech_data()[section][name])
